"""Widgets as teams write them, judged as the platform judges them (amo-widget-platform.md §9).

Each case is a small widget written for this test (no public widget's code): what the platform
runs gets no error from `npm run check` and passes `npm test`; a real defect is reported by both,
once, with advice that works.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from helpers import edit_json, errors, node, problems, warnings
from test_npm_test import run_tests, summary
from variants import RULES

pytestmark = pytest.mark.npm

MANIFEST = "widget/manifest.json"
SCRIPT = "widget/script.js"


def manifest(locations=("lcard",), **extra) -> dict:
    return {
        "widget": {
            "name": "widget.name", "description": "widget.description", "short_description": "widget.short_description",
            "version": "1.0.0", "interface_version": 2, "init_once": False, "locale": ["en"], "installation": True,
            "support": {"link": "https://example.com/help", "email": "help@example.com"},
        },
        "locations": list(locations),
        **extra,
    }


TEXTS = {"widget": {"name": "Small", "description": "A small widget", "short_description": "Small"},
         "bot": {"send": "Send a note", "text": "Text"}}


def callbacks_script(body: str, deps: str = "['jquery', 'underscore']", args: str = "$, _", preamble: str = "") -> str:
    """script.js: define(deps, function (args) { preamble; return function () { this.callbacks = {body}; } })."""
    return f"""{preamble}define({deps}, function ({args}) {{
  return function () {{
    var self = this;
    this.callbacks = {{
{body}
    }};
    return this;
  }};
}});
"""


LIFECYCLE = """      render: function () { return true; },
      init: function () { return true; },
      bind_actions: function () { return true; },
      destroy: function () {}"""


@pytest.fixture
def small_widget(npm_widget):
    """A project whose widget/ holds only what the test writes (plus valid logos)."""

    def _make(files: dict[str, str | bytes], the_manifest: dict | None = None) -> Path:
        project = npm_widget("defaults")
        widget = project / "widget"
        logos = {p.name: p.read_bytes() for p in (widget / "images").glob("*.png")}
        shutil.rmtree(widget)
        (widget / "i18n").mkdir(parents=True)
        (widget / "images").mkdir()
        for name, data in logos.items():
            (widget / "images" / name).write_bytes(data)
        the_manifest = the_manifest or manifest()
        if "digital_pipeline" in the_manifest["locations"]:
            logo = next(l for l in RULES["logos"] if l["file"] == "logo_dp.png")
            Image.new("RGB", (logo["width"], logo["height"]), "#336699").save(widget / "images" / "logo_dp.png")
        (widget / "manifest.json").write_text(json.dumps(the_manifest, indent=2), encoding="utf-8")
        (widget / "i18n" / "en.json").write_text(json.dumps(TEXTS), encoding="utf-8")
        for rel, data in files.items():
            (widget / rel).parent.mkdir(parents=True, exist_ok=True)
            (widget / rel).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return project

    return _make


def passes(project: Path) -> tuple[list[dict], str]:
    """check has no error and npm test passes; returns check's problems and npm test's output."""
    checked = node(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert errors(checked.stdout) == set(), checked.stdout
    tested = run_tests(project)
    assert tested.returncode == 0, tested.stdout[-6000:] + tested.stderr[-2000:]
    counts = summary(tested.stdout)
    assert counts["fail"] == 0 and counts["pass"] > 0, tested.stdout[-4000:]
    return problems(checked.stdout), tested.stdout


# --- no false alarms -------------------------------------------------------------------------------

ACCEPTED = {
    "suffix-less locations": (
        {"script.js": callbacks_script(LIFECYCLE + ",\n      leads: { selected: function () { return true; } }")},
        manifest(["lcard", "ccard", "llist"]), set()),
    "no destroy": (
        {"script.js": callbacks_script(LIFECYCLE.replace(",\n      destroy: function () {}", ""))},
        None, {(SCRIPT, "destroy-missing")}),
    "digital_pipeline without dpSettings": (
        {"script.js": callbacks_script(LIFECYCLE)},
        manifest(["lcard", "digital_pipeline"], dp={"settings": {}, "webhook_url": "https://example.com/dp"}),
        {(SCRIPT, "callback-location")}),
    "init built with _.bind": (
        {"script.js": callbacks_script(LIFECYCLE.replace(
            "init: function () { return true; }", "init: _.bind(function () { this.ready = true; return true; }, this)"))},
        None, set()),
    "window listener and APP members in init, legacy AMOCRM notifications": (
        {"script.js": callbacks_script(LIFECYCLE.replace("init: function () { return true; }", """init: function () {
        window.addEventListener('message', onMessage);
        var facts = [APP.widgets.system.area, APP.system.subdomain, APP.cf_types.text, APP.element_types.leads];
        AMOCRM.addNotificationCallback(self.get_settings().widget_code, function () {});
        return facts.length === 4;
      }""").replace("destroy: function () {}", "destroy: function () { window.removeEventListener('message', onMessage); }"),
            preamble="function onMessage() {}\n")},
        None, {(SCRIPT, "amocrm-global")}),
    "module code reading the global self, a module path from localStorage": (
        {"script.js": callbacks_script(LIFECYCLE.replace("render: function () { return true; }", "render: function () { return main.ready; }"),
                                       deps="[localStorage.getItem('small_dev') ? 'https://localhost:8080/main.js' : './parts/main.js']",
                                       args="main", preamble="var chunks = (self.smallChunks = self.smallChunks || []);\n"),
         "parts/main.js": "define([], function () { return { ready: true }; });\n"},
        None, set()),
    "text! and json! of its own files, backbone and es6promise": (
        {"script.js": """define(['jquery', 'text!./templates/hello.twig', 'json!./manifest.json', 'backbone', 'es6promise'],
function ($, hello, own, Backbone, es6) {
  return function () {
    var self = this;
    var Note = Backbone.Model.extend({});
    this.callbacks = {
      render: function () {
        if (own.widget.version !== self.get_version() || hello.indexOf('{{ version }}') === -1) {
          throw new Error('text! or json! gave another file');
        }
        $('body').attr('data-small', self.render({ data: hello }, { version: own.widget.version }) + new Note({ a: 1 }).get('a'));
        return typeof es6.Promise === 'function';
      },
      init: function () { return true; },
      bind_actions: function () { return true; },
      destroy: function () { $('body').removeAttr('data-small'); }
    };
    return this;
  };
});
""",
         "templates/hello.twig": "v{{ version }}"},
        None, set()),
    "a control's sub-template by ref": (
        {"script.js": callbacks_script(LIFECYCLE.replace("render: function () { return true; }", """render: function () {
        self.render({ ref: '/tmpl/controls/checkboxes_dropdown/item.twig' }, { item: { id: 1, option: 'One' } });
        return true;
      }"""))},
        None, set()),
    "salesbot_designer.logo beside the handlers": (
        {"script.js": callbacks_script(LIFECYCLE + """,
      onSalesbotDesignerSave: function (handler, params) { return JSON.stringify([{ question: [{ handler: handler }] }]); },
      salesbotDesignerSettings: function ($body, renderRow, params) { return true; }""")},
        manifest(["lcard", "salesbot_designer"], salesbot_designer={
            "logo": "/images/logo.png",
            "send": {"name": "bot.send", "settings": {"text": {"name": "bot.text", "type": "text", "manual": True}}}}),
        set()),
    "documented self methods, APP.notifications and APP.router": (
        {"script.js": callbacks_script(LIFECYCLE.replace("init: function () { return true; }", """init: function () {
        self.add_action('phone', function (data) { return data; });
        self.add_source('sms', function (params) { return params; });
        self.set_status('installed');
        self.widgetsOverlay(false);
        self.set_lang({ widget: { name: 'Small' } });
        APP.notifications.show_message({ header: 'Small', text: 'ready' });
        APP.notifications.add_error({ header: 'Small', text: 'none' });
        APP.notifications.add_call({ text: 'call' });
        APP.router.navigate('/leads/detail/7001', { trigger: false });
        return true;
      }"""))},
        None, set()),
    "CRLF inside an SVG image": (
        {"script.js": callbacks_script(LIFECYCLE, preamble="var ICON = '/images/icon.svg';\n"),
         "images/icon.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">\r\n<rect width="8" height="8"/>\r\n</svg>\r\n'},
        None, set()),
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_what_the_platform_runs_gets_no_error(small_widget, case):
    files, the_manifest, expected_warnings = ACCEPTED[case]
    project = small_widget(files, the_manifest)
    found, _ = passes(project)
    assert {(p["file"], p["rule"]) for p in found} == expected_warnings
    assert all(p["kind"] == "convention" for p in found), found


def test_async_callbacks_are_reported_as_promises(small_widget):
    project = small_widget({"script.js": callbacks_script(LIFECYCLE.replace(
        "init: function () { return true; }", "init: async function () { return true; }") + ",\n      onSave: async function () { return true; }")})
    found, tested = passes(project)
    said = [p["message"] for p in found if p["rule"] == "returns-true"]
    # One runner: check says what npm test says.
    assert said and all("returned a Promise, not true" in message for message in said), found
    assert not any("{}" in p["message"] for p in found)
    assert "callbacks.init() returned a Promise, not true" in tested
    assert "returned {}" not in tested


def test_an_unknown_app_member_is_named(small_widget):
    project = small_widget({"script.js": callbacks_script(LIFECYCLE.replace(
        "init: function () { return true; }", "init: function () { return !APP.nonesuch; }"))})
    _, tested = passes(project)
    assert "APP.nonesuch is not a member of the CRM's APP" in tested


def test_a_crm_module_or_a_cdn_library_the_emulator_lacks_is_a_warning_and_the_rest_runs(small_widget):
    project = small_widget({"script.js": callbacks_script(LIFECYCLE.replace(
        "render: function () { return true; }",
        "render: function () { return typeof Confirm === 'function' && typeof Chart === 'function' && parts.ready; }"),
        deps="['lib/components/base/confirm', 'https://cdn.example.com/chart.min.js', './parts.js']", args="Confirm, Chart, parts"),
        "parts.js": "define(['lib/components/base/select'], function (Select) { return { ready: typeof Select === 'function' }; });\n"})
    found, tested = passes(project)
    said = {p["message"] for p in found if p["rule"] == "script-amd"}
    assert all(p["severity"] == "warning" for p in found), found
    assert len(said) == 3, found
    for module in ("lib/components/base/confirm", "https://cdn.example.com/chart.min.js", "lib/components/base/select"):
        assert any(f"requires {module}, which the emulator does not model" in m for m in said), said
    assert any(m.startswith("widget/parts.js requires lib/components/base/select") for m in said), said
    assert "which the emulator does not model" in tested


# --- no toolkit crash ------------------------------------------------------------------------------

def test_a_module_the_page_lacks_gets_the_loaders_message_only(small_widget):
    project = small_widget({"script.js": callbacks_script(LIFECYCLE, deps="['jquery', './list.js']", args="$, List"),
                            "list.js": "define(['charts-lib'], function (charts) { return { charts: charts }; });\n"})
    tested = run_tests(project)
    assert tested.returncode != 0
    failures = {line.strip() for line in tested.stdout.splitlines() if line.strip().startswith("error: ") and "subtest" not in line}
    assert len(failures) == 1, failures
    assert "widget/list.js requires charts-lib, which the CRM's page does not provide" in failures.pop()
    assert "abort" not in tested.stdout + tested.stderr


# --- defects it reports ----------------------------------------------------------------------------

def test_an_arrow_callback_calling_a_missing_helper_is_reported_by_check_and_npm_test(small_widget):
    arrow = """      render: () => { this.drawPanel(); return true; },
      init: () => true,
      bind_actions: () => true,
      destroy: () => {}"""
    project = small_widget({"script.js": callbacks_script(arrow)})
    checked = node(project, "check")
    assert checked.returncode == 1
    assert errors(checked.stdout) == {(SCRIPT, "script-run")}
    assert "this.drawPanel is not a function" in checked.stdout
    tested = run_tests(project)
    assert tested.returncode != 0
    assert "callbacks.render() threw TypeError: this.drawPanel is not a function" in tested.stdout


def test_one_fault_in_several_locations_is_one_line_naming_them_with_the_widgets_line(small_widget):
    arrow = """      render: () => { this.drawPanel(); return true; },
      init: () => true,
      bind_actions: () => true,
      destroy: () => {}"""
    project = small_widget({"script.js": callbacks_script(arrow)}, manifest(["lcard", "ccard", "llist"]))
    checked = node(project, "check")
    found = problems(checked.stdout)
    thrown = [p for p in found if "this.drawPanel is not a function" in p["message"]]
    assert len(thrown) == 1, checked.stdout
    assert thrown[0]["line"] == "5", checked.stdout  # render's line in script.js
    assert all(location in thrown[0]["message"] for location in ("lcard", "ccard", "llist")), thrown
    project = small_widget({"script.js": callbacks_script(LIFECYCLE.replace(
        "init: function () { return true; }", "init: async function () { return true; }"))}, manifest(["lcard", "ccard", "llist"]))
    promised = [p for p in problems(node(project, "check").stdout) if p["rule"] == "returns-true"]
    assert len(promised) == 1, promised
    assert all(location in promised[0]["message"] for location in ("lcard", "ccard", "llist")), promised


def test_a_widget_without_destroy_passes_npm_test_with_a_note(small_widget):
    body = LIFECYCLE.replace(",\n      destroy: function () {}", "").replace(
        "render: function () { return true; }", "render: function () { $('body').append('<div class=\"small-note\"></div>'); return true; }")
    body += ",\n      settings: function () { return true; },\n      onSave: function () { return true; }"
    project = small_widget({"script.js": callbacks_script(body)}, manifest(["lcard", "settings"]))
    found, tested = passes(project)
    assert {(p["file"], p["rule"]) for p in found} == {(SCRIPT, "destroy-missing")}
    assert "Disable calls onSave with active N, then destroy" in tested
    assert "script.js has no callbacks.destroy: nothing undoes what render, bind_actions and init did in lcard (1 left behind)" in tested
    assert "script.js has no callbacks.destroy: the CRM would call it after onSave on disabling" in tested


def test_minified_own_code_is_moderation_naming_the_file_and_vendor_is_excepted(small_widget):
    minified = "define([],function(){var a=1;" + "".join(f"function f{i}(b){{return b+{i}}}" for i in range(300)) + "return{a:a}});\n"
    project = small_widget({"script.js": callbacks_script(LIFECYCLE, deps="['./lib/helpers.js', './vendor/chart.min.js']", args="h, c"),
                            "lib/helpers.js": minified, "vendor/chart.min.js": minified})
    out = node(project, "check")
    assert out.returncode == 0, out.stdout
    assert warnings(out.stdout) == {("widget/lib/helpers.js", "minified")}
    line = next(p for p in problems(out.stdout) if p["rule"] == "minified")
    assert line["kind"] == "moderation" and "widget/vendor/" in line["message"]


def test_minified_code_split_in_lines_is_caught_and_readable_code_with_long_lines_is_not(small_widget):
    minified = "define([],function(){var a=1;" + "".join(f"function f{i}(b){{return b+{i}}}" for i in range(120)) + "return{a:a}});"
    split = "\n".join(minified[i:i + 400] for i in range(0, len(minified), 400)) + "\n"
    readable = "define([], function () {\n  'use strict';\n" + "".join(
        f"  // Step {i}: adds {i}.\n  function step{i}(value) {{\n    return value + {i};\n  }}\n" for i in range(40)) + \
        "  var banner = '" + "x" * 600 + "';\n  return { banner: banner, step0: step0 };\n});\n"
    project = small_widget({"script.js": callbacks_script(LIFECYCLE, deps="['./lib/split.js', './lib/readable.js', './vendor/split.js']", args="s, r, v"),
                            "lib/split.js": split, "lib/readable.js": readable, "vendor/split.js": split})
    out = node(project, "check")
    assert warnings(out.stdout) == {("widget/lib/split.js", "minified")}, out.stdout


def test_a_root_class_ending_in_a_hyphen_is_a_prefix_of_every_class(small_widget):
    project = small_widget({"script.js": callbacks_script(LIFECYCLE),
                            "style.css": ".oldw-panel { color: red; }\n.oldw-button--big span { margin: 0; }\n.crm-card { padding: 0; }\n"})
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    package["widget"]["root_class"] = "oldw-"
    (project / "package.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    out = node(project, "check")
    scope = [p for p in problems(out.stdout) if p["rule"] == "css-scope"]
    assert len(scope) == 1 and '".crm-card"' in scope[0]["message"], out.stdout


def test_a_png_saved_as_svg_is_named_a_png(small_widget):
    project = small_widget({"script.js": callbacks_script(LIFECYCLE)})
    Image.new("RGB", (16, 16), "red").save(project / "widget/images/menu.svg", "PNG")
    out = node(project, "check")
    assert errors(out.stdout) == {("widget/images/menu.svg", "image-format")}
    message = next(p["message"] for p in problems(out.stdout) if p["rule"] == "image-format")
    assert "is a PNG image" in message and "menu.png" in message
    assert "UTF-8" not in out.stdout


def test_an_email_as_support_link_is_one_message(small_widget):
    the_manifest = manifest()
    the_manifest["widget"]["support"]["link"] = "help@example.com"
    project = small_widget({"script.js": callbacks_script(LIFECYCLE)}, the_manifest)
    out = node(project, "check")
    lines = [p for p in problems(out.stdout) if p["file"] == MANIFEST]
    assert len(lines) == 1, out.stdout
    assert "widget.support.link" in lines[0]["message"]


def test_load_failures_say_nothing_of_loader_internals(small_widget):
    project = small_widget({"script.js": callbacks_script(LIFECYCLE, deps="['json!./config.json']", args="config")})
    tested = run_tests(project)
    assert tested.returncode != 0
    said = {line.strip() for line in tested.stdout.splitlines() if line.strip().startswith("error: ") and "subtest" not in line}
    assert {line[len('error: '):].strip("'\"") for line in said} == {
        "widget/script.js requires json!./config.json: widget/config.json does not exist: add it, or fix the path"}
    checked = node(project, "check")
    assert errors(checked.stdout) == {(SCRIPT, "script-amd")}
    # One runner: check says what npm test says.
    assert "widget/script.js requires json!./config.json: widget/config.json does not exist: add it, or fix the path" in checked.stdout
    assert "_unnormalized" not in checked.stdout and "file://" not in checked.stdout


# --- moderation: unused files and untranslated texts ----------------------------------------------

def test_unused_files_are_named_and_every_way_a_widget_uses_a_file_counts(small_widget):
    script = callbacks_script(LIFECYCLE.replace("render: function () { return true; }", """render: function () {
        $('body').attr('data-small', main.ready + hello.length);
        return true;
      }"""), deps="['jquery', './parts/main.js', 'text!./templates/hello.twig', './vendor/chart/chart.min.js']",
        args="$, main, hello, Chart", preamble="""function assets(self, state) {
  return [self.params.path + '/lib/loader.js', self.params.path + '/images/status_' + state + '.svg'];
}
function drawCard(getTemplate) { return getTemplate('card'); }
function icon(name) { return name + '.png'; }
""")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>\n'
    files = {
        "script.js": script,
        "parts/main.js": "define([], function () { return { ready: true }; });\n",
        "templates/hello.twig": "<div class=\"w-my-widget\">{% include 'templates/row.twig' %}</div>",
        "templates/row.twig": "<span>{{ text }}</span>",
        "templates/card.twig": "<div class=\"w-my-widget__card\"></div>",
        "lib/loader.js": "define([], function () { return {}; });\n",
        "images/status_ok.svg": svg, "images/arrow.png": b"not read", "images/status_fail.svg": svg, "images/bg.svg": svg,
        "style.css": ".w-my-widget { background: url(images/bg.svg); }\n",
        "vendor/chart/chart.min.js": "define([], function () { return function Chart() {}; });\n//# sourceMappingURL=chart.min.js.map\n",
        "vendor/chart/chart.min.js.map": "{}",
        "vendor/chart/chart.js": "define([], function () { return function Chart() {}; });\n",
        "vendor/chart/LICENSE": "MIT\n",
        # Nothing uses these:
        "old/script_backup.js": "define([], function () { return {}; });\n",
        "notes.txt": "to do\n",
        "images/banner_unused.svg": svg,
        "templates/legacy.twig": "<p>old</p>",
        "vendor/oldlib/oldlib.js": "var oldlib = 1;\n",
    }
    project = small_widget(files)
    out = node(project, "check")
    assert out.returncode == 0, out.stdout + out.stderr
    unused = {"widget/old/script_backup.js", "widget/notes.txt", "widget/images/banner_unused.svg",
              "widget/templates/legacy.twig", "widget/vendor/oldlib/oldlib.js"}
    # The source map is never zipped at all: the upload set names it (upload-excluded), not this rule.
    left_out = ("widget/vendor/chart/chart.min.js.map", "upload-excluded")
    assert warnings(out.stdout) == {(file, "unused-file") for file in unused} | {left_out}, out.stdout
    assert all(p["kind"] == "moderation" for p in problems(out.stdout) if p["rule"] == "unused-file")
    # For the Marketplace they are errors, and pack refuses.
    edit_json(project / "package.json", lambda p: p["widget"].update(marketplace=True))
    out = node(project, "check")
    assert out.returncode == 1
    assert errors(out.stdout) == {(file, "unused-file") for file in unused}, out.stdout
    # Deleted, nothing is left to report.
    for file in unused | {left_out[0]}:
        (project / file).unlink()
    assert problems(node(project, "check").stdout) == []


def test_dot_files_of_an_existing_folder_are_neither_checked_nor_packed(small_widget):
    import io
    import zipfile

    project = small_widget({"script.js": callbacks_script(LIFECYCLE), ".git/HEAD": "ref: refs/heads/main\n",
                            ".gitignore": "*.log\n", ".eslintrc.json": "{}"})
    out = node(project, "check")
    assert problems(out.stdout) == [], out.stdout
    assert node(project, "pack").returncode == 0
    names = zipfile.ZipFile(io.BytesIO((project / "dist" / "widget.zip").read_bytes())).namelist()
    assert not [name for name in names if name.split("/")[-1].startswith(".") or name.startswith(".git")], names


def test_texts_left_in_english_are_named_and_names_links_and_short_labels_are_not(small_widget):
    english = {"widget": {"name": "Small Notes Pro", "description": "Keeps notes beside every lead card",
                          "short_description": "Notes for leads"},
               "bot": {"send": "Send the note", "text": "Text", "help": "https://example.com/help/notes-guide",
                       "count": "{{ count }} {{ unit }} %s", "mail": "Write to us: help@example.com"}}
    russian = {"widget": {"name": "Small Notes Pro", "description": "Заметки рядом с карточкой сделки",
                          "short_description": "Notes for leads"},
               "bot": {"send": "Send the note", "text": "Text", "help": "https://example.com/help/notes-guide",
                       "count": "{{ count }} {{ unit }} %s", "mail": "Write to us: help@example.com"}}
    spanish = json.loads(json.dumps(russian))
    spanish["widget"].update(description="Notas junto a cada tarjeta", short_description="Notas de tratos")
    spanish["bot"].update(send="Enviar una nota", mail="Escriba a help@example.com")
    del spanish["bot"]["text"]
    the_manifest = manifest()
    the_manifest["widget"]["locale"] = ["en", "ru", "es"]
    project = small_widget({"script.js": callbacks_script(LIFECYCLE), "i18n/ru.json": json.dumps(russian, ensure_ascii=False),
                            "i18n/es.json": json.dumps(spanish, ensure_ascii=False)}, the_manifest)
    (project / "widget/i18n/en.json").write_text(json.dumps(english, indent=2), encoding="utf-8")
    out = node(project, "check")
    found = [p for p in problems(out.stdout) if p["rule"] == "i18n-untranslated"]
    assert [(p["file"], p["severity"], p["kind"]) for p in found] == [("widget/i18n/ru.json", "warning", "moderation")], out.stdout
    message = found[0]["message"]
    assert '"widget.short_description", "bot.send", "bot.mail" are the English text of en.json' in message, message
    for key in ("widget.name", "bot.text", "bot.help", "bot.count", "widget.description"):
        assert f'"{key}"' not in message
    # A key missing from a locale is the platform's i18n-keys error, not an untranslated text.
    assert errors(out.stdout) == {("widget/i18n/es.json", "i18n-keys")}, out.stdout
