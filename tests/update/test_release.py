"""scripts/release.py cuts a release Copier can update to, and refuses what would break the
PEP 440 order of releases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .project import GIT_ENV, commit_all, copier, git

RELEASE_ENV = {
    **GIT_ENV,
    "GIT_AUTHOR_NAME": "Maintainer", "GIT_AUTHOR_EMAIL": "m@example.com",
    "GIT_COMMITTER_NAME": "Maintainer", "GIT_COMMITTER_EMAIL": "m@example.com",
}


def release(template: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/release.py", *args], cwd=template, capture_output=True, text=True,
        env={**os.environ, **RELEASE_ENV},
    )


@pytest.fixture
def template(template_repo: Path, tmp_path: Path) -> Path:
    """A maintainer's clone, released as v1.0.0, with one change noted under Unreleased."""
    clone = tmp_path / "template"
    subprocess.run(["git", "clone", "-q", str(template_repo), str(clone)], check=True)
    changelog = clone / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    head, _, rest = text.partition("## Unreleased\n")
    changelog.write_text(f"{head}## Unreleased\n\n### Fixed\n\n- A fix worth a release.\n\n## 1.0.0 (2025-01-01)\n{rest}", encoding="utf-8")
    commit_all(clone, "Note a fix")
    return clone


def test_a_release_is_a_tag_copier_updates_to(template: Path, tmp_path: Path):
    result = release(template, "1.0.1", "--date", "2025-02-03")
    assert result.returncode == 0, result.stderr
    assert git(template, "describe", "--exact-match", "HEAD").strip() == "v1.0.1"
    assert git(template, "status", "--porcelain") == ""
    changelog = (template / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Unreleased\n\n## 1.0.1 (2025-02-03)\n\n### Fixed\n\n- A fix worth a release.\n\n## 1.0.0" in changelog
    assert 'version = "1.0.1"' in (template / "pyproject.toml").read_text(encoding="utf-8")
    assert "A fix worth a release." in git(template, "tag", "-n20", "--list", "v1.0.1")

    copied = copier("copy", "--defaults", "--trust", str(template), "w", cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    assert "_commit: v1.0.1\n" in (tmp_path / "w" / ".copier-answers.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("version", "reason"), [
    ("1.0.0", "is not above the last release, 1.0.0"),
    ("0.9.0", "is not above the last release, 1.0.0"),
    ("one.two", "is not a PEP 440 version"),
    ("1.1.0-rc1", "write it as 1.1.0rc1"),
])
def test_a_version_out_of_order_or_not_pep_440_is_refused(template: Path, version: str, reason: str):
    head = git(template, "rev-parse", "HEAD")
    result = release(template, version)
    assert result.returncode == 1
    assert result.stderr.startswith("release.py: ") and reason in result.stderr
    assert git(template, "rev-parse", "HEAD") == head and git(template, "status", "--porcelain") == ""


def test_a_dirty_tree_or_an_empty_changelog_is_refused(template: Path):
    (template / "notes.txt").write_text("draft\n")
    dirty = release(template, "1.1.0")
    assert dirty.returncode == 1 and "uncommitted changes" in dirty.stderr
    (template / "notes.txt").unlink()

    assert release(template, "1.1.0").returncode == 0
    empty = release(template, "1.2.0")
    assert empty.returncode == 1 and "section of CHANGELOG.md is empty" in empty.stderr
