"""The questions at a real terminal: Copier's prompts (questionary) driven through a pseudo-terminal.

Keys are sent as a developer types them; what the screen shows is read back (choices, validator
messages), and the widget written at the end is checked.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pexpect
import yaml

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
CPR = re.escape("\x1b[6n")  # "where is the cursor?"
DOWN, SPACE, ENTER, FINISH = "\x1b[B", " ", "\r", "\x1b\r"  # FINISH: Esc then Enter (multiline)
CLEAR, CTRL_C = "\x15", "\x03"  # CLEAR: Ctrl-U, the line before the cursor


class Terminal:
    """copier copy at a pseudo-terminal; each step waits for a question's help text first."""

    def __init__(self, template: Path, dst: Path):
        self.child = pexpect.spawn(
            sys.executable, ["-m", "copier", "copy", "--trust", str(template), str(dst)],
            cwd=str(dst.parent), encoding="utf-8", timeout=60, dimensions=(60, 200),
            env={**os.environ, "TERM": "xterm-256color"},
        )

    def wait(self, text: str) -> str:
        """Wait for text on the screen; returns what the screen showed since the last wait.

        Answers prompt_toolkit's cursor-position requests on the way, as a terminal does: until it
        knows its position it draws no validation toolbar and may drop the keys typed meanwhile."""
        shown = ""
        while self.child.expect([CPR, re.escape(text)]) == 0:
            shown += self.child.before
            self.child.send("\x1b[1;1R")
        return ANSI.sub("", shown + self.child.before + self.child.after)

    def screen_after(self, text: str, last_line: str) -> str:
        """The question's text, then everything up to last_line (a checkbox's full list)."""
        self.wait(text)
        return self.wait(last_line)

    def send(self, *keys: str) -> None:
        """Type keys one at a time, as fast as a quick typist: prompt_toolkit drops keys that
        arrive in one burst with the prompt still starting."""
        time.sleep(0.3)
        for key in keys:
            for part in re.findall(r"\x1b\[[A-D]|\x1b\r|.", key, flags=re.S):
                self.child.send(part)
                time.sleep(0.03)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF, timeout=120)
        self.child.close()
        return self.child.exitstatus


def choice_lines(screen: str) -> list[str]:
    """A checkbox's choices in screen order, from its ● / ○ markers."""
    return [line.strip() for line in screen.splitlines() if re.match(r"^\s*(»\s*)?[●○]", line)]


def position(lines: list[str], value: str) -> int:
    return next(i for i, line in enumerate(lines) if line.endswith(f"({value})"))


def test_a_developer_answers_every_question_at_a_terminal(template_repo, tmp_path):
    dst = tmp_path / "widget"
    term = Terminal(template_repo, dst)

    term.wait("Which CRM is the widget for?")
    term.wait("Kommo")
    term.send(DOWN, ENTER)
    term.wait("Widget name")
    term.send(CLEAR, "Звонки «Про» 🚀", ENTER)  # the default is there to edit
    term.wait("Widget code")
    term.send(ENTER)  # the code derived from the name, as shown
    shown = term.wait("Short description")
    term.send(ENTER)
    term.wait("Description, shown")
    term.send(" — second line", FINISH)

    term.wait("First version")
    term.send(CLEAR, "1.0", ENTER)
    # The validator's message shows under the prompt (prompt_toolkit redraws only what changed, so
    # the quoted value may be split); the answers file below proves "1.0" was not taken.
    term.wait("is not a semver version: use MAJOR.MINOR.PATCH")
    term.send(CLEAR, "1.2.3", ENTER)

    for question in ("Author or company", "Support e-mail", "Support page URL"):
        term.wait(question)
        term.send(ENTER)

    locales = choice_lines(term.screen_after("Languages of the widget", "(id)"))
    assert [line[-3:-1] for line in locales] == ["en", "es", "pt", "tr", "id"]  # Kommo's, no ru
    term.send(ENTER)

    areas = choice_lines(term.screen_after("Areas (manifest locations)", "(tlist-0)"))
    assert not any("(cucard-1)" in line or "(whatsapp_modal)" in line for line in areas), "amoCRM-only areas offered"
    # Pick the contacts list's right panel, and the lead card in the background as well as in the
    # panel: the validator refuses both of one area and the checkbox stays open.
    term.send(DOWN * position(areas, "clist-1"), SPACE)
    term.send(DOWN * (position(areas, "lcard-0") - position(areas, "clist-1")), SPACE, ENTER)
    assert "lcard-0 and lcard-1 are both chosen" in term.wait("keep one")
    term.send(SPACE, ENTER)  # unpick lcard-0

    # One line of YAML, with a complete example in the help; every problem of the list at once.
    help_text = term.wait("Install-form fields")
    help_text += term.wait("quote a label holding : or #")
    assert "[{code: api_key, type: pass, required: true, label: API key}, {code: managers, type: users, label: Managers}]" in help_text
    # A brace left open is not YAML: Copier's own "Invalid input", which the help explains.
    term.send(CLEAR, "[{code: api_key, type: pass]", ENTER)
    term.wait("Invalid input")
    term.send(CLEAR, "[{code: API, type: pass}, {code: notes, type: text, colour: red}]", ENTER)
    term.wait('2 problems: #1 code "API": use a lowercase identifier')
    term.wait('#2 unknown key "colour"')
    term.send(CLEAR, "[{code: api_key, type: pass, required: true, label: Key}, {code: managers, type: users}]", ENTER)
    term.wait("System controls")
    term.send(ENTER)
    term.wait("Run init/bind_actions once")
    term.send("y")
    for question in ("Can users install", "meant for the Marketplace", "Add a backend", "Add a GitHub Actions", "widget folder you already have"):
        term.wait(question)
        term.send(ENTER)
    term.wait("Language of the widget's code")
    term.send(DOWN, ENTER)  # TypeScript
    assert term.finish() == 0

    answers = yaml.safe_load((dst / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["platform"] == "kommo"
    assert answers["widget_name"] == "Звонки «Про» 🚀"
    assert re.fullmatch(r"[a-z][a-z0-9_]*", answers["widget_code"]) and answers["widget_code"] in shown
    assert answers["description"] == "Звонки «Про» 🚀 — second line"
    assert answers["version"] == "1.2.3"
    assert answers["init_once"] is True
    assert answers["backend"] is False and "backend_url" not in answers
    assert answers["language"] == "typescript"
    assert (dst / "src" / "script.ts").is_file() and not (dst / "widget" / "script.js").exists()
    assert set(answers["areas"]) == {"lcard-1", "ccard-1", "clist-1", "settings"}
    assert answers["settings_fields"] == [
        {"code": "api_key", "type": "pass", "required": True, "label": "Key"}, {"code": "managers", "type": "users"},
    ]
    manifest = json.loads((dst / "widget" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["widget"]["version"] == "1.2.3"
    assert set(manifest["locations"]) == set(answers["areas"])
    assert manifest["widget"]["locale"] == answers["locales"]
    i18n = json.loads((dst / "widget" / "i18n" / f"{answers['locales'][0]}.json").read_text(encoding="utf-8"))
    assert i18n["widget"]["name"] == "Звонки «Про» 🚀"


def test_ctrl_c_during_the_questions_writes_nothing(template_repo, tmp_path):
    dst = tmp_path / "widget"
    term = Terminal(template_repo, dst)
    term.wait("Which CRM is the widget for?")
    term.send(ENTER)
    term.wait("Widget name")
    term.send("Half-answered", ENTER)
    term.wait("Widget code")
    term.send(CTRL_C)
    assert term.finish() != 0
    assert not dst.exists()
