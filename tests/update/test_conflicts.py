"""Conflicts never pass silently: Copier writes them inline and exits 0, so the generated
project's guard (tools/conflicts.js, `npm run conflicts`, the pre-commit hook) must fail, naming
each file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from variants import ROOT

from .project import GIT_ENV, IDENTITY, commit_all, conflicts, copier, git
from .releases import NEW_DONE_TEXT, SECOND

GUARD = ROOT / "template" / "tools" / "conflicts.js"  # the command
FINDER = ROOT / "template" / "tools" / "lib" / "conflicts.js"  # its library
DEV_DONE_TEXT = "Finished (the developer's wording)"


def edit_the_line_the_release_changes(project: Path) -> Path:
    en = project / "widget" / "i18n" / "en.json"
    texts = json.loads(en.read_text(encoding="utf-8"))
    original = texts["controls"]["done"]
    en.write_text(en.read_text(encoding="utf-8").replace(json.dumps(original), json.dumps(DEV_DONE_TEXT)), encoding="utf-8")
    commit_all(project, "My own wording")
    return en


def marker_lines(path: Path) -> list[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if line.startswith(("<<<<<<< ", "=======", ">>>>>>> "))]


def test_a_conflict_exits_0_in_copier_and_1_in_the_guard(new_widget):
    project = new_widget()
    en = edit_the_line_the_release_changes(project)

    result = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert result.returncode == 0, result.stderr  # Copier itself does not fail on a conflict
    text = en.read_text(encoding="utf-8")
    assert "<<<<<<< before updating" in text and DEV_DONE_TEXT in text and NEW_DONE_TEXT in text

    guard = conflicts(project)
    assert guard.returncode == 1
    lines = marker_lines(en)
    assert len(lines) == 3
    assert f"widget/i18n/en.json: conflict markers at lines {', '.join(map(str, lines))}" in guard.stderr
    assert "npm run conflicts" in result.stderr  # the after-update message says what to run


def test_the_pre_commit_hook_refuses_the_commit_until_resolved(new_widget, tmp_path):
    project = new_widget()
    en = edit_the_line_the_release_changes(project)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
    commit = ["git", *IDENTITY, "commit", "-m", "Update from the widget template"]
    pre_commit = [sys.executable, "-m", "pre_commit"]
    subprocess.run([*pre_commit, "install"], cwd=project, env=env, check=True, capture_output=True)
    assert copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project).returncode == 0

    git(project, "add", "-A")  # marks the conflict resolved for git, markers and all
    refused = subprocess.run(commit, cwd=project, env=env, capture_output=True, text=True)
    assert refused.returncode != 0
    assert "widget/i18n/en.json: conflict markers" in refused.stdout + refused.stderr

    # Resolved: keep the developer's wording, drop the markers; now the hook lets it through.
    kept = [line for line in en.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith(("<<<<<<<", "=======", ">>>>>>>")) and NEW_DONE_TEXT not in line]
    en.write_text("".join(kept), encoding="utf-8")
    assert json.loads(en.read_text(encoding="utf-8"))["controls"]["done"] == DEV_DONE_TEXT
    git(project, "add", "-A")
    accepted = subprocess.run(commit, cwd=project, env=env, capture_output=True, text=True)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_rejected_hunks_are_named_too(new_widget):
    project = new_widget()
    edit_the_line_the_release_changes(project)
    result = copier("update", "--defaults", "--trust", "--conflict", "rej", "--vcs-ref", SECOND, cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "widget" / "i18n" / "en.json.rej").is_file()

    guard = conflicts(project)
    assert guard.returncode == 1
    assert "widget/i18n/en.json.rej: a hunk copier update could not apply: apply it to widget/i18n/en.json" in guard.stderr


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def find(project: Path) -> list[dict]:
    """The module's answer, as the project's check command gets it."""
    script = f"console.log(JSON.stringify(require({json.dumps(str(FINDER))})({json.dumps(str(project))})))"
    return json.loads(subprocess.run(["node", "-e", script], check=True, capture_output=True, text=True).stdout)


def test_guard_finds_markers_and_leftovers_and_nothing_else(tmp_path):
    project = write(tmp_path / "w", {
        "widget/script.js": "a();\n<<<<<<< HEAD\nb();\n||||||| base\nc();\n=======\nd();\n>>>>>>> theirs\n",
        "README.md": "Title\n=======\n\nA Markdown heading is not a conflict.\n",
        "widget/style.css.orig": "body {}\n",
        "widget/i18n/ru.json.rej": "@@ -1 +1 @@\n",
        "widget/images/logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\n<<<<<<< image bytes, not a merge\n",
        "node_modules/pkg/index.js": "<<<<<<< vendored\n",
        "dist/widget.js": "<<<<<<< built\n",
        ".git/MERGE_MSG": "<<<<<<< git's own\n",
    })
    found = find(project)
    assert [(p["file"], p["line"]) for p in found] == [
        ("widget/i18n/ru.json.rej", None),
        ("widget/script.js", 2), ("widget/script.js", 4), ("widget/script.js", 6), ("widget/script.js", 8),
        ("widget/style.css.orig", None),
    ]
    assert all(p["message"] for p in found)
    assert "widget/i18n/ru.json by hand" in found[0]["message"]  # says where the hunk belongs

    cli = subprocess.run(["node", str(GUARD), str(project)], capture_output=True, text=True)
    assert cli.returncode == 1
    # One line per file, after a one-line heading; the markers' line numbers on theirs.
    report = cli.stderr.splitlines()
    assert len(report) == 4
    assert [line.split(":")[0].strip() for line in report[1:]] == ["widget/i18n/ru.json.rej", "widget/script.js", "widget/style.css.orig"]
    assert "lines 2, 4, 6, 8" in report[2]


def test_guard_passes_a_clean_widget_and_refuses_a_missing_folder(variant_dirs, tmp_path):
    clean = subprocess.run(["node", str(GUARD), str(variant_dirs["amocrm-everything-panel"])], capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr
    missing = subprocess.run(["node", str(GUARD), str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"conflicts.js: {tmp_path / 'nowhere'} is not a folder: run it in the widget project or pass its path"
