"""Trust: tasks need --trust; --skip-tasks (which needs none) still yields an upload-ready widget."""

from __future__ import annotations

import json

from template_copy import run_copier_cli
from variants import ROOT, RULES, logo_owners

PLACEHOLDERS = ROOT / "template" / "widget" / "images"


def test_without_trust_copier_refuses_and_writes_nothing(template_repo, tmp_path):
    result = run_copier_cli("copy", "--defaults", str(template_repo), str(tmp_path / "w"), cwd=tmp_path)
    assert result.returncode == 4
    assert "tasks" in result.stderr
    assert not (tmp_path / "w").exists()


def test_skip_tasks_without_trust_gives_a_valid_widget_with_the_placeholder_logos(template_repo, tmp_path):
    dst = tmp_path / "w"
    result = run_copier_cli("copy", "--defaults", "--skip-tasks", str(template_repo), str(dst), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((dst / "widget" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["widget"]["interface_version"] == 2
    for logo in RULES["logos"]:
        if not logo_owners(logo["file"]):
            generated = (dst / "widget" / "images" / logo["file"]).read_bytes()
            assert generated == (PLACEHOLDERS / logo["file"]).read_bytes()
    logo_lines = [line for line in result.stderr.splitlines() if "placeholder" in line.lower()]
    assert len(logo_lines) == 1 and "--trust" in logo_lines[0]


def test_with_trust_the_logos_are_personalised(template_repo, tmp_path):
    dst = tmp_path / "w"
    result = run_copier_cli("copy", "--defaults", "--trust", "--data", "widget_name=Лиды и звонки", str(template_repo), str(dst), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for logo in RULES["logos"]:
        if not logo_owners(logo["file"]):
            assert (dst / "widget" / "images" / logo["file"]).read_bytes() != (PLACEHOLDERS / logo["file"]).read_bytes()
