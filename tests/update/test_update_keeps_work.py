"""`copier update` from one release to the next on a widget its developer worked on: every edit,
the replaced logo and the deletion survive; the release's change arrives; nothing else moves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from . import developer
from .project import changed_lines, commit_all, conflicts, copier, git, init_repository
from .releases import FIRST, NEW_DONE_TEXT, NEW_FILE, SECOND, generate


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(project)): p.read_bytes()
        for p in sorted(project.rglob("*")) if p.is_file() and ".git" not in p.relative_to(project).parts
    }


def text_changes(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, object]:
    """Per text file, the lines removed and added between two snapshots."""
    changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new and not name.endswith(".png"):
            changes[name] = changed_lines(old and old.decode(), new and new.decode())
    return changes


@pytest.fixture(params=["own repository", "monorepo"])
def worked_on(request, releases: Path, tmp_path: Path) -> Path:
    """The default widget generated at v1.0.0, committed, then edited and committed again.
    In a monorepo the widget is one folder of a bigger repository, as a team keeps twenty."""
    if request.param == "own repository":
        project = generate(releases, tmp_path / "widget", {}, FIRST)
        init_repository(project)
        top = project
    else:
        top = tmp_path / "widgets"
        project = generate(releases, top / "crm" / "my-widget", {}, FIRST)
        init_repository(top)
    developer.month_of_work(project)
    commit_all(top, "A month of work")
    return project


def test_update_keeps_every_edit_and_brings_only_the_release(worked_on: Path, pristine):
    project = worked_on
    before = snapshot(project)

    result = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert result.returncode == 0, result.stderr
    after = snapshot(project)

    # The guard finds nothing to resolve.
    guard = conflicts(project)
    assert guard.returncode == 0, guard.stderr
    assert not [name for name in after if name.endswith((".rej", ".orig"))]

    # Every edit survived.
    widget = project / "widget"
    assert developer.SCRIPT_LINE in (widget / "script.js").read_text(encoding="utf-8")
    assert developer.CSS_RULE in (widget / "style.css").read_text(encoding="utf-8")
    for locale in widget.glob("i18n/*.json"):
        texts = json.loads(locale.read_text(encoding="utf-8"))
        assert texts["widget"]["developer_note"] == developer.NOTE, locale.name
    assert json.loads((widget / "manifest.json").read_text(encoding="utf-8"))["widget"]["version"] == developer.VERSION
    assert (widget / "images" / "logo_main.png").read_bytes() == developer.LOGO
    assert not (project / "README.md").exists()
    # The logos the copy-time task drew are kept too: every image is byte for byte as before.
    assert {n: b for n, b in after.items() if n.endswith(".png")} == {n: b for n, b in before.items() if n.endswith(".png")}

    # The release's change arrived, and it is the only change: the update changed exactly the
    # lines that v1.0.0 -> v1.1.0 changes in an untouched widget with the same answers.
    intended = text_changes(snapshot(pristine(FIRST)), snapshot(pristine(SECOND)))
    assert {"widget/style.css", "widget/script.js", "widget/i18n/en.json", NEW_FILE} <= set(intended)
    assert text_changes(before, after) == intended
    assert NEW_DONE_TEXT in (widget / "i18n" / "en.json").read_text(encoding="utf-8")


def test_git_diff_after_update_shows_only_the_release(worked_on: Path, pristine):
    """What the developer reviews before committing: `git diff` lists the release's files only."""
    project = worked_on
    assert copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project).returncode == 0
    git(project, "add", "-A", ".")
    changed = git(project, "diff", "--cached", "--name-only", "--relative").split()
    expected = text_changes(snapshot(pristine(FIRST)), snapshot(pristine(SECOND)))
    assert sorted(changed) == sorted(expected)


def test_update_refuses_a_dirty_tree_and_loses_nothing(releases: Path, new_widget):
    project = new_widget()
    script = project / "widget" / "script.js"
    unsaved = script.read_text(encoding="utf-8") + "// not committed yet\n"
    script.write_text(unsaved, encoding="utf-8")

    result = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert result.returncode != 0
    assert "dirty" in result.stderr.lower()
    assert script.read_text(encoding="utf-8") == unsaved
    assert "_commit: " + FIRST in (project / ".copier-answers.yml").read_text(encoding="utf-8")


def test_recopy_regenerates_but_keeps_the_developers_logo(new_widget):
    """The escape hatch: recopy discards the merge, not the logos; git still has the edits."""
    project = new_widget()
    developer.month_of_work(project)
    commit_all(project, "Work")

    result = copier("recopy", "--defaults", "--overwrite", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "widget" / "images" / "logo_main.png").read_bytes() == developer.LOGO
    assert developer.SCRIPT_LINE not in (project / "widget" / "script.js").read_text(encoding="utf-8")
    assert developer.SCRIPT_LINE in git(project, "diff", "HEAD", "--", "widget/script.js")


def test_a_deleted_logo_comes_back_as_the_placeholder(releases: Path, new_widget):
    """The platform requires every logo: Copier recreates a deleted one (never a replaced one),
    as the new release's placeholder, for the developer to replace."""
    project = new_widget()
    (project / "widget" / "images" / "logo_main.png").unlink()
    commit_all(project, "Delete a logo")
    assert copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project).returncode == 0
    placeholder = git(releases, "show", f"{SECOND}:template/widget/images/logo_main.png", text=False)
    assert (project / "widget" / "images" / "logo_main.png").read_bytes() == placeholder
