"""The copy-time logo task never runs on update: not even where the logos are still the
template's placeholders, which the task would otherwise redraw."""

from __future__ import annotations

from pathlib import Path

from .project import copier
from .releases import SECOND

TASK_LINE = "Running task"


def images(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "widget" / "images").iterdir())}


def test_update_runs_no_task_and_keeps_placeholder_logos(releases, new_widget, tmp_path):
    # Control: the same template with --trust runs its task on copy and says so.
    copied = copier("copy", "--defaults", "--trust", str(releases), str(tmp_path / "control"), cwd=tmp_path)
    assert copied.returncode == 0 and TASK_LINE in copied.stderr

    project = new_widget(skip_tasks=True)  # the logos are the template's placeholders
    before = images(project)
    updated = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert updated.returncode == 0, updated.stderr
    assert TASK_LINE not in updated.stderr
    assert images(project) == before
