"""A location is added in one place: a made-up location with one callback, written into a copy of
template/tools/platform.json and nowhere else, is offered by the questions, generated into
script.js, accepted by npm run check, called with arguments by the emulator (npm test too) and
listed by the preview, whose button for its callback runs it; its page gives the widget a tab in
cards. A second one, a board (the page kind of the digital pipeline), gets the preview's pipeline
board with the widget's item showing the logo its page names, and a click on that item calls the
callback its page opens."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from copier import run_copy

from browser.preview_page import assert_clean, calls, choose_area
from toolkit.helpers import node
from npm_cache import install_packages
from template_copy import copy_template_with_model
from variants import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.npm]

LOCATION = {
    "title": "Made-up place", "platforms": ["amocrm", "kommo"], "suffix": False,
    "page": {"kind": "page", "entity": "leads", "section": "leads", "tab": True}, "callbacks": ["onMadeUp"],
}
CALLBACK = {
    "doc": "madeup: the CRM asks the widget about the open lead", "params": ["type", "id"],
    "args": "cardEntity", "returns": "any", "ts": "(type: string, id: number): unknown",
}
BOARD = {
    "title": "Made-up board step", "platforms": ["amocrm", "kommo"], "suffix": False,
    "page": {"kind": "board", "entity": "leads", "section": "stats", "logo": "logo_medium.png", "opens": "onMadeUpStep"},
    "callbacks": ["onMadeUpStep"],
}
BOARD_CALLBACK = {
    "doc": "madeup_board: the user opened the widget's step on the board", "params": ["pipeline_id"],
    "args": "pipeline", "returns": "any", "ts": "(pipeline_id: number): unknown",
}


def add_madeup(model: dict) -> None:
    model["locations"]["madeup"] = LOCATION
    model["callbacks"]["onMadeUp"] = CALLBACK
    model["locations"]["madeup_board"] = BOARD
    model["callbacks"]["onMadeUpStep"] = BOARD_CALLBACK


@pytest.fixture(scope="module")
def template_with_madeup(tmp_path_factory) -> Path:
    return copy_template_with_model(tmp_path_factory.mktemp("template"), add_madeup)


def test_a_made_up_location_needs_only_the_model(template_with_madeup, tmp_path, dev_server, open_preview):
    project = tmp_path / "widget"
    # The questions offer it: Copier accepts only an answer among the choices.
    run_copy(str(template_with_madeup), project, data={"areas": ["lcard-1", "madeup", "madeup_board", "settings"]}, defaults=True,
             unsafe=True, quiet=True)
    assert json.loads((project / "widget" / "manifest.json").read_text())["locations"] == ["lcard-1", "settings", "madeup", "madeup_board"]
    script = (project / "widget" / "script.js").read_text(encoding="utf-8")
    assert f"      // {CALLBACK['doc']}\n      onMadeUp: function (type, id) {{\n" in script

    (project / "node_modules").symlink_to(install_packages(project), target_is_directory=True)
    check = node(project, "check")
    assert check.returncode == 0 and check.stdout.strip() == "check: 0 errors, 0 warnings in widget/", check.stdout

    visit = subprocess.run(["node", str(ROOT / "tests" / "js" / "visit_widget.js"), str(project)],
                           capture_output=True, text=True, timeout=120)
    report = json.loads(visit.stdout)
    assert report["errors"] == []
    assert report["locations"]["madeup"]["args"]["onMadeUp"] == ["leads", 7001]

    tests = subprocess.run(["npm", "test"], cwd=project, capture_output=True, text=True, timeout=300,
                           env={**os.environ, "NODE_OPTIONS": "--test-reporter=tap", "NO_COLOR": "1"})
    assert tests.returncode == 0, tests.stdout[-4000:]
    assert re.search(r"^ +ok \d+ - the CRM calls onMadeUp\(\) with its arguments$", tests.stdout, re.M), tests.stdout[-4000:]

    page = open_preview(dev_server(project).url)
    # Its page gives the widget a tab of its own in cards (page.tab, as card_sdk's).
    choose_area(page, "lcard-1")
    name = page.evaluate("window.preview.emulator.widget.langs.widget.name")
    assert page.locator(".crm-card__tabs .crm-card__tab").all_inner_texts()[-1] == name
    options = page.eval_on_selector_all("#pv-area option", "(options) => options.map((o) => o.textContent)")
    assert "madeup · Made-up place" in options
    choose_area(page, "madeup")
    assert page.locator(".crm-nav__item_active").inner_text().strip() == "Leads"
    page.click("button[data-callback='onMadeUp']")
    page.wait_for_function("window.preview.emulator.history.some((e) => e.callback === 'onMadeUp')")
    assert "onMadeUp@madeup" in calls(page)

    # The board: its stages, the widget's item in one with the logo the page names; the CRM calls
    # the callback the page opens on a click there, so the header offers no button for it.
    choose_area(page, "madeup_board")
    assert page.locator(".crm-nav__item_active").inner_text().strip() == "Stats"
    assert page.locator(".crm-board__stage").count() >= 2
    item = page.locator(".crm-board .crm-tile_widget")
    assert item.locator(".crm-tile__subtitle").inner_text() == "Made-up board step"
    logo = item.locator("img.crm-tile__logo")
    assert logo.get_attribute("src").endswith("/images/logo_medium.png")
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=logo.element_handle())
    assert page.locator("button[data-callback='onMadeUpStep']").count() == 0
    assert "onMadeUpStep@madeup_board" not in calls(page)
    item.click()
    page.wait_for_function("window.preview.emulator.history.some((e) => e.callback === 'onMadeUpStep')")
    assert page.evaluate("window.preview.emulator.history.filter((e) => e.callback === 'onMadeUpStep')[0].args") == [
        page.evaluate("window.preview.emulator.state.pipeline_id")]
    assert calls(page)[-1] == "onMadeUpStep@madeup_board"
    assert_clean(page)
