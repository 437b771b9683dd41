"""Time check + pack of the default widget (after `npm install`) against Node's own start-up.

Generates the default widget, installs its toolkit once (npm's cache makes it quick after the
test suite), then runs, interleaved in each round so that all see the same machine:
`node -e ""` (the floor), `node tools/check.js`, `node tools/pack.js` and both in a row (what a
developer waits for before an upload); and, for the record, the same through `npm run`, which
adds npm's own start-up. Prints medians and their ratio to the floor.

    .venv/bin/python benchmarks/bench_toolkit.py [--rounds 11]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from copier import run_copy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_copy import timed  # noqa: E402
from template_copy import copy_template  # noqa: E402
from variants import VARIANTS  # noqa: E402

CASES = {
    'floor: node -e ""': [["node", "-e", ""]],
    "node tools/check.js": [["node", "tools/check.js"]],
    "node tools/pack.js": [["node", "tools/pack.js"]],
    "check + pack (node)": [["node", "tools/check.js"], ["node", "tools/pack.js"]],
    "npm run check && npm run pack": [["npm", "run", "--silent", "check"], ["npm", "run", "--silent", "pack"]],
}


def default_widget(work: Path) -> Path:
    """The default widget generated in work/widget, its toolkit installed (npm install)."""
    template = copy_template(work / "template")
    project = work / "widget"
    run_copy(str(template), project, data=VARIANTS["defaults"], defaults=True, unsafe=True, quiet=True)
    subprocess.run(
        ["npm", "install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=project, check=True, capture_output=True,
    )
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        project = default_widget(Path(tmp))

        times: dict[str, list[float]] = {name: [] for name in CASES}
        for round_ in range(args.rounds + 1):
            for name, commands in CASES.items():
                elapsed = sum(timed(command, project) for command in commands)
                if round_:  # the first round warms the disk cache (and check's schema cache)
                    times[name].append(elapsed)

    floor = statistics.median(times['floor: node -e ""'])
    print(f"check + pack of the default widget, median of {args.rounds} rounds")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:32} {median * 1000:7.0f} ms  {median / floor:5.1f}x floor")


if __name__ == "__main__":
    main()
