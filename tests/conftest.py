"""Shared fixtures: a clean tagged copy of the template, widgets generated from it, and copies of
them ready for npm (the toolkit's packages installed once, tests/npm_cache.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from copier import run_copy

from npm_cache import install_packages, package_key
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


@pytest.fixture(scope="session")
def node_modules(variant_dirs) -> Path:
    """node_modules for the toolkit's packages, installed once per session."""
    return install_packages(variant_dirs["defaults"])


@pytest.fixture(scope="session")
def npm_widget(variant_dirs, node_modules, tmp_path_factory):
    """A fresh copy of a generated variant, ready for `npm run ...` (packages linked in)."""

    def _widget(name: str) -> Path:
        source = variant_dirs[name]
        # JavaScript variants share one package list; TypeScript ones (typescript, typescript-eslint,
        # ...) another: a second node_modules, installed once too.
        packages = node_modules if package_key(source)[0] == node_modules.parent.name else install_packages(source)
        dst = tmp_path_factory.mktemp(name) / "widget-project"
        shutil.copytree(source, dst, symlinks=True)
        (dst / "node_modules").symlink_to(packages, target_is_directory=True)
        return dst

    return _widget
