"""Shared fixtures: a clean tagged copy of the template, and widgets generated from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from copier import run_copy

from variants import ROOT, VARIANTS

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Template Tests",
    "GIT_AUTHOR_EMAIL": "tests@example.com",
    "GIT_COMMITTER_NAME": "Template Tests",
    "GIT_COMMITTER_EMAIL": "tests@example.com",
}


def git(cwd: Path, *args: str) -> str:
    env = {**GIT_ENV, "PATH": __import__("os").environ["PATH"], "HOME": str(cwd)}
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout


def template_files() -> list[str]:
    """The files a user's clone of this repository would hold (work tree, ignores applied)."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return [f for f in out.split("\0") if f and (ROOT / f).is_file()]


def copy_template(dst: Path, tag: str = "v1.0.0") -> Path:
    """Copy the template's work tree into a fresh git repository with one tagged commit."""
    for rel in template_files():
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    git(dst, "init", "-q", "-b", "main")
    git(dst, "add", "-A")
    git(dst, "commit", "-q", "-m", "template")
    git(dst, "tag", tag)
    return dst


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def generate(template_repo: Path, tmp_path_factory: pytest.TempPathFactory):
    """Generate a widget with Copier's API (tasks run, as with --trust); returns its folder."""

    def _generate(answers: dict, *, skip_tasks: bool = False) -> Path:
        dst = tmp_path_factory.mktemp("widget")
        run_copy(
            str(template_repo), dst, data=answers, defaults=True, unsafe=True,
            quiet=True, skip_tasks=skip_tasks,
        )
        return dst

    return _generate


@pytest.fixture(scope="session")
def variant_dirs(generate) -> dict[str, Path]:
    """Each variant of the matrix generated once per session, on first use."""
    cache: dict[str, Path] = {}

    class Lazy(dict):
        def __missing__(self, name: str) -> Path:
            cache[name] = generate(VARIANTS[name])
            self[name] = cache[name]
            return cache[name]

    return Lazy()


def run_copier_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Copier's command line as a user types it, without a terminal or stdin."""
    return subprocess.run(
        [sys.executable, "-m", "copier", *args],
        cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
