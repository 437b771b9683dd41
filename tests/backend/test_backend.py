"""The generated backend (backend=true) as its developer runs it: its own test suite (on SQLite,
and on PostgreSQL when one is available), its command line, the sample requests against a running
backend."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from backend.conftest import answers
from browser.dev_server import free_port

pytestmark = pytest.mark.npm

# .ci/run starts a PostgreSQL server and names a database for the backend's tests here.
POSTGRES_URL = os.environ.get("AMO_TEST_POSTGRES_URL", "")


def npm(project: Path, *args: str, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AMO_", "BACKEND_", "DATABASE_URL"))}
    return subprocess.run(["npm", "run", *args], cwd=project, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, env={**clean, **(env or {})})


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_backend_s_own_suite_passes(backend_project, database):
    if database == "postgresql" and not POSTGRES_URL:
        pytest.skip("PostgreSQL not available (AMO_TEST_POSTGRES_URL unset; .ci/run sets it): "
                    "the backend's suite ran on SQLite only")
    project = backend_project()
    env = {"BACKEND_TEST_DATABASE_URL": POSTGRES_URL} if database == "postgresql" else {}
    result = npm(project, "backend:test", "--", "-p", "no:cacheprovider", env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[database]
    assert f"backend database: {name} at" in output, output[:2000]
    # The refresh race ran on this database: one refresh request left the two workers.
    summary = re.search(r"(\d+) passed", output)
    assert summary and int(summary.group(1)) >= 90, output[-2000:]
    assert not re.search(r"\d+ (failed|skipped|error)", output), output[-2000:]
    print(f"backend suite on {name}: {summary.group(0)}")


def test_bad_settings_get_one_line_each(backend_project):
    project = backend_project()
    (project / "backend" / ".env").write_text("AMO_REDIRECT_URI=not a url\nAMO_JTI_REPLAY=sometimes\nAMO_CLIENT_SECERT=x\n")
    result = npm(project, "backend")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("widget_backend:")]
    assert any("setting AMO_CLIENT_ID: Field required" in line for line in lines), result.stderr
    assert any("setting AMO_CLIENT_SECRET: Field required" in line for line in lines), result.stderr
    assert any("setting AMO_REDIRECT_URI:" in line and "is not an http(s) URL" in line for line in lines), result.stderr
    assert any("setting AMO_JTI_REPLAY:" in line and "'off', 'warn' or 'enforce'" in line for line in lines), result.stderr
    assert ("widget_backend: backend/.env: AMO_CLIENT_SECERT is not a setting, so it is ignored; did you mean "
            "AMO_CLIENT_SECRET?") in lines, result.stderr
    assert "Traceback" not in result.stderr


def test_without_its_virtualenv_the_backend_says_how_to_install(npm_widget):
    project = npm_widget("backend")
    result = npm(project, "backend")
    assert result.returncode != 0
    assert "backend/.venv is missing: run npm run backend:install" in result.stderr


def test_the_sample_requests_reach_a_running_backend(backend_project, backend_server):
    project = backend_project()
    server = backend_server(project)
    # The exchange sample would ask the real CRM to exchange a made-up code: no network here.
    result = npm(project, "backend:samples", "--", "--url", server.url, "--skip", "exchange", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if re.match(r"^(ok|UNEXPECTED) ", line)]
    assert len(lines) == 9 and all(line.startswith("ok ") for line in lines), result.stdout
    assert any('webhook again (duplicate): 200 {"accepted":false,"duplicate":true}' in line for line in lines), lines
    assert any('Salesbot widget_request again (duplicate): 200 {"accepted":false,"duplicate":true}' in line for line in lines), lines
    assert any("install from a host that is not a CRM account: 400" in line for line in lines), lines
    log = server.output
    assert "POST /api/salesbot HTTP/1.1\" 200" in log and "POST /api/dp HTTP/1.1\" 202" in log, log
    # The Salesbot sample's bot is continued only with an OAuth token: the development account has
    # none, and the backend says so instead of calling anything.
    assert "Salesbot continue for account 31415926 failed" in log and "has no OAuth tokens" in log, log
    # ... in one line, no traceback; and the unsigned uninstall sample leaves the development account
    # (no tokens to refuse) installed, so the preview's calls still pass after the samples.
    assert "Traceback" not in log and "InsecureKeyLengthWarning" not in log + result.stderr, log
    assert "account 31415926, which has no OAuth tokens (a development account): ignored" in log, log
    assert "revoked the integration" not in log, log


def _break_env(backend: Path, how: str) -> None:
    env = backend / ".env"
    if how == "no .env":
        env.unlink()
    elif how == ".env not UTF-8":
        env.write_bytes(env.read_bytes() + b"\nAMO_CLIENT_SECRET=\xff\xfe\n")
    else:
        env.write_text(re.sub(r"(?m)^DATABASE_URL=.*$", f"DATABASE_URL={how}", env.read_text()))


@pytest.mark.parametrize("how, line", [
    ("no .env", "widget_backend: backend/.env does not exist: copy .env.example to .env (npm run backend:install does)"),
    (".env not UTF-8", "widget_backend: backend/.env is not UTF-8 text: save it as UTF-8"),
    ("sqlite:////nonexistent/dir/backend.db",
     "widget_backend: setting DATABASE_URL: the database sqlite:////nonexistent/dir/backend.db cannot be opened: unable to open database file"),
    ("postgresql://widget:hunter2@127.0.0.1:1/widget",
     "widget_backend: setting DATABASE_URL: the database postgresql://widget:***@127.0.0.1:1/widget cannot be opened:"),
    ("mysql://widget:hunter2@127.0.0.1/widget", "widget_backend: setting DATABASE_URL: 'mysql://widget:***@127.0.0.1/widget' names a driver without asyncio support"),
    ("backend.db", "widget_backend: setting DATABASE_URL: it is not a database URL, e.g. sqlite:///./backend.db"),
])
def test_a_backend_that_cannot_start_says_why_in_one_line(backend_project, how, line):
    project = backend_project()
    _break_env(project / "backend", how)
    result = npm(project, "backend", "--", "--port", str(free_port()), timeout=120)
    assert result.returncode != 0
    ours = [text for text in result.stderr.splitlines() if text.startswith("widget_backend:")]
    assert any(text.startswith(line) for text in ours), result.stderr
    assert "Traceback" not in result.stderr and "hunter2" not in result.stderr + result.stdout
    assert "Uvicorn running" not in result.stderr + result.stdout


def test_stopping_npm_stops_the_backend(backend_project):
    """An editor's task or a process manager stops `npm run backend` with SIGTERM to npm alone:
    the backend must end with it and free its port, not keep serving as an orphan."""
    project = backend_project()
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AMO_", "BACKEND_", "DATABASE_URL"))}
    npm_process = subprocess.Popen(["npm", "run", "backend", "--", "--port", str(port)], cwd=project, env=clean,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
    try:
        assert wait_until(lambda: answers(port), 60), "the backend did not start"
        npm_process.send_signal(signal.SIGTERM)  # npm only, as a task runner does
        npm_process.wait(15)
        assert wait_until(lambda: not answers(port), 15), "the backend kept running after npm was stopped"
    finally:
        try:
            os.killpg(npm_process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_port_in_use_gets_one_line_with_the_way_out(backend_project):
    project = backend_project()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = npm(project, "backend", "--", "--port", str(port), timeout=120)
    assert result.returncode != 0
    assert f"widget_backend: cannot listen on 127.0.0.1:{port}: the port is in use" in result.stderr, result.stderr
    assert f"npm run backend -- --port {port + 1}" in result.stderr
    assert "Traceback" not in result.stderr and "Application startup" not in result.stderr + result.stdout


def test_started_from_the_project_s_root_the_backend_says_to_start_it_from_backend(backend_project):
    """`python -m widget_backend serve` reads .env from the current folder: from the project's root
    it finds none, and says where to go instead of calling backend/.env missing."""
    project = backend_project()
    result = subprocess.run([str(project / "backend" / ".venv" / "bin" / "python"), "-m", "widget_backend", "serve"],
                            cwd=project, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                            env={**{k: v for k, v in os.environ.items() if not k.startswith(("AMO_", "DATABASE_URL"))},
                                 "PYTHONPATH": str(project / "backend" / "src")})
    assert result.returncode == 2
    assert "widget_backend: there is no .env in this folder: run the backend from backend/" in result.stderr, result.stderr
    assert "backend/.env does not exist" not in result.stderr


def wait_until(condition, seconds: float) -> bool:  # noqa: ANN001
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()
