"""Team bootstrapping as the README documents it: a preset for `--data-file`, Copier's user
settings (trust, defaults), no prompt and no terminal; the optional CI workflow."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from variants import ROOT

from .project import commit_all, copier, init_repository
from .releases import FIRST, SECOND

PLACEHOLDERS = ROOT / "template" / "widget" / "images"


def readme_block(first_line: str) -> str:
    """The README's fenced block that starts with first_line: the tests run what it documents."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    found = [block for block in blocks if block.startswith(first_line + "\n")]
    assert len(found) == 1, f"README.md: expected one code block starting with {first_line!r}"
    return found[0]


def personalised(project: Path) -> bool:
    """The copy-time task ran: the main logo is no longer the template's placeholder."""
    return (project / "widget" / "images" / "logo_main.png").read_bytes() != (PLACEHOLDERS / "logo_main.png").read_bytes()


def test_the_team_preset_generates_without_a_prompt_or_a_terminal(releases: Path, tmp_path: Path):
    (tmp_path / "team.yml").write_text(readme_block("# team.yml"), encoding="utf-8")
    preset = yaml.safe_load(readme_block("# team.yml"))
    result = copier(
        "copy", "--trust", "--defaults", "--data-file", "team.yml", "--data", "widget_name=Call tracker",
        str(releases), "call-tracker", cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    project = tmp_path / "call-tracker"
    manifest = json.loads((project / "widget" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["widget"]["locale"] == preset["locales"]
    assert manifest["locations"] == preset["areas"]
    assert manifest["widget"]["support"] == {"link": preset["support_link"], "email": preset["support_email"]}
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    assert package["author"] == preset["company"]
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert {key: answers[key] for key in preset} == preset  # recorded: updates keep the preset
    assert (project / ".github" / "workflows" / "widget.yml").is_file() == preset["ci_workflow"]
    assert personalised(project)


def test_user_settings_trust_the_template_and_supply_defaults(releases: Path, tmp_path: Path):
    settings = yaml.safe_load(readme_block("# settings.yml"))
    assert settings["trust"], "the README's settings trust the team's template"
    settings["trust"] = [str(releases)]  # this test's copy of the team's template
    settings_file = tmp_path / "settings.yml"
    settings_file.write_text(yaml.safe_dump(settings), encoding="utf-8")
    env = {"COPIER_SETTINGS_PATH": str(settings_file)}

    copied = copier("copy", "--defaults", "--vcs-ref", FIRST, "--data", "widget_name=Лиды", str(releases), "w", cwd=tmp_path, env=env)
    assert copied.returncode == 0, copied.stderr
    project = tmp_path / "w"
    assert personalised(project)  # the task ran without --trust
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    assert package["author"] == settings["defaults"]["company"]
    manifest = json.loads((project / "widget" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["widget"]["support"]["email"] == settings["defaults"]["support_email"]

    init_repository(project)
    updated = copier("update", "--defaults", "--vcs-ref", SECOND, cwd=project, env=env)
    assert updated.returncode == 0, updated.stderr

    # Control: without the settings, the same plain copy is refused (the template has a task).
    empty = tmp_path / "empty.yml"
    empty.write_text("{}\n", encoding="utf-8")
    refused = copier("copy", "--defaults", str(releases), "w2", cwd=tmp_path, env={"COPIER_SETTINGS_PATH": str(empty)})
    assert refused.returncode == 4


def workflow(project: Path) -> dict:
    return yaml.safe_load((project / ".github" / "workflows" / "widget.yml").read_text(encoding="utf-8"))


def test_the_ci_workflow_is_opt_in_and_runs_the_widgets_own_commands(new_widget, pristine):
    assert not (pristine(FIRST) / ".github").exists()
    project = pristine(FIRST, {"ci_workflow": True})
    runs = [step.get("run", "") for step in workflow(project)["jobs"]["check"]["steps"]]
    scripts = json.loads((project / "package.json").read_text(encoding="utf-8"))["scripts"]
    commands = [shlex.split(run) for run in runs if run.startswith("npm ")]
    assert [c[1:] for c in commands] == [["run", "check"], ["run", "lint"], ["test"], ["run", "pack"]]
    for command in commands:
        assert command[-1] in scripts, f"the workflow runs npm {command[-1]}, package.json has no such script"



def test_the_ci_workflow_of_a_widget_with_a_backend_runs_the_backend_s_tests(pristine):
    """With backend: true the workflow installs the backend and runs its own tests, with the npm
    scripts a developer uses (a Python the runner sets up, since backend:install calls python3)."""
    assert "backend" not in workflow(pristine(FIRST, {"ci_workflow": True}))["jobs"]
    project = pristine(FIRST, {"ci_workflow": True, "backend": True})
    steps = workflow(project)["jobs"]["backend"]["steps"]
    assert [step["run"] for step in steps if "run" in step] == ["npm run backend:install", "npm run backend:test"]
    assert any(step.get("uses", "").startswith("actions/setup-python@") for step in steps)
    scripts = json.loads((project / "package.json").read_text(encoding="utf-8"))["scripts"]
    assert {"backend:install", "backend:test"} <= set(scripts)

def test_the_ci_template_check_warns_when_a_newer_release_is_out(new_widget, tmp_path):
    """Runs the workflow's template step as the runner would, `pipx run --spec ... copier`
    served by this environment's Copier."""
    project = new_widget({"ci_workflow": True})
    (step,) = [s for s in workflow(project)["jobs"]["template"]["steps"] if "copier check-update" in s.get("run", "")]
    shim = tmp_path / "bin" / "pipx"
    shim.parent.mkdir()
    shim.write_text(
        '#!/bin/sh\n[ "$1 $2 $4" = "run --spec copier" ] || exit 9\nshift 4\n'
        f'exec {shlex.quote(sys.executable)} -m copier "$@"\n'
    )
    shim.chmod(0o755)
    env = {"PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}"}

    behind = run_step(step["run"], project, env)
    assert behind.returncode == 0, behind.stderr
    assert behind.stdout.startswith("::warning::A newer release of the widget template is out")

    assert copier("update", "--defaults", "--trust", "--vcs-ref", SECOND, cwd=project).returncode == 0
    commit_all(project, "Update from the widget template")
    current = run_step(step["run"], project, env)
    assert current.returncode == 0, current.stderr
    assert "::warning::" not in current.stdout


def run_step(script: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """A workflow `run:` step, in the shell GitHub Actions uses for it."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd, capture_output=True, text=True, env={**os.environ, **env},
    )
