"""Typings: tools/types/amo-widget.d.ts through jsconfig.json types `self` in script.js.

TypeScript checks every variant's widget/ as an editor would (checkJs on), then a script.js with
typos in self.* calls, which it must catch. TypeScript is installed once (cached between sessions).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from variants import VARIANTS

TYPESCRIPT = "typescript@5.9.3"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "amo-widget-template" / TYPESCRIPT

pytestmark = pytest.mark.npm


@pytest.fixture(scope="session")
def tsc() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        binary = CACHE / "node_modules" / ".bin" / "tsc"
        if not binary.exists():
            subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(CACHE), TYPESCRIPT],
                check=True, capture_output=True, text=True,
            )
    return binary


def check(tsc: Path, project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(tsc), "-p", "jsconfig.json", "--checkJs"], cwd=project, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_generated_widget_type_checks(tsc, variant_dirs, name):
    result = check(tsc, variant_dirs[name])
    assert result.returncode == 0, result.stdout + result.stderr


def test_typos_in_self_calls_are_caught(tsc, variant_dirs, tmp_path):
    project = tmp_path / "widget-project"
    shutil.copytree(variant_dirs["defaults"], project)
    script = project / "widget" / "script.js"
    source = script.read_text(encoding="utf-8")
    anchor = "        area = self.system().area;\n"
    assert anchor in source
    typos = "        self.get_setings(); self.system().aera; self.render({ href: '/templates/x.twig' }); APP.isCard(1);\n"
    script.write_text(source.replace(anchor, anchor + typos, 1), encoding="utf-8")
    result = check(tsc, project)
    errors = re.findall(r"error (TS\d+): (.*)", result.stdout)
    assert result.returncode != 0
    messages = [message for _, message in errors]
    assert "Property 'get_setings' does not exist on type 'AmoWidget'. Did you mean 'get_settings'?" in messages
    assert "Property 'aera' does not exist on type 'AmoSystem'." in messages
    assert any("No overload matches this call" in message for message in messages), messages
    assert "Expected 0 arguments, but got 1." in messages
    assert len(errors) == 4, result.stdout
