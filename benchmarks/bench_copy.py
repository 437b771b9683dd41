"""Time `copier copy` of this template against Copier's own floor, in one run.

The floor is a one-file template: what any `copier copy` costs (start-up, git clone, answers
file). Three more baselines split the full copy into Copier's costs that no template of this
scope avoids:
- as many plain files as the full widget has, laid out the same way (Copier renders every path
  part and runs git for every file it writes);
- only the widget's and project's own files, without the toolkit in tools/, as plain files;
- only the questions, answered as for the full widget (this copier.yml, one plain file written).
Runs are interleaved so that all see the same machine; the medians and their ratios are printed.
The logo task is also timed on its own (it runs inside the full copy).

    .venv/bin/python benchmarks/bench_copy.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from template_copy import copy_template, tag_release  # noqa: E402
from variants import ROOT, VARIANTS  # noqa: E402


def make_floor(path: Path, files: list[str] = ("README.md",)) -> Path:
    """A template of plain files (no questions, nothing rendered), tagged like a release."""
    path.mkdir()
    (path / "copier.yml").write_text('_min_copier_version: "9.6.0"\n')
    for rel in files:
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_text("hello\n")
    return tag_release(path)


# This template's questions and what they include; the one file they write is platform.json.
QUESTIONS_ONLY = ("copier.yml", "includes/", "template/tools/platform.json")


def copy_cmd(src: Path, dst: Path, answers: Path | None, *extra: str) -> list[str]:
    cmd = [sys.executable, "-m", "copier", "copy", "--quiet", "--defaults", "--trust", *extra, str(src), str(dst)]
    return cmd + (["--data-file", str(answers)] if answers else [])


def write_answers(work: Path, variant: str) -> Path:
    answers = work / f"{variant}.json"
    answers.write_text(json.dumps(VARIANTS[variant]))
    return answers


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        floor = make_floor(work / "floor")
        template = copy_template(work / "template")
        full = work / "full-widget"
        answers = {name: write_answers(work, name) for name in ("defaults", "amocrm-everything-panel", "kommo-everything-panel")}
        subprocess.run(copy_cmd(template, full, answers["amocrm-everything-panel"]), check=True, capture_output=True)
        files = [str(p.relative_to(full)) for p in full.rglob("*") if p.is_file() and p.name != ".copier-answers.yml"]
        shutil.rmtree(full)
        same_files = make_floor(work / "same-files", files)
        own = [f for f in files if not f.startswith("tools/")]
        cases = {
            "floor (one-file template)": (floor, None),
            f"{len(files)} plain files": (same_files, None),
            f"{len(own)} plain files, no tools/": (make_floor(work / "own-files", own), None),
            # Without the hooks/ folder, its logo task is skipped.
            "questions only, full answers": (
                copy_template(work / "questions", only=QUESTIONS_ONLY), answers["amocrm-everything-panel"], "--skip-tasks",
            ),
        }
        cases.update({name: (template, path) for name, path in answers.items()})

        times: dict[str, list[float]] = {name: [] for name in cases}
        for round_ in range(args.rounds + 1):
            for name, (src, data, *extra) in cases.items():
                dst = work / "out"
                elapsed = timed(copy_cmd(src, dst, data, *extra), work)
                shutil.rmtree(dst)
                if round_:  # the first round warms the disk cache and is dropped
                    times[name].append(elapsed)

        # The logo task alone, as Copier runs it (a fresh Python with Pillow).
        images = work / "logos" / "widget" / "images"
        task = []
        for _ in range(args.rounds):
            shutil.rmtree(work / "logos", ignore_errors=True)
            shutil.copytree(ROOT / "template" / "widget" / "images", images)
            cmd = [sys.executable, str(template / "hooks" / "draw_logos.py"), "--name=Мой виджет"]
            task.append(timed(cmd, work / "logos"))

    floor_median = statistics.median(times["floor (one-file template)"])
    files_median = statistics.median(times[f"{len(files)} plain files"])
    print(f"copier copy, median of {args.rounds} interleaved runs")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"  {name:28} {median * 1000:7.0f} ms   {median / floor_median:4.2f}x floor"
            f"   {median / files_median:4.2f}x {len(files)} plain files"
        )
    logo = statistics.median(task)
    print(f"  {'logo task alone':28} {logo * 1000:7.0f} ms   {logo / floor_median:4.2f}x floor")
    # What Copier alone costs for this widget: its files written as plain files, its questions
    # answered, its logo task run; rendering templates can only add to it.
    questions_median = statistics.median(times["questions only, full answers"])
    least = files_median + (questions_median - floor_median) + logo
    print(f"  Copier's least for the full widget ({len(files)} plain files + questions + logo task):"
          f" {least / floor_median:4.2f}x floor")


if __name__ == "__main__":
    main()
