"""`npm run update` in a widget, end to end with two template releases: it finds Copier where
the README installs it (~/.copier/bin), on PATH, or through uvx / pipx, and says in one line how
to get it when there is none; refuses a dirty work tree with the git command that fixes it;
passes its arguments to `copier update`; then runs the conflicts guard and check and lists what
to review."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from npm_cache import install_packages

from . import developer
from .project import GIT_ENV, commit_all, git
from .releases import FIRST, NEW_DONE_TEXT, NEW_FILE, NEW_SCRIPT_LINE, SECOND

# node, npm and git, and no Copier (Debian's /usr/bin and /bin).
SYSTEM_PATH = "/usr/bin:/bin"


def shim(folder: Path, name: str, expects: list[str], log: Path) -> Path:
    """An executable `name` that checks its leading arguments, notes the call, and runs Copier."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    lead = " ".join(expects)
    checks = "".join(f'[ "$1" = "{arg}" ] || exit 3\nshift\n' for arg in expects)
    script.write_text(f'#!/bin/sh\n{checks}echo "{name} {lead} $*" >> "{log}"\nexec "{sys.executable}" -m copier "$@"\n')
    script.chmod(0o755)
    return script


@pytest.fixture
def widget(new_widget, tmp_path):
    """A widget generated at v1.0.0 and committed, its toolkit's packages linked in (ignored by git)."""
    project = new_widget()
    (project / "node_modules").symlink_to(install_packages(project), target_is_directory=True)
    with open(project / ".git" / "info" / "exclude", "a") as exclude:
        exclude.write("node_modules\n")
    return project


def npm_update(project: Path, *args: str, home: Path, path: str) -> subprocess.CompletedProcess:
    """`npm run update` as the developer types it, with no terminal (CI)."""
    env = {**os.environ, **GIT_ENV, "HOME": str(home), "PATH": path, "NO_COLOR": "1",
           "npm_config_cache": str(home / ".npm"), "npm_config_update_notifier": "false"}
    return subprocess.run(["npm", "run", "--silent", "update", *(["--", *args] if args else [])],
                          cwd=project, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env, timeout=600)


def release_of(project: Path) -> str:
    return next(line.split(":", 1)[1].strip() for line in (project / ".copier-answers.yml").read_text().splitlines()
                if line.startswith("_commit:"))


def test_update_from_copier_in_home_merges_the_next_release(widget, tmp_path):
    home = tmp_path / "home"
    log = tmp_path / "calls.log"
    shim(home / ".copier" / "bin", "copier", [], log)
    css = widget / "widget" / "style.css"
    developer.insert_after(css, r"\s*\*/", "\n.w-my-widget .w-my-widget__mine {\n  color: #123456;\n}\n")
    commit_all(widget, "My style")

    out = npm_update(widget, home=home, path=SYSTEM_PATH)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "update: ~/.copier/bin/copier update --trust --defaults" in out.stdout
    assert log.read_text().splitlines() == ["copier  --version", "copier  update --trust --defaults"]
    assert release_of(widget) == SECOND
    assert (widget / NEW_FILE).is_file()
    assert ".w-my-widget__mine" in css.read_text() and "__footer" in css.read_text()
    assert f"update: template {FIRST} -> {SECOND}; now the conflicts guard and check" in out.stdout
    assert "No conflict markers, *.rej or *.orig files." in out.stdout
    assert "check: 0 errors, 0 warnings in widget/" in out.stdout
    review = out.stdout.split("What the update changed (review with git diff):\n", 1)[1].splitlines()
    assert f"  {NEW_FILE}: added" in review
    assert "  widget/style.css: changed" in review
    assert "  .copier-answers.yml: changed" in review
    assert out.stdout.rstrip().endswith('Next: npm test, then git add -A && git commit -m "Update from the widget template"')



def test_the_stuck_advice_returns_to_the_last_commit(widget, tmp_path):
    """The after-update message's way back, run as printed, leaves the tree as committed (the
    release's new files too), so the next npm run update is not refused."""
    home = tmp_path / "home"
    shim(home / ".copier" / "bin", "copier", [], tmp_path / "calls.log")
    out = npm_update(widget, home=home, path=SYSTEM_PATH)
    assert out.returncode == 0, out.stdout + out.stderr
    assert (widget / NEW_FILE).is_file()
    stuck = (out.stdout + out.stderr).split("Stuck? `", 1)[1].split("`", 1)[0]
    subprocess.run(stuck, shell=True, cwd=widget, check=True, capture_output=True)
    assert git(widget, "status", "--porcelain") == ""
    assert release_of(widget) == FIRST and not (widget / NEW_FILE).exists()

@pytest.mark.parametrize("runner, lead", [("uvx", ["copier"]), ("pipx", ["run", "copier"])])
def test_copier_through_uvx_or_pipx_and_arguments_passed_through(widget, tmp_path, runner, lead):
    bin_dir = tmp_path / "bin"
    log = tmp_path / "calls.log"
    shim(bin_dir, runner, lead, log)
    # --vcs-ref names the release: the one the widget is at, so nothing changes.
    out = npm_update(widget, "--vcs-ref", FIRST, home=tmp_path / "home", path=f"{bin_dir}:{SYSTEM_PATH}")
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"update: {runner} {' '.join(lead)} update --trust --vcs-ref {FIRST} --defaults" in out.stdout
    assert f"update --trust --vcs-ref {FIRST} --defaults" in log.read_text()
    assert f"update: the widget is at {FIRST}, nothing changed" in out.stdout
    assert release_of(widget) == FIRST


