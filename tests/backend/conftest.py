"""The generated backend (backend=true): its Python packages installed once, in a virtualenv kept
under ~/.cache between sessions (keyed by backend/pyproject.toml's requirements and the Python
version), and linked into each generated project as backend/.venv, where `npm run backend:install`
would have put it.

Fixtures: `backend_venv` (the cached virtualenv), `backend_project()` (a fresh copy of the
"backend" variant, its .venv and node_modules linked in, backend/.env from .env.example).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "amo-widget-template" / "backend-venv"


def requirements_key(backend: Path) -> str:
    """A hash of what the backend installs (its pyproject without its name) and of this Python."""
    pyproject = (backend / "pyproject.toml").read_text(encoding="utf-8")
    pyproject = re.sub(r"(?m)^name = .*$", "", pyproject)
    return hashlib.sha256(f"{sys.version_info[:2]}\n{pyproject}".encode()).hexdigest()[:16]


def install_backend_venv(backend: Path) -> Path:
    """A virtualenv with the backend's requirements (test and postgres extras included) but not
    the backend itself (its tests import it from src/); installed once per requirement set."""
    key = requirements_key(backend)
    venv = CACHE / key
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / ".installed").exists():
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
            pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
            build = venv / "build"
            shutil.copytree(backend, build, ignore=shutil.ignore_patterns(".venv", ".env", "*.db"))
            done = subprocess.run([*pip, f"{build}[test,postgres]"], capture_output=True, text=True)
            assert done.returncode == 0, done.stdout + done.stderr
            name = re.search(r'(?m)^name = "([^"]+)"', (backend / "pyproject.toml").read_text()).group(1)
            subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "uninstall", "-q", "-y", name], check=True, capture_output=True)
            shutil.rmtree(build)
            (venv / ".installed").touch()
    return venv


@pytest.fixture(scope="session")
def backend_venv(variant_dirs) -> Path:
    return install_backend_venv(variant_dirs["backend"] / "backend")


def configure(project: Path, **env: str) -> None:
    """Writes backend/.env: .env.example's values, the database in the project's folder, then `env`."""
    backend = project / "backend"
    settings = (backend / ".env.example").read_text(encoding="utf-8")
    settings = re.sub(r"(?m)^DATABASE_URL=.*$", f"DATABASE_URL=sqlite:///{backend / 'backend.db'}", settings)
    for name, value in env.items():
        settings = re.sub(rf"(?m)^{name}=.*$", "", settings) + f"\n{name}={value}\n"
    (backend / ".env").write_text(settings, encoding="utf-8")


@pytest.fixture
def backend_project(npm_widget, backend_venv):
    """A fresh copy of the backend variant (or of `variant`, e.g. its TypeScript twin ts-backend),
    ready for `npm run backend...` (backend/.venv linked to the cached virtualenv; backend/.env
    written by configure(project, **env))."""

    def _project(variant: str = "backend", **env: str) -> Path:
        project = npm_widget(variant)
        (project / "backend" / ".venv").symlink_to(backend_venv, target_is_directory=True)
        configure(project, **env)
        return project

    return _project


class BackendServer:
    """`npm run backend -- --port N` in a project, up once /healthz answers; stop() ends it."""

    def __init__(self, project: Path, port: int = 0):
        import urllib.request

        self.port = port
        if not port:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = project / "backend" / "server.log"
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(
                ["npm", "run", "backend", "--", "--port", str(self.port)], cwd=project, stdout=out,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.time() > deadline:
                self.stop()
                raise AssertionError("the backend did not start:\n" + self.output)
            time.sleep(0.2)

    @property
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:

        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        # npm ends before the server it started: wait until the port is free, or a server started
        # next on the same port would find this one still answering /healthz, then fail to bind.
        deadline = time.time() + 15
        while self._answers() and time.time() < deadline:
            time.sleep(0.1)
        if self._answers():
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def _answers(self) -> bool:
        return answers(self.port)


def answers(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:`port`."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def backend_server():
    """Starts `npm run backend` in a project; every one started is stopped after the test."""
    servers: list[BackendServer] = []

    def _start(project: Path, port: int = 0) -> BackendServer:
        servers.append(BackendServer(project, port))
        return servers[-1]

    yield _start
    for server in servers:
        server.stop()
