"""The generated project's npm packages, installed once per package list (tests and benchmarks).

Every JavaScript variant's package.json asks for the same packages, so one `npm install` (kept
under ~/.cache between sessions, keyed by the package list) serves them all: each generated widget
gets a symlink to the shared node_modules. TypeScript variants have their own list: a second one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
from pathlib import Path

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "amo-widget-template" / "npm"


def package_key(project: Path) -> tuple[str, dict]:
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    deps = {k: package.get(k, {}) for k in ("dependencies", "devDependencies")}
    return hashlib.sha256(json.dumps(deps, sort_keys=True).encode()).hexdigest()[:16], deps


def install_packages(project: Path) -> Path:
    """node_modules for the packages of a generated project, installed once per package list
    (a lock serialises xdist workers); the benchmarks use it too."""
    key, deps = package_key(project)
    folder = CACHE / key
    folder.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "node_modules" / ".installed").exists():
            (folder / "package.json").write_text(json.dumps({"name": "toolkit-cache", "private": True, **deps}))
            subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=folder, check=True, capture_output=True, text=True,
            )
            (folder / "node_modules" / ".installed").touch()
    return folder / "node_modules"
