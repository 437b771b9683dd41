"""Fixtures of the update tests: the template's two releases and widgets generated from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from .project import init_repository
from .releases import FIRST, generate, make_releases


@pytest.fixture(scope="session")
def releases(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template's repository with two release tags, v1.0.0 and v1.1.0."""
    return make_releases(template_repo, tmp_path_factory.mktemp("releases") / "amo-widget-template")


@pytest.fixture(scope="session")
def pristine(releases: Path, tmp_path_factory: pytest.TempPathFactory):
    """A widget as a release generates it, untouched; generated once per (release, answers)."""
    cache: dict[str, Path] = {}

    def _pristine(tag: str, answers: dict | None = None) -> Path:
        key = tag + json.dumps(answers or {}, sort_keys=True)
        if key not in cache:
            cache[key] = generate(releases, tmp_path_factory.mktemp("pristine") / "widget", answers or {}, tag)
        return cache[key]

    return _pristine


@pytest.fixture
def new_widget(releases: Path, tmp_path: Path):
    """A widget generated at a release and committed, as a developer starts one."""

    def _new_widget(answers: dict | None = None, *, tag: str = FIRST, skip_tasks: bool = False,
                    folder: str = "widget") -> Path:
        project = generate(releases, tmp_path / folder, answers or {}, tag, skip_tasks=skip_tasks)
        init_repository(project)
        return project

    return _new_widget
