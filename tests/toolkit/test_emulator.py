"""The SDK emulator itself (template/tools/emulator), by its JS tests in tests/toolkit/js.

Each JS file runs with `node --test` against a generated project, whose node_modules holds the
toolkit's packages: render's forms, the ten controls, render_template, crm_post's queue on a fake
clock, X-Auth-Token, sockets, APP, the settings modal, and loading the emulator through RequireJS
in a page, as the preview does. dev-files.test.js holds the dev server's file answers and its
cached syntax check (tools/lib/send-file.js, tools/lib/widget-js.js).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).parent / "js"
FILES = sorted(path.name for path in JS.glob("*.test.js"))

pytestmark = pytest.mark.npm


def run_node_tests(project: Path, *files: Path) -> tuple[subprocess.CompletedProcess, dict[str, int]]:
    """`node --test` on the files, TAP output; returns the process and the summary counts."""
    result = subprocess.run(
        ["node", "--test", "--test-reporter=tap", *map(str, files)],
        cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "EMULATOR_PROJECT": str(project), "NO_COLOR": "1"},
    )
    summary = {key: int(value) for key, value in re.findall(r"^# (\w+) (\d+)$", result.stdout, re.M)}
    return result, summary


@pytest.fixture(scope="module")
def project(npm_widget) -> Path:
    return npm_widget("defaults")


def test_every_js_file_is_run():
    assert FILES, f"no *.test.js in {JS}"


@pytest.mark.parametrize("name", FILES)
def test_emulator(project, name):
    result, summary = run_node_tests(project, JS / name)
    report = result.stdout[-8000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert summary["fail"] == 0 and summary["pass"] > 0, report
    assert summary["skipped"] == summary["todo"] == summary["cancelled"] == 0, report
