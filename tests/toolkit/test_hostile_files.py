"""Hostile files in a widget project, built by each test the way an attacker (or a messy disk)
would: nothing outside widget/ and no excluded file reaches widget.zip; check, pack and the
conflicts guard (npm run conflicts, the pre-commit hook's command) end with one line per problem,
never a stack trace, in bounded time and memory."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from helpers import errors, node, npm, problems, warnings, widget_files
from hostile import SCRIPT_NOT_A_FILE, plant_script_not_a_file

pytestmark = pytest.mark.npm

MANIFEST = "widget/manifest.json"
SECRET = b"AWS_SECRET_ACCESS_KEY=hostile-test-secret"


def no_trace(out: subprocess.CompletedProcess) -> None:
    """No stack trace, no internal error: only the tools' own lines."""
    text = out.stdout + out.stderr
    assert "    at " not in text and "internal error" not in text and "Error:" not in text, text


def zip_names(project: Path) -> list[str]:
    with zipfile.ZipFile(project / "dist" / "widget.zip") as archive:
        return archive.namelist()


def zip_bytes(project: Path) -> bytes:
    return (project / "dist" / "widget.zip").read_bytes()


# --- the upload set: what is left out, and said so ----------------------------------------------

LEFT_OUT = {
    # file planted under widget/ -> the line check prints for it
    ".env": "widget/.env",
    ".npmrc": "widget/.npmrc",
    "node_modules/left-pad/index.js": "widget/node_modules/",
    "script.js.map": "widget/script.js.map",
    "templates/vendor/lib.js.map": "widget/templates/vendor/lib.js.map",
    "manifest.json.48213.tmp": "widget/manifest.json.48213.tmp",
    "Thumbs.db": "widget/Thumbs.db",
    "images/.DS_Store": "widget/images/.DS_Store",
    "style.css~": "widget/style.css~",
}


def test_excluded_files_stay_out_of_the_zip_and_check_names_each(npm_widget):
    project = npm_widget("defaults")
    assert node(project, "pack").returncode == 0
    clean_names, clean = zip_names(project), zip_bytes(project)
    for rel in LEFT_OUT:
        path = project / "widget" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(SECRET + b"\n")
    out = node(project, "pack")
    assert out.returncode == 0, out.stdout + out.stderr
    assert zip_names(project) == clean_names and zip_bytes(project) == clean
    assert SECRET not in zip_bytes(project)
    assert warnings(out.stdout) == {(line, "upload-excluded") for line in LEFT_OUT.values()}
    no_trace(out)


def test_version_control_and_tool_settings_stay_out_of_the_zip_without_a_word(npm_widget):
    """A folder that is its own repository (an existing widget's, often) keeps .git/ and its tools'
    settings there on purpose: left out of widget.zip, never warned about."""
    project = npm_widget("defaults")
    assert node(project, "pack").returncode == 0
    clean = zip_bytes(project)
    for rel in (".git/config", ".gitignore", ".eslintrc.json", ".editorconfig"):
        path = project / "widget" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(SECRET + b"\n")
    out = node(project, "pack")
    assert out.returncode == 0, out.stdout + out.stderr
    assert zip_bytes(project) == clean
    assert warnings(out.stdout) == set(), out.stdout


@pytest.mark.parametrize("target", ["secret outside the project", "/proc/self/environ", "a file of widget/", "a folder outside"])
def test_a_link_in_widget_is_refused_by_name_and_nothing_is_zipped(npm_widget, tmp_path, target):
    project = npm_widget("defaults")
    secret = tmp_path / "id_rsa"
    secret.write_bytes(SECRET)
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "key.txt").write_bytes(SECRET)
    link = project / "widget" / "templates" / "extra.twig"
    link.symlink_to({
        "secret outside the project": secret,
        "/proc/self/environ": Path("/proc/self/environ"),
        "a file of widget/": project / "widget" / "templates" / "panel.twig",
        "a folder outside": outside,
    }[target])
    out = node(project, "pack")
    assert out.returncode == 1, out.stdout
    assert errors(out.stdout) == {("widget/templates/extra.twig", "upload-refused")}
    line = next(p for p in problems(out.stdout) if p["rule"] == "upload-refused")
    assert "symbolic link" in line["message"]
    assert not (project / "dist" / "widget.zip").exists()
    no_trace(out)


