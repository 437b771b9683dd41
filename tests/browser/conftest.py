"""The live preview in a real browser: `npm run dev` of a generated widget, driven by Debian's
Chromium through Playwright.

Fixtures: `chromium` (one browser per session), `dev_server(project)` (starts `npm run dev` on a
free port of 127.0.0.1 and stops it when the test ends), `open_preview(url)` (a page on the
preview, waited for until the widget is loaded). The npm fixtures come from tests/toolkit.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
from pathlib import Path

import pytest

from browser.preview_page import wait_until_loaded
from toolkit.conftest import node_modules, npm_widget  # noqa: F401  (shared npm fixtures)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DevServer:
    """`npm run dev` in a generated project (or `node tools/dev.js`): its URL, its output, and stop()."""

    def __init__(self, project: Path, *args: str, npm: bool = True):
        self.project = project
        self.lines: list[str] = []
        command = ["npm", "run", "dev", "--"] if npm else ["node", "tools/dev.js"]
        self.process = subprocess.Popen(
            [*command, "--port", str(free_port()), *args],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            text=True, start_new_session=True, env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
        )
        found = threading.Event()
        self.url = ""

        def read() -> None:
            for line in self.process.stdout:
                self.lines.append(line.rstrip("\n"))
                match = re.search(r"Preview of widget/ on (https?://127\.0\.0\.1:\d+/)", line)
                if match and not found.is_set():
                    self.url = match.group(1)
                    found.set()
            found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(90) or not self.url:
            self.stop()
            raise AssertionError("npm run dev printed no URL:\n" + "\n".join(self.lines))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def stop(self, how: signal.Signals = signal.SIGTERM) -> int | None:
        """Stops the server's process group (npm and node) with a signal; its exit code."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, how)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        return self.process.returncode


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
