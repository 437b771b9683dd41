"""Two releases of the template, as a team sees them over time: v1.0.0 (this work tree) and
v1.1.0, a later release that changes files a widget developer edits too.

Shared by the update tests and benchmarks/bench_update.py.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from copier import run_copy

from .project import commit_all, git, png

FIRST, SECOND = "v1.0.0", "v1.1.0"

# What v1.1.0 changes, each in a file the developer also edits (elsewhere in it).
NEW_CSS_RULE = "\n.{{ features.root_class }} .{{ features.root_class }}__footer {\n  margin-top: 16px;\n}\n"
NEW_SCRIPT_LINE = "// Release 1.1.0 of the widget template.\n"
NEW_FILE = "TEMPLATE-NOTES.md"
NEW_DONE_TEXT = "Done, with release 1.1.0."


def release_second(template: Path, tag: str = SECOND) -> None:
    """Commit the v1.1.0 changes on top of a clone of the template and tag them."""
    css = template / "template" / "widget" / "style.css.jinja"
    css.write_text(css.read_text(encoding="utf-8") + NEW_CSS_RULE, encoding="utf-8")
    for script in (template / "template" / "widget" / "{% if language == 'javascript' %}script.js{% endif %}.jinja",
                   template / "template" / "{% if language == 'typescript' %}src{% endif %}" / "script.ts.jinja"):
        script.write_text(script.read_text(encoding="utf-8") + NEW_SCRIPT_LINE, encoding="utf-8")
    # A scaffold text changes in one locale: one line of the widget's en.json.
    strings_file = template / "includes" / "strings.json"
    strings = json.loads(strings_file.read_text(encoding="utf-8"))
    strings["en"]["controls"]["done"] = NEW_DONE_TEXT
    strings_file.write_text(json.dumps(strings, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (template / "template" / NEW_FILE).write_text("Notes of the widget template, release 1.1.0.\n", encoding="utf-8")
    # The template's placeholder logo changes too: a widget's own logo must not follow it.
    (template / "template" / "widget" / "images" / "logo_main.png").write_bytes(png(400, 272, (200, 40, 40)))
    # And the README's picture of the preview: a widget's own picture must not follow it either.
    (template / "template" / "docs" / "preview.png").write_bytes(png(640, 400, (40, 120, 200)))
    commit_all(template, "Release 1.1.0")
    git(template, "tag", tag)


def make_releases(first: Path, dst: Path) -> Path:
    """A clone of `first` (the template's repository, tagged v1.0.0) with v1.1.0 on top."""
    subprocess.run(["git", "clone", "-q", str(first), str(dst)], check=True, capture_output=True)
    release_second(dst)
    return dst


def generate(template: Path, dst: Path, answers: dict, tag: str, *, skip_tasks: bool = False) -> Path:
    """A widget generated from one release of the template (tasks run, as with --trust); dst."""
    run_copy(
        str(template), dst, data=answers, vcs_ref=tag, defaults=True, unsafe=True, quiet=True,
        skip_tasks=skip_tasks,
    )
    return dst
