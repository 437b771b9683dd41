"""The template as a user's clone holds it, and Copier's command line: shared by tests and benchmarks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from variants import ROOT

IDENTITY = ["-c", "user.name=Widget Developer", "-c", "user.email=dev@example.com"]
# The machine's git configuration stays out of the tests (hooks, templates, default branch).
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str, text: bool = True) -> str | bytes:
    return subprocess.run(
        ["git", *IDENTITY, *args], cwd=cwd, env={**os.environ, **GIT_ENV},
        check=True, capture_output=True, text=text,
    ).stdout


def template_files() -> list[str]:
    """The files a user's clone of this repository would hold (work tree, ignores applied)."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return [f for f in out.split("\0") if f and (ROOT / f).is_file()]


def tag_release(repo: Path, tag: str = "v1.0.0") -> Path:
    """Make a folder a git repository with one commit, tagged like a release of a template."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "template")
    git(repo, "tag", tag)
    return repo


def copy_template(dst: Path, tag: str = "v1.0.0", only: tuple[str, ...] = ()) -> Path:
    """Copy the template's work tree (or only the paths starting with one of `only`) into a
    fresh git repository with one tagged commit."""
    for rel in template_files():
        if only and not rel.startswith(only):
            continue
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    return tag_release(dst, tag)


def copy_template_with_model(dst: Path, change) -> Path:
    """A copy of the template (copy_template) whose platform model, template/tools/platform.json,
    `change(model)` edited, as the only file of its one tagged commit's change."""
    template = copy_template(dst)
    model_file = template / "template" / "tools" / "platform.json"
    model = json.loads(model_file.read_text(encoding="utf-8"))
    change(model)
    model_file.write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    git(template, "commit", "-qam", "A changed platform model")
    git(template, "tag", "-f", "v1.0.0")
    assert git(template, "show", "--name-only", "--format=", "HEAD").split() == ["template/tools/platform.json"]
    return template


def run_copier_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Copier's command line as a user types it, without a terminal or stdin."""
    return subprocess.run(
        [sys.executable, "-m", "copier", *args],
        cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
