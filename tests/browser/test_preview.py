"""`npm run dev` of generated widgets in Chromium: the preview page runs the widget through the SDK
emulator as the CRM would, and the developer's edits reload it.

Each test generates a widget, starts its dev server on 127.0.0.1 and drives the page as a developer
does: the area, language and theme switchers, the settings modal, list rows, the side panel.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from PIL import Image

from browser.preview_page import assert_clean, calls, choose_area, emulator_errors, wait_until_loaded

pytestmark = [pytest.mark.browser, pytest.mark.npm]

# What each system control draws (the CRM's class names), to find it in the widget's block.
CONTROL_SELECTORS = {
    "input": "input.control-input",
    "textarea": "textarea.control-textarea",
    "suggest": ".control--suggest--wrapper",
    "select": ".control--select",
    "radio": ".control-radio-group",
    "multiselect": ".control-multiselect",
    "date_field": ".date_field_wrapper",
    "checkbox": "label.control-checkbox",
    "checkboxes_dropdown": ".js-control-checkboxes_dropdown",
    "button": "button.button-input",
}


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def answers(project: Path) -> dict:
    """The variant's answers as Copier stored them."""
    return yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))


def widget_block(page):
    code = page.evaluate("window.preview.emulator.widget.params.widget_code")
    return page.locator(f"#widgets_block .card-widgets__widget-{code}")


def alert_text(page) -> str:
    return page.evaluate("document.getElementById('crm-alert').hidden ? '' : document.getElementById('crm-alert').textContent")


def distinct_colours(png: Path) -> int:
    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24)
    return len(colours)


@pytest.mark.parametrize("variant", ["defaults", "kommo-defaults"])
def test_card_block_switchers_and_screenshot(variant, npm_widget, dev_server, open_preview, tmp_path):
    project = npm_widget(variant)
    manifest = read_json(project / "widget" / "manifest.json")
    chosen = answers(project)
    page = open_preview(dev_server(project).url)
    assert page.evaluate("window.preview.state") == "ready"
    assert_clean(page)

    # The CRM's modules, by the platform's ids, for the widget to require.
    assert page.evaluate("""new Promise((resolve) => requirejs(
        ['jquery', 'underscore', 'moment', 'twigjs', 'lib/components/base/modal'],
        ($, _, moment, Twig, Modal) => resolve([typeof $.ajax, typeof _.map, typeof moment().format,
          typeof Twig.twig, typeof Modal])))""") == ["function"] * 5

    # The switchers offer exactly the manifest's areas and languages.
    assert page.eval_on_selector_all("#pv-area option", "(options) => options.map((o) => o.value)") == manifest["locations"]
    assert page.eval_on_selector_all("#pv-locale option", "(options) => options.map((o) => o.value)") == manifest["widget"]["locale"]

    # The lead card's right panel holds the widget's block with the chosen controls, in the first language.
    locale = manifest["widget"]["locale"][0]
    texts = read_json(project / "widget" / "i18n" / f"{locale}.json")
    assert page.evaluate("window.preview.emulator.location") == "lcard-1"
    block = widget_block(page)
    block.wait_for()
    assert chosen["controls"], "the default variants draw controls"
    for control in chosen["controls"]:
        assert block.locator(CONTROL_SELECTORS[control]).count() == 1, control
    assert texts["panel"]["intro"] in block.inner_text()
    assert block.locator("button.button-input").inner_text().strip() == texts["controls"]["button"]
    # ...drawn as the CRM draws them: a blue 36 px button in the platform's accent colour.
    assert block.locator("button.button-input").evaluate(
        "(button) => [getComputedStyle(button).height, getComputedStyle(button).backgroundColor === "
        "getComputedStyle(document.querySelector('.crm-nav__item_active')).borderLeftColor]") == ["36px", True]

    # Leaving the lead card calls destroy, entering the contact card render, bind_actions, init.
    before = len(calls(page))
    choose_area(page, "ccard-1")
    assert calls(page)[before:] == ["destroy@lcard-1", "render@ccard-1", "bind_actions@ccard-1", "init@ccard-1"]
    widget_block(page).wait_for()
    assert "area=ccard-1" in page.url
    assert page.locator(".crm-head__title").inner_text() == "John Smith"

    # Dark theme: the CRM's surfaces change colour, and the choice outlives a reload.
    light = page.evaluate("getComputedStyle(document.querySelector('.card-entity-form')).backgroundColor")
    page.click("#pv-theme")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark = page.evaluate("getComputedStyle(document.querySelector('.card-entity-form')).backgroundColor")
    assert dark != light

    # Another language reloads the page with the widget's texts of that language, in the same area.
    others = manifest["widget"]["locale"][1:]
    if others:
        with page.expect_navigation():
            page.select_option("#pv-locale", others[0])
        wait_until_loaded(page)
        other_texts = read_json(project / "widget" / "i18n" / f"{others[0]}.json")
        assert page.evaluate("window.preview.emulator.location") == "ccard-1"
        assert other_texts["panel"]["intro"] in widget_block(page).inner_text()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    else:
        assert page.is_disabled("#pv-locale")

    shot = tmp_path / "preview.png"
    page.screenshot(path=str(shot))
    assert distinct_colours(shot) > 200, "the screenshot is (nearly) blank"
    assert_clean(page)


