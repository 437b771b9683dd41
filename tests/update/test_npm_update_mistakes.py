"""`npm run update` given the mistakes a developer makes: a broken answers file, a template
source that is gone, an answer or release Copier refuses, a folder where the template writes a
file, a deleted tool, an update left uncommitted or stopped midway. Each gets one line saying
what is wrong and how to fix it (never a node or Python stack trace), and nothing of the
developer's changes."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .project import commit_all, git
from .releases import FIRST, NEW_FILE, SECOND
from .test_npm_update import SYSTEM_PATH, npm_update, release_of, shim, widget  # noqa: F401 (fixture)

ANSWERS = ".copier-answers.yml"


def with_copier(tmp_path: Path) -> tuple[Path, Path]:
    """A HOME whose ~/.copier/bin/copier runs Copier and notes each call in the log; (home, log)."""
    home = tmp_path / "home"
    log = tmp_path / "calls.log"
    shim(home / ".copier" / "bin", "copier", [], log)
    return home, log


def copier_script(tmp_path: Path, body: str) -> Path:
    """A HOME whose ~/.copier/bin/copier answers --version like Copier, else runs the shell `body`; HOME."""
    home = tmp_path / "home"
    script = home / ".copier" / "bin" / "copier"
    script.parent.mkdir(parents=True)
    script.write_text(f'#!/bin/sh\n[ "$1" = "--version" ] && exit 0\n{body}')
    script.chmod(0o755)
    return home


def update_env(home: Path) -> dict:
    """The environment npm_update gives, for running node tools/update.js directly."""
    return {**os.environ, "HOME": str(home), "PATH": SYSTEM_PATH, "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull, "npm_config_update_notifier": "false"}


def no_stack_trace(out) -> str:
    text = out.stdout + out.stderr
    assert "Traceback" not in text and not re.search(r"^\s+at .*:\d+:\d+\)?$", text, re.M), text
    return text


def set_source(project: Path, source: str) -> None:
    answers = project / ANSWERS
    answers.write_text(re.sub(r"(?m)^_src_path:.*$", f"_src_path: {source}", answers.read_text()))


def link_outside(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "answers-elsewhere.yml"
    outside.write_text((project / ANSWERS).read_text())
    (project / ANSWERS).unlink()
    (project / ANSWERS).symlink_to(outside)


def folder_instead(project: Path, tmp_path: Path) -> None:
    (project / ANSWERS).unlink()
    (project / ANSWERS).mkdir()
    (project / ANSWERS / "notes.txt").write_text("mine\n")


BROKEN_ANSWERS = {
    "empty": (lambda p, t: (p / ANSWERS).write_text(""), f"{ANSWERS} is empty: restore it from git"),
    "a list": (lambda p, t: (p / ANSWERS).write_text("- platform\n- widget_name\n"), f"{ANSWERS} is not a list of answers"),
    "no _src_path": (lambda p, t: (p / ANSWERS).write_text(re.sub(r"(?m)^_src_path:.*\n", "", (p / ANSWERS).read_text())),
                     f'{ANSWERS} has no _src_path (where the template is): add the line "_src_path:'),
    "no _commit": (lambda p, t: (p / ANSWERS).write_text(re.sub(r"(?m)^_commit:.*\n", "", (p / ANSWERS).read_text())),
                   f'{ANSWERS} has no _commit'),
    "source gone": (lambda p, t: set_source(p, str(t / "moved-away")), "and there is no such folder (moved or deleted?)"),
    "source not git": (lambda p, t: (t / "plain").mkdir() or set_source(p, str(t / "plain")), "which is not the root of a git repository"),
    "a link": (link_outside, f"{ANSWERS} is a symbolic link, which Copier would replace by a plain file"),
    "a folder": (folder_instead, f"{ANSWERS} is a folder, not Copier's answers file"),
}


@pytest.mark.parametrize("mistake", BROKEN_ANSWERS)
def test_a_broken_answers_file_is_one_line_before_copier_runs(widget, tmp_path, mistake):
    break_it, expected = BROKEN_ANSWERS[mistake]
    break_it(widget, tmp_path)
    commit_all(widget, "Broken answers")
    home, log = with_copier(tmp_path)
    out = npm_update(widget, home=home, path=SYSTEM_PATH)
    no_stack_trace(out)
    assert out.returncode == 2
    [line] = out.stdout.splitlines()
    assert line.startswith("update: ") and expected in line and line.endswith("then run npm run update again" + (
        "" if mistake in ("empty", "a list", "a folder") else ' (README: "Updating widgets")')), line
    assert not log.exists()  # Copier never ran
    assert git(widget, "status", "--porcelain") == ""


def test_an_answers_file_that_is_no_yaml_is_named_with_its_line(widget, tmp_path):
    answers = widget / ANSWERS
    answers.write_text(answers.read_text().replace("platform: amocrm", "platform: [amocrm"))
    commit_all(widget, "A bracket too many")
    home, _ = with_copier(tmp_path)
    out = npm_update(widget, home=home, path=SYSTEM_PATH)
    no_stack_trace(out)
    assert out.returncode == 1
    last = out.stdout.splitlines()[-1]
    line = next(n for n, text in enumerate(answers.read_text().splitlines(), 1) if "[amocrm" in text)
    assert last.startswith(f"update: {ANSWERS} is not valid YAML (expected ',' or ']'"), last
    assert f"at line {line + 1})" in last or f"at line {line})" in last
    log = Path(re.search(r"Copier's traceback: (\S+)\)", last).group(1))
    assert "Traceback (most recent call last):" in log.read_text()
    assert last.endswith("; nothing in the widget changed")


def refuse_answer(project: Path, tmp_path: Path) -> tuple[str, ...]:
    return ("--data", "widget_code=Not A Code")


def misspelt_answer(project: Path, tmp_path: Path) -> tuple[str, ...]:
    return ("--data", "suport_email=help@example.com")


def answer_refused_by_the_release(project: Path, tmp_path: Path) -> tuple[str, ...]:
    # A recorded answer the new release's question refuses (here: edited by hand).
    answers = project / ANSWERS
    answers.write_text(re.sub(r"(?m)^version:.*$", 'version: "1.0"', answers.read_text()))
    commit_all(project, "A version the release refuses")
    return ()


def unknown_release(project: Path, tmp_path: Path) -> tuple[str, ...]:
    return ("--vcs-ref", "v9.9.9")


def unreachable(project: Path, tmp_path: Path) -> tuple[str, ...]:
    # Nothing listens on port 9 of this machine: what git sees without a network.
    set_source(project, "https://127.0.0.1:9/example/amo-widget-template.git")
    commit_all(project, "The template's URL")
    return ()


def folder_for_a_file(project: Path, tmp_path: Path) -> tuple[str, ...]:
    css = project / "widget" / "style.css"
    css.unlink()
    css.mkdir()
    (css / "mine.css").write_text(".mine {}\n")
    commit_all(project, "Styles in a folder")
    return ()


def stale_index_lock(project: Path, tmp_path: Path) -> tuple[str, ...]:
    # A git that stopped (or an editor's git running) left its lock: git fails in the widget's
    # repository, not on the template.
    (project / ".git" / "index.lock").touch()
    return ()


COPIER_ERRORS = {
    "refused answer": (refuse_answer, 'update: the answer widget_code is refused: "Not A Code" is not a widget code: use a-z first'),
    "recorded answer refused": (answer_refused_by_the_release, 'update: the answer version is refused: "1.0" is not a semver version: use MAJOR.MINOR.PATCH, e.g. 0.1.0 (a pre-release like 1.0.0-beta.1 too; no leading zeros) (npm run update -- --data version=<value> gives another)'),
    "misspelt answer": (misspelt_answer, "update: suport_email is no question of this template (misspelt, or from an older release?): remove it"),
    "unknown release": (unknown_release, 'has no release "v9.9.9": git ls-remote --tags '),
    "unreachable template": (unreachable, "update: git could not read the template at https://127.0.0.1:9/example/amo-widget-template.git (fatal: "),
    "folder for a file": (folder_for_a_file, "update: widget/style.css is a folder where the template writes a file: move it aside"),
    "stale index lock": (stale_index_lock, "update: git failed in this widget's repository (fatal: Unable to create '"),
}


@pytest.mark.parametrize("mistake", COPIER_ERRORS)
def test_what_copier_answers_with_a_traceback_is_one_line(widget, tmp_path, mistake):
    make, expected = COPIER_ERRORS[mistake]
    args = make(widget, tmp_path)
    home, _ = with_copier(tmp_path)
    before = git(widget, "rev-parse", "HEAD")
    out = npm_update(widget, *args, home=home, path=SYSTEM_PATH)
    no_stack_trace(out)
    assert out.returncode == 1
    last = out.stdout.splitlines()[-1]
    assert expected in last, last
    assert "(Copier's traceback: " in last
    if mistake == "folder for a file":  # Copier stopped midway: the way back, run as printed
        way_back = "git reset --hard && git clean -fd"
        assert last.endswith(f"; {way_back} returns to your last commit")
        subprocess.run(way_back, shell=True, cwd=widget, check=True, capture_output=True)
        assert (widget / "widget" / "style.css" / "mine.css").read_text() == ".mine {}\n"
    else:
        assert last.endswith("; nothing in the widget changed")
    assert git(widget, "status", "--porcelain") == ""
    assert git(widget, "rev-parse", "HEAD") == before and release_of(widget) == FIRST


def test_a_deleted_tool_is_named_and_the_update_still_reports(widget, tmp_path):
    (widget / "tools" / "check.js").unlink()
    commit_all(widget, "No check")
    home, _ = with_copier(tmp_path)
    out = npm_update(widget, home=home, path=SYSTEM_PATH)
    no_stack_trace(out)
    assert out.returncode == 1
    assert ("update: tools/check.js is missing, so npm run check did not run: put it back "
            "(git checkout <an older commit> -- tools/check.js") in out.stdout
    assert f"  {NEW_FILE}: added" in out.stdout and release_of(widget) == SECOND


def test_an_update_left_uncommitted_is_named_on_the_next_run(widget, tmp_path):
    home, log = with_copier(tmp_path)
    assert npm_update(widget, home=home, path=SYSTEM_PATH).returncode == 0
    again = npm_update(widget, home=home, path=SYSTEM_PATH)
    assert again.returncode == 1
    [line] = again.stdout.splitlines()
    assert line.startswith(f"update: refused: the update to {SECOND} is in the work tree and not committed yet (")
    assert 'git add -A && git commit -m "Update from the widget template"; or git reset --hard && git clean -fd drops them' in line
    assert "Work in progress" not in line


def test_an_update_stopped_midway_is_named_on_the_next_run(widget, tmp_path):
    """The update is killed (SIGKILL, nothing can clean up) after Copier wrote a file: the next
    run says so, and the way back it names drops the half-done update and nothing committed."""
    home = tmp_path / "home"
    killer = home / ".copier" / "bin" / "copier"
    killer.parent.mkdir(parents=True)
    # Answers --version like Copier; on update, writes a new file, then kills npm run update's node.
    killer.write_text(f'#!/bin/sh\n[ "$1" = "--version" ] && exit 0\necho half > "{widget}/{NEW_FILE}"\n'
                      'kill -KILL $PPID\nsleep 5\n')
    killer.chmod(0o755)
    stopped = npm_update(widget, home=home, path=SYSTEM_PATH)
    assert stopped.returncode != 0
    killer.unlink()
    home2, log = with_copier(tmp_path / "second")
    again = npm_update(widget, home=home2, path=SYSTEM_PATH)
    assert again.returncode == 1 and not log.exists()
    [line] = again.stdout.splitlines()
    assert line.startswith(f"update: refused: the last npm run update was stopped midway and the work tree has 1 uncommitted change ({NEW_FILE})")
    way_back = line.split("half-done update, ", 1)[1].split(" drops them", 1)[0]
    assert way_back == "git reset --hard && git clean -fd"
    subprocess.run(way_back, shell=True, cwd=widget, check=True, capture_output=True)
    done = npm_update(widget, home=home2, path=SYSTEM_PATH)
    assert done.returncode == 0, done.stdout + done.stderr
    assert release_of(widget) == SECOND


def test_a_named_pipe_in_place_of_a_file_is_named_not_to_be_committed(widget, tmp_path):
    """git cannot commit a pipe: the usual advice (commit your changes) would fail, so the line
    names the pipe and the way back; Copier never opens it (it would wait for a writer for good)."""
    css = widget / "widget" / "style.css"
    css.unlink()
    os.mkfifo(css)
    home, log = with_copier(tmp_path)
    out = npm_update(widget, home=home, path=SYSTEM_PATH)
    assert out.returncode == 1 and not log.exists()
    [line] = out.stdout.splitlines()
    assert line == ("update: refused: widget/style.css is a named pipe, socket or device, which git cannot commit nor "
                    "Copier merge: delete it (git checkout -- widget/style.css brings back the committed file, if any), "
                    "then run npm run update again")
    css.unlink()
    git(widget, "checkout", "--", "widget/style.css")
    assert git(widget, "status", "--porcelain") == ""


def test_an_answers_file_with_windows_line_ends_updates(widget, tmp_path):
    """An editor on Windows writes CRLF: the answers stay readable, to the check and to Copier."""
    answers = widget / ANSWERS
    answers.write_bytes(answers.read_bytes().replace(b"\n", b"\r\n"))
    git(widget, "add", "-A")  # .gitattributes: git stores LF, the work tree keeps CRLF
    assert git(widget, "status", "--porcelain") == "" and b"\r\n" in answers.read_bytes()
    home, log = with_copier(tmp_path)
    out = npm_update(widget, home=home, path=SYSTEM_PATH)
    assert out.returncode == 0, out.stdout + out.stderr
    assert release_of(widget) == SECOND and log.exists()


def test_a_second_update_while_one_runs_is_refused_not_called_stopped(widget, tmp_path):
    """Two npm run update at once: the second must not call the running one stopped midway (its
    way back, git reset --hard, would drop the update under way) nor run Copier beside it."""
    started = tmp_path / "started"
    # Copier, then a pause with the update written and not yet reported.
    home = copier_script(tmp_path, f'"{sys.executable}" -m copier "$@"; rc=$?\ntouch "{started}"\nsleep 6\nexit $rc\n')
    env = update_env(home)
    first = subprocess.Popen(["node", "tools/update.js"], cwd=widget, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):
            if started.exists() or first.poll() is not None:
                break
            time.sleep(0.1)
        assert started.exists(), first.communicate()
        second = npm_update(widget, home=home, path=SYSTEM_PATH)
        [line] = second.stdout.splitlines()
        assert second.returncode == 1
        assert line.startswith(f"update: refused: another npm run update is running in this widget (process {first.pid}): wait for it to end"), line
        assert "stopped midway" not in line and "git reset" not in line
    finally:
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out + err
    assert release_of(widget) == SECOND


def test_a_mark_naming_a_live_process_that_is_no_update_is_an_interrupted_run(widget, tmp_path):
    """An update killed long ago left its mark; its process id now belongs to another program."""
    home, log = with_copier(tmp_path)
    mark = widget / git(widget, "rev-parse", "--git-path", "widget-update-running").strip()
    other = subprocess.Popen(["sleep", "60"])
    try:
        mark.write_text(f"{other.pid} 2026-01-01T00:00:00.000Z\n")
        out = npm_update(widget, home=home, path=SYSTEM_PATH)
    finally:
        other.kill()
        other.wait()
    assert out.returncode == 0, out.stdout + out.stderr
    assert release_of(widget) == SECOND and not mark.exists()


def test_a_traceback_copier_prints_on_success_is_shown_not_taken_for_a_failure(widget, tmp_path):
    """Python prints "Exception ignored in ..." with a traceback at exit and still exits 0: the
    update is done, and what Copier printed passes through as it is."""
    ignored = ("Exception ignored in: <function Session.__del__ at 0x7f>\nTraceback (most recent call last):\n"
               '  File "session.py", line 9, in __del__\nBrokenPipeError: [Errno 32] Broken pipe\n')
    home = copier_script(tmp_path, f'"{sys.executable}" -m copier "$@" || exit $?\nprintf \'%s\' \'{ignored}\' >&2\n')
    out = npm_update(widget, home=home, path=SYSTEM_PATH)
    assert out.returncode == 0, out.stdout + out.stderr
    assert release_of(widget) == SECOND
    assert f"update: template {FIRST} -> {SECOND}; now the conflicts guard and check" in out.stdout
    assert ignored in out.stderr


def test_what_copier_writes_without_a_line_end_is_shown_at_once(widget, tmp_path):
    """A question or a progress bar on stderr has no line end yet (here a release's task asking
    before it goes on): it must show while Copier waits, not once the line ends."""
    home = copier_script(tmp_path, f'printf "Go on? [y/n] " >&2\nread answer\necho "answered $answer" >&2\n'
                                   f'exec "{sys.executable}" -m copier "$@"\n')
    env = update_env(home)
    update = subprocess.Popen(["node", "tools/update.js"], cwd=widget, env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        shown = b""
        deadline = time.monotonic() + 60
        while b"Go on? [y/n] " not in shown and time.monotonic() < deadline:
            ready, _, _ = select.select([update.stderr], [], [], 1)
            if ready:
                shown += os.read(update.stderr.fileno(), 4096)
        assert shown == b"Go on? [y/n] ", shown
        out, err = update.communicate(b"y\n", timeout=300)
    finally:
        update.kill()
    assert (shown + err).decode().startswith("Go on? [y/n] answered y\n")
    assert update.returncode == 0, out + err
    assert release_of(widget) == SECOND
