"""`npm run dev` of a generated widget as a test or benchmark drives it, and Chromium's launch
settings: shared by tests/browser and benchmarks/bench_reload.py."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
from pathlib import Path

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
