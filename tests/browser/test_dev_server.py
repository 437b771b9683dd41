"""`npm run dev`'s server without a browser: where it listens, what it serves, whom it lets read,
how it stops."""

from __future__ import annotations

import json
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
import yaml

from hostile import SCRIPT_NOT_A_FILE, plant_script_not_a_file

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


def test_stopping_npm_alone_stops_the_dev_server(npm_widget, dev_server):
    """An editor's task or a process manager stops `npm run dev` with SIGTERM to npm alone; npm
    passes it to `sh -c`, which dies without passing it on: the server must stop with it and free
    its port, not keep serving as an orphan."""
    project = npm_widget("defaults")
    server = dev_server(project)
    assert get(server.url)[0] == 200
    server.process.send_signal(signal.SIGTERM)  # npm only, not its process group
    server.process.wait(15)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(server.url, timeout=2)
        except (urllib.error.URLError, OSError):
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the dev server kept serving after npm was stopped")


# --- any page may send requests here: hostile requests ------------------------------------------

def raw_request(url: str, target: bytes, origin: bytes | None = None) -> bytes:
    """One HTTP/1.1 request with a target sent as is (urllib would clean it up): the status line."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        headers = b"Host: 127.0.0.1\r\nConnection: close\r\n" + (b"Origin: " + origin + b"\r\n" if origin else b"")
        connection.sendall(b"GET " + target + b" HTTP/1.1\r\n" + headers + b"\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def test_crm_pages_get_cors_for_the_widgets_files_only(npm_widget, dev_server):
    project = npm_widget("defaults")
    (project / "widget" / ".env").write_text("SECRET=1\n", encoding="utf-8")
    (project / "widget" / "script.js.map").write_text("{}\n", encoding="utf-8")
    (project / ".npmrc").write_text("//registry.npmjs.org/:_authToken=secret\n", encoding="utf-8")
    server = dev_server(project)
    status, headers, body = get(server.url + "widget/script.js", origin=CRM_PAGE)
    assert status == 200 and headers.get("Access-Control-Allow-Origin") == CRM_PAGE
    assert body.startswith((project / "widget" / "script.js").read_bytes().rstrip())  # Vite may append a source map
    for path in (".copier-answers.yml", "package.json", ".npmrc", "node_modules/jquery/package.json",
                 "widget/.env", "widget/script.js.map", "tools/check.js", "tools/lib/check.js", "README.md",
                 "@fs/etc/passwd", "__open-in-editor?file=package.json"):
        status, headers, _ = get(server.url + path, origin=CRM_PAGE)
        assert status == 404, path
        assert "Access-Control-Allow-Origin" not in headers, path
    # Not a CRM page: no CORS, even for the widget's files; a preflight from a CRM page is answered.
    for origin in ("https://evil.example.com", "https://amocrm.ru.evil.example.com", "http://example.amocrm.ru", "null"):
        assert "Access-Control-Allow-Origin" not in get(server.url + "widget/script.js", origin=origin)[1], origin
    request = urllib.request.Request(server.url + "widget/templates/panel.twig", method="OPTIONS",
                                     headers={"Origin": CRM_PAGE, "Access-Control-Request-Method": "GET"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204 and response.headers["Access-Control-Allow-Origin"] == CRM_PAGE


def test_never_serves_through_a_link_or_outside_the_project(npm_widget, dev_server, tmp_path):
    project = npm_widget("defaults")
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY\n", encoding="utf-8")
    (project / "widget" / "passwd.txt").symlink_to("/etc/passwd")
    (project / "widget" / "key.txt").symlink_to(secret)
    (project / "widget" / "up").symlink_to(project)
    (project / "tools" / "preview" / "leak.js").symlink_to(secret)
    server = dev_server(project)
    for path in ("widget/passwd.txt", "widget/key.txt", "widget/up/.copier-answers.yml", "tools/preview/leak.js",
                 "widget/%2e%2e/package.json", "widget/..%2f.copier-answers.yml", "%2e%2e/%2e%2e/etc/passwd"):
        status, _, body = get(server.url + path, origin=CRM_PAGE)
        assert status in (400, 404), path
        assert b"root:" not in body and b"PRIVATE KEY" not in body, path
    for target in (b"/../../../etc/passwd", b"/widget/../../../etc/passwd", b"//etc/passwd"):
        answer = raw_request(server.url, target)
        assert answer.split(b"\r\n")[0].split(b" ")[1] in (b"400", b"404"), target
        assert b"root:" not in answer
    assert get(server.url + "tools/preview/main.js")[0] == 200  # the preview's own files still load


def test_a_malformed_request_is_400_and_the_server_keeps_running(npm_widget, dev_server):
    server = dev_server(npm_widget("defaults"))
    for target in (b"http://[/", b"http://[::1/widget/script.js", b"/%zz", b"/widget/%00.twig", b"*",
                   b"http://127.0.0.1/widget/script.js"):
        status_line = raw_request(server.url, target).split(b"\r\n")[0]
        assert status_line.startswith(b"HTTP/1.1 400 "), (target, status_line)
    assert get(server.url + "widget/script.js")[0] == 200
    assert "Error" not in server.output and "    at " not in server.output


def test_survives_link_loops_in_the_widget(npm_widget, dev_server):
    project = npm_widget("defaults")
    (project / "widget" / "loop-a").symlink_to(project / "widget" / "loop-b")
    (project / "widget" / "loop-b").symlink_to(project / "widget" / "loop-a")
    (project / "widget" / "templates" / "again").symlink_to(project / "widget")
    server = dev_server(project)
    for path in ("widget/loop-a", "widget/templates/again/templates/again/script.js"):
        assert get(server.url + path)[0] == 404
    # A loop made while it runs: still serving.
    (project / "widget" / "images" / "self").symlink_to(project / "widget" / "images")
    (project / "widget" / "x").symlink_to(project / "widget" / "y")
    (project / "widget" / "y").symlink_to(project / "widget" / "x")
    time.sleep(1)
    assert get(server.url + "widget/script.js")[0] == 200
    assert get(server.url)[0] == 200
    assert "    at " not in server.output


@pytest.mark.parametrize("plant", SCRIPT_NOT_A_FILE)
def test_preview_routes_never_read_a_script_js_that_is_no_regular_file(npm_widget, dev_server, plant):
    """/__preview/source and /__preview/syntax.json read widget/script.js: a pipe would block the
    server for good, a link to /dev/zero would fill its memory; any page can ask for them."""
    project = npm_widget("defaults")
    plant_script_not_a_file(project, plant)
    server = dev_server(project)
    for path in ("__preview/source?line=1&col=1", "__preview/syntax.json", "widget/script.js"):
        status, _, body = get(server.url + path)
        assert status in (200, 404), (path, status, body)
    assert json.loads(get(server.url + "__preview/source?line=1")[2]) == {"source": None}
    assert get(server.url)[0] == 200  # still serving
    assert "    at " not in server.output