def test_settings_modal_saves_disables_and_persists(npm_widget, dev_server, open_preview):
    project = npm_widget("defaults")
    page = open_preview(dev_server(project).url)

    page.click("#pv-settings")
    page.wait_for_function("window.preview.emulator.location === 'settings' && !window.preview.busy")
    modal = page.locator(".modal.widget-settings")
    modal.locator('input[name="api_key"]').fill("key-typed-in-the-modal")
    modal.locator(".js-widget-save").click()
    page.wait_for_function("window.preview.emulator.history.some((e) => e.callback === 'onSave')")
    on_save = page.evaluate("window.preview.emulator.history.filter((e) => e.callback === 'onSave').map((e) => e.args[0])")
    assert on_save == [{"fields": {"api_key": "key-typed-in-the-modal"}, "active": "Y"}]

    # The CRM keeps saved settings: after a reload the modal shows them, and the widget reads them.
    page.wait_for_function("localStorage.length > 0 && Object.values(localStorage).some((v) => v.includes('key-typed-in-the-modal'))")
    page.reload()
    wait_until_loaded(page)
    assert page.evaluate("window.preview.emulator.location") == "settings"
    assert page.locator('.modal.widget-settings input[name="api_key"]').input_value() == "key-typed-in-the-modal"
    assert page.evaluate("window.preview.emulator.widget.get_settings().api_key") == "key-typed-in-the-modal"

    # Disable: onSave with active N, then destroy; the widget no longer runs in cards.
    page.locator(".modal.widget-settings .js-widget-uninstall").click()
    page.wait_for_function("window.preview.emulator.history.some((e) => e.callback === 'onSave' && e.args[0].active === 'N')")
    page.wait_for_function("document.getElementById('crm-alert').textContent.includes('disabled')")
    assert calls(page)[-2:] == ["onSave@settings", "destroy@settings"]
    page.reload()
    wait_until_loaded(page)
    page.select_option("#pv-area", "lcard-1")
    page.wait_for_function("document.getElementById('crm-alert').textContent.includes('not installed')")
    assert page.evaluate("window.preview.emulator.location") is None
    assert_clean(page)


def test_editing_widget_files_reloads_the_page(npm_widget, dev_server, open_preview):
    project = npm_widget("defaults")
    page = open_preview(dev_server(project).url)
    root = page.evaluate("'w-' + window.preview.emulator.widget.params.widget_code.replace(/_/g, '-')")
    # RequireJS asks for the widget's modules with a new query on every load, so no cache serves old code.
    modules = []
    page.on("request", lambda request: modules.append(request.url) if re.search(r"/widget/\w+\.js\?", request.url) else None)

    style = project / "widget" / "style.css"
    with page.expect_navigation():
        style.write_text(style.read_text(encoding="utf-8") + f"\n.{root} .{root}__intro {{\n  color: rgb(1, 2, 3);\n}}\n", encoding="utf-8")
    wait_until_loaded(page)
    assert page.evaluate(f"getComputedStyle(document.querySelector('.{root}__intro')).color") == "rgb(1, 2, 3)"

    twig = project / "widget" / "templates" / "panel.twig"
    source = twig.read_text(encoding="utf-8")
    with page.expect_navigation():
        twig.write_text(source.replace("{{ lang.intro }}", f'{{{{ lang.intro }}}} <b class="{root}__edited">edited</b>'), encoding="utf-8")
    wait_until_loaded(page)
    assert widget_block(page).locator(f".{root}__edited").inner_text() == "edited"
    loads = [re.search(r"/widget/(\w+\.js)\?preview=(\d+)$", url).groups() for url in modules]
    assert [name for name, _ in loads] == ["script.js", "templates.js"] * 2
    assert len({stamp for _, stamp in loads}) == 2

    texts_file = project / "widget" / "i18n" / "ru.json"
    texts = read_json(texts_file)
    texts["panel"]["intro"] = "Текст после правки"
    with page.expect_navigation():
        texts_file.write_text(json.dumps(texts, ensure_ascii=False, indent=2), encoding="utf-8")
    wait_until_loaded(page)
    assert "Текст после правки" in widget_block(page).inner_text()
    assert_clean(page)


# A widget that subscribes to its card's socket channel, posts through the CRM three times at once,
# asks its own server with $authorizedAjax and logs to the console.
INIT_WITH_REQUESTS = """      init: function () {
        subscriptions.push(self.listenSocketChannel('leads:card:' + APP.data.current_card.id, ['text'], function (message) {
          $('.' + ROOT_CLASS + '__status').text('socket: ' + message.text);
        }));
        self.crm_post('https://api.example.com/one', { n: 1 }, function () {}, 'json');
        self.crm_post('https://api.example.com/two', { n: 2 }, function () {}, 'json');
        self.crm_post('https://api.example.com/three', { n: 3 }, function () {}, 'json');
        self.$authorizedAjax({ url: 'https://api.example.com/me' });
        fetch('https://api.example.com/fetched').catch(function () {});
        console.log('init of the widget');"""


