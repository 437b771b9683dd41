"""Copy-time task: put the toolkit around a widget folder a team already has.

Copier runs it on `copier copy --trust ... --data existing_widget=/abs/path/to/widget`, in the
generated project (copier.yml excludes the template's own widget/ then):

    python <template>/hooks/adopt_widget.py --widget=/abs/path/to/widget --platform=amocrm

It never changes a byte of that folder. It checks that the folder is a widget (manifest.json and
script.js) and writes into package.json "widget": "dir", the folder relative to the project (so
the two can move together; check, pack, npm test and the dev server read the widget from there,
tools/lib/widget-dir.js), and "root_class", the class most of the widget's CSS selectors start
with (check's css-scope rule uses it). The project gets no widget/ of its own. The platform is the answer of
the `platform` question; a widget whose locales or locations only the other platform offers
(tools/platform.json) is refused with the answer to give instead.

Bad input gets one line on stderr and exit 1: Copier then removes the project it was creating.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import stat
import sys

HOOKS = os.path.dirname(os.path.realpath(__file__))
RULES = os.path.join(HOOKS, "..", "template", "tools", "platform.json")

# A selector's first class: ".crm-box__title > a" -> "crm-box__title".
FIRST_CLASS = re.compile(r"^\s*(?:[a-zA-Z*][\w-]*)?\.(-?[_a-zA-Z][\w-]*)")
COMMENT = re.compile(r"/\*.*?\*/", re.S)

# Larger than any widget's manifest or style sheet: not read (check names such a file).
MAX_READ_BYTES = 16 * 1024 * 1024


class AdoptError(Exception):
    """What is wrong with the folder, and how to fix it (one line)."""


def regular_file(path: str) -> bool:
    """Whether path is a regular file of a readable size, never through a link (a link to /dev/zero,
    a named pipe or a broken link would hang or stop the adoption: check names them later)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_READ_BYTES


def read_json(path: str, what: str) -> dict:
    if os.path.lexists(path) and not regular_file(path):
        raise AdoptError(f"{what} is not a regular file (a link, a pipe, a device or over 16 MB): put the widget's real manifest.json there")
    try:
        with open(path, encoding="utf-8-sig") as f:
            value = json.load(f)
    except FileNotFoundError:
        raise AdoptError(f"{what} is missing: point existing_widget at the folder holding manifest.json and script.js") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise AdoptError(f"{what} is not valid JSON ({error}): fix it, then run copier copy again") from None
    if not isinstance(value, dict):
        raise AdoptError(f"{what} is not a JSON object: fix it, then run copier copy again")
    return value


def root_class(folder: str) -> str | None:
    """The widget's root class, or None without CSS: the BEM block every selector of its CSS starts
    with; when they start with several blocks, their common prefix up to a hyphen ("oldw-" for
    oldw-panel and oldw-button, check's css-scope rule then takes any class starting with it);
    failing that, the block most selectors start with."""
    counts: collections.Counter[str] = collections.Counter()
    for base, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d.lower() not in ("vendor", "vendors", "node_modules")]
        for name in files:
            if not name.lower().endswith(".css") or not regular_file(os.path.join(base, name)):
                continue
            try:
                with open(os.path.join(base, name), encoding="utf-8", errors="replace") as f:
                    text = COMMENT.sub("", f.read())
            except OSError:
                continue  # unreadable: check names it
            for prelude in re.findall(r"([^{}@;]+)\{", text):
                for selector in prelude.split(","):
                    found = FIRST_CLASS.match(selector)
                    if found:
                        counts[re.split(r"__|--", found.group(1))[0]] += 1
    if not counts:
        return None
    if len(counts) > 1:
        prefix = os.path.commonprefix(list(counts))
        prefix = prefix[: prefix.rfind("-") + 1]
        if len(prefix) > 2:
            return prefix
    return counts.most_common(1)[0][0]


def other_platform(manifest: dict, platform: str) -> tuple[str, list[str]] | None:
    """(platform, reasons) when the manifest names locales or locations only another platform has."""
    with open(RULES, encoding="utf-8") as f:
        rules = json.load(f)
    widget = manifest.get("widget") if isinstance(manifest.get("widget"), dict) else {}
    locales = [l for l in widget.get("locale", []) if isinstance(l, str)] if isinstance(widget.get("locale"), list) else []
    locations = manifest.get("locations") if isinstance(manifest.get("locations"), list) else []
    for name, spec in rules["platforms"].items():
        if name == platform:
            continue
        only = [l for l in locales if l in spec["locales"] and l not in rules["platforms"][platform]["locales"]]
        for location in locations:
            code = re.sub(r"-[01]$", "", str(location))
            loc = rules["locations"].get(code)
            if loc and loc["platforms"] == [name]:
                only.append(code)
        if only:
            return name, only
    return None


def adopt(folder: str, platform: str, project: str) -> str:
    """Points the project at folder and records the root class; returns what was done (one line)."""
    folder = os.path.abspath(os.path.expanduser(folder))
    if not os.path.isdir(folder):
        raise AdoptError(f"existing_widget {folder} is not a folder: give the absolute path of the widget's folder (the one holding manifest.json)")
    manifest = read_json(os.path.join(folder, "manifest.json"), f"{folder}/manifest.json")
    if not os.path.isfile(os.path.join(folder, "script.js")):
        raise AdoptError(f"{folder} has no script.js: point existing_widget at the widget's folder itself (manifest.json and script.js side by side)")
    wrong = other_platform(manifest, platform)
    if wrong:
        name, reasons = wrong
        raise AdoptError(f"{folder}/manifest.json lists {', '.join(reasons)}, which only {name} offers: answer platform={name} (copier copy --data platform={name} ...)")
    if os.path.lexists(os.path.join(project, "widget")):
        raise AdoptError(f"{project}/widget already exists: bring the widget into a new, empty project folder")

    package_file = os.path.join(project, "package.json")
    package = read_json(package_file, "package.json")
    found = root_class(folder)
    settings = package.setdefault("widget", {})
    settings["dir"] = os.path.relpath(folder, os.path.realpath(project)).replace(os.sep, "/")
    if found:
        settings["root_class"] = found
    else:
        settings.pop("root_class", None)
    with open(package_file, "w", encoding="utf-8") as f:
        f.write(json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    return f"the widget is {folder} (package.json widget.dir)" + (f"; root class .{found} (package.json widget.root_class)" if found else "; no CSS, no root class")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--widget", required=True)
    parser.add_argument("--platform", required=True)
    args = parser.parse_args()
    try:
        done = adopt(args.widget, args.platform, os.getcwd())
    except (AdoptError, OSError) as error:
        sys.stderr.write(f"adopt: {error}\n")
        return 1
    sys.stdout.write(f"adopt: {done}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