def test_the_zip_is_exactly_the_set_check_checked(npm_widget):
    """pack and check agree file for file: the zip holds what check listed, nothing more."""
    project = npm_widget("defaults")
    (project / "widget" / "vendor" / "dist").mkdir(parents=True)
    (project / "widget" / "vendor" / "dist" / "x.twig").write_text("<div></div>\n", encoding="utf-8")
    (project / "widget" / "vendor" / ".cache").write_bytes(SECRET)
    assert node(project, "pack").returncode == 0
    expected = [f for f in widget_files(project) if f != "vendor/.cache"]
    assert zip_names(project) == expected and "vendor/dist/x.twig" in expected


# --- check and the guard end, one line per problem ----------------------------------------------

def plant_broken_link(w: Path) -> str:
    (w / "templates" / "gone.twig").symlink_to(w / "templates" / "deleted.twig")
    return "widget/templates/gone.twig"


def plant_link_loop(w: Path) -> str:
    (w / "loop-a").symlink_to(w / "loop-b")
    (w / "loop-b").symlink_to(w / "loop-a")
    (w / "templates" / "up").symlink_to(w)  # a folder loop: widget/templates/up/templates/up/...
    return "widget/loop-a"


def plant_non_utf8_name(w: Path) -> str:
    with open(os.path.join(os.fsencode(w / "templates"), b"caf\xe9.twig"), "wb") as f:
        f.write(b"<div></div>\n")
    return "widget/templates/caf\\xe9.twig"


def plant_huge_file(w: Path) -> str:
    with open(w / "images" / "video.bin", "wb") as f:
        f.truncate(3 * 1024**3)  # 3 GB, sparse: nothing to read
    return "widget/images/video.bin"


def plant_deep_json(rel: str):
    def plant(w: Path) -> str:
        (w / rel).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        return f"widget/{rel}"
    return plant


def plant_fifo(w: Path) -> str:
    os.mkfifo(w / "templates" / "pipe.twig")  # reading it would wait forever
    return "widget/templates/pipe.twig"


HOSTILE = {
    "broken-link": plant_broken_link,
    "link-loop": plant_link_loop,
    "non-utf8-name": plant_non_utf8_name,
    "3-GB-file": plant_huge_file,
    "deep-json-data": plant_deep_json("data.json"),
    "deep-json-manifest": plant_deep_json("manifest.json"),
    "deep-json-i18n": plant_deep_json("i18n/en.json"),
    "named-pipe": plant_fifo,
}


@pytest.mark.parametrize("case", HOSTILE)
def test_check_pack_and_the_guard_end_with_one_line_naming_the_file(npm_widget, case):
    project = npm_widget("defaults")
    file = HOSTILE[case](project / "widget")
    out = node(project, "check", timeout=60)
    no_trace(out)
    assert out.returncode == 1, out.stdout
    assert file in {p["file"] for p in problems(out.stdout) if p["severity"] == "error"}, out.stdout
    packed = node(project, "pack", timeout=60)
    no_trace(packed)
    assert packed.returncode == 1 and not (project / "dist" / "widget.zip").exists()
    guard = node(project, "conflicts", timeout=60)
    no_trace(guard)
    assert guard.returncode == 0, guard.stderr  # nothing to resolve: what it could not read is a warning
    assert all(line.startswith(("widget/", "No conflict")) for line in (guard.stdout + guard.stderr).splitlines())


