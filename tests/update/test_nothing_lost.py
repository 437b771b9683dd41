"""Nothing a developer made is lost on update: images outside widget/images (docs/preview.png,
any image the template ships) are theirs once they exist, and the escape hatch the update names
(`copier recopy --overwrite`, which discards uncommitted edits) never comes without saying so."""

from __future__ import annotations

import re
from pathlib import Path

import pathspec
import yaml

from variants import ROOT

from .project import commit_all, copier, git, png
from .releases import SECOND

DEVELOPERS_PICTURE = png(800, 500, (10, 160, 90))


def skip_if_exists() -> pathspec.PathSpec:
    patterns = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))["_skip_if_exists"]
    # The pattern language Copier uses ("gitignore"; "gitwildmatch" before pathspec 1.0).
    kind = "gitignore" if int(pathspec.__version__.split(".")[0]) >= 1 else "gitwildmatch"
    return pathspec.PathSpec.from_lines(kind, patterns)


def test_the_developers_preview_picture_survives_an_update_that_changes_it(releases: Path, new_widget):
    project = new_widget()
    picture = project / "docs" / "preview.png"
    picture.write_bytes(DEVELOPERS_PICTURE)
    commit_all(project, "Our own preview picture")
    template_first = git(releases, "show", f"{SECOND}~1:template/docs/preview.png", text=False)
    template_second = git(releases, "show", f"{SECOND}:template/docs/preview.png", text=False)
    assert template_first != template_second  # the release does change it

    result = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert result.returncode == 0, result.stderr
    assert picture.read_bytes() == DEVELOPERS_PICTURE
    assert git(project, "status", "--porcelain", "--", "docs").strip() == ""
    # The message after the update names recopy only with its warning.
    assert_recopy_comes_with_a_warning("the after-update message", result.stdout + result.stderr)


def test_every_binary_file_the_template_ships_is_the_developers_once_it_exists():
    """An image Copier cannot merge is never silently replaced: each binary file of template/
    matches _skip_if_exists (file names rendered: a Jinja condition in a name is dropped)."""
    spec = skip_if_exists()
    template = ROOT / "template"
    binaries = []
    for path in template.rglob("*"):
        if path.is_file() and b"\0" in path.read_bytes()[:8000]:
            binaries.append(re.sub(r"\{%.*?%\}|\{\{.*?\}\}", "", path.relative_to(template).as_posix()))
    assert "docs/preview.png" in binaries and "widget/images/logo.png" in binaries
    assert [name for name in binaries if not spec.match_file(name)] == []


def recopy_mentions(text: str) -> list[str]:
    """Each paragraph (or list item) of a text that names `copier recopy`."""
    blocks = re.split(r"\n\s*\n|\n(?=\s*- )", text)
    return [block for block in blocks if "recopy" in block]


def test_recopy_is_never_recommended_without_saying_it_discards_uncommitted_work(new_widget):
    project = new_widget()
    texts = {"README.md": (ROOT / "README.md").read_text(encoding="utf-8"),
             "the widget's README.md": (project / "README.md").read_text(encoding="utf-8")}
    for name, text in texts.items():
        assert_recopy_comes_with_a_warning(name, text)


def assert_recopy_comes_with_a_warning(name: str, text: str) -> None:
    mentions = recopy_mentions(text)
    assert mentions, f"{name} no longer names the escape hatch: drop this check for it"
    for block in mentions:
        assert "uncommitted" in block and ("commit" in block.replace("uncommitted", "") or "stash" in block), (name, block)


def test_the_safe_sequence_keeps_an_uncommitted_edit(new_widget):
    """The sequence the message gives: stash (or commit) first, then recopy; the edit is kept."""
    project = new_widget()
    script = project / "widget" / "script.js"
    edited = script.read_text(encoding="utf-8") + "// not committed yet\n"
    script.write_text(edited, encoding="utf-8")
    git(project, "stash", "-u")
    result = copier("recopy", "--defaults", "--overwrite", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "// not committed yet" in git(project, "stash", "show", "-p")
