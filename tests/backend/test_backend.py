"""The generated backend (backend=true) as its developer runs it: its own test suite (on SQLite,
and on PostgreSQL when one is available), its command line, the sample requests against a running
backend."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

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
    (project / "backend" / ".env").write_text("AMO_REDIRECT_URI=not a url\nAMO_JTI_REPLAY=sometimes\n")
    result = npm(project, "backend")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("widget_backend:")]
    assert any("setting AMO_CLIENT_ID: Field required" in line for line in lines), result.stderr
    assert any("setting AMO_CLIENT_SECRET: Field required" in line for line in lines), result.stderr
    assert any("setting AMO_REDIRECT_URI:" in line and "is not an http(s) URL" in line for line in lines), result.stderr
    assert any("setting AMO_JTI_REPLAY:" in line and "'off', 'warn' or 'enforce'" in line for line in lines), result.stderr
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
    result = npm(project, "backend", timeout=120)
    assert result.returncode != 0
    ours = [text for text in result.stderr.splitlines() if text.startswith("widget_backend:")]
    assert any(text.startswith(line) for text in ours), result.stderr
    assert "Traceback" not in result.stderr and "hunter2" not in result.stderr + result.stdout
    assert "Uvicorn running" not in result.stderr + result.stdout
