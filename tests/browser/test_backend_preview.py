"""The widget and its backend together: in the preview, the run button calls the backend with
self.$authorizedAjax; the call reaches the real local backend (npm run backend), which verifies the
token the emulator signed and answers its claims. With another secret the backend refuses it."""

from __future__ import annotations

import json

import pytest

from backend.conftest import backend_project, backend_server, backend_venv, configure  # noqa: F401  (fixtures)
from browser.dev_server import free_port

pytestmark = [pytest.mark.browser, pytest.mark.npm]


def click_run(page, root: str) -> str:
    """Clicks the widget's run button; the status line once the backend's answer is shown."""
    status = page.locator(f".{root}__status")
    status.evaluate("(element) => { element.textContent = ''; }")
    page.click(f".js-{root}-run")
    page.wait_for_function("(selector) => document.querySelector(selector).textContent !== ''", arg=f".{root}__status", timeout=15000)
    return status.inner_text()


@pytest.mark.parametrize("variant", ["backend", "ts-backend"])  # ts-: the same widget in TypeScript, built from src/
def test_a_preview_click_reaches_the_local_backend_which_verifies_the_token(
        variant, backend_project, backend_server, dev_server, open_preview, monkeypatch):
    project = backend_project(variant)
    root = json.loads((project / "package.json").read_text())["widget"]["root_class"]
    port = free_port()
    monkeypatch.setenv("BACKEND_DEV_URL", f"http://127.0.0.1:{port}")
    preview = dev_server(project)
    origin = preview.url.rstrip("/")
    configure(project, AMO_DEV_ORIGINS=origin)
    backend = backend_server(project, port)

    page = open_preview(preview.url + "?locale=en")
    assert click_run(page, root) == "Done! (1001)"
    log = backend.output
    assert '"OPTIONS /api/widget/me HTTP/1.1" 200' in log, log  # the CORS preflight of X-Auth-Token
    assert '"GET /api/widget/me HTTP/1.1" 200' in log, log
    assert page.outside == [] and page.page_errors == []

    # The same click against a backend with another secret: the token is refused, and the widget
    # shows the backend's one-line reason.
    backend.stop()
    configure(project, AMO_DEV_ORIGINS=origin, AMO_CLIENT_SECRET="another-secret-of-another-integration-0123456789")
    backend = backend_server(project, port)
    # A new browser context: the first one may still hold a keep-alive connection to the stopped server.
    page = open_preview(preview.url + "?locale=en")
    assert click_run(page, root) == "X-Auth-Token refused: bad signature: the token was not signed with AMO_CLIENT_SECRET"
    assert '"GET /api/widget/me HTTP/1.1" 401' in backend.output

    # With no backend running, the preview says what to start.
    backend.stop()
    assert "the local backend at http://127.0.0.1:%d did not answer" % port in click_run(page, root)
