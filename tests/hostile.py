"""Hostile files planted in a generated widget project, shared by the toolkit and dev server tests."""

from __future__ import annotations

import os
from pathlib import Path

# What widget/script.js can be instead of a regular file: reading it would block for good (a pipe)
# or never end (a link to a device).
SCRIPT_NOT_A_FILE = ("named-pipe", "link-to-dev-zero")


def plant_script_not_a_file(project: Path, kind: str) -> None:
    """Replace widget/script.js by a named pipe or by a link to /dev/zero."""
    script = project / "widget" / "script.js"
    script.unlink(missing_ok=True)
    if kind == "named-pipe":
        os.mkfifo(script)
    else:
        script.symlink_to("/dev/zero")
