"""Working on a generated widget as its developer does: git, Copier's command line, the
project's conflict guard, and what a change did to a file.

Nothing here imports a conftest: under pytest, the module named `conftest` is whichever
folder's conftest was loaded last.
"""

from __future__ import annotations

import collections
import difflib
import io
import os
import subprocess
import sys
from pathlib import Path

from template_copy import GIT_ENV, IDENTITY, git  # noqa: F401 (re-exported to the tests)

def commit_all(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)


def init_repository(project: Path) -> None:
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "Generate the widget")


def copier(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Copier's command line as a developer or CI types it: no terminal, nothing on stdin."""
    return subprocess.run(
        [sys.executable, "-m", "copier", *args], cwd=cwd, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, env={**os.environ, **GIT_ENV, **(env or {})},
    )


def conflicts(project: Path) -> subprocess.CompletedProcess:
    """The generated project's guard, as its README says to run it (no npm install needed)."""
    return subprocess.run(["npm", "run", "--silent", "conflicts"], cwd=project, capture_output=True, text=True)


def changed_lines(old: str | None, new: str | None) -> collections.Counter:
    """The lines a change removed (-) and added (+), without context or position."""
    diff = difflib.ndiff((old or "").splitlines(), (new or "").splitlines())
    return collections.Counter(line for line in diff if line[:2] in ("- ", "+ "))


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), rgb).save(out, "PNG")
    return out.getvalue()