def test_the_guard_outside_widget_survives_loops_broken_links_and_huge_files(npm_widget):
    project = npm_widget("defaults")
    (project / "docs" / "loop").symlink_to(project / "docs")
    (project / "docs" / "a").symlink_to(project / "docs" / "b")
    (project / "docs" / "b").symlink_to(project / "docs" / "a")
    (project / "docs" / "gone.md").symlink_to(project / "docs" / "deleted.md")
    with open(os.path.join(os.fsencode(project / "docs"), b"\xff.md"), "wb") as f:
        f.write(b"<<<<<<< HEAD\n")
    with open(project / "docs" / "dump.bin", "wb") as f:
        f.truncate(3 * 1024**3)
    (project / "docs" / "notes.md").write_text("ok\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> x\n", encoding="utf-8")
    out = npm(project, "run", "conflicts", timeout=120)  # as the pre-commit hook runs it
    no_trace(out)
    assert out.returncode == 1
    assert "docs/notes.md: conflict markers at lines 2, 4, 6" in out.stderr
    for name in ("docs/a", "docs/b", "docs/gone.md", "docs/\\xff.md", "docs/dump.bin"):
        assert f"{name}: warning: " in out.stderr, out.stderr
    checked = node(project, "check", timeout=60)
    no_trace(checked)
    assert ("docs/notes.md", "conflict-marker") in errors(checked.stdout)


def test_the_guard_searches_dist_node_modules_links_and_nul_files_inside_widget(npm_widget, tmp_path):
    project = npm_widget("defaults")
    w = project / "widget"
    marker = "<div>\n<<<<<<< before updating\na\n=======\nb\n>>>>>>> after updating\n"
    (w / "vendor" / "dist").mkdir(parents=True)
    (w / "vendor" / "dist" / "x.twig").write_text(marker, encoding="utf-8")
    (w / "vendor" / "node_modules" / "y").mkdir(parents=True)
    (w / "vendor" / "node_modules" / "y" / "index.js").write_text(marker, encoding="utf-8")
    (w / "templates" / "nul.twig").write_bytes(b"\x00" + marker.encode())
    (tmp_path / "merged.twig").write_text(marker, encoding="utf-8")
    (w / "templates" / "linked.twig").symlink_to(tmp_path / "merged.twig")
    out = node(project, "conflicts")
    no_trace(out)
    assert out.returncode == 1
    for rel in ("vendor/dist/x.twig", "vendor/node_modules/y/index.js", "templates/nul.twig", "templates/linked.twig"):
        assert f"  widget/{rel}: conflict markers at lines 2, 4, 6" in out.stderr, out.stderr
    checked = node(project, "check")
    assert ("widget/vendor/dist/x.twig", "conflict-marker") in errors(checked.stdout)
    assert ("widget/templates/nul.twig", "conflict-marker") in errors(checked.stdout)


