"""`copier update` of a TypeScript widget: the developer's code in src/ survives and the release's
change to src/ arrives; switching `language` is refused with one line, before anything is written
(Copier would delete the code of the language left: widget/script.js or src/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import developer
from .project import commit_all, conflicts, copier, git
from .releases import FIRST, NEW_SCRIPT_LINE, SECOND

TS_LINE = "      console.info('developer: init ran'); // my TypeScript\n"
MODULE = "export function mine(): string {\n  return 'my module';\n}\n"


def test_update_keeps_the_edits_in_src_and_brings_the_release(new_widget):
    project = new_widget({"language": "typescript"})
    assert not (project / "widget" / "script.js").exists()
    developer.insert_after(project / "src" / "script.ts", r"\s*init\(\) \{", TS_LINE)
    (project / "src" / "mine.ts").write_text(MODULE, encoding="utf-8")
    commit_all(project, "My TypeScript")

    result = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert result.returncode == 0, result.stderr
    assert conflicts(project).returncode == 0
    script = (project / "src" / "script.ts").read_text(encoding="utf-8")
    assert TS_LINE in script
    assert script.endswith(NEW_SCRIPT_LINE)
    assert (project / "src" / "mine.ts").read_text(encoding="utf-8") == MODULE
    assert not (project / "widget" / "script.js").exists()
    assert not (project / "widget" / "templates.js").exists()
    changed = git(project, "status", "--porcelain").split("\n")
    assert " M src/script.ts" in changed, changed


@pytest.mark.parametrize(("before", "after", "code"), [
    ("javascript", "typescript", "widget/script.js"),
    ("typescript", "javascript", "src/"),
])
def test_switching_language_on_update_is_refused_and_writes_nothing(new_widget, before, after, code):
    project = new_widget({"language": before})
    head = git(project, "rev-parse", "HEAD")

    result = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, "--data", f"language={after}", cwd=project)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "'language'" in last and f"this widget's code is {before}" in last, result.stderr
    assert f"would delete {code}" in last and '"Switching language"' in last, last
    assert git(project, "status", "--porcelain") == ""
    assert git(project, "rev-parse", "HEAD") == head
    assert f"_commit: {FIRST}" in (project / ".copier-answers.yml").read_text(encoding="utf-8")

    # The same update keeping the language goes through.
    result = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"language: {before}" in (project / ".copier-answers.yml").read_text(encoding="utf-8")


def test_a_widget_from_before_the_question_is_javascript(new_widget):
    """Answers files written before `language` existed have no answer: the code is JavaScript."""
    project = new_widget()
    answers = project / ".copier-answers.yml"
    answers.write_text("".join(line for line in answers.read_text(encoding="utf-8").splitlines(keepends=True)
                               if not line.startswith("language:")), encoding="utf-8")
    commit_all(project, "An answers file of an older release")
    result = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, "--data", "language=typescript", cwd=project)
    assert result.returncode != 0
    assert "this widget's code is javascript" in result.stderr.strip().splitlines()[-1]
    result = copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "widget" / "script.js").is_file()
    assert Path(project / "src").exists() is False
