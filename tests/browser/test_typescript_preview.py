"""`npm run dev` of a TypeScript widget in Chromium: the dev server builds src/ into widget/script.js,
the preview runs the built module, a save under src/ rebuilds and reloads it, a build error shows over
the page and in the terminal, and a widget's error names its src/ line."""

from __future__ import annotations

import re

import pytest

from browser.preview_page import assert_clean, calls, choose_area, emulator_errors, wait_until_loaded

pytestmark = [pytest.mark.browser, pytest.mark.npm]

RENDER = "      area = self.system().area;\n"
PANEL_HTML = "            render: html,\n"


def console_text(page) -> str:
    return page.evaluate("Array.from(document.querySelectorAll('.pv-entry')).map((e) => e.textContent).join('\\n')")


def save(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("variant", ["ts-defaults", "ts-kommo-everything-panel"])
def test_the_preview_runs_the_built_widget_and_follows_src(variant, npm_widget, dev_server, open_preview):
    project = npm_widget(variant)
    server = dev_server(project)
    page = open_preview(server.url)
    assert page.evaluate("window.preview.state") == "ready"
    assert_clean(page)
    assert "dev: built widget/script.js from src/" in server.output
    block = page.locator("#widgets_block .card-widgets__widget")
    block.wait_for()
    before = len(calls(page))
    choose_area(page, "ccard-1")
    again = [] if "everything" in variant else ["bind_actions@ccard-1", "init@ccard-1"]  # init_once there
    assert calls(page)[before:] == ["destroy@lcard-1", "render@ccard-1", *again]

    # A save under src/ rebuilds widget/script.js and reloads the page with the change.
    script = project / "src" / "script.ts"
    with page.expect_navigation(timeout=15000):
        save(script, PANEL_HTML, "            render: html + '<p class=\"typed-edit\">typed edit</p>',\n")
    wait_until_loaded(page)
    page.locator(".typed-edit").wait_for()
    assert_clean(page)

    # A build error: one line in the terminal, the same line in the preview's alert, in place of
    # the last good build; fixed, it reloads.
    constants = project / "src" / "constants.ts"
    good = constants.read_text(encoding="utf-8")
    with page.expect_navigation(timeout=15000):
        constants.write_text(good.replace("export const EVENTS", "export const = EVENTS"), encoding="utf-8")
    page.wait_for_function("window.preview && window.preview.state === 'error'", timeout=15000)
    terminal = re.search(r"dev: src/ does not build: (src/constants\.ts:\d+:\d+: [^\n]+)", server.output)
    assert terminal, server.output
    alert = page.inner_text("#crm-alert")
    assert terminal.group(1) in alert, alert
    assert page.locator("vite-error-overlay").count() == 0
    with page.expect_navigation(timeout=15000):
        constants.write_text(good, encoding="utf-8")
    wait_until_loaded(page)
    page.locator(".typed-edit").wait_for()

    # An error in the widget names its line in src/, as the developer wrote it.
    with page.expect_navigation(timeout=15000):
        save(script, RENDER, RENDER + "      if (area) throw new RangeError('thrown in src');\n")
    wait_until_loaded(page)
    line = script.read_text(encoding="utf-8").splitlines().index("      if (area) throw new RangeError('thrown in src');") + 1
    assert any("thrown in src" in error for error in emulator_errors(page))
    page.wait_for_function("(line) => Array.from(document.querySelectorAll('.pv-entry')).some("
                           "(e) => e.textContent.includes('src/script.ts:' + line + ':'))", arg=line, timeout=10000)
    assert f"src/script.ts:{line}:" in console_text(page)