@pytest.mark.parametrize("plant", SCRIPT_NOT_A_FILE)
def test_npm_test_ends_on_a_script_js_that_is_no_regular_file(npm_widget, plant):
    """The emulator looks for a development source map in widget/script.js: never through a link,
    never in a pipe (which would wait forever) or a device (which would fill the memory)."""
    project = npm_widget("defaults")
    plant_script_not_a_file(project, plant)
    started = time.monotonic()
    out = subprocess.run(["node", "--test", "test/"], cwd=project, capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 50
    assert out.returncode == 1  # the widget has no script.js to test
    assert "widget/script.js" in out.stdout + out.stderr


@pytest.mark.parametrize("plant", SCRIPT_NOT_A_FILE)
def test_the_typescript_build_never_reads_a_script_js_that_is_no_regular_file(npm_widget, plant):
    """The build looks at widget/script.js before overwriting it (written by hand?): a pipe would
    wait forever, a link to /dev/zero would fill the memory. One line, and nothing written."""
    project = npm_widget("ts-defaults")
    plant_script_not_a_file(project, plant)
    out = node(project, "check", timeout=60)
    no_trace(out)
    assert out.returncode == 1
    assert "widget/script.js is not a regular file" in out.stdout + out.stderr, out.stdout + out.stderr
    assert not (project / "widget" / "script.js").is_file()


# --- the widget's code: time limits that cover microtasks and getters ---------------------------

ENDLESS = {  # (where, code inserted before it)
    "microtask-loop": ("    this.callbacks = {", "    Promise.resolve().then(function () { for (;;) {} });\n"),
    # check reads this.callbacks outside any vm call: a getter that never returns
    "getter-loop": ("    return this;", "    Object.defineProperty(this, 'callbacks', { get: function () { for (;;) {} } });\n"),
    "endless-allocation": ("    this.callbacks = {", "    var hoard = []; for (;;) { hoard.push(new Array(100000).fill(1)); }\n"),
    # typed arrays live outside the JavaScript heap: the process's memory is watched too
    "endless-buffers": ("    this.callbacks = {", "    var hoard = []; for (;;) { hoard.push(new Uint8Array(50000000).fill(1)); }\n"),
}


@pytest.mark.parametrize("case", ENDLESS)
def test_check_ends_on_endless_widget_code(npm_widget, case):
    project = npm_widget("defaults")
    script = project / "widget" / "script.js"
    text = script.read_text(encoding="utf-8")
    anchor, code = ENDLESS[case]
    assert text.count(anchor) == 1
    script.write_text(text.replace(anchor, code + anchor, 1), encoding="utf-8")
    started = time.monotonic()
    usage, output = run_measured(project, "tools/check.js")
    assert time.monotonic() - started < 60
    assert usage.ru_maxrss / 1024 < 1500, f"check peaked at {usage.ru_maxrss / 1024:.0f} MB"
    assert "    at " not in output and "internal error" not in output, output
    assert {(p["file"], p["rule"]) for p in problems(output) if p["severity"] == "error"} == {("widget/script.js", "script-run")}, output


# --- linear in the number of findings, bounded memory --------------------------------------------

def check_cpu_seconds(project: Path, bad: int, base: dict) -> float:
    """CPU time (user + system) of one check over a manifest with `bad` unknown locations: CPU
    time, not wall time, so that other tests running beside it do not skew the ratio."""
    manifest = json.loads(json.dumps(base))
    manifest["locations"] += [f"nowhere{i}-1" for i in range(bad)]
    (project / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    usage, output = run_measured(project, "tools/check.js")
    assert len(problems(output)) == bad
    return usage.ru_utime + usage.ru_stime


def test_thousands_of_findings_cost_linear_time(npm_widget):
    """8 000 unknown locations against 2 000 in the same run: four times the findings may cost
    about four times the time, never the sixteen a per-error scan of the file costs."""
    project = npm_widget("defaults")
    base = json.loads((project / MANIFEST).read_text(encoding="utf-8"))
    check_cpu_seconds(project, 10, base)  # warm caches (the schema's compiled validator)
    small = min(check_cpu_seconds(project, 2000, base) for _ in range(2))
    large = min(check_cpu_seconds(project, 8000, base) for _ in range(2))
    assert large / small < 8, (small, large)


def zip_bomb(files: dict[str, bytes], lying: str | None, honest: str | None, gigabytes: int) -> bytes:
    """A zip of `files` (deflated as pack does), where entry `lying` declares its real size but
    inflates to `gigabytes` GB of zeros, and an entry `honest` declares the GB it holds. Built by
    hand from one repeated deflate block: a few MB on disk."""
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = block.compress(b"\x00" * (1 << 20)) + block.flush(zlib.Z_FULL_FLUSH)
    bomb = chunk * (gigabytes * 1024) + block.flush(zlib.Z_FINISH)
    crc = 0  # an attacker writes any checksum; nothing may depend on it
    entries = []
    for name, data in sorted(files.items()):
        if name == lying:
            entries.append((name, bomb, crc, len(data)))
        else:
            entries.append((name, zlib.compress(data)[2:-4], zlib.crc32(data), len(data)))
    if honest:
        entries.append((honest, bomb, crc, gigabytes * 1024**3))
    body, central = b"", b""
    for name, data, checksum, declared in entries:
        raw = name.encode()
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, checksum, len(data), declared, len(raw), 0)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, checksum, len(data), declared,
                               len(raw), 0, 0, 0, 0, 0, len(body)) + raw
        body += local + raw + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(body), 0)
    return body + central + end


