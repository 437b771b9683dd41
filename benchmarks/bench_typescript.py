"""What TypeScript costs a widget, against the JavaScript variant in the same run: `npm install`
(time, from npm's cache as after the first install on a machine, and node_modules' size), the build
(`node tools/build.js`, production and development) and check + pack (which build first).

Generates the default widget twice (language javascript, typescript), installs each toolkit in its
own folder, then runs the tools interleaved in each round so that both see the same machine, with
`node -e ""` as the floor. Medians.

    .venv/bin/python benchmarks/bench_typescript.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from copier import run_copy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from template_copy import copy_template  # noqa: E402
from npm_cache import install_packages  # noqa: E402

from bench_copy import timed  # noqa: E402

LANGUAGES = ("javascript", "typescript")
CASES = {
    'floor: node -e ""': ["node", "-e", ""],
    "node tools/build.js": ["node", "tools/build.js"],
    "node tools/build.js --dev": ["node", "tools/build.js", "--dev"],
    "node tools/check.js": ["node", "tools/check.js"],
    "node tools/pack.js": ["node", "tools/pack.js"],
}


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        template = copy_template(work / "template")
        projects, installs = {}, {}
        for language in LANGUAGES:
            project = projects[language] = work / language
            run_copy(str(template), project, data={"language": language}, defaults=True, unsafe=True, quiet=True)
            install_packages(project)  # fills npm's cache: the timed install below reads it
            begin = time.perf_counter()
            subprocess.run(["npm", "install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
                           cwd=project, check=True, capture_output=True)
            installs[language] = (time.perf_counter() - begin, size(project / "node_modules"))
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.rounds):
            for language in LANGUAGES:
                for name, command in CASES.items():
                    if language == "javascript" and "build" in name:
                        continue
                    times.setdefault((language, name), []).append(timed(command, projects[language]))

    js_install, js_size = installs["javascript"]
    print(f"npm install (npm's cache warm), node_modules size; medians of {args.rounds} rounds for the tools")
    for language in LANGUAGES:
        took, bytes_ = installs[language]
        print(f"  {language:10} npm install {took:5.1f} s ({took / js_install:.2f}x JavaScript's), "
              f"node_modules {bytes_ / 2**20:5.0f} MB ({bytes_ / js_size:.2f}x)")
    for language in LANGUAGES:
        floor = statistics.median(times[(language, 'floor: node -e ""')])
        for name in CASES:
            if (language, name) in times:
                median = statistics.median(times[(language, name)])
                js = times.get(("javascript", name))
                versus = f", {median / statistics.median(js):.2f}x JavaScript's" if js and language == "typescript" else ""
                print(f"  {language:10} {name:28} {median * 1000:7.0f} ms  {median / floor:5.1f}x floor{versus}")


if __name__ == "__main__":
    main()
