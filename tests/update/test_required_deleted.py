"""Files the platform requires, deleted by the developer: the update leaves them deleted, even
where the release changed them, and the widget's check names each one."""

from __future__ import annotations

import subprocess
from pathlib import Path

from npm_cache import install_packages

from .project import commit_all, conflicts, copier
from .releases import SECOND


def test_deleted_required_files_stay_deleted_and_check_names_them(new_widget):
    project = new_widget()
    removed = ["widget/i18n/en.json", "widget/templates/panel.twig"]  # en.json changes in v1.1.0
    for rel in removed:
        (project / rel).unlink()
    commit_all(project, "Drop the English texts and the panel")

    result = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert result.returncode == 0, result.stderr
    assert [rel for rel in removed if (project / rel).exists()] == []
    assert conflicts(project).returncode == 0

    (project / "node_modules").symlink_to(install_packages(project), target_is_directory=True)
    checked = subprocess.run(["node", "tools/check.js"], cwd=project, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert any(line.startswith("widget/i18n/en.json: error locale-files") for line in lines), checked.stdout
    assert any(line.startswith("widget/templates/panel.twig: error") for line in lines), checked.stdout
