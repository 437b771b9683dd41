"""The development upload (tools/lib/dev-loader.js): a widget.zip whose script.js loads the widget's
code from `npm run dev`, so a real account runs local code without a new upload.

The browser test plays the account: an https page on the CRM's domain (served by Playwright's
routes, nothing leaves the machine) loads the upload's script.js with RequireJS and runs it through
the SDK emulator, as the CRM would, while the code comes from the dev server on 127.0.0.1.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.npm]

CRM = "https://example.amocrm.ru"

# The account's page: RequireJS with the CRM's modules, then the upload loaded as the CRM loads it.
CRM_PAGE = """<!doctype html><html><head><meta charset="utf-8"><script src="/lib/requirejs.js"></script></head>
<body><script>
fetch('/project.json').then((response) => response.json()).then((project) => {
  requirejs.config({ paths: { jquery: '/lib/jquery', underscore: '/lib/underscore', moment: '/lib/moment',
    twigjs: '/lib/twigjs', emulator: '/emulator', 'lib/platform': '/toolkit/platform' } });
  requirejs(['emulator/browser'], (browser) => {
    browser.loadWidget({ path: '/upl/widget', rules: project.rules, code: project.code, platform: project.platform })
      .then((emulator) => { window.emulator = emulator; return emulator.enter('lcard-1'); })
      .then(() => { window.outcome = 'entered'; }, (error) => { window.outcome = 'failed: ' + error.message; });
  });
});
</script></body></html>"""


def dev_zip(project: Path, url: str) -> bytes:
    result = subprocess.run(["node", "tools/pack.js", "--dev", "--url", url], cwd=project, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "pack: dist/widget-dev.zip (" in result.stdout
    return (project / "dist" / "widget-dev.zip").read_bytes()


def test_the_upload_is_widget_with_a_loader_and_always_the_same_bytes(npm_widget):
    project = npm_widget("amocrm-everything-panel")
    first = dev_zip(project, "http://127.0.0.1:5173/")
    assert dev_zip(project, "http://127.0.0.1:5173") == first

    widget = project / "widget"
    files = sorted(str(path.relative_to(widget)) for path in widget.rglob("*") if path.is_file())
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert sorted(archive.namelist()) == files
        for name in files:
            if name != "script.js":
                assert archive.read(name) == (widget / name).read_bytes(), name
        loader = archive.read("script.js").decode("utf-8")
    assert '"http://127.0.0.1:5173/widget/script.js?dev="' in loader
    script = project / "loader.js"
    script.write_text(loader, encoding="utf-8")
    assert subprocess.run(["node", "--check", str(script)], capture_output=True).returncode == 0

    assert not (project / "dist" / "widget.zip").exists()  # never mistaken for the production upload
    alone = subprocess.run(["node", "tools/pack.js", "--url", "http://127.0.0.1:5173"], cwd=project, capture_output=True, text=True)
    assert alone.returncode == 2 and "--url goes with --dev" in alone.stderr

    wrong = subprocess.run(["node", "tools/pack.js", "--dev", "--url", "127.0.0.1:5173"], cwd=project, capture_output=True, text=True)
    assert wrong.returncode == 2
    assert wrong.stderr.startswith('pack: --url takes the address npm run dev prints, e.g. http://127.0.0.1:5173, not "127.0.0.1:5173"')


@pytest.fixture
def account(npm_widget, dev_server, chromium, tmp_path):
    """The account's https origin in a browser context: its page, the development upload of a
    defaults widget, the CRM's modules (taken from the dev server); nothing else is reachable.
    Returns (project, dev server, context); the context may reach 127.0.0.1 if `allowed`."""
    contexts = []

    def _open(allowed: bool):
        project = npm_widget("defaults")
        server = dev_server(project)
        upload = tmp_path / "upload"
        with zipfile.ZipFile(io.BytesIO(dev_zip(project, server.url))) as archive:
            archive.extractall(upload)
        context = chromium.new_context()
        contexts.append(context)
        if allowed:
            # Chrome 142+ asks before an internet page reaches this machine (Local Network Access).
            context.grant_permissions(["local-network-access"], origin=CRM)
        dev = server.url.rstrip("/")

        def handle(route):
            path = route.request.url[len(CRM):].split("?")[0]
            if path == "/":
                return route.fulfill(body=CRM_PAGE, content_type="text/html")
            if path.startswith("/upl/widget/"):
                file = upload / path[len("/upl/widget/"):]
                return route.fulfill(path=str(file)) if file.is_file() else route.fulfill(status=404)
            if path == "/project.json":
                target = "/__preview/project.json"
            elif path.startswith("/lib/"):
                target = "/__preview" + path
            elif path.startswith("/emulator/"):
                target = "/tools" + path
            elif path == "/toolkit/platform.js":
                target = "/tools/lib/platform.js"
            else:
                return route.fulfill(status=404)
            return route.fulfill(response=route.fetch(url=dev + target))

        context.route(CRM + "/**", handle)
        return project, server, context

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_the_account_runs_the_local_code_without_a_new_upload(account):
    project, server, context = account(allowed=True)
    page = context.new_page()
    local = []
    page.on("request", lambda request: local.append(request.url.split("?")[0]) if request.url.startswith(server.url) else None)
    page.goto(CRM + "/")
    page.wait_for_function("window.outcome", timeout=30000)
    assert page.evaluate("window.outcome") == "entered"
    assert page.locator("#widgets_block .card-widgets__widget").count() == 1
    assert [server.url + "widget/script.js", server.url + "widget/templates.js", server.url + "widget/style.css"] == \
        [url for url in local if "/widget/" in url]

    # A change of the local script.js runs after a reload of the account's page, without a new upload.
    script = project / "widget" / "script.js"
    script.write_text(script.read_text(encoding="utf-8").replace(
        "      render: function () {", "      render: function () {\n        document.body.setAttribute('data-edited', 'yes');", 1), encoding="utf-8")
    page.reload()
    page.wait_for_function("window.outcome", timeout=30000)
    assert page.evaluate("[window.outcome, document.body.dataset.edited]") == ["entered", "yes"]


@pytest.mark.browser
def test_without_the_local_network_permission_chrome_blocks_the_loader(account, chromium):
    _, _, context = account(allowed=False)
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(CRM + "/")
    page.wait_for_function("window.outcome", timeout=30000)
    outcome = page.evaluate("window.outcome")
    if int(chromium.version.split(".")[0]) >= 142:
        assert outcome.startswith("failed: "), outcome
        assert any("loopback" in message for message in messages), messages
    else:  # before Local Network Access, http://127.0.0.1 was all it took
        assert outcome == "entered"
