"""Shared fixtures: a clean tagged copy of the template, and widgets generated from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from copier import run_copy

from template_copy import copy_template
from variants import ALL_VARIANTS


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
            cache[name] = generate(ALL_VARIANTS[name])
            self[name] = cache[name]
            return cache[name]

    return Lazy()
