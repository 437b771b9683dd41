"""Time `npm run check` on the default widget against its baselines, in one run.

Generates the default widget, installs its toolkit (npm's cache makes it quick after the test
suite), then runs, interleaved in each round so that all see the same machine: `node -e ""` (Node's
start-up, the floor), `require('jsdom')` (what loading the emulator's page costs at the least: check
runs script.js in it, as npm test does), the emulator's whole page session alone (lib/run/session.js
in place, as check's worker runs it), `node tools/check.js` and `npm run check`. Prints medians,
their ratio to the floor, the CPU time each used (user + system, all threads: what a quiet
machine's wall time comes near, less what two cores run side by side) and the machine's load
average (the machine is shared: a ratio and a CPU time hold across loads better than a time does).

    .venv/bin/python benchmarks/bench_check.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_toolkit import default_widget  # noqa: E402

SESSION = (
    "const {runSession} = require('./tools/lib/run/session');"
    "runSession({root: process.cwd(), locale: 'ru', locations: ['lcard-1', 'ccard-1', 'settings'],"
    " required: [], callbacks: {}}).then((p) => { if (p.some((x) => x.severity === 'error')) process.exit(1); });"
)
CASES = {
    'floor: node -e ""': ["node", "-e", ""],
    "require('jsdom')": ["node", "-e", "require('jsdom')"],
    "the emulator's session alone": ["node", "-e", SESSION],
    "node tools/check.js": ["node", "tools/check.js"],
    "npm run check": ["npm", "run", "--silent", "check"],
}


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        project = default_widget(Path(tmp))

        times: dict[str, list[float]] = {name: [] for name in CASES}
        cpus: dict[str, list[float]] = {name: [] for name in CASES}
        loads = []
        for round_ in range(args.rounds + 1):
            loads.append(os.getloadavg()[0])
            for name, command in CASES.items():
                wall, cpu = timed(command, project)
                if round_:  # the first round warms the disk cache
                    times[name].append(wall)
                    cpus[name].append(cpu)

    floor = statistics.median(times['floor: node -e ""'])
    print(f"npm run check of the default widget, median of {args.rounds} rounds, "
          f"{os.cpu_count()} cores, load average {min(loads):.1f}-{max(loads):.1f}")
    for name, values in times.items():
        median = statistics.median(values)
        cpu = statistics.median(cpus[name])
        print(f"  {name:32} {median * 1000:7.0f} ms  {median / floor:5.1f}x floor  {cpu * 1000:6.0f} ms CPU")


if __name__ == "__main__":
    main()
