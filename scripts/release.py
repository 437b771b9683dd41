"""Cut a release of the template: changelog heading, pyproject version, commit and tag.

    python scripts/release.py 1.2.0

`copier update` moves a widget to the newest git tag of the template, ordering tags by PEP 440
(pre-releases such as 1.2.0rc1 only with --prereleases). So a release is a tag `v<version>`, and
this script refuses what would confuse that order: a version that is not canonical PEP 440 or
not above the last release, a dirty work tree, an empty "## Unreleased" section. Then it turns
"## Unreleased" into "## <version> (<date>)" under a fresh empty one, sets pyproject.toml's
version, commits "Release <version>" and tags v<version> (annotated with the release's notes).
It pushes nothing; check the commit, then `git push origin main v<version>`.
"""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import sys
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
UNRELEASED = "## Unreleased\n"


class ReleaseError(Exception):
    pass


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def parse_version(text: str) -> Version:
    try:
        version = Version(text)
    except InvalidVersion:
        raise ReleaseError(f'"{text}" is not a PEP 440 version: use MAJOR.MINOR.PATCH, e.g. 1.2.0') from None
    if str(version) != text:
        raise ReleaseError(f'"{text}" is not in canonical form: write it as {version}')
    return version


def last_release() -> Version | None:
    versions = []
    for tag in git("tag", "--list").split():
        try:
            versions.append(Version(tag.removeprefix("v")))
        except InvalidVersion:
            continue  # Copier ignores tags that are not PEP 440 too
    return max(versions, default=None)


def split_changelog(text: str) -> tuple[str, str, str]:
    """(before "## Unreleased", its notes, the rest from the next release heading on)."""
    start = text.find(UNRELEASED)
    if start < 0:
        raise ReleaseError(f'CHANGELOG.md has no "{UNRELEASED.strip()}" section: add one with the changes')
    body_start = start + len(UNRELEASED)
    following = re.search(r"^## ", text[body_start:], re.M)
    body_end = body_start + following.start() if following else len(text)
    return text[:start], text[body_start:body_end], text[body_end:]


def release(text: str, date: str) -> Version:
    version = parse_version(text)
    previous = last_release()
    if previous is not None and version <= previous:
        raise ReleaseError(f"{version} is not above the last release, {previous}: pick a higher version")
    if git("status", "--porcelain"):
        raise ReleaseError("the work tree has uncommitted changes: commit or stash them first")

    changelog, pyproject = ROOT / "CHANGELOG.md", ROOT / "pyproject.toml"
    head, notes, rest = split_changelog(changelog.read_text(encoding="utf-8"))
    if not notes.strip():
        raise ReleaseError(f'the "{UNRELEASED.strip()}" section of CHANGELOG.md is empty: say what the release changes')
    project, count = re.subn(r'(?m)^version = ".*"$', f'version = "{version}"', pyproject.read_text(encoding="utf-8"), count=1)
    if not count:
        raise ReleaseError('pyproject.toml has no version = "..." line')

    changelog.write_text(f"{head}{UNRELEASED}\n## {version} ({date})\n{notes}{rest}", encoding="utf-8")
    pyproject.write_text(project, encoding="utf-8")
    git("add", "CHANGELOG.md", "pyproject.toml")
    git("commit", "-q", "-m", f"Release {version}")
    git("tag", "-a", f"v{version}", "-m", f"Release {version}\n\n{notes.strip()}\n")
    return version


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", help="the new release, PEP 440 without the v, e.g. 1.2.0 or 1.3.0rc1")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="release date (default: today)")
    args = parser.parse_args()
    try:
        version = release(args.version, args.date)
    except ReleaseError as error:
        print(f"release.py: {error}", file=sys.stderr)
        return 1
    print(f"Tagged v{version}. Review with `git show v{version}`, then: git push origin main v{version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
