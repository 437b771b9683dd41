"""Every variant of the matrix generates a widget that satisfies the platform's rules."""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
import tinycss2
import yaml
from PIL import Image

from variants import RULES, ROOT, VARIANTS, logo_owners

TEMPLATE_TWIG = ROOT / "template" / "widget" / "templates"


@cache
def load_answers(dst: Path) -> dict:
    """The answers Copier recorded: the variant's data completed with the defaults."""
    return yaml.safe_load((dst / ".copier-answers.yml").read_text(encoding="utf-8"))


def bare(area: str) -> str:
    return re.sub(r"-[01]$", "", area)


def leaves(tree: dict, prefix: str = "") -> dict[str, object]:
    flat = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(leaves(value, path + "."))
        else:
            flat[path] = value
    return flat


def manifest_refs(manifest: dict) -> set[str]:
    """The i18n keys manifest.json points at, by the platform page's rules (§2)."""
    w = manifest["widget"]
    refs = {w["name"], w["description"], w["short_description"], manifest["tour"]["tour_description"]}
    refs |= {w["ai_agent_description"]} if "ai_agent_description" in w else set()
    refs |= {field["name"] for field in manifest["settings"].values()}
    if "dp" in manifest:
        refs |= {field["name"] for field in manifest["dp"]["settings"].values()}
    if "advanced" in manifest:
        refs.add(manifest["advanced"]["title"])
    for handler in manifest.get("salesbot_designer", {}).values():
        refs.add(handler["name"])
        refs |= {field["name"] for field in handler["settings"].values()}
    refs |= {item["title"] for item in manifest.get("left_menu", {}).values()}
    if "amoforms_settings" in manifest:
        refs |= {manifest["amoforms_settings"][key] for key in ("title", "error_text")}
    return refs


@pytest.fixture(params=sorted(VARIANTS), scope="module")
def generated(request, variant_dirs):
    dst = variant_dirs[request.param]
    return dst, load_answers(dst)


def test_manifest_is_valid_json_in_the_documented_order(generated):
    dst, answers = generated
    manifest = json.loads((dst / "widget" / "manifest.json").read_text(encoding="utf-8"))
    order = RULES["manifest_order"]
    assert list(manifest) == [key for key in order["root"] if key in manifest]
    assert list(manifest["widget"]) == [key for key in order["widget"] if key in manifest["widget"]]
    widget = manifest["widget"]
    assert widget["interface_version"] == 2
    assert widget["version"] == answers["version"]
    assert widget["locale"] == answers["locales"]
    assert widget["installation"] is answers["installation"]
    assert widget["init_once"] is answers["init_once"]
    assert widget["support"] == {"link": answers["support_link"], "email": answers["support_email"]}
    assert sorted(manifest["locations"]) == sorted(answers["areas"])
    assert set(manifest["tour"]["tour_images"]) == set(answers["locales"])
    expected_settings = {f["code"]: (f["type"], f.get("required", False)) for f in answers["settings_fields"]}
    assert {code: (s["type"], s["required"]) for code, s in manifest["settings"].items()} == expected_settings


def test_manifest_has_the_block_of_each_chosen_location_and_no_other(generated):
    dst, answers = generated
    manifest = json.loads((dst / "widget" / "manifest.json").read_text(encoding="utf-8"))
    chosen = {bare(a) for a in answers["areas"]}
    blocks = {loc["block"]: code for code, loc in RULES["locations"].items() if "block" in loc}
    for block, location in blocks.items():
        assert (block in manifest) == (location in chosen), block
    if "dp" in manifest:
        assert manifest["dp"]["webhook_url"] == answers["dp_webhook_url"]
        assert manifest["dp"]["action_multiple"] is False
    if "sms" in manifest:
        assert manifest["sms"]["endpoint"] == answers["sms_endpoint"]
    if "mobile" in manifest:
        assert manifest["mobile"] == {"frame_url": answers["mobile_frame_url"], "color": answers["mobile_color"]}
    for item in manifest.get("left_menu", {}).values():
        assert (dst / "widget" / item["icon"]).is_file()
    assert ("ai_agent_description" in manifest["widget"]) == ("ai_agent" in chosen)


def test_i18n_files_match_locales_share_keys_and_resolve_every_reference(generated):
    dst, answers = generated
    manifest = json.loads((dst / "widget" / "manifest.json").read_text(encoding="utf-8"))
    files = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (dst / "widget" / "i18n").iterdir()}
    assert sorted(files) == sorted(answers["locales"])
    key_sets = {locale: set(leaves(data)) for locale, data in files.items()}
    first = next(iter(key_sets.values()))
    assert all(keys == first for keys in key_sets.values()), key_sets
    for locale, data in files.items():
        flat = leaves(data)
        for ref in manifest_refs(manifest):
            assert isinstance(flat.get(ref), str) and flat[ref].strip(), f"{locale}: {ref}"


def test_i18n_holds_the_users_texts_intact(generated):
    dst, answers = generated
    for path in (dst / "widget" / "i18n").iterdir():
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["widget"]["name"] == answers["widget_name"]
        assert data["widget"]["short_description"] == answers["short_description"]
        assert data["widget"]["description"] == answers["description"]
        for field in answers["settings_fields"]:
            if "label" in field:
                assert data["settings"][field["code"]] == field["label"]


