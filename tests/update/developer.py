"""What a widget's developer changes after generating it; the update tests check it survives."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .project import png

SCRIPT_LINE = "        console.log('developer: init ran'); // my code\n"
CSS_RULE = ".w-my-widget .w-my-widget__developer {\n  color: #123456;\n}\n"
NOTE = "Заметка разработчика «моя»"
I18N_LINE = f'    "developer_note": {json.dumps(NOTE, ensure_ascii=False)},\n'
VERSION = "0.4.2"
LOGO = png(400, 272, (10, 160, 90))


def insert_after(path: Path, pattern: str, text: str) -> None:
    """Insert text after the one line matching pattern (fails if there is not exactly one)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if re.fullmatch(pattern, line.rstrip("\n"))]
    assert len(hits) == 1, f"{path.name}: expected one line matching {pattern!r}, found {len(hits)}"
    lines.insert(hits[0] + 1, text)
    path.write_text("".join(lines), encoding="utf-8")


def edit_script(project: Path) -> None:
    insert_after(project / "widget" / "script.js", r"\s*init: function \(\) \{", SCRIPT_LINE)


def add_i18n_key(locale: Path) -> None:
    insert_after(locale, r'  "widget": \{', I18N_LINE)


def month_of_work(project: Path) -> None:
    """Code, CSS, a key in every locale, a version, a real logo, a deleted file."""
    widget = project / "widget"
    edit_script(project)
    insert_after(widget / "style.css", r"\s*\*/", "\n" + CSS_RULE)
    for locale in widget.glob("i18n/*.json"):
        add_i18n_key(locale)
    manifest = widget / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"version": "0.1.0"', f'"version": "{VERSION}"'), encoding="utf-8")
    (widget / "images" / "logo_main.png").write_bytes(LOGO)
    (project / "README.md").unlink()
