"""The platform model (template/tools/platform.json) is complete: everything a location or a
callback names exists where the toolkit looks for it. A callback without an argument builder or
result check, a location without a preview page or an entry file without a runner fails here,
before any widget is generated."""

from __future__ import annotations

import json
import subprocess

import pytest

from variants import ROOT, RULES

TOOLS = ROOT / "template" / "tools"
PAGE_KEYS = {"kind", "entity", "section", "logo", "opens", "tab"}
LOCATION_KEYS = {"title", "platforms", "suffix", "page", "callbacks", "on_enter", "twig", "controls", "i18n_groups",
                 "i18n_keys", "block", "files", "entry", "needs_one_of", "logos", "template_files", "custom_setting"}
CALLBACK_KEYS = {"doc", "params", "args", "returns", "optional", "draws", "list_action", "ts"}


def emulator_tables() -> dict:
    """The names tools/emulator/locations.js knows: argument builders, result checks, entry runners."""
    script = ("const l = require(process.argv[1]);"
              "process.stdout.write(JSON.stringify({builders: l.builders, results: l.results, runners: l.runners}))")
    out = subprocess.run(["node", "-e", script, str(TOOLS / "emulator" / "locations.js")],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


TABLES = emulator_tables()


def callback_problems(rules: dict, name: str) -> list[str]:
    spec = rules["callbacks"][name]
    problems = [f"{name}: unknown key {key}" for key in sorted(set(spec) - CALLBACK_KEYS)]
    if spec.get("args") not in TABLES["builders"]:
        problems.append(f"{name}: no argument builder {spec.get('args')!r} in tools/emulator/locations.js")
    if spec.get("returns", "any") not in TABLES["results"]:
        problems.append(f"{name}: no result check {spec.get('returns')!r} in tools/emulator/locations.js")
    if not spec.get("doc") or not str(spec.get("ts", "")).startswith("(") or not isinstance(spec.get("params"), list):
        problems.append(f"{name}: needs doc, params and ts (its TypeScript signature)")
    if "draws" in spec and not any(loc.get("twig") == spec["draws"] for loc in rules["locations"].values()):
        problems.append(f"{name}: draws {spec['draws']}, which no location's twig is")
    return problems


def location_problems(rules: dict, code: str) -> list[str]:
    loc = rules["locations"][code]
    problems = [f"{code}: unknown key {key}" for key in sorted(set(loc) - LOCATION_KEYS)]
    page = loc.get("page") or {}
    if page.get("kind") not in rules["page_kinds"] or page.get("section") not in rules["menu_sections"] or not page.get("entity"):
        problems.append(f"{code} has no preview page: give it page {{kind, entity, section}}")
    problems += [f"{code}: unknown page key {key}" for key in sorted(set(page) - PAGE_KEYS)]
    if "logo" in page and page["logo"] not in {logo["file"] for logo in rules["logos"]}:
        problems.append(f"{code}: its page shows logo {page['logo']}, which the logos table lacks")
    if "opens" in page and page["opens"] not in loc.get("callbacks", []):
        problems.append(f"{code}: its page opens {page['opens']}, which is none of its callbacks")
    if not loc.get("platforms") or not set(loc["platforms"]) <= set(rules["platforms"]):
        problems.append(f"{code}: platforms must name amocrm and/or kommo")
    problems += [f"{code} names callback {name}, which callbacks lacks" for name in loc.get("callbacks", [])
                 if name not in rules["callbacks"]]
    if "on_enter" in loc and loc["on_enter"] not in loc.get("callbacks", []):
        problems.append(f"{code}: on_enter must be one of its callbacks")
    if "entry" in loc and (loc["entry"]["runner"] not in TABLES["runners"] or loc["entry"]["file"] not in loc.get("files", [])):
        problems.append(f"{code}: its entry needs a runner in tools/emulator/locations.js and its file in files")
    problems += [f"{code} needs {other}, which is no location" for other in loc.get("needs_one_of", [])
                 if other not in rules["locations"]]
    problems += [f"{code} needs logo {file}, which the logos table lacks" for file in loc.get("logos", [])
                 if file not in {logo["file"] for logo in rules["logos"]}]
    return problems


@pytest.mark.parametrize("name", sorted(RULES["callbacks"]))
def test_every_callback_has_an_argument_builder_and_a_result_check(name):
    assert callback_problems(RULES, name) == []


@pytest.mark.parametrize("code", sorted(RULES["locations"]))
def test_every_location_has_a_preview_page_and_known_callbacks(code):
    assert location_problems(RULES, code) == []


def test_an_incomplete_model_fails_those_tests_and_the_emulator():
    broken = json.loads(json.dumps(RULES))
    broken["callbacks"]["onNothing"] = {"doc": "x", "params": [], "args": "noSuchBuilder", "returns": "any", "ts": "(): unknown"}
    broken["locations"]["nowhere"] = {"title": "Nowhere", "platforms": ["amocrm"], "suffix": False, "callbacks": ["onNothing"]}
    assert callback_problems(broken, "onNothing") == [
        "onNothing: no argument builder 'noSuchBuilder' in tools/emulator/locations.js"]
    assert location_problems(broken, "nowhere") == ["nowhere has no preview page: give it page {kind, entity, section}"]
    # The emulator refuses to call such a callback, naming the file to fix, instead of passing no arguments.
    script = ("const l = require(process.argv[1]); const rules = JSON.parse(process.argv[2]);"
              "try { l.create(rules).callback('onNothing'); } catch (e) { process.stdout.write(e.message); }")
    out = subprocess.run(["node", "-e", script, str(TOOLS / "emulator" / "locations.js"), json.dumps(broken)],
                         capture_output=True, text=True, check=True)
    assert out.stdout == ('tools/platform.json: callback onNothing names the argument builder "noSuchBuilder", '
                          "which tools/emulator/locations.js lacks: add it there")


def test_a_page_names_only_logos_and_callbacks_the_model_has():
    broken = json.loads(json.dumps(RULES))
    broken["locations"]["digital_pipeline"]["page"].update({"logo": "logo_huge.png", "opens": "onNothing", "tile": True})
    assert location_problems(broken, "digital_pipeline") == [
        "digital_pipeline: unknown page key tile",
        "digital_pipeline: its page shows logo logo_huge.png, which the logos table lacks",
        "digital_pipeline: its page opens onNothing, which is none of its callbacks",
    ]


def test_one_location_is_the_settings_modal():
    # The preview's Settings button and the emulator's settings() open the location of page kind
    # "settings" (lib/platform.js settingsLocation): there is one, on every platform.
    for platform in RULES["platforms"]:
        assert [code for code, loc in RULES["locations"].items()
                if loc["page"]["kind"] == "settings" and platform in loc["platforms"]] == ["settings"], platform
