"""Bringing an existing widget under the toolkit (README, "An existing widget"): a hand-written
legacy-style widget gets check, test and pack without a byte of its folder changing; a folder that
is no widget, or a widget of the other platform, is refused with one line and nothing written."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import errors, node, npm, problems
from legacy_widget import MANIFEST, adopt, fingerprint, write_legacy_widget
from npm_cache import package_key
from test_npm_test import run_tests, summary

pytestmark = pytest.mark.npm


@pytest.fixture
def adopted(template_repo, node_modules, tmp_path):
    """(legacy folder, its fingerprint before, the toolkit project around it, npm packages linked)."""
    legacy = write_legacy_widget(tmp_path / "widgets" / "old-notes")
    before = fingerprint(legacy)
    project = adopt(template_repo, legacy, tmp_path / "old-notes-toolkit")
    assert package_key(project)[0] == node_modules.parent.name
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    return legacy, before, project


def test_the_toolkit_goes_around_the_folder_without_changing_it(adopted):
    legacy, before, project = adopted
    assert not (project / "widget").exists()  # the template's own widget files were not written
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    assert (project / package["widget"]["dir"]).resolve() == legacy.resolve()
    assert not package["widget"]["dir"].startswith("/")  # relative: the two move together
    assert package["widget"]["root_class"] == "lgc-notes"  # read from the widget's CSS

    checked = node(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert errors(checked.stdout) == set() and problems(checked.stdout) == [], checked.stdout

    tested = run_tests(project)
    assert tested.returncode == 0, tested.stdout[-6000:] + tested.stderr[-2000:]
    counts = summary(tested.stdout)
    # Each location (lcard, ccard, settings), the locales, Save and Disable.
    assert counts["pass"] >= len(MANIFEST["locations"]) + len(MANIFEST["widget"]["locale"]) + 2, tested.stdout[-4000:]
    assert counts["fail"] == 0

    packed = node(project, "pack")
    assert packed.returncode == 0, packed.stdout + packed.stderr
    names = zipfile.ZipFile(io.BytesIO((project / "dist" / "widget.zip").read_bytes())).namelist()
    assert sorted(names) == sorted(before)

    assert fingerprint(legacy) == before  # not a byte changed, nothing added


def test_lint_judges_the_widgets_own_folder_for_run_time_faults_not_style(adopted):
    legacy, before, project = adopted
    linted = npm(project, "run", "lint")
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert "problem" not in linted.stdout, linted.stdout
    # ES5 habits the template's own style would flag stay quiet; faults at run time are named.
    (legacy / "js" / "extra.js").write_text("""define(['jquery'], function ($) {
  var unused = 1;
  function Extra(widget, options) {
    if (widget == null) { return; }
    try { widget.render(); } catch (e) {}
    var self = this, list = [];
    self.count = list.length;
  }
  Extra.prototype.draw = function () {
    return formatNote(this.count) + (typeof this.count === 'numbr');
  };
  return Extra;
});
""", encoding="utf-8")
    (legacy / "vendor").mkdir()
    (legacy / "vendor" / "lib.js").write_text("var lib = undefinedInVendor;\n", encoding="utf-8")
    linted = npm(project, "run", "lint")
    assert linted.returncode == 1, linted.stdout + linted.stderr
    said = [line.split() for line in linted.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert sorted(words[-1] for words in said) == ["no-undef", "valid-typeof"], linted.stdout
    folder = json.loads((project / "package.json").read_text(encoding="utf-8"))["widget"]["dir"]
    assert f"{folder}/js/extra.js" in linted.stdout.splitlines()  # its path from the project, for editors
    assert "vendor" not in linted.stdout
    for path in ((legacy / "js" / "extra.js"), (legacy / "vendor" / "lib.js")):
        path.unlink()
    (legacy / "vendor").rmdir()
    # --fix fixes the project's own files only, never the widget's folder.
    assert npm(project, "run", "lint", "--", "--fix").returncode == 0
    assert fingerprint(legacy) == before


def test_pack_bump_changes_only_the_version_of_the_teams_manifest(adopted):
    legacy, before, project = adopted
    manifest = legacy / "manifest.json"
    # The team's own layout: tabs, CRLF, odd spacing, an escaped character, no final newline.
    text = json.dumps(MANIFEST, indent="\t").replace("\n", "\r\n").replace('"version": "2.4.1"', '"version" :   "2.4.1"')
    text = text.replace('"https://notes.example.com/help"', '"https:\\/\\/notes.example.com\\/help"')
    manifest.write_bytes(text.encode("utf-8"))
    manifest.chmod(0o640)
    others = {rel: digest for rel, digest in fingerprint(legacy).items() if rel != "manifest.json"}
    packed = node(project, "pack", "--bump", "minor")
    assert packed.returncode == 0, packed.stdout + packed.stderr
    assert manifest.read_bytes() == text.replace('"version" :   "2.4.1"', '"version" :   "2.5.0"').encode("utf-8")
    assert manifest.stat().st_mode & 0o777 == 0o640
    assert {rel: digest for rel, digest in fingerprint(legacy).items() if rel != "manifest.json"} == others
    assert sorted(fingerprint(legacy)) == sorted(before)  # no file added (a temporary one included)
    folder = json.loads((project / "package.json").read_text(encoding="utf-8"))["widget"]["dir"]
    assert f"pack: widget.version 2.4.1 -> 2.5.0 in {folder}/manifest.json, nothing else changed" in packed.stdout
    with zipfile.ZipFile(project / "dist" / "widget.zip") as archive:
        assert archive.read("manifest.json") == manifest.read_bytes()


def test_the_panel_is_drawn_by_the_legacy_modules(adopted):
    """npm test really runs the widget's own modules: its panel template reaches the page."""
    _, _, project = adopted
    probe = project / "test" / "legacy.test.js"
    probe.write_text("""'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { loadWidget } = require('../tools/emulator/node.js');

test('the notes panel', async (t) => {
  const emulator = await loadWidget({ test: t, locale: 'en' });
  await emulator.enter('lcard');
  assert.equal(emulator.panel().querySelector('.lgc-notes__empty').textContent, 'No notes yet');
  await emulator.leave();
});
""", encoding="utf-8")
    result = subprocess.run(["node", "--test", "test/legacy.test.js"], cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def run_copier(template_repo, *args, cwd, timeout=None):
    return subprocess.run([sys.executable, "-m", "copier", "copy", "--trust", "--defaults", *args, str(template_repo), "toolkit"],
                          cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=timeout)


def test_a_folder_that_is_no_widget_is_refused_and_nothing_is_written(template_repo, tmp_path):
    empty = tmp_path / "not-a-widget"
    empty.mkdir()
    out = run_copier(template_repo, "--data", f"existing_widget={empty}", cwd=tmp_path)
    assert out.returncode != 0
    assert f"adopt: {empty}/manifest.json is missing: point existing_widget at the folder holding manifest.json and script.js" in out.stderr
    assert not (tmp_path / "toolkit").exists()
    assert list(empty.iterdir()) == []


def test_links_pipes_and_devices_in_the_widget_never_stop_or_hang_adoption(template_repo, tmp_path):
    """The adoption reads the widget's CSS for its root class: a broken link, a pipe or a link to a
    device among them is skipped (check names each later, tools/lib/upload-set.js); a manifest.json
    that is no regular file is refused with one line, and nothing is written."""
    legacy = write_legacy_widget(tmp_path / "widgets" / "old-notes")
    before = fingerprint(legacy)
    (legacy / "gone.css").symlink_to(tmp_path / "deleted.css")
    (legacy / "zero.css").symlink_to("/dev/zero")
    os.mkfifo(legacy / "pipe.css")
    out = run_copier(template_repo, "--data", f"existing_widget={legacy}", cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    package = json.loads((tmp_path / "toolkit" / "package.json").read_text(encoding="utf-8"))
    assert package["widget"]["root_class"] == "lgc-notes"
    assert fingerprint(legacy, only=before) == before

    (legacy / "manifest.json").unlink()
    os.mkfifo(legacy / "manifest.json")
    (tmp_path / "again").mkdir()
    out = run_copier(template_repo, "--data", f"existing_widget={legacy}", cwd=tmp_path / "again", timeout=120)
    assert out.returncode != 0
    assert f"adopt: {legacy}/manifest.json is not a regular file" in out.stderr
    assert "Traceback" not in out.stderr and not (tmp_path / "again" / "toolkit").exists()


def test_a_relative_path_is_refused_by_the_question(template_repo, tmp_path):
    out = run_copier(template_repo, "--data", "existing_widget=widgets/old", cwd=tmp_path)
    assert out.returncode != 0
    assert "is a relative path: give the widget folder's absolute path" in out.stdout + out.stderr
    assert not (tmp_path / "toolkit").exists()


def test_typescript_is_refused_for_an_existing_widget_and_nothing_is_written(template_repo, tmp_path):
    """An adopted widget keeps its own JavaScript: language=typescript would put a src/ beside it
    that its script.js never runs, so the question refuses the pair with one line."""
    legacy = write_legacy_widget(tmp_path / "widgets" / "old-notes")
    before = fingerprint(legacy)
    out = run_copier(template_repo, "--data", f"existing_widget={legacy}", "--data", "language=typescript", cwd=tmp_path)
    assert out.returncode != 0
    said = out.stdout + out.stderr
    assert "an existing widget folder keeps its own JavaScript code" in said, said
    assert "leave existing_widget empty to generate a new TypeScript widget" in said, said
    assert not (tmp_path / "toolkit").exists()
    assert fingerprint(legacy) == before
    # The same folder with the default language is adopted, and the next steps send the developer
    # to edit that folder (the toolkit has no widget/ of its own).
    out = run_copier(template_repo, "--data", f"existing_widget={legacy}", cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    answers = (tmp_path / "toolkit" / ".copier-answers.yml").read_text(encoding="utf-8")
    assert "language" not in answers and not (tmp_path / "toolkit" / "src").exists()
    dev = re.search(r"(?m)^ *npm run dev +# (.*)$", out.stdout + out.stderr)
    assert dev and f"edit {legacy}, it reloads" in dev.group(1), out.stdout + out.stderr


def test_a_widget_of_the_other_platform_names_the_answer_to_give(template_repo, tmp_path):
    kommo = json.loads(json.dumps(MANIFEST))
    kommo["widget"]["locale"] = ["en", "tr"]
    legacy = write_legacy_widget(tmp_path / "kommo-widget", kommo)
    before = fingerprint(legacy)
    out = run_copier(template_repo, "--data", f"existing_widget={legacy}", cwd=tmp_path)
    assert out.returncode != 0
    assert "lists tr, which only kommo offers: answer platform=kommo" in out.stderr
    assert not (tmp_path / "toolkit").exists()
    assert run_copier(template_repo, "--data", f"existing_widget={legacy}", "--data", "platform=kommo", cwd=tmp_path).returncode == 0
    package = json.loads((tmp_path / "toolkit" / "package.json").read_text(encoding="utf-8"))
    assert (tmp_path / "toolkit" / package["widget"]["dir"]).resolve() == legacy.resolve()
    assert fingerprint(legacy) == before


def test_copier_update_keeps_the_toolkit_current_and_never_writes_the_widget(tmp_path):
    from copier import run_update

    from template_copy import copy_template, git

    template = copy_template(tmp_path / "template")
    legacy = write_legacy_widget(tmp_path / "old-notes")
    before = fingerprint(legacy)
    project = adopt(template, legacy, tmp_path / "old-notes-toolkit")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "toolkit")
    for rel in ("template/widget/templates.js", "template/tools/check.js"):
        with open(template / rel, "a", encoding="utf-8") as f:
            f.write("// Release 1.1.0\n")
    git(template, "commit", "-q", "-am", "release 1.1.0")
    git(template, "tag", "v1.1.0")
    run_update(project, defaults=True, overwrite=True, unsafe=True, quiet=True)
    assert (project / "tools" / "check.js").read_text(encoding="utf-8").endswith("// Release 1.1.0\n")
    assert not (project / "widget").exists()
    assert fingerprint(legacy) == before


def test_the_root_class_is_the_common_prefix_of_several_blocks(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hooks"))
    from adopt_widget import root_class

    (tmp_path / "style.css").write_text(".oldw-panel { color: red; }\n.oldw-panel__title, .oldw-button--big { margin: 0; }\n"
                                        ".oldw-list li { padding: 0; }\n", encoding="utf-8")
    assert root_class(str(tmp_path)) == "oldw-"
    (tmp_path / "style.css").write_text(".lgc-notes { color: red; }\n.lgc-notes__title { margin: 0; }\n", encoding="utf-8")
    assert root_class(str(tmp_path)) == "lgc-notes"


def test_the_version_guard_reads_the_teams_own_manifest_and_never_changes_it(adopted):
    """pack refuses other contents under a version it packed; --keep-version packs without
    touching the team's manifest, and check keeps warning until the team raises the version."""
    legacy, _, project = adopted
    assert node(project, "pack").returncode == 0
    style = legacy / "style.css"
    style.write_text(style.read_text(encoding="utf-8") + ".lgc-notes__new { color: red; }\n", encoding="utf-8")
    changed = fingerprint(legacy)
    refused = node(project, "pack")
    assert refused.returncode == 1
    version = MANIFEST["widget"]["version"]
    assert f"pack: refused, nothing written: dist/widget.zip was already packed as version {version}" in refused.stdout
    kept = node(project, "pack", "--keep-version")
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert fingerprint(legacy) == changed  # the manifest is the team's: not rewritten
    assert {p["rule"] for p in problems(node(project, "check").stdout)} == {"version-bump"}


def test_npm_run_update_keeps_the_toolkit_current_and_checks_the_widget(tmp_path, node_modules):
    from template_copy import copy_template, git

    template = copy_template(tmp_path / "template")
    legacy = write_legacy_widget(tmp_path / "old-notes")
    before = fingerprint(legacy)
    project = adopt(template, legacy, tmp_path / "old-notes-toolkit")
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "toolkit")
    with open(template / "template" / "tools" / "check.js", "a", encoding="utf-8") as f:
        f.write("// Release 1.1.0\n")
    git(template, "commit", "-q", "-am", "release 1.1.0")
    git(template, "tag", "v1.1.0")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "copier").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m copier "$@"\n')
    (bin_dir / "copier").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path / "home"),
           "GIT_AUTHOR_NAME": "Dev", "GIT_AUTHOR_EMAIL": "dev@example.com",
           "GIT_COMMITTER_NAME": "Dev", "GIT_COMMITTER_EMAIL": "dev@example.com"}
    out = subprocess.run(["node", "tools/update.js"], cwd=project, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, env=env, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "update: copier update --trust --defaults" in out.stdout
    assert (project / "tools" / "check.js").read_text(encoding="utf-8").endswith("// Release 1.1.0\n")
    assert "check: 0 errors, 0 warnings" in out.stdout
    assert "  tools/check.js: changed" in out.stdout
    assert not (project / "widget").exists()
    assert fingerprint(legacy) == before
