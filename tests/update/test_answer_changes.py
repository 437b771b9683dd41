"""Answers change on update (`copier update --data ...`): the files that depend on them follow,
exactly as a fresh copy with the new answers has them, and the developer's edits stay."""

from __future__ import annotations

import json
from pathlib import Path

from variants import ROOT, RULES

from . import developer
from .project import commit_all, conflicts, copier
from .releases import FIRST

DP_PLACEHOLDER = next((ROOT / "template" / "widget" / "images").glob("*logo_dp.png*"))


def without(text: str, line: str) -> str:
    assert line in text
    return text.replace(line, "")


def update_answers(project: Path, **answers) -> None:
    data = [arg for key, value in answers.items() for arg in ("--data", f"{key}={json.dumps(value)}")]
    result = copier("update", "--defaults", "--trust", "--vcs-ref", FIRST, *data, cwd=project)
    assert result.returncode == 0, result.stderr
    assert conflicts(project).returncode == 0
    commit_all(project, f"Answers: {answers}")


def read(project: Path, name: str) -> str:
    return (project / name).read_text(encoding="utf-8")


def test_adding_and_removing_a_locale(new_widget, pristine):
    project = new_widget()  # amoCRM: ru, en
    developer.add_i18n_key(project / "widget" / "i18n" / "ru.json")
    commit_all(project, "A key of my own")

    update_answers(project, locales=["ru", "en", "es"])
    fresh = pristine(FIRST, {"locales": ["ru", "en", "es"]})
    assert read(project, "widget/i18n/es.json") == read(fresh, "widget/i18n/es.json")
    assert read(project, "widget/manifest.json") == read(fresh, "widget/manifest.json")
    manifest = json.loads(read(project, "widget/manifest.json"))
    assert manifest["widget"]["locale"] == ["ru", "en", "es"]
    assert developer.I18N_LINE in read(project, "widget/i18n/ru.json")

    update_answers(project, locales=["ru"])
    fresh = pristine(FIRST, {"locales": ["ru"]})
    assert sorted(p.name for p in (project / "widget" / "i18n").iterdir()) == ["ru.json"]
    assert read(project, "widget/manifest.json") == read(fresh, "widget/manifest.json")
    assert json.loads(read(project, "widget/manifest.json"))["widget"]["locale"] == ["ru"]
    assert without(read(project, "widget/i18n/ru.json"), developer.I18N_LINE) == read(fresh, "widget/i18n/ru.json")


def test_adding_and_removing_locations(new_widget, pristine):
    """advanced_settings (callback, manifest block, twig) and digital_pipeline (callback,
    manifest block, logo) arrive and leave with the answer; the developer's code stays."""
    project = new_widget()
    developer.edit_script(project)
    commit_all(project, "My code")
    base = ["lcard-1", "ccard-1", "settings"]
    added = ["advanced_settings", "digital_pipeline"]
    callbacks = [cb for area in added for cb in RULES["locations"][area]["callbacks"]]
    assert callbacks, "platform.json names the callbacks of these areas"

    update_answers(project, areas=base + added)
    fresh = pristine(FIRST, {"areas": base + added})
    script = read(project, "widget/script.js")
    assert without(script, developer.SCRIPT_LINE) == read(fresh, "widget/script.js")
    assert all(callback in script for callback in callbacks)
    assert read(project, "widget/manifest.json") == read(fresh, "widget/manifest.json")
    manifest = json.loads(read(project, "widget/manifest.json"))
    assert {"advanced", "dp"} <= set(manifest) and set(added) <= set(manifest["locations"])
    assert read(project, "widget/templates/advanced.twig") == read(fresh, "widget/templates/advanced.twig")
    # The new area's logo is the template's static placeholder: no task runs on update.
    assert (project / "widget" / "images" / "logo_dp.png").read_bytes() == DP_PLACEHOLDER.read_bytes()

    update_answers(project, areas=base)
    fresh = pristine(FIRST, {"areas": base})
    script = read(project, "widget/script.js")
    assert without(script, developer.SCRIPT_LINE) == read(fresh, "widget/script.js")
    assert not any(callback in script for callback in callbacks)
    manifest = json.loads(read(project, "widget/manifest.json"))
    assert not {"advanced", "dp"} & set(manifest) and not set(added) & set(manifest["locations"])
    assert not (project / "widget" / "templates" / "advanced.twig").exists()
    assert not (project / "widget" / "images" / "logo_dp.png").exists()
