"""Time `copier update` of the default widget against `copier copy` of it, in one run.

The template gets two releases (tests/update/releases.py: v1.1.0 changes a few lines of v1.0.0).
Each round copies the widget at v1.1.0 (timed), then generates it at v1.0.0, commits it and
updates it to v1.1.0 (the update timed). Rounds interleave so that both see the same machine; the
medians and their ratio are printed. Target: update at most 3x copy (Copier renders the
template three times on update: the old release, the new one, and into the widget).

    .venv/bin/python benchmarks/bench_update.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from template_copy import copy_template  # noqa: E402
from update.project import init_repository  # noqa: E402
from update.releases import FIRST, SECOND, make_releases  # noqa: E402

TARGET = 3.0


def copier(*args: str, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "copier", *args, "--quiet", "--defaults", "--trust"], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    copies: list[float] = []
    updates: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        template = str(make_releases(copy_template(work / "first"), work / "template"))
        widget = work / "widget"
        for round_ in range(args.rounds + 1):
            copy_time = copier("copy", "--vcs-ref", SECOND, template, str(widget), cwd=work)
            shutil.rmtree(widget)
            copier("copy", "--vcs-ref", FIRST, template, str(widget), cwd=work)
            init_repository(widget)
            update_time = copier("update", "--vcs-ref", SECOND, cwd=widget)
            shutil.rmtree(widget)
            if round_:  # the first round warms the disk cache and is dropped
                copies.append(copy_time)
                updates.append(update_time)

    copy_median, update_median = statistics.median(copies), statistics.median(updates)
    ratio = update_median / copy_median
    print(f"default widget, median of {args.rounds} interleaved runs")
    print(f"  copier copy   {copy_median * 1000:7.0f} ms")
    print(f"  copier update {update_median * 1000:7.0f} ms   {ratio:4.2f}x copy (target <= {TARGET:.0f}x: {'met' if ratio <= TARGET else 'NOT met'})")


if __name__ == "__main__":
    main()