def test_no_copier_anywhere_is_one_line_saying_how_to_get_it(widget, tmp_path):
    out = npm_update(widget, home=tmp_path / "home", path=SYSTEM_PATH)
    assert out.returncode == 2
    [line] = out.stdout.splitlines()
    assert line.startswith("update: Copier is not installed: install it with `python3 -m venv ~/.copier")
    assert "then run npm run update again" in line
    assert git(widget, "status", "--porcelain") == ""


def test_a_dirty_tree_is_refused_with_the_git_command(widget, tmp_path):
    home = tmp_path / "home"
    shim(home / ".copier" / "bin", "copier", [], tmp_path / "calls.log")
    script = widget / "widget" / "script.js"
    script.write_text(script.read_text() + "// unfinished\n")
    (widget / "notes.txt").write_text("untracked\n")
    out = npm_update(widget, home=home, path=SYSTEM_PATH)
    assert out.returncode == 1
    [line] = out.stdout.splitlines()
    assert "refused: the git work tree has 2 uncommitted changes (widget/script.js, notes.txt)" in line
    assert 'git add -A && git commit -m "Work in progress"' in line and "git stash -u" in line
    assert not (tmp_path / "calls.log").exists()  # Copier never ran
    assert release_of(widget) == FIRST
    assert script.read_text().endswith("// unfinished\n")


def test_a_conflict_fails_the_update_and_heads_the_review(widget, tmp_path):
    home = tmp_path / "home"
    shim(home / ".copier" / "bin", "copier", [], tmp_path / "calls.log")
    en = widget / "widget" / "i18n" / "en.json"
    texts = json.loads(en.read_text())
    en.write_text(en.read_text().replace(json.dumps(texts["controls"]["done"]), json.dumps("Mine")))
    commit_all(widget, "My wording")
    out = npm_update(widget, home=home, path=SYSTEM_PATH)
    assert out.returncode == 1, out.stdout
    assert NEW_DONE_TEXT in en.read_text() and "<<<<<<< before updating" in en.read_text()
    assert "widget/i18n/en.json: conflict markers at lines" in out.stderr  # the guard
    assert "widget/i18n/en.json:" in out.stdout and "error conflict-marker" in out.stdout  # check
    review = out.stdout.split("What the update changed (review with git diff):\n", 1)[1].splitlines()
    assert review[0] == "  widget/i18n/en.json: CONFLICT, resolve the markers"
    assert "Next: resolve what the guard and check name above" in out.stdout


def test_recopy_is_the_escape_hatch(widget, tmp_path):
    home = tmp_path / "home"
    log = tmp_path / "calls.log"
    shim(home / ".copier" / "bin", "copier", [], log)
    script = widget / "widget" / "script.js"
    generated = script.read_text()
    script.write_text(generated.replace("return true;", "return true; // mine", 1))
    commit_all(widget, "My edit")
    out = npm_update(widget, "--recopy", "--overwrite", home=home, path=SYSTEM_PATH)
    assert "update: ~/.copier/bin/copier recopy --trust --overwrite --defaults" in out.stdout, out.stdout + out.stderr
    assert log.read_text().splitlines()[-1] == "copier  recopy --trust --overwrite --defaults"
    # Regenerated from the answers at the newest release (which adds a line to script.js)...
    assert script.read_text() == generated + NEW_SCRIPT_LINE
    assert release_of(widget) == SECOND
    assert "  widget/script.js: changed" in out.stdout  # ...and git diff shows the edit to bring back


def test_a_widget_with_a_backend_keeps_its_backend_and_env(new_widget, tmp_path):
    """backend/ is the developer's code and backend/.env (ignored by git) their secrets: the
    update merges the first and never touches the second; a backend/.venv is not searched."""
    project = new_widget({"backend": True})
    (project / "node_modules").symlink_to(install_packages(project), target_is_directory=True)
    with open(project / ".git" / "info" / "exclude", "a") as exclude:
        exclude.write("node_modules\n")
    handlers = project / "backend" / "src" / "widget_backend" / "handlers.py"
    handlers.write_text(handlers.read_text() + "\n# My handler notes\n")
    commit_all(project, "My backend")
    env = project / "backend" / ".env"
    env.write_text((project / "backend" / ".env.example").read_text().replace("amo-widget-emulator-secret-change-me", "my-real-secret"))
    # A virtualenv's packages may hold anything, conflict-marker-looking lines included.
    venv_file = project / "backend" / ".venv" / "lib" / "site-packages" / "pkg" / "merge.txt"
    venv_file.parent.mkdir(parents=True)
    venv_file.write_text("<<<<<<< ours\nsample\n>>>>>>> theirs\n")
    assert git(project, "status", "--porcelain") == ""  # .env and .venv are ignored

    home = tmp_path / "home"
    shim(home / ".copier" / "bin", "copier", [], tmp_path / "calls.log")
    out = npm_update(project, home=home, path=SYSTEM_PATH)
    assert out.returncode == 0, out.stdout + out.stderr
    assert release_of(project) == SECOND
    assert handlers.read_text().endswith("\n# My handler notes\n")
    assert "AMO_CLIENT_SECRET=my-real-secret" in env.read_text()
    assert venv_file.is_file()
    assert "No conflict markers, *.rej or *.orig files." in out.stdout