def test_side_panel_requests_console_and_socket(npm_widget, dev_server, open_preview):
    project = npm_widget("defaults")
    page = open_preview(dev_server(project).url)
    script = project / "widget" / "script.js"
    source = script.read_text(encoding="utf-8")
    assert "      init: function () {" in source
    with page.expect_navigation():
        script.write_text(source.replace("      init: function () {", INIT_WITH_REQUESTS, 1), encoding="utf-8")
    wait_until_loaded(page)

    # crm_post leaves the queue one a second: the panel says how long each call waited.
    page.click(".pv-tab[data-tab=requests]")
    page.wait_for_function("document.querySelectorAll('#pv-requests .pv-entry__queue').length === 3", timeout=10000)
    waits = [float(re.search(r"([\d.]+) s", text).group(1)) for text in page.locator("#pv-requests .pv-entry__queue").all_inner_texts()]
    assert waits[0] < 0.5 and 0.7 <= waits[1] <= 1.5 and 1.7 <= waits[2] <= 2.5, waits
    requests = page.locator("#pv-requests summary").all_inner_texts()
    assert [bool(re.search(r"crm_post\s*POST https://api\.example\.com/" + name, text)) for text, name in
            zip([r for r in requests if "crm_post" in r], ["one", "two", "three"])] == [True] * 3
    assert any("authorizedAjax" in text and "X-Auth-Token" in text for text in requests), requests
    # fetch is answered by the emulator too (a 404 naming the URL): nothing reaches the network.
    assert any(re.search(r"fetch\s*GET https://api\.example\.com/fetched\s*404", text) for text in requests), requests

    page.click(".pv-tab[data-tab=console]")
    assert "init of the widget" in page.locator("#pv-console").inner_text()

    # A message emitted from the panel on the widget's channel reaches its subscription.
    page.click(".pv-tab[data-tab=socket]")
    assert page.input_value("#pv-channel") == "leads:card:7001"
    page.fill("#pv-message", json.dumps({"text": "hello from the panel"}))
    page.click(".pv-socket__send")
    assert page.inner_text("#pv-socket-result").startswith("Delivered to 1 listener")
    root = page.evaluate("'w-' + window.preview.emulator.widget.params.widget_code.replace(/_/g, '-')")
    assert page.inner_text(f".{root}__status") == "socket: hello from the panel"
    assert_clean(page)


@pytest.mark.parametrize("variant", ["amocrm-everything-panel", "kommo-everything-panel",
                                     "ts-amocrm-everything-panel", "ts-kommo-everything-panel"])
def test_every_area_of_the_all_locations_variant(variant, npm_widget, dev_server, open_preview):
    project = npm_widget(variant)
    manifest = read_json(project / "widget" / "manifest.json")
    chosen = answers(project)
    page = open_preview(dev_server(project).url)
    code = page.evaluate("window.preview.emulator.widget.params.widget_code")
    root = "w-" + code.replace("_", "-")

    for location in manifest["locations"]:
        choose_area(page, location)
        assert alert_text(page) == "", location
        assert emulator_errors(page) == [], location
        if location.endswith("-1"):
            block = widget_block(page)
            block.wait_for()
            for control in chosen["controls"]:
                assert block.locator(CONTROL_SELECTORS[control]).count() >= 1, (location, control)
        if location == "llist-1":
            # Rows selected with their checkboxes; the widget's item under More calls leads.selected.
            page.locator(".list-row .crm-row-check").first.check()
            page.click("#crm-more")
            page.click(".crm-more__item_widget")
            page.wait_for_function("window.preview.emulator.history.some((e) => e.callback === 'leads.selected')")
            assert block.locator(f".{root}__status").inner_text().endswith(": 1")
        if location in ("advanced_settings", "widget_page"):
            page.locator(f"#work-area-{code} .{root}").wait_for()
        if location == "settings":
            page.locator(f".modal.widget-settings #{code}_custom_content .{root}__settings").wait_for()
        if location == "digital_pipeline":
            page.locator(".modal.digital-pipeline__edit-modal").wait_for()
            page.keyboard.press("Escape")
        if location == "card_sdk":
            page.click("[data-callback=loadPreloadedData]")
            page.wait_for_function("window.preview.emulator.history.some((e) => e.callback === 'loadPreloadedData')")
        if location in ("tline", "tcalendar"):
            # calendarSync is the CRM's to call from its sync menu: the preview offers a button.
            page.click("[data-callback=calendarSync]")
            page.wait_for_function("(l) => window.preview.emulator.history.some((e) => e.callback === 'calendarSync' && e.location === l)",
                                   arg=location)
            assert page.evaluate("window.preview.emulator.history.filter((e) => e.callback === 'calendarSync').pop().result.name")
        if location in ("amoforms", "personal_page"):
            # Their own files ran on entering (amoforms.js for a form request, personal_page.js's two functions).
            assert f"{location}.js@{location}" in calls(page), location
    assert calls(page).count("render@" + manifest["locations"][-1]) == 1
    assert_clean(page)
