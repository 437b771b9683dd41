"""`npm test` of generated widgets: the lifecycle tests pass for every variant of the matrix, and a
broken widget makes them fail with a message naming the callback and the location."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from variants import RULES, VARIANTS

pytestmark = pytest.mark.npm


def expected_tests(project: Path) -> int:
    """How many tests test/widget.test.js must run for this widget, counted from its manifest."""
    manifest = json.loads((project / "widget" / "manifest.json").read_text(encoding="utf-8"))
    count = 1  # no conflict leftovers
    for location in manifest["locations"]:
        callbacks = RULES["locations"][re.sub(r"-[01]$", "", location)]["callbacks"]
        count += 1 + len([name for name in callbacks if name != "onSave"])
    count += len(manifest["widget"]["locale"])
    if "settings" in manifest["locations"]:
        custom = any(field["type"] == "custom" for field in manifest["settings"].values())
        count += 2 + custom
    return count


def summary(output: str) -> dict[str, int]:
    return {key: int(value) for key, value in re.findall(r"^# (\w+) (\d+)$", output, re.M)}


def run_tests(project: Path) -> subprocess.CompletedProcess:
    """`npm test` as the developer runs it, with TAP output (a summary to read)."""
    return subprocess.run(
        ["npm", "test"], cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NODE_OPTIONS": "--test-reporter=tap", "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_npm_test_passes_for_every_variant(npm_widget, name):
    project = npm_widget(name)
    result = run_tests(project)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    counts = summary(result.stdout)
    assert counts["pass"] == expected_tests(project), result.stdout[-4000:]
    assert counts["fail"] == counts["skipped"] == counts["todo"] == counts["cancelled"] == 0


def break_script(project: Path, old: str, new: str) -> None:
    script = project / "widget" / "script.js"
    source = script.read_text(encoding="utf-8")
    assert source.count(old) >= 1, f"script.js no longer holds {old!r}"
    script.write_text(source.replace(old, new, 1), encoding="utf-8")


def test_render_returning_false_fails_naming_the_callback(npm_widget):
    project = npm_widget("defaults")
    break_script(project, "        area = self.system().area;\n", "        area = self.system().area;\n        return false;\n")
    result = run_tests(project)
    assert result.returncode != 0
    for location in ("lcard-1", "ccard-1"):
        assert (f"[{location}] callbacks.render() returned false: it must return true, "
                "or the CRM calls neither bind_actions nor init") in result.stdout


def test_a_missing_location_callback_is_a_note_not_a_failure(npm_widget):
    """The CRM calls only the callbacks a widget has: a missing leads.selected is the template's
    convention broken (check warns), not a failure of the widget's tests."""
    project = npm_widget("amocrm-everything-panel")
    break_script(project, "      leads: {\n", "      leeds: {\n")
    result = run_tests(project)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "# script.js has no callbacks.leads.selected: the CRM would call it in llist-1" in result.stdout
    assert summary(result.stdout)["fail"] == 0


def test_a_throwing_location_callback_fails_with_its_error_and_line(npm_widget):
    project = npm_widget("kommo-everything-panel")
    old = "      advancedSettings: function () {\n"
    break_script(project, old, old + "        throw new RangeError('no page for you');\n")
    line = (project / "widget" / "script.js").read_text(encoding="utf-8").split("\n").index(
        "        throw new RangeError('no page for you');") + 1
    result = run_tests(project)
    assert result.returncode != 0
    assert "[advanced_settings] callbacks.advancedSettings() threw RangeError: no page for you" in result.stdout
    assert re.search(rf"widget[\\/]script\.js:{line}:\d+", result.stdout), result.stdout[-4000:]
