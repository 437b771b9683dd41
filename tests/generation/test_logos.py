"""The copy-time logo task (hooks/draw_logos.py) and the static placeholders it replaces.

The task runs as Copier runs it: `python hooks/draw_logos.py --name=NAME`, with the generated
project as the working directory. Sizes and the byte limit come from platform.json.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from variants import ROOT, RULES

HOOK = ROOT / "hooks" / "draw_logos.py"
STATIC = ROOT / "template" / "widget" / "images"
LOGOS = {logo["file"]: (logo["width"], logo["height"]) for logo in RULES["logos"]}


def placeholder(file: str) -> bytes:
    """The template's placeholder of a logo (its file name may carry a Jinja condition)."""
    [path] = [p for p in STATIC.iterdir() if re.sub(r"\{%.*?%\}", "", p.name) == file]
    return path.read_bytes()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A freshly generated project: the template's placeholders in widget/images."""
    images = tmp_path / "widget" / "images"
    images.mkdir(parents=True)
    for file in LOGOS:
        (images / file).write_bytes(placeholder(file))
    return tmp_path


def run_hook(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(HOOK), *args], cwd=cwd, capture_output=True, text=True, env=env)


def images_of(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (project / "widget" / "images").iterdir()}


def check_logo(file: str, data: bytes) -> Image.Image:
    assert len(data) <= RULES["logo_max_bytes"], file
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == LOGOS[file], file
    image.load()
    return image


@pytest.mark.parametrize("file", sorted(LOGOS))
def test_static_placeholders_have_the_platform_sizes(file):
    check_logo(file, placeholder(file))


@pytest.mark.parametrize(
    "name", ["Call tracker", "Мой виджет", "🚀🔥", 'He said "hi" \\o/ {{ name }} {% raw %}', "-starts-with-dash"]
)
def test_placeholders_become_personalised_logos(project, name):
    result = run_hook(project, f"--name={name}")
    assert result.returncode == 0 and result.stderr == ""
    for file, data in images_of(project).items():
        assert data != placeholder(file), file
        check_logo(file, data)


def test_same_name_same_bytes_other_name_other_colour(tmp_path):
    drawn = {}
    for folder, name in (("a", "Лиды"), ("b", "Лиды"), ("c", "Сделки")):
        (tmp_path / folder / "widget" / "images").mkdir(parents=True)
        (tmp_path / folder / "widget" / "images" / "logo.png").write_bytes(placeholder("logo.png"))
        run_hook(tmp_path / folder, f"--name={name}")
        drawn[folder] = (tmp_path / folder / "widget" / "images" / "logo.png").read_bytes()
    assert drawn["a"] == drawn["b"]
    corner = {k: Image.open(io.BytesIO(v)).convert("RGB").getpixel((1, 1)) for k, v in drawn.items()}
    assert corner["a"] != corner["c"]


def test_initials_are_drawn_in_white_on_the_colour(project):
    run_hook(project, "--name=Мой виджет")
    image = check_logo("logo_main.png", images_of(project)["logo_main.png"]).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=100_000)}
    assert (255, 255, 255) in colours and len(colours) > 10  # white, anti-aliased letters


def test_a_developers_logo_and_an_absent_logo_are_left_alone(project):
    images = project / "widget" / "images"
    mine = io.BytesIO()
    Image.new("RGB", LOGOS["logo.png"], (1, 2, 3)).save(mine, "PNG")
    (images / "logo.png").write_bytes(mine.getvalue())
    (images / "logo_dp.png").unlink()
    assert run_hook(project, "--name=Call tracker").returncode == 0
    assert (images / "logo.png").read_bytes() == mine.getvalue()
    assert not (images / "logo_dp.png").exists()
    assert (images / "logo_min.png").read_bytes() != placeholder("logo_min.png")


def test_without_pillow_the_placeholders_stay_and_one_line_says_why(project, tmp_path):
    fake = tmp_path / "no-pillow" / "PIL"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named PIL')\n")
    before = images_of(project)
    result = run_hook(project, "--name=Call tracker", env={"PYTHONPATH": str(fake.parent), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Pillow" in lines[0] and "pip install pillow" in lines[0]
    assert images_of(project) == before


def test_bad_arguments_keep_the_placeholders_exit_0_and_say_so_in_one_line(project):
    before = images_of(project)
    result = run_hook(project, "--nom=x")
    assert result.returncode == 0
    assert len(result.stderr.strip().splitlines()) == 1 and "placeholder" in result.stderr
    assert images_of(project) == before


def test_a_failed_write_leaves_valid_logos_exit_0_and_one_line(project):
    images = project / "widget" / "images"
    (images / "logo.png.tmp").mkdir()  # the temporary file cannot be written
    result = run_hook(project, "--name=Call tracker")
    assert result.returncode == 0
    assert len(result.stderr.strip().splitlines()) == 1 and "placeholder" in result.stderr
    assert (images / "logo.png").read_bytes() == placeholder("logo.png")
    for file in LOGOS:
        check_logo(file, (images / file).read_bytes())


@pytest.mark.parametrize("planted", ["link to a file", "dangling link"])
def test_a_link_planted_at_the_temporary_file_is_never_written_through(project, tmp_path, planted):
    """An attacker's link at logo.png.tmp pointing outside: the task refuses to write through it,
    the file outside keeps its bytes (or is never created), the placeholders stay, one line."""
    images = project / "widget" / "images"
    outside = tmp_path / "outside" / "victim"
    outside.parent.mkdir()
    if planted == "link to a file":
        outside.write_bytes(b"the developer's file")
    (images / "logo.png.tmp").symlink_to(outside)
    result = run_hook(project, "--name=Call tracker")
    assert result.returncode == 0
    assert len(result.stderr.strip().splitlines()) == 1 and "placeholder" in result.stderr
    if planted == "link to a file":
        assert outside.read_bytes() == b"the developer's file"
    else:
        assert not outside.exists()
    assert (images / "logo.png").read_bytes() == placeholder("logo.png")
    assert (images / "logo.png.tmp").is_symlink()  # left as found: not ours to delete


def test_make_placeholders_redraws_the_same_files(tmp_path):
    before = {p.name: p.read_bytes() for p in STATIC.iterdir()}
    try:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_placeholders.py")], check=True, capture_output=True)
        assert {p.name: p.read_bytes() for p in STATIC.iterdir()} == before
    finally:
        for name, data in before.items():
            (STATIC / name).write_bytes(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=60))
def test_any_name_gives_valid_logos(name):
    sys.path.insert(0, str(ROOT / "hooks"))
    import draw_logos

    text = draw_logos.initials(name)
    assert len(text) <= 2 and all(draw_logos.drawable(c) for c in text)
    for file, (width, height) in LOGOS.items():
        check_logo(file, draw_logos.draw(width, height, text, draw_logos.colour(name)))