def test_scaffold_strings_are_translated_in_every_locale(generated):
    dst, answers = generated
    user_keys = re.compile(r"^(widget|settings)\.|^advanced\.title$")
    files = {p.stem: leaves(json.loads(p.read_text(encoding="utf-8"))) for p in (dst / "widget" / "i18n").iterdir()}
    english = json.loads((ROOT / "includes" / "strings.json").read_text(encoding="utf-8"))["en"]
    english = leaves(english)
    for locale, flat in files.items():
        scaffold = {k: v for k, v in flat.items() if not user_keys.search(k)}
        if locale == "en":
            assert scaffold == {k: english[k] for k in scaffold}
            continue
        same = [k for k, v in scaffold.items() if v == english[k]]
        assert not same, f"{locale} leaves English text in {same}"
        if locale == "ru":
            assert all(re.search("[а-яё]", v, re.I) for v in scaffold.values())


def test_logos_have_the_platform_sizes_and_weights(generated):
    dst, answers = generated
    chosen = {bare(a) for a in answers["areas"]}
    # A logo a location claims (its "logos") only with that location; the others always.
    expected = {logo["file"]: logo for logo in RULES["logos"]
                if not logo_owners(logo["file"]) or logo_owners(logo["file"]) & chosen}
    images = dst / "widget" / "images"
    assert sorted(p.name for p in images.glob("*.png")) == sorted(expected)
    for name, logo in expected.items():
        path = images / name
        assert path.stat().st_size <= RULES["logo_max_bytes"]
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert image.size == (logo["width"], logo["height"])


def test_every_js_file_parses(generated):
    dst, _ = generated
    scripts = sorted(dst.rglob("*.js"))
    assert scripts
    for script in scripts:
        result = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, f"{script}: {result.stderr}"


def twig_source(name: str) -> Path:
    """The template's twig file that generates `name` (its file name carries a Jinja condition)."""
    matches = [p for p in TEMPLATE_TWIG.iterdir() if re.sub(r"\{%.*?%\}", "", p.name) == name]
    assert len(matches) == 1, name
    return matches[0]


def test_twig_templates_are_copied_byte_for_byte_and_only_when_used(generated):
    dst, answers = generated
    chosen = {bare(a) for a in answers["areas"]}
    expected = set()
    if any(a.endswith("-1") for a in answers["areas"]):
        expected.add("panel.twig")
    if any(f["type"] == "custom" for f in answers["settings_fields"]):
        expected.add("settings.twig")
    if "advanced_settings" in chosen:
        expected.add("advanced.twig")
    if "widget_page" in chosen:
        expected.add("page.twig")
    folder = dst / "widget" / "templates"
    found = {p.name for p in folder.iterdir()} if folder.exists() else set()
    assert found == expected
    for name in found:
        assert (folder / name).read_bytes() == twig_source(name).read_bytes()
        if answers["controls"]:
            assert "include_control(" in (folder / name).read_text(encoding="utf-8")


def test_every_css_rule_is_scoped_under_the_widget_root_class(generated):
    dst, answers = generated
    root = "w-" + answers["widget_code"].replace("_", "-")
    sheet = tinycss2.parse_stylesheet((dst / "widget" / "style.css").read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True)
    rules = [rule for rule in sheet if rule.type == "qualified-rule"]
    assert rules
    for rule in rules:
        for selector in tinycss2.serialize(rule.prelude).split(","):
            assert re.match(rf"^\.{re.escape(root)}(?![\w-])", selector.strip()), selector


def test_text_files_are_utf8_with_lf_and_a_final_newline(generated):
    dst, _ = generated
    for path in dst.rglob("*"):
        if path.is_dir() or path.suffix == ".png" or ".git" in path.parts:
            continue
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), path
        assert b"\r" not in raw, path
        raw.decode("utf-8")
        assert raw.endswith(b"\n"), path


def test_project_files_are_there(generated):
    dst, answers = generated
    for name in ("README.md", ".gitignore", ".editorconfig", ".gitattributes", ".copier-answers.yml"):
        assert (dst / name).is_file(), name
    assert "eol=lf" in (dst / ".gitattributes").read_text()
    readme = (dst / "README.md").read_text(encoding="utf-8")
    assert answers["widget_name"] in readme


@pytest.mark.parametrize("variant, typescript", [("defaults", False), ("ts-defaults", True)])
def test_the_typescript_build_s_files_come_only_with_typescript_sources(variant_dirs, variant, typescript):
    """tools/build.js, tsconfig.json and src/ belong to the TypeScript build; a JavaScript widget
    has jsconfig.json instead (the dev server's reader, tools/lib/build.js, serves both)."""
    dst = variant_dirs[variant]
    for name in ("tools/build.js", "tsconfig.json", "src"):
        assert (dst / name).exists() is typescript, name
    assert (dst / "jsconfig.json").exists() is not typescript
    assert (dst / "tools" / "lib" / "build.js").is_file()
