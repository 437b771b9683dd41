"""Helpers for the toolkit tests: run a generated project's tools with node, read check's lines,
edit a widget's files the way a developer would."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

# check's line: <file>[:line[:col]]: <error|warning> <rule> (<kind>): <message>
LINE = re.compile(
    r"^(?P<file>[^:\s]+)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: (?P<severity>error|warning) (?P<rule>[a-z0-9-]+)"
    r" \((?P<kind>platform|moderation|convention)\): (?P<message>.+)$"
)
SUMMARY = re.compile(r"^check: (\d+) errors?, (\d+) warnings? in widget/$")


def node(project: Path, tool: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """`node tools/<tool>.js ...` in the project, as `npm run <tool>` runs it (without npm's start-up)."""
    return subprocess.run(
        ["node", f"tools/{tool}.js", *args], cwd=project, capture_output=True, text=True,
        timeout=timeout, env={**os.environ, "NO_COLOR": "1"},
    )


def problems(stdout: str, *, only_check: bool = True) -> list[dict]:
    """check's problem lines, parsed; with only_check, every other line must be the summary or
    pack's own (not so under npm, which prints its own header)."""
    found = []
    for line in stdout.splitlines():
        match = LINE.match(line)
        if match:
            found.append(match.groupdict())
        elif only_check:
            assert SUMMARY.match(line) or line.startswith("pack: "), f"not a check line: {line!r}"
    return found


def errors(stdout: str) -> set[tuple[str, str]]:
    return {(p["file"], p["rule"]) for p in problems(stdout) if p["severity"] == "error"}


def warnings(stdout: str) -> set[tuple[str, str]]:
    return {(p["file"], p["rule"]) for p in problems(stdout) if p["severity"] == "warning"}


def edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def widget_files(project: Path) -> list[str]:
    """Every file under widget/, relative with forward slashes, sorted."""
    root = project / "widget"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def npm(project: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run an npm command in a generated project, as its developer would."""
    return subprocess.run(
        ["npm", *args], cwd=project, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
    )
