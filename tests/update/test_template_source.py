"""`copier update` finds the template through `_src_path`, recorded as typed: a relative path
breaks it. The copy warns, and the documented repair (set `_src_path`, commit) works."""

from __future__ import annotations

import os
from pathlib import Path

from .project import commit_all, copier, init_repository
from .releases import FIRST, NEW_FILE, SECOND

WARNING = "a path relative to where you ran copier"


def test_a_relative_source_warns_breaks_update_and_is_repaired(releases: Path, tmp_path: Path):
    relative = os.path.relpath(releases, tmp_path)
    copied = copier("copy", "--defaults", "--trust", "--vcs-ref", FIRST, relative, "widget", cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    assert WARNING in copied.stderr and f'"{relative}"' in copied.stderr
    project = tmp_path / "widget"
    answers = project / ".copier-answers.yml"
    assert f"_src_path: {relative}\n" in answers.read_text(encoding="utf-8")
    init_repository(project)

    # From inside the widget, where a developer runs it, the relative path leads nowhere.
    assert copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project).returncode != 0

    # The repair from the README: point _src_path at the template's absolute path (or URL).
    answers.write_text(answers.read_text(encoding="utf-8").replace(f"_src_path: {relative}\n", f"_src_path: {releases}\n"), encoding="utf-8")
    commit_all(project, "Record the template's absolute path")
    updated = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert updated.returncode == 0, updated.stderr
    assert (project / NEW_FILE).is_file()


def test_an_absolute_source_gives_no_warning(releases: Path, tmp_path: Path):
    copied = copier("copy", "--defaults", "--trust", str(releases), "widget", cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    assert WARNING not in copied.stderr