def run_measured(project: Path, *args: str) -> tuple:
    """Run a node tool to its end; return its resource usage (its own, not other tests') and output."""
    log = project / "out.log"
    with open(log, "w") as f:
        process = subprocess.Popen(["node", *args], cwd=project, stdout=f, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    return usage, log.read_text(encoding="utf-8")


def peak_memory_mb(project: Path, *args: str) -> tuple[float, str]:
    """Run a tool; return its peak resident memory (MB) and its output."""
    usage, output = run_measured(project, *args)
    return usage.ru_maxrss / 1024, output


@pytest.mark.parametrize("bomb", ["lying sizes", "honest sizes"])
def test_a_zip_bomb_at_dist_costs_bounded_memory(npm_widget, bomb):
    """dist/widget.zip holds the widget's files and manifest (the same version, so check compares
    the rest), one of them 3 GB once inflated: check stays under a few hundred MB."""
    project = npm_widget("defaults")
    files = {rel: (project / "widget" / rel).read_bytes() for rel in widget_files(project)}
    lying, honest = ("script.js", None) if bomb == "lying sizes" else (None, "images/huge.png")
    (project / "dist").mkdir()
    (project / "dist" / "widget.zip").write_bytes(zip_bomb(files, lying, honest, 3))
    assert (project / "dist" / "widget.zip").stat().st_size < 16 * 1024**2
    peak, output = peak_memory_mb(project, "tools/check.js")
    assert peak < 400, f"check peaked at {peak:.0f} MB"
    assert "    at " not in output
    # The zip differs from widget/ while holding the same version: the bump is asked for.
    assert ("widget/manifest.json", "version-bump") in warnings(output)


# --- duplicate keys ----------------------------------------------------------------------------

def test_a_duplicate_version_is_an_error_and_bump_refuses(npm_widget):
    project = npm_widget("defaults")
    path = project / MANIFEST
    text = path.read_text(encoding="utf-8")
    version = json.loads(text)["widget"]["version"]
    anchor = f'"version": "{version}",'
    assert anchor in text
    text = text.replace(anchor, f'{anchor}\n    "version": "7.0.0",', 1)
    path.write_text(text, encoding="utf-8")
    line = text[: text.index('"version": "7.0.0"')].count("\n") + 1
    out = node(project, "pack", "--bump", "patch")
    no_trace(out)
    assert out.returncode == 1
    duplicate = [p for p in problems(out.stdout) if p["rule"] == "json-duplicate-key"]
    assert [(p["file"], int(p["line"]), p["severity"]) for p in duplicate] == [(MANIFEST, line, "error")]
    assert '"version"' in duplicate[0]["message"]
    assert path.read_text(encoding="utf-8") == text  # not bumped
    assert not (project / "dist" / "widget.zip").exists()


def test_duplicate_keys_in_any_json_file_are_named(npm_widget):
    project = npm_widget("defaults")
    i18n = project / "widget" / "i18n" / "en.json"
    text = i18n.read_text(encoding="utf-8")
    i18n.write_text(text.replace("{", '{\n  "widget": {"name": "dead"},', 1), encoding="utf-8")
    (project / "widget" / "data.json").write_text('{"a": [{"x": 1, "x": 2}], "b": {"x": 1}}\n', encoding="utf-8")
    out = node(project, "check")
    assert out.returncode == 1
    assert {("widget/i18n/en.json", "json-duplicate-key"), ("widget/data.json", "json-duplicate-key")} <= errors(out.stdout)
    found = [p for p in problems(out.stdout) if p["rule"] == "json-duplicate-key"]
    assert len(found) == 2, out.stdout  # "x" in another object is no duplicate
