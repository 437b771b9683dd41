"""`npm run dev`'s server without a browser: where it listens, what it serves, whom it lets read,
how it stops."""

from __future__ import annotations

import json
import signal
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
import yaml

pytestmark = pytest.mark.npm

CRM_PAGE = "https://example.amocrm.ru"


def get(url: str, origin: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Origin": origin} if origin else {})
    # --https has a self-signed certificate: not verified here.
    context = ssl._create_unverified_context() if url.startswith("https:") else None
    try:
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serves_the_preview_on_localhost_and_falls_back_to_a_free_port(npm_widget, dev_server):
    project = npm_widget("kommo-defaults")
    first = dev_server(project)
    assert urlsplit(first.url).hostname == "127.0.0.1"

    status, headers, body = get(first.url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"/@vite/client" in body and b"/tools/preview/main.js" in body

    status, _, body = get(first.url + "__preview/project.json")
    facts = json.loads(body)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert status == 200
    assert (facts["code"], facts["platform"]) == (answers["widget_code"], "kommo")
    assert facts["manifest"] == json.loads((project / "widget" / "manifest.json").read_text(encoding="utf-8"))

    # The CRM's libraries go out byte for byte, as the CRM serves its own.
    status, _, body = get(first.url + "__preview/lib/jquery.js")
    assert status == 200 and body == (project / "node_modules" / "jquery" / "dist" / "jquery.js").read_bytes()

    # Port taken: the next server says where it went instead.
    second = dev_server(project, "--port", str(urlsplit(first.url).port))
    assert urlsplit(second.url).port != urlsplit(first.url).port
    assert get(second.url)[0] == 200


def test_account_pages_may_read_the_widget_other_sites_not(npm_widget, dev_server):
    server = dev_server(npm_widget("defaults"))
    _, headers, _ = get(server.url + "widget/templates/panel.twig", origin=CRM_PAGE)
    assert headers.get("Access-Control-Allow-Origin") == CRM_PAGE
    _, headers, _ = get(server.url + "widget/templates/panel.twig", origin="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in headers


def test_https_serves_the_same_preview_with_a_self_signed_certificate(npm_widget, dev_server):
    server = dev_server(npm_widget("defaults"), "--https")
    assert server.url.startswith("https://127.0.0.1:")
    status, _, body = get(server.url)
    assert status == 200 and b"/tools/preview/main.js" in body
    assert f"npm run pack -- --dev --url {server.url.rstrip('/')}" in server.output


def test_a_broken_manifest_is_named_not_served(npm_widget, dev_server):
    project = npm_widget("defaults")
    (project / "widget" / "manifest.json").write_text('{"widget": {', encoding="utf-8")
    status, _, body = get(dev_server(project).url + "__preview/project.json")
    assert status == 500
    assert json.loads(body)["error"].startswith("widget/manifest.json: ")


def test_stops_on_sigterm_and_refuses_a_wrong_port(npm_widget, dev_server):
    project = npm_widget("defaults")
    wrong = subprocess.run(["node", "tools/dev.js", "--port", "http"], cwd=project, capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == 'dev: --port (or PORT) takes a port number from 1 to 65535, not "http"; usage: npm run dev -- [--port 5173] [--https]'

    # Ctrl+C closes the server and exits 0; SIGTERM too, with the code of a terminated process.
    for how, code in ((signal.SIGINT, 0), (signal.SIGTERM, 128 + signal.SIGTERM)):
        server = dev_server(project, npm=False)
        assert get(server.url)[0] == 200
        started = time.monotonic()
        assert server.stop(how) == code, server.output
        assert time.monotonic() - started < 10
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(server.url, timeout=5)
