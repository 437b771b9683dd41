"""The live preview in a real browser: `npm run dev` of a generated widget, driven by Debian's
Chromium through Playwright.

Fixtures: `chromium` (one browser per session), `dev_server(project)` (starts `npm run dev` on a
free port of 127.0.0.1 and stops it when the test ends), `open_preview(url)` (a page on the
preview, waited for until the widget is loaded). The npm fixtures come from tests/conftest.py;
the server itself is browser/dev_server.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser.dev_server import CHROMIUM, CHROMIUM_ARGS, DevServer
from browser.preview_page import wait_until_loaded

@pytest.fixture
def dev_server():
    """Starts `npm run dev` in a project; every server started is stopped after the test."""
    servers: list[DevServer] = []

    def _start(project: Path, *args: str, npm: bool = True) -> DevServer:
        servers.append(DevServer(project, *args, npm=npm))
        return servers[-1]

    yield _start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def chromium():
    assert CHROMIUM.exists(), "the browser tests need Debian's Chromium: apt-get install -y chromium (.ci/run does it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def open_preview(chromium):
    """A new page on the preview, once the widget is loaded; it records uncaught errors
    (page.page_errors) and requests that would leave the machine (page.outside)."""
    contexts = []

    def _open(url: str):
        context = chromium.new_context(viewport={"width": 1440, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.page_errors = []
        page.on("pageerror", lambda error: page.page_errors.append(str(error)))
        # Requests for anything but the dev server on 127.0.0.1: the preview must make none.
        page.outside = []
        page.on("request", lambda request: None if re.match(r"(https?://127\.0\.0\.1:\d+/|data:|about:)", request.url)
                else page.outside.append(request.url))
        page.goto(url)
        wait_until_loaded(page)
        return page

    yield _open
    for context in contexts:
        context.close()
