"""`npm run update` reads `_src_path` and `_commit` from the answers file with the `yaml` package:
it must read them as Copier's PyYAML does whatever way Copier wrote them (a long path wrapped onto
a second line, a path quoted for its ` #`, `: ` or tab) and whatever an editor did to the file
(CRLF line ends, a byte-order mark, a `---` document start)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from jinja2_ansible_filters.core_filters import to_nice_yaml

from npm_cache import install_packages

from .project import init_repository
from .releases import FIRST, SECOND, generate
from .test_npm_update import SYSTEM_PATH, npm_update, release_of, shim

LIB = Path(__file__).resolve().parents[2] / "template" / "tools" / "lib" / "answers-file.js"

SOURCES = [
    "/home/me/My Templates/a folder name long enough for Copier to wrap/onto a second line/amo widget template",
    "/home/me/templates #2/amo-widget-template",
    "/home/me/it's: templates/amo-widget-template",
    "/home/me/tab\tfolder/amo-widget-template",
    "/home/me/шаблоны виджетов 🚀/amo-widget-template",
    '/home/me/"quoted"/amo-widget-template',
    "/home/me/back\\slash/amo-widget-template",
    "~/templates/amo-widget-template",
    "gh:example/amo-widget-template",
    "git@git.example.com:example/amo-widget-template.git",
    "https://git.example.com/" + "a-long-group-name/" * 6 + "amo widget template.git",
]

EDITS = {
    "as Copier writes it": lambda text: text,
    "CRLF line ends": lambda text: text.replace("\n", "\r\n"),
    "a byte-order mark and ---": lambda text: "\ufeff---\n" + text,
}


def answers_text(source: str) -> str:
    """An answers file as the template writes it (its header, then `to_nice_yaml` of the answers)."""
    return "# Your answers, written by Copier.\n" + to_nice_yaml(
        {"_commit": FIRST, "_src_path": source, "areas": ["lcard-1", "settings"], "widget_name": "My widget"})


def read_by_update(texts: list[str], node_modules: Path) -> list[list[str | None]]:
    """[_src_path, _commit] of each text as npm run update's answers-file.js reads them, with the
    widget's installed packages."""
    script = ("const {topValue} = require(process.argv[1]);"
              "const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "process.stdout.write(JSON.stringify(texts.map((t) => [topValue(t, '_src_path'), topValue(t, '_commit')])))")
    out = subprocess.run(["node", "-e", script, str(LIB)], input=json.dumps(texts), capture_output=True, text=True, check=True,
                         env={**os.environ, "NODE_PATH": str(node_modules)})
    return json.loads(out.stdout)


def test_update_reads_the_source_and_release_as_yaml_does(node_modules):
    cases = [(source, edit, EDITS[edit](answers_text(source))) for source in SOURCES for edit in EDITS]
    read = read_by_update([text for _, _, text in cases], node_modules)
    wrong = []
    for (source, edit, text), got in zip(cases, read):
        loaded = yaml.safe_load(text.lstrip("\ufeff"))
        assert loaded["_src_path"] == source  # the oracle itself
        if got != [loaded["_src_path"], loaded["_commit"]]:
            wrong.append(f"{edit}: {got} from\n{text}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("folder", [
    "My Templates/a folder name long enough for Copier to wrap/onto a second line/amo widget template",
    "templates #2/amo-widget-template",
])
def test_npm_run_update_takes_a_source_copier_wrote_wrapped_or_quoted(releases, tmp_path, folder):
    template = tmp_path / folder
    template.parent.mkdir(parents=True)
    subprocess.run(["git", "clone", "-q", str(releases), str(template)], check=True, capture_output=True)
    project = generate(template, tmp_path / "widget", {}, FIRST)
    written = next(line for line in (project / ".copier-answers.yml").read_text().splitlines() if line.startswith("_src_path:"))
    assert written != f"_src_path: {template}"  # wrapped or quoted, the case under test
    init_repository(project)
    (project / "node_modules").symlink_to(install_packages(project), target_is_directory=True)
    with open(project / ".git" / "info" / "exclude", "a") as exclude:
        exclude.write("node_modules\n")
    home = tmp_path / "home"
    shim(home / ".copier" / "bin", "copier", [], tmp_path / "calls.log")

    out = npm_update(project, home=home, path=SYSTEM_PATH)
    assert out.returncode == 0, out.stdout + out.stderr
    assert release_of(project) == SECOND
