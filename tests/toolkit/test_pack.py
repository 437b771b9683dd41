"""`npm run pack` in generated projects: dist/widget.zip holds exactly widget/'s files at its
root, leaves junk out, is byte-identical for identical inputs, bumps the version on request and
refuses a broken widget."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import zipfile

import pytest

from helpers import edit_text, node, npm, widget_files
from variants import VARIANTS

pytestmark = pytest.mark.npm

JUNK = [".DS_Store", "images/.DS_Store", "Thumbs.db", "script.js~", ".script.js.swp", "templates/.panel.twig.swo", ".#style.css"]


def zip_of(project):
    return project / "dist" / "widget.zip"


def version_in(project):
    return json.loads((project / "widget" / "manifest.json").read_text(encoding="utf-8"))["widget"]["version"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_packs_its_widget_folder(npm_widget, variant):
    project = npm_widget(variant)
    out = npm(project, "run", "pack")
    assert out.returncode == 0, out.stdout + out.stderr
    files = widget_files(project)
    with zipfile.ZipFile(zip_of(project)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == files  # manifest.json at the root, every file once, nothing else, sorted
        for name in names:
            assert archive.read(name) == (project / "widget" / name).read_bytes()
    assert "pack: dist/widget.zip (" in out.stdout
    assert f" {len(files)} files), version {version_in(project)}" in out.stdout


def test_junk_is_left_out_and_changes_nothing(npm_widget):
    project = npm_widget("amocrm-everything-panel")
    assert node(project, "pack").returncode == 0
    clean = zip_of(project).read_bytes()
    for rel in JUNK:
        (project / "widget" / rel).write_bytes(b"junk\r\n\xff")
    out = node(project, "pack")
    assert out.returncode == 0, out.stdout
    assert zip_of(project).read_bytes() == clean


def test_same_files_give_the_same_bytes(npm_widget, tmp_path):
    project = npm_widget("kommo-everything-panel")
    assert node(project, "pack").returncode == 0
    first = zip_of(project).read_bytes()
    assert node(project, "pack").returncode == 0
    assert zip_of(project).read_bytes() == first
    # Another copy, other modification times and another time zone: the same bytes.
    other = tmp_path / "elsewhere"
    shutil.copytree(project, other, symlinks=True)
    shutil.rmtree(other / "dist")
    rng = random.Random(7)
    for path in (other / "widget").rglob("*"):
        stamp = rng.randint(1_000_000_000, 1_900_000_000)
        os.utime(path, (stamp, stamp))
    out = node(other, "pack")
    assert out.returncode == 0, out.stdout
    assert zip_of(other).read_bytes() == first
    tz = {**os.environ, "TZ": "Pacific/Kiritimati"}
    subprocess.run(["node", "tools/pack.js"], cwd=other, env=tz, check=True, capture_output=True)
    assert zip_of(other).read_bytes() == first


@pytest.mark.parametrize("kind, expected", [("patch", "0.1.1"), ("minor", "0.2.0"), ("major", "1.0.0")])
def test_bump_raises_the_version_and_keeps_the_rest(npm_widget, kind, expected):
    project = npm_widget("defaults")
    manifest = project / "widget" / "manifest.json"
    # The developer's own layout: one-line arrays, a key order of their own.
    text = manifest.read_text(encoding="utf-8")
    text = text.replace('[\n      "ru",\n      "en"\n    ]', '["ru", "en"]')
    manifest.write_text(text, encoding="utf-8")
    out = npm(project, "run", "pack", "--", "--bump", kind)
    assert out.returncode == 0, out.stdout + out.stderr
    assert manifest.read_text(encoding="utf-8") == text.replace('"version": "0.1.0"', f'"version": "{expected}"')
    assert f"0.1.0 -> {expected}" in out.stdout
    with zipfile.ZipFile(zip_of(project)) as archive:
        assert json.loads(archive.read("manifest.json"))["widget"]["version"] == expected


def test_broken_widget_is_refused_and_nothing_is_written(npm_widget):
    project = npm_widget("defaults")
    assert node(project, "pack").returncode == 0
    packed = zip_of(project).read_bytes()
    manifest = project / "widget" / "manifest.json"
    edit_text(manifest, '"lcard-1",', '"lcard-1",\n    "lcard-0",')
    before = manifest.read_bytes()
    out = node(project, "pack", "--bump", "patch")
    assert out.returncode == 1
    assert "error location-pair" in out.stdout
    assert "pack: refused, nothing written and the version not bumped" in out.stdout
    assert manifest.read_bytes() == before
    assert zip_of(project).read_bytes() == packed
    assert sorted(p.name for p in (project / "dist").iterdir()) == ["packed.json", "widget.zip"]


def test_broken_widget_writes_no_zip(npm_widget):
    project = npm_widget("bare-minimum")
    (project / "widget" / "images" / "logo.png").unlink()
    out = npm(project, "run", "pack")
    assert out.returncode != 0
    assert "widget/images/logo.png: error logo-missing" in out.stdout
    assert not (project / "dist").exists()


def test_bad_bump_value_is_explained(npm_widget):
    project = npm_widget("defaults")
    out = node(project, "pack", "--bump", "huge")
    assert out.returncode == 2
    assert '--bump takes patch, minor, major, not "huge"' in out.stderr
    assert not (project / "dist").exists()


# --- the version guard: one version, one content (the CRM caches a widget by its version)

def test_pack_refuses_other_contents_under_a_packed_version(npm_widget):
    project = npm_widget("defaults")
    assert node(project, "pack").returncode == 0
    first = zip_of(project).read_bytes()
    # The same files again: the same zip, no refusal.
    assert node(project, "pack").returncode == 0
    edit_text(project / "widget/style.css", "font-size: 14px", "font-size: 15px")
    out = node(project, "pack")
    assert out.returncode == 1, out.stdout
    assert "warning version-bump" in out.stdout
    assert "pack: refused, nothing written: dist/widget.zip was already packed as version 0.1.0" in out.stdout
    assert "--bump patch" in out.stdout and "--keep-version" in out.stdout
    assert zip_of(project).read_bytes() == first
    # --bump raises the version, packs, and the warning is gone.
    out = node(project, "pack", "--bump", "patch")
    assert out.returncode == 0, out.stdout
    assert version_in(project) == "0.1.1"
    assert "version-bump" not in node(project, "check").stdout


def test_keep_version_overwrites_and_check_keeps_warning_until_the_version_is_raised(npm_widget):
    project = npm_widget("defaults")
    assert node(project, "pack").returncode == 0
    edit_text(project / "widget/style.css", "font-size: 14px", "font-size: 15px")
    out = node(project, "pack", "--keep-version")
    assert out.returncode == 0, out.stdout
    with zipfile.ZipFile(zip_of(project)) as archive:
        assert b"font-size: 15px" in archive.read("style.css")
    # The zip now matches widget/, but version 0.1.0 went out with two contents.
    out = node(project, "check")
    assert out.returncode == 0
    assert "widget/manifest.json: warning version-bump (platform): widget.version is 0.1.0" in out.stdout
    assert node(project, "pack").returncode == 1  # still refused without a flag
    edit_text(project / "widget/manifest.json", '"version": "0.1.0"', '"version": "0.2.0"')
    assert "version-bump" not in node(project, "check").stdout
    assert node(project, "pack").returncode == 0


def test_a_zip_without_history_is_still_guarded(npm_widget):
    """A dist/widget.zip from before the guard (no dist/packed.json): compared by its contents."""
    project = npm_widget("defaults")
    assert node(project, "pack").returncode == 0
    (project / "dist" / "packed.json").unlink()
    edit_text(project / "widget/style.css", "font-size: 14px", "font-size: 15px")
    assert node(project, "pack").returncode == 1
    assert node(project, "pack", "--bump", "patch", "--keep-version").returncode == 2
    assert node(project, "pack", "--dev").returncode == 0  # the development upload is never guarded
