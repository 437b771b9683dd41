"""The preview shows the widget's errors where they are: a syntax error in any widget JS file
with its file, line, column and the parser's message, in the page and in the side panel (never
RequireJS's "[object Event]", never Vite's overlay with its JSX and vite.config advice); a
runtime error in a callback with its stack in widget files. Chromium through Playwright."""

from __future__ import annotations

import re
import subprocess
import urllib.request
from pathlib import Path

import pytest

from browser.conftest import CHROMIUM, CHROMIUM_ARGS
from browser.preview_page import wait_until_loaded

pytestmark = [pytest.mark.browser, pytest.mark.npm]

RENDER = "      render: function () {"


def alert_text(page) -> str:
    return page.evaluate("document.getElementById('crm-alert').hidden ? '' : document.getElementById('crm-alert').textContent")


def console_text(page) -> str:
    page.click(".pv-tab[data-tab=console]")
    return page.locator("#pv-console").inner_text()


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def edit(page, path: Path, old: str, new: str) -> None:
    """Saves an edit of a widget file and waits for the preview to reload and settle."""
    source = path.read_text(encoding="utf-8")
    assert old in source, f"{old!r} not in {path.name}"
    with page.expect_navigation():
        path.write_text(source.replace(old, new, 1), encoding="utf-8")
    wait_until_loaded(page)


def assert_no_foreign_advice(page) -> None:
    text = page.locator("body").inner_text()
    for foreign in ("[object Event]", "JSX", "vite.config", "import analysis"):
        assert foreign not in text, foreign
    assert page.locator("vite-error-overlay").count() == 0


@pytest.mark.parametrize("rel", ["script.js", "templates.js"])
def test_a_syntax_error_names_file_line_column_and_message(npm_widget, dev_server, open_preview, rel):
    project = npm_widget("defaults")
    server = dev_server(project)
    page = open_preview(server.url)
    path = project / "widget" / rel
    # An expression missing: the parser stops at the ";".
    anchor = RENDER if rel == "script.js" else "    return function (template) {"
    slip = "        var total = 1 + ;"
    broken = anchor + "\n" + slip
    edit(page, path, anchor, broken)
    line = line_of(path, slip)
    column = slip.index(";") + 1
    assert page.evaluate("window.preview.state") == "error"
    expected = f"widget/{rel}:{line}:{column}: Unexpected token"
    assert expected in alert_text(page), alert_text(page)
    assert f"SyntaxError: {expected}" in console_text(page)
    assert_no_foreign_advice(page)
    # The file itself goes out as it is, not as Vite's error page.
    with urllib.request.urlopen(server.url + f"widget/{rel}", timeout=10) as response:
        assert response.status == 200 and response.read() == path.read_bytes()
    # Fixed: the page reloads and the widget runs.
    edit(page, path, broken, anchor)
    assert page.evaluate("window.preview.state") == "ready"
    assert alert_text(page) == ""


def test_a_runtime_error_in_a_callback_shows_its_stack_in_widget_files(npm_widget, dev_server, open_preview):
    project = npm_widget("defaults")
    page = open_preview(dev_server(project).url)
    script = project / "widget" / "script.js"
    thrower = "        throw new TypeError('no client in ' + self.system().area);"
    edit(page, script, RENDER, "      render: function () {\n        return failing();\n      },\n      unused: function () {")
    # A helper of the widget's own, defined before the callbacks: the stack goes through both.
    source = script.read_text(encoding="utf-8")
    with page.expect_navigation():
        script.write_text(source.replace("    this.callbacks = {", "    function failing() {\n" + thrower + "\n    }\n\n    this.callbacks = {", 1),
                          encoding="utf-8")
    wait_until_loaded(page)
    throw_line = line_of(script, "throw new TypeError")
    call_line = line_of(script, "return failing();")
    alert = alert_text(page)
    assert "no client in lcard" in alert, alert
    frames = re.findall(r"^  at (.*)$", alert, re.M)
    assert re.fullmatch(rf"failing \(widget/script\.js:{throw_line}:\d+\)", frames[0]), frames
    assert re.search(rf"widget/script\.js:{call_line}:\d+\)?$", frames[1]), frames
    assert all("widget/" in frame and "127.0.0.1" not in frame and "?preview=" not in frame for frame in frames)
    # The Callbacks tab says render() threw, never that it returned undefined.
    render_entry = page.locator("#pv-events .pv-entry_callback[data-callback=render]").last
    assert "pv-entry_error" in render_entry.get_attribute("class")
    assert "threw TypeError: no client in lcard" in render_entry.inner_text()
    assert "→ undefined" not in render_entry.inner_text()
    panel = console_text(page)
    assert f"at failing (widget/script.js:{throw_line}:" in panel
    assert_no_foreign_advice(page)


def test_the_readme_screenshot_command_waits_for_the_widget(npm_widget, dev_server, tmp_path):
    """The widget README's screenshot tip, run as written (with --dump-dom beside it to read the
    page): --virtual-time-budget lets the widget load before the capture."""
    project = npm_widget("defaults")
    server = dev_server(project)
    readme = (project / "README.md").read_text(encoding="utf-8")
    [command] = [line for line in readme.splitlines() if line.startswith("chromium --headless")]
    args = command.split("#", 1)[0].split()[1:]
    args = [server.url if arg.startswith("http://127.0.0.1:5173") else arg for arg in args]
    shot = tmp_path / "preview.png"
    args = [f"--screenshot={shot}" if arg.startswith("--screenshot") else arg for arg in args]
    subprocess.run([str(CHROMIUM), *CHROMIUM_ARGS, *args], check=True, capture_output=True, timeout=120)
    assert shot.stat().st_size > 10_000
    dom_args = [arg for arg in args if not arg.startswith("--screenshot")]
    dom = subprocess.run([str(CHROMIUM), *CHROMIUM_ARGS, *dom_args, "--dump-dom"], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    status = re.search(r'id="pv-status"[^>]*>([^<]*)<', dom).group(1)
    assert status != "Loading…" and 'data-preview="ready"' in dom, status
