"""`npm run check` in generated projects: every variant passes; each broken widget (one broken
thing each) fails with the file and rule that name the problem."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from PIL import Image

from helpers import edit_json, edit_text, errors, node, npm, problems, warnings
from variants import RULES, VARIANTS

pytestmark = pytest.mark.npm

MANIFEST = "widget/manifest.json"
SCRIPT = "widget/script.js"


# Variants whose answers hold a sentence (a setting's label, the description) that the template
# writes into every locale as it was typed: check rightly says the other locales are untranslated.
ANSWERS_UNTRANSLATED = {"amocrm-everything-panel", "amocrm-everything-background", "kommo-everything-panel",
                        "kommo-everything-background", "tricky-texts"}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_passes(npm_widget, variant):
    project = npm_widget(variant)
    out = npm(project, "run", "check")
    assert out.returncode == 0, out.stdout + out.stderr
    found = problems(out.stdout, only_check=False)
    if variant not in ANSWERS_UNTRANSLATED:
        assert found == []
        assert "check: 0 errors, 0 warnings in widget/" in out.stdout.splitlines()
        return
    locales = json.loads((project / MANIFEST).read_text(encoding="utf-8"))["widget"]["locale"]
    assert {(p["file"], p["rule"], p["severity"]) for p in found} == {
        (f"widget/i18n/{locale}.json", "i18n-untranslated", "warning") for locale in locales if locale != "en"}


# --- one broken thing per widget -------------------------------------------------------------

def manifest(change):
    return lambda p: edit_json(p / MANIFEST, change)


def script(old, new):
    return lambda p: edit_text(p / SCRIPT, old, new)


def locations(change):
    return manifest(lambda m: change(m["locations"]))


def image(name, size, fmt="PNG", noise=False, **save):
    def mutate(p):
        picture = Image.effect_noise(size, 120).convert("RGB") if noise else Image.new("RGB", size, "#1375ab")
        picture.save(p / "widget" / "images" / name, fmt, **save)
    return mutate


def delete(rel):
    return lambda p: (p / rel).unlink()


def append(rel, data: bytes):
    def mutate(p):
        with open(p / rel, "ab") as f:
            f.write(data)
    return mutate


def i18n_all(change):
    def mutate(p):
        for f in (p / "widget" / "i18n").glob("*.json"):
            edit_json(f, change)
    return mutate


def both(*mutations):
    def mutate(p):
        for m in mutations:
            m(p)
    return mutate


RENDER_END = "        return true;\n      },\n\n      bind_actions"
INIT_BODY = "      init: function () {\n"
KOMMO_LOCALES = RULES["platforms"]["kommo"]["locales"]

# id: (variant, mutation, {(file, rule)} of the errors expected, line of the first one or None)
BROKEN = {
    "manifest-comment": ("defaults", lambda p: edit_text(p / MANIFEST, "{\n", "{\n  // the widget\n"),
                         {(MANIFEST, "json-syntax")}, 2),
    "i18n-trailing-comma": ("defaults", lambda p: edit_text(p / "widget/i18n/en.json", '"\n  }\n}', '",\n  }\n}'),
                            {("widget/i18n/en.json", "json-syntax")}, None),
    "interface-version-1": ("defaults", manifest(lambda m: m["widget"].update(interface_version=1)),
                            {(MANIFEST, "manifest-schema")}, 7),
    "version-missing": ("defaults", manifest(lambda m: m["widget"].pop("version")),
                        {(MANIFEST, "manifest-schema")}, None),
    "setting-type": ("defaults", manifest(lambda m: m["settings"]["api_key"].update(type="password")),
                     {(MANIFEST, "manifest-schema")}, None),
    "two-custom-settings": ("amocrm-everything-panel",
                            manifest(lambda m: m["settings"].update(extra={"name": "settings.mapping", "type": "custom"})),
                            {(MANIFEST, "setting-custom")}, None),
    "custom-without-settings-area": ("amocrm-everything-panel", locations(lambda l: l.remove("settings")),
                                     {(MANIFEST, "setting-custom")}, None),
    "dp-block-missing": ("amocrm-everything-panel", manifest(lambda m: m.pop("dp")),
                         {(MANIFEST, "location-block")}, None),
    "area-both-suffixes": ("defaults", locations(lambda l: l.append("lcard-0")), {(MANIFEST, "location-pair")}, None),
    "everywhere-with-suffix": ("defaults", locations(lambda l: l.append("everywhere-1")),
                               {(MANIFEST, "location-suffix")}, None),
    "card-both-suffixless-and-0": ("defaults", locations(lambda l: l.extend(["comcard", "comcard-0"])),
                                   {(MANIFEST, "location-pair")}, None),
    "unknown-location": ("defaults", locations(lambda l: l.append("dashboard")),
                         {(MANIFEST, "location-unknown")}, None),
    "card-sdk-without-card": ("kommo-everything-panel",
                              locations(lambda l: [l.remove(a) for a in ("lcard-1", "ccard-1", "comcard-1")]),
                              {(MANIFEST, "location-needs")}, None),
    "locale-file-missing": ("defaults", delete("widget/i18n/en.json"), {("widget/i18n/en.json", "locale-files")}, None),
    "locale-file-extra": ("defaults", lambda p: shutil.copy(p / "widget/i18n/en.json", p / "widget/i18n/es.json"),
                          {("widget/i18n/es.json", "locale-files")}, None),
    "i18n-key-missing": ("defaults", lambda p: edit_json(p / "widget/i18n/ru.json", lambda d: d["panel"].pop("intro")),
                         {("widget/i18n/ru.json", "i18n-keys"), ("widget/templates/panel.twig", "i18n-read")}, None),
    "manifest-key-unresolved": ("defaults", manifest(lambda m: m["settings"]["api_key"].update(name="settings.token")),
                                {("widget/i18n/ru.json", "i18n-ref"), ("widget/i18n/en.json", "i18n-ref")}, None),
    "ai-agent-text-missing": ("kommo-everything-panel",
                              both(manifest(lambda m: m["widget"].pop("ai_agent_description")),
                                   i18n_all(lambda d: d["widget"].pop("ai_agent_description"))),
                              {(f"widget/i18n/{locale}.json", "i18n-ref") for locale in KOMMO_LOCALES}, None),
    "menu-icon-missing": ("amocrm-everything-panel", delete("widget/images/menu_icon.svg"), {(MANIFEST, "file-ref")}, None),
    "logo-missing": ("defaults", delete("widget/images/logo_min.png"), {("widget/images/logo_min.png", "logo-missing")}, None),
    "logo-dp-missing": ("amocrm-everything-panel", delete("widget/images/logo_dp.png"),
                        {("widget/images/logo_dp.png", "logo-missing")}, None),
    "logo-wrong-size": ("defaults", image("logo.png", (131, 100)), {("widget/images/logo.png", "logo-size")}, None),
    "logo-jpeg": ("defaults", image("logo_small.png", (108, 108), "JPEG"), {("widget/images/logo_small.png", "logo-format")}, None),
    "logo-too-heavy": ("defaults", image("logo_main.png", (400, 272), noise=True, compress_level=0),
                       {("widget/images/logo_main.png", "logo-bytes")}, None),
    "panel-template-missing": ("defaults", delete("widget/templates/panel.twig"),
                               {("widget/templates/panel.twig", "template-missing")}, None),
    "page-template-missing": ("amocrm-everything-panel", delete("widget/templates/advanced.twig"),
                              {("widget/templates/advanced.twig", "template-missing")}, None),
    "settings-template-missing": ("amocrm-everything-panel", delete("widget/templates/settings.twig"),
                                  {("widget/templates/settings.twig", "template-missing")}, None),
    "callback-missing": ("defaults", script("      init: function () {", "      inits: function () {"),
                         {(SCRIPT, "callback-missing")}, None),
    "render-returns-nothing": ("defaults", script(RENDER_END, RENDER_END.replace("return true;", "return;")),
                               {(SCRIPT, "returns-true")}, None),
    "render-false-in-settings": ("defaults",
                                 script(RENDER_END, "        if (area === 'settings') { return false; }\n" + RENDER_END),
                                 {(SCRIPT, "returns-true")}, None),
    "init-throws": ("defaults", script(INIT_BODY, INIT_BODY + "        self.system().missing.value = 1;\n"),
                    {(SCRIPT, "script-run")}, None),
    "no-define": ("defaults", script("define([", "(function (deps, factory) {})(["), {(SCRIPT, "script-amd")}, None),
    "js-syntax-error": ("defaults", append("widget/templates.js", b"}\n"), {("widget/templates.js", "js-syntax")}, None),
    "script-missing": ("defaults", delete(SCRIPT), {(SCRIPT, "required-file")}, None),
    "bom": ("defaults", lambda p: (p / "widget/i18n/en.json").write_bytes(b"\xef\xbb\xbf" + (p / "widget/i18n/en.json").read_bytes()),
            {("widget/i18n/en.json", "encoding")}, None),
    "not-utf8": ("defaults", append("widget/style.css", b"/* caf\xe9 */\n"), {("widget/style.css", "encoding")}, None),
    "conflict-in-readme": ("defaults", append("README.md", b"\n<<<<<<< before updating\nold\n=======\nnew\n>>>>>>> after updating\n"),
                           {("README.md", "conflict-marker")}, None),
    "conflict-in-twig": ("amocrm-everything-panel",
                         append("widget/templates/panel.twig", b"<<<<<<< before updating\n<p></p>\n=======\n<p>x</p>\n>>>>>>> after updating\n"),
                         {("widget/templates/panel.twig", "conflict-marker")}, None),
    "rej-file": ("defaults", lambda p: (p / "package.json.rej").write_text("@@ -1 +1 @@\n"), {("package.json.rej", "leftover-file")}, None),
}


# --- moderation: errors for a widget meant for the Marketplace, warnings for a private one -----

def marketplace(project):
    edit_json(project / "package.json", lambda p: p["widget"].update(marketplace=True))


# id: (variant, mutation, {(file, rule)} expected, line of the first one or None)
MODERATED = {
    "console-left-in": ("defaults", script(INIT_BODY, INIT_BODY + "        console.log('init');\n"),
                        {(SCRIPT, "no-console")}, None),
    "debugger-left-in": ("defaults", script(INIT_BODY, INIT_BODY + "        debugger;\n"), {(SCRIPT, "no-debugger")}, None),
    "css-unscoped": ("defaults", append("widget/style.css", b"\n.button,\nbody > p {\n  color: red;\n}\n"),
                     {("widget/style.css", "css-scope")}, None),
    "crlf": ("defaults", lambda p: (p / "widget/templates.js").write_bytes((p / "widget/templates.js").read_bytes().replace(b"\n", b"\r\n")),
             {("widget/templates.js", "line-endings")}, 1),
    "support-missing": ("defaults", manifest(lambda m: m["widget"].pop("support")), {(MANIFEST, "support-missing")}, None),
}


def assert_first_line(stdout, expected, line):
    """The first problem of the expected (file, rule) pairs is on that line (None: any line)."""
    if line:
        first = next(p for p in problems(stdout) if (p["file"], p["rule"]) in expected)
        assert int(first["line"]) == line, stdout


@pytest.mark.parametrize("case", MODERATED)
def test_moderation_rule_is_an_error_only_on_the_marketplace(npm_widget, case):
    variant, mutate, expected, line = MODERATED[case]
    project = npm_widget(variant)
    mutate(project)
    private = node(project, "check")
    assert private.returncode == 0, private.stdout + private.stderr
    assert errors(private.stdout) == set()
    assert warnings(private.stdout) == expected
    assert {p["kind"] for p in problems(private.stdout)} == {"moderation"}
    marketplace(project)
    public = node(project, "check")
    assert public.returncode == 1, public.stdout
    assert errors(public.stdout) == expected
    assert_first_line(public.stdout, expected, line)


@pytest.mark.parametrize("case", BROKEN)
def test_broken_widget_is_reported(npm_widget, case):
    variant, mutate, expected, line = BROKEN[case]
    project = npm_widget(variant)
    mutate(project)
    out = node(project, "check")
    assert out.returncode == 1, out.stdout + out.stderr
    assert errors(out.stdout) == expected, out.stdout
    assert_first_line(out.stdout, expected, line)
    summary = out.stdout.splitlines()[-1]
    assert re.fullmatch(r"check: [1-9]\d* errors?, \d+ warnings? in widget/", summary)


def test_at_least_twelve_kinds_of_broken_widgets():
    assert len({rule for _, _, expected, _ in BROKEN.values() for _, rule in expected}) >= 12


def test_problem_lines_say_where_and_how(npm_widget):
    """Line and column where they help, and a way out after the last colon."""
    project = npm_widget("defaults")
    script(INIT_BODY, INIT_BODY + "        console.warn('x');\n")(project)
    append("widget/style.css", b"\n:root {\n  --x: 1;\n}\n")(project)
    lines = {(p["file"], p["rule"]): p for p in problems(node(project, "check").stdout)}
    console = lines[(SCRIPT, "no-console")]
    text = (project / SCRIPT).read_text().splitlines()
    assert text[int(console["line"]) - 1][int(console["col"]) - 1:].startswith("console.warn")
    assert "console.warn" in console["message"] and "delete it" in console["message"]
    css = lines[("widget/style.css", "css-scope")]
    assert (project / "widget/style.css").read_text().splitlines()[int(css["line"]) - 1] == ":root {"
    root_class = json.loads((project / "package.json").read_text())["widget"]["root_class"]
    assert f".{root_class}" in css["message"]


def test_i18n_keys_names_the_missing_key_and_where_it_is(npm_widget):
    project = npm_widget("defaults")
    edit_json(project / "widget/i18n/en.json", lambda d: d["panel"].update(extra="Extra"))
    message = next(p["message"] for p in problems(node(project, "check").stdout) if p["rule"] == "i18n-keys")
    assert '"panel.extra"' in message and "en.json" in message


# --- warnings: printed, exit 0 ------------------------------------------------------------------

WARNED = {
    "amocrm-global": ("defaults", script(INIT_BODY, INIT_BODY + "        var user = AMOCRM.constant('user');\n        self.user = user;\n"),
                      {(SCRIPT, "amocrm-global")}),
    "app-write": ("defaults", script(INIT_BODY, INIT_BODY + "        APP.widgetState = {};\n"), {(SCRIPT, "app-write")}),
    "area-with-suffix": ("defaults", script(INIT_BODY, INIT_BODY + "        if (self.system().area === 'lcard-1') { return true; }\n"),
                         {(SCRIPT, "area-suffix")}),
    "location-callback-missing": ("amocrm-everything-panel", script("      leads: {", "      leadz: {"),
                                  {(SCRIPT, "callback-location")}),
    "destroy-missing": ("defaults", script("      destroy: function () {", "      destroyed: function () {"),
                        {(SCRIPT, "destroy-missing")}),
    "logo-dp-unused": ("defaults", lambda p: shutil.copy(p / "widget/images/logo.png", p / "widget/images/logo_dp.png"),
                       {("widget/images/logo_dp.png", "logo-unused")}),
    "both-platforms": ("defaults", both(manifest(lambda m: m["widget"]["locale"].append("tr")),
                                        lambda p: shutil.copy(p / "widget/i18n/en.json", p / "widget/i18n/tr.json"),
                                        manifest(lambda m: m["tour"]["tour_images"].update(tr=[]))),
                       # tr.json is en.json copied: its sentences are untranslated too.
                       {(MANIFEST, "platform-mix"), ("widget/i18n/tr.json", "i18n-untranslated")}),
}


@pytest.mark.parametrize("case", WARNED)
def test_warning_passes_the_check(npm_widget, case):
    variant, mutate, expected = WARNED[case]
    project = npm_widget(variant)
    mutate(project)
    out = node(project, "check")
    assert out.returncode == 0, out.stdout
    assert errors(out.stdout) == set()
    found = warnings(out.stdout)
    if variant in ANSWERS_UNTRANSLATED:  # the variant's own untranslated answers (test_every_variant_passes)
        found = {(file, rule) for file, rule in found if rule != "i18n-untranslated"}
    assert found == expected
    if variant not in ANSWERS_UNTRANSLATED:
        assert out.stdout.splitlines()[-1] == f"check: 0 errors, {len(expected)} warning{'s' if len(expected) > 1 else ''} in widget/"


def test_version_not_bumped_since_pack_is_a_warning(npm_widget):
    project = npm_widget("defaults")
    assert node(project, "pack").returncode == 0
    assert warnings(node(project, "check").stdout) == set()
    edit_text(project / "widget/style.css", "font-size: 14px", "font-size: 15px")
    out = node(project, "check")
    assert out.returncode == 0
    assert warnings(out.stdout) == {(MANIFEST, "version-bump")}
    assert "--bump patch" in out.stdout


def test_json_output(npm_widget):
    project = npm_widget("defaults")
    locations(lambda l: l.append("lcard-0"))(project)
    out = node(project, "check", "--json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert [(p["file"], p["severity"], p["rule"]) for p in report["problems"]] == [(MANIFEST, "error", "location-pair")]
    assert report["summary"] == "check: 1 error, 0 warnings in widget/"


# --- the conflicts guard: npm run check reports what tools/conflicts.js (the pre-commit hook) finds

def test_check_and_the_conflicts_command_find_the_same_leftovers(npm_widget):
    project = npm_widget("defaults")
    readme = project / "README.md"
    # A Markdown underline is no conflict.
    readme.write_text(readme.read_text() + "\nTitle\n=======\n")
    assert node(project, "conflicts").returncode == 0
    assert node(project, "check").returncode == 0
    start = len(readme.read_text().splitlines()) + 1
    readme.write_text(readme.read_text() + "<<<<<<< before updating\na\n=======\nb\n>>>>>>> after updating\n")
    (project / "widget" / "style.css.orig").write_text("old\n")
    found = node(project, "conflicts")
    assert found.returncode == 1
    assert f"README.md: conflict markers at lines {start}, {start + 2}, {start + 4}" in found.stderr
    assert "widget/style.css.orig" in found.stderr
    checked = node(project, "check")
    assert checked.returncode == 1
    assert f"README.md:{start}: error conflict-marker" in checked.stdout
    assert "widget/style.css.orig: error leftover-file" in checked.stdout


# --- the schema, for editors and for check ------------------------------------------------------

def test_schema_is_mapped_for_editors_and_lists_every_location(npm_widget):
    project = npm_widget("defaults")
    mapping = json.loads((project / ".vscode/settings.json").read_text())["json.schemas"]
    assert [m["fileMatch"] for m in mapping] == [["/widget/manifest.json"]]
    schema = json.loads((project / mapping[0]["url"]).read_text())
    listed = schema["properties"]["locations"]["items"]["enum"]
    expected = [f"{code}-{s}" for code, loc in RULES["locations"].items() if loc["suffix"] for s in ("1", "0")]
    expected += list(RULES["locations"])  # cards and lists without a suffix too: the platform reads -1
    assert sorted(listed) == sorted(expected)
    assert schema["definitions"]["setting"]["properties"]["type"]["enum"] == RULES["setting_types"]
    blocks = {loc["block"] for loc in RULES["locations"].values() if "block" in loc}
    assert {rule["then"]["required"][0] for rule in schema["allOf"]} == blocks


def test_without_npm_install_says_so(variant_dirs, tmp_path):
    project = tmp_path / "fresh"
    shutil.copytree(variant_dirs["defaults"], project)
    for tool in ("check", "pack"):
        out = node(project, tool)
        assert out.returncode == 2
        assert out.stderr.startswith(f"{tool}: the toolkit's package ")
        assert out.stderr.rstrip().endswith("is not installed: run npm install, then try again")
    assert not (project / "dist").exists()



def test_a_broken_platform_model_ends_in_one_line_with_the_fix(npm_widget):
    """tools/platform.json that does not parse (a bad merge, a stray edit): check and pack end at
    once with one line saying how to get the file back, never "internal error" nor a hang."""
    project = npm_widget("defaults")
    (project / "tools" / "platform.json").write_text("{\n", encoding="utf-8")
    for tool in ("check", "pack"):
        out = node(project, tool, timeout=60)
        assert out.returncode == 2, out.stdout + out.stderr
        [line] = out.stderr.splitlines()
        assert line.startswith(f"{tool}: tools/platform.json does not parse ("), line
        assert "git checkout -- tools/platform.json" in line and "internal error" not in line
        assert "copier update" not in line
    assert not (project / "dist").exists()

# --- rule kinds: every rule has one, shown on its line and in the widget's README --------------

def test_every_rule_has_its_kind_in_the_readme_table(npm_widget):
    project = npm_widget("defaults")
    kinds = json.loads(subprocess.run(
        ["node", "-e", "process.stdout.write(JSON.stringify(require('./tools/lib/kinds.js').RULES))"],
        cwd=project, capture_output=True, text=True, check=True).stdout)
    table = {}
    for line in (project / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[1] in ("platform", "moderation", "convention"):
            for rule in re.findall(r"`([a-z0-9-]+)`", cells[0]):
                table[rule] = cells[1]
    assert table == kinds
    # Every rule a check rule reports is one of them (the source names each rule in quotes).
    reported = set()
    for source in (project / "tools" / "lib").rglob("*.js"):
        reported |= set(re.findall(r"report\.(?:error|warn)\([^,]+, '([a-z0-9-]+)'", source.read_text(encoding="utf-8")))
    assert reported <= set(kinds), reported - set(kinds)


def test_json_output_names_the_kind(npm_widget):
    project = npm_widget("defaults")
    script(INIT_BODY, INIT_BODY + "        console.log('init');\n")(project)
    report = json.loads(node(project, "check", "--json").stdout)
    assert [(p["rule"], p["kind"], p["severity"]) for p in report["problems"]] == [("no-console", "moderation", "warning")]
