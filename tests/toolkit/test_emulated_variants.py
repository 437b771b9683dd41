"""Every variant of the matrix run by its own SDK emulator (tests/js/visit_widget.js drives
tools/emulator/node.js, the core npm test, npm run check and the preview share): each location
entered and left without a problem, each location's callbacks present and called with the CRM's
arguments, and each right-panel block drawn with every chosen control."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from variants import RULES, ROOT, VARIANTS

pytestmark = pytest.mark.npm

VISIT = ROOT / "tests" / "js" / "visit_widget.js"


def visit(project: Path) -> dict:
    out = subprocess.run(["node", str(VISIT), str(project)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_location_runs_with_its_callbacks_and_controls(npm_widget, variant):
    project = npm_widget(variant)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    report = visit(project)
    assert report["errors"] == []
    chosen = {re.sub(r"-[01]$", "", area) for area in answers["areas"]}
    needed = {name for code in chosen for name in RULES["locations"][code]["callbacks"]}
    assert set(report["callbacks"]) == set(RULES["lifecycle_callbacks"]) | needed
    assert list(report["locations"]) == answers["areas"]
    for location, seen in report["locations"].items():
        code = re.sub(r"-[01]$", "", location)
        assert seen["called"][:3] == ["render", "bind_actions", "init"] or answers["init_once"], location
        assert set(RULES["locations"][code]["callbacks"]) - {"onSave"} <= set(seen["called"]), location
        if location.endswith("-1"):
            # One form element per chosen control, each under its own name.
            assert len(seen["controls"]) == len(answers["controls"]), (location, seen["controls"])
        else:
            assert seen["controls"] is None, location
