"""Time from saving a file to the preview showing the change, in one run, for a JavaScript and a
TypeScript widget.

A generated widget (the defaults; then the same answers with language: typescript) runs under
`npm run dev`; Chromium keeps its preview open. Each round saves the widget's script with a new word
in the panel it draws (JavaScript: widget/script.js; TypeScript: src/script.ts, which the dev server
rebuilds into widget/script.js) and waits until the card's block shows it: the file watcher, the
build (TypeScript), the reload message, the page load, RequireJS, the emulator and the widget's
render. The baseline, in the same rounds, is a plain reload of the same page (no file saved).
Medians, their ratio, and how the edit's time splits: until the new page starts loading, and the
load itself. Target: under 1 s.

    .venv/bin/python benchmarks/bench_reload.py [--rounds 9] [--screenshot template/docs/preview.png]

--screenshot also saves the preview as the README shows it (1280×760, in English, a palette PNG).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from copier import run_copy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browser.dev_server import CHROMIUM, CHROMIUM_ARGS, DevServer  # noqa: E402
from browser.preview_page import wait_until_loaded  # noqa: E402
from template_copy import copy_template  # noqa: E402
from npm_cache import install_packages  # noqa: E402

SHOWN = "(word) => { const block = document.querySelector('#widgets_block .card-widgets__widget'); " \
        "return block && block.textContent.includes(word) && !window.preview.busy; }"


def save_screenshot(page, path: Path) -> None:
    """The preview at rest, as the README shows it: a palette PNG keeps it small."""
    from PIL import Image

    page.set_viewport_size({"width": 1280, "height": 760})
    page.goto(page.url.split("?")[0] + "?locale=en")
    wait_until_loaded(page)
    page.wait_for_timeout(300)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    print(f"screenshot: {path} ({path.stat().st_size // 1024} KB)")


# Where each language's script draws the panel, and what a save changes there.
EDITS = {
    "javascript": ("widget/script.js", "              render: html\n", "              render: html + ' {word}'\n"),
    "typescript": ("src/script.ts", "            render: html,\n", "            render: html + ' {word}',\n"),
}


def measure(playwright, template: Path, work: Path, language: str, rounds: int, screenshot: Path | None):
    """Medians (s) of the plain reload, the save -> shown time, and until the new page starts."""
    project = work / language
    run_copy(str(template), project, data={"language": language}, defaults=True, unsafe=True, quiet=True)
    (project / "node_modules").symlink_to(install_packages(project), target_is_directory=True)
    rel, old, new = EDITS[language]
    script = project / rel
    source = script.read_text(encoding="utf-8")
    assert old in source, f"{rel} no longer holds {old!r}"
    server = DevServer(project)
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(server.url)
        wait_until_loaded(page)
        reloads, edits, starts = [], [], []
        for round_ in range(rounds + 1):
            begin = time.perf_counter()
            page.reload()
            wait_until_loaded(page)
            reload_time = time.perf_counter() - begin

            word = f"edited{round_}"
            saved_at = time.time()
            begin = time.perf_counter()
            script.write_text(source.replace(old, new.format(word=word)), encoding="utf-8")
            page.wait_for_function(SHOWN, arg=word, timeout=10000)
            edit_time = time.perf_counter() - begin
            started = page.evaluate("performance.timeOrigin") / 1000 - saved_at
            if round_:  # the first round warms up the server's caches
                reloads.append(reload_time)
                edits.append(edit_time)
                starts.append(started)
        if screenshot:
            with page.expect_navigation():
                script.write_text(source, encoding="utf-8")
            wait_until_loaded(page)
            save_screenshot(page, screenshot.resolve())
        browser.close()
    finally:
        server.stop()
    return tuple(map(statistics.median, (reloads, edits, starts)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--screenshot", type=Path, help="also save a screenshot of the preview there")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        work = Path(tmp)
        template = copy_template(work / "template")
        for language in EDITS:
            results[language] = measure(playwright, template, work, language, args.rounds,
                                        args.screenshot if language == "javascript" else None)

    print(f"rounds: {args.rounds} (after one warm-up)")
    base = results["javascript"][1]
    for language, (reload_median, edit_median, start_median) in results.items():
        rel = EDITS[language][0]
        print(f"{language}:")
        print(f"  plain reload of the preview (baseline):     median {reload_median * 1000:6.0f} ms")
        print(f"  save {rel:<16} -> shown:           median {edit_median * 1000:6.0f} ms "
              f"({edit_median / reload_median:.2f}x the baseline, {edit_median / base:.2f}x JavaScript's)")
        print(f"    of which until the new page starts loading: median {start_median * 1000:6.0f} ms")
        print(f"  target: under 1000 ms -> {'met' if edit_median < 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
