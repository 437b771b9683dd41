"""Each question refuses a bad answer given with --data: one line says why, nothing is written."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from template_copy import run_copier_cli
from variants import ROOT

LONG_NAME = "x" * 101
SETTING = {"code": "api_key", "type": "pass", "required": True}

# (answers, question that must refuse, words the one-line reason must contain)
BAD_ANSWERS = [
    ({"widget_name": "   "}, "widget_name", "empty"),
    ({"widget_name": "two\nlines"}, "widget_name", "one line"),
    ({"widget_name": LONG_NAME}, "widget_name", "under 100"),
    ({"widget_code": "My Widget"}, "widget_code", "a-z first"),
    ({"widget_code": "9lives"}, "widget_code", "a-z first"),
    ({"widget_code": "a" * 41}, "widget_code", "at most 40"),
    ({"short_description": ""}, "short_description", "empty"),
    ({"short_description": "a\tb"}, "short_description", "one line"),
    ({"description": " \n "}, "description", "empty"),
    ({"version": "1.0"}, "version", "MAJOR.MINOR.PATCH"),
    ({"version": "v1.0.0"}, "version", "MAJOR.MINOR.PATCH"),
    ({"company": "A\nB"}, "company", "one line"),
    ({"support_email": "support.example.com"}, "support_email", "name@domain"),
    ({"support_link": "example.com/help"}, "support_link", "https://"),
    ({"locales": []}, "locales", "at least one"),
    ({"platform": "kommo", "locales": ["ru"]}, "locales", "'ru' is not in"),
    ({"platform": "bitrix"}, "platform", "'bitrix' is not in"),
    ({"areas": []}, "areas", "at least one"),
    ({"areas": ["lcard-0", "lcard-1"]}, "areas", "keep one"),
    ({"areas": ["card_sdk", "settings"]}, "areas", "one of lcard, ccard, comcard"),
    ({"areas": ["lcard"]}, "areas", "'lcard' is not in"),
    ({"areas": ["everywhere-1"]}, "areas", "'everywhere-1' is not in"),
    ({"platform": "kommo", "areas": ["cucard-1"]}, "areas", "'cucard-1' is not in"),
    ({"platform": "amocrm", "areas": ["ai_agent"]}, "areas", "'ai_agent' is not in"),
    ({"controls": ["slider"]}, "controls", "'slider' is not in"),
    ({"areas": ["settings"], "controls": ["input"], "settings_fields": []}, "controls", "place to draw"),
    ({"settings_fields": "api_key"}, "settings_fields", "YAML list"),
    ({"settings_fields": [{"code": "api_key", "type": "pass", "colour": "red"}]}, "settings_fields", 'unknown key "colour"'),
    ({"settings_fields": [{"code": "API key", "type": "text"}]}, "settings_fields", "lowercase identifier"),
    ({"settings_fields": [SETTING, SETTING]}, "settings_fields", "used twice"),
    ({"settings_fields": [{"code": "x", "type": "password"}]}, "settings_fields", "one of text, pass"),
    ({"settings_fields": [{"code": "x", "type": "text", "required": "yes"}]}, "settings_fields", "true or false"),
    ({"settings_fields": [{"code": "x", "type": "text", "label": ""}]}, "settings_fields", "one-line label"),
    (
        {"settings_fields": [{"code": "a", "type": "custom"}, {"code": "b", "type": "custom"}]},
        "settings_fields",
        "at most one",
    ),
    ({"areas": ["lcard-1"], "settings_fields": [{"code": "a", "type": "custom"}]}, "settings_fields", "settings area"),
    # Every problem of the list at once, in one line.
    (
        {"settings_fields": [{"code": "API", "type": "password"}, {"code": "notes", "type": "text", "colour": "red"}]},
        "settings_fields",
        '3 problems: #1 code "API": use a lowercase identifier, e.g. api_key; #1 type "password": use one of text, '
        'pass, users, users_lp, custom; #2 unknown key "colour": use code, type, required, label',
    ),
    # An indentation slip that makes a mapping of the list.
    ({"settings_fields": {"code": "x", "type": "text"}}, "settings_fields", "each field in {...}, the fields in [...]"),
    ({"areas": ["digital_pipeline"], "dp_webhook_url": "http://example.com/dp"}, "dp_webhook_url", "https://"),
    ({"areas": ["sms"], "sms_endpoint": "not a url"}, "sms_endpoint", "https://"),
    ({"areas": ["mobile_card"], "mobile_frame_url": "ftp://x.y"}, "mobile_frame_url", "https://"),
    ({"backend": True, "backend_url": "http://widget.example.com"}, "backend_url", "https://"),
    ({"backend": True, "backend_url": "https://widget.example.com/"}, "backend_url", "give the base address"),
    ({"areas": ["mobile_card"], "mobile_color": "blue"}, "mobile_color", "#rrggbb"),
    # A trailing line break passes a pattern ending in $ (it matches before a final \n), and an
    # answer quoted with its line break would split the one line: both shown as \n.
    ({"widget_code": "abc\n"}, "widget_code", '"abc\\n" is not a widget code'),
    ({"areas": ["mobile_card"], "mobile_color": "#123456\n"}, "mobile_color", '"#123456\\n" is not a colour'),
    ({"settings_fields": [{"code": "api_key\n", "type": "text"}]}, "settings_fields", 'code "api_key\\n": use a lowercase'),
    ({"support_email": "x\ny@example.com"}, "support_email", '"x\\ny@example.com" is not an e-mail address'),
    ({"installation": "fa\nlse"}, "installation", '"fa\\nlse" is not a yes/no answer'),
]


def data_args(answers: dict) -> list[str]:
    args = []
    for key, value in answers.items():
        args += ["--data", f"{key}={value if isinstance(value, str) else json.dumps(value)}"]
    return args


@pytest.mark.parametrize(
    ("answers", "question", "reason"), BAD_ANSWERS, ids=[f"{q}-{i}" for i, (_, q, _) in enumerate(BAD_ANSWERS)]
)
def test_bad_answer_is_refused_with_one_line_and_nothing_is_written(template_repo, tmp_path, answers, question, reason):
    dst = tmp_path / "widget"
    result = run_copier_cli("copy", "--defaults", "--trust", *data_args(answers), str(template_repo), str(dst), cwd=tmp_path)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    # Copier prints its traceback first; the last line names the question and gives our reason.
    assert f"'{question}'" in last, result.stderr
    assert reason in last, last
    assert not dst.exists()


def test_the_defaults_pass_every_validator(template_repo, tmp_path):
    result = run_copier_cli("copy", "--defaults", "--trust", str(template_repo), str(tmp_path / "w"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "w" / "widget" / "manifest.json").is_file()


# --- one validity: Copier's validators accept exactly what the widget's check and pack accept ----

# The answer as given -> the question that must refuse it (what the widget's check or pack refused).
REFUSED_LIKE_THE_WIDGET = [
    ({"areas": ["digital_pipeline", "lcard-1"], "dp_webhook_url": 'https://a"b.example.com/x'}, "dp_webhook_url", "https URL"),
    ({"support_email": 'a@b.c"<x>'}, "support_email", "name@domain"),
    ({"version": "1.0.0-01"}, "version", "no leading zeros"),
    ({"support_link": "https://example.com/a b"}, "support_link", "%-escaped"),
    ({"installation": "flase"}, "installation", "true or false"),
    ({"init_once": "maybe"}, "init_once", "true or false"),
    ({"ci_workflow": "2"}, "ci_workflow", "true or false"),
    ({"backend": "maybe"}, "backend", "true or false"),
    ({"backend": True, "backend_url": 'https://a"b.example.com'}, "backend_url", "https URL"),
]


@pytest.mark.parametrize(("answers", "question", "reason"), REFUSED_LIKE_THE_WIDGET,
                         ids=[f"{q}-{i}" for i, (_, q, _) in enumerate(REFUSED_LIKE_THE_WIDGET)])
def test_answers_the_widget_would_refuse_are_refused_at_copy(template_repo, tmp_path, answers, question, reason):
    test_bad_answer_is_refused_with_one_line_and_nothing_is_written(template_repo, tmp_path, answers, question, reason)


@pytest.mark.parametrize(("given", "stored"), [("no", False), ("off", False), ("YES", True), ("1", True)])
def test_boolean_spellings_copier_reads_are_accepted(template_repo, tmp_path, given, stored):
    dst = tmp_path / "widget"
    result = run_copier_cli("copy", "--defaults", "--trust", "--skip-tasks", "--data", f"installation={given}",
                            str(template_repo), str(dst), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((dst / "widget" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["widget"]["installation"] is stored


def test_a_misspelt_boolean_in_a_data_file_is_refused(template_repo, tmp_path):
    data = tmp_path / "team.yml"
    data.write_text("installation: flase\n", encoding="utf-8")
    dst = tmp_path / "widget"
    result = run_copier_cli("copy", "--defaults", "--trust", "--data-file", str(data), str(template_repo), str(dst), cwd=tmp_path)
    assert result.returncode != 0
    assert "'installation'" in result.stderr.strip().splitlines()[-1] and not dst.exists()


# --- presets: a --data-file a team shares, written for this release or an older one -------------

def test_the_preset_check_knows_every_question():
    """includes/validators.jinja lists the questions for the unknown-key check: copier.yml's,
    less the computed ones (when: false) no preset can answer."""
    questions = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))
    asked = [name for name, q in questions.items() if not name.startswith("_") and q.get("when") is not False]
    listed = re.search(r"set QUESTIONS = \[(.*?)\]", (ROOT / "includes" / "validators.jinja").read_text(encoding="utf-8"), re.S)
    assert re.findall(r"'(\w+)'", listed.group(1)) == asked


@pytest.mark.parametrize(("preset", "named"), [
    ("platform: kommo\nsuport_email: widgets@example.com\n", "suport_email is no question of this template"),
    # An older release's preset: a question since renamed, next to good answers.
    ("company: Example\nlocations: [lcard-1]\nwidget_title: X\n", "locations, widget_title are no questions of this template"),
], ids=["misspelt", "older-release"])
def test_a_preset_key_no_question_takes_is_refused(template_repo, tmp_path, preset, named):
    """Copier drops such a key silently: the widget would get the default of the question meant."""
    data = tmp_path / "team.yml"
    data.write_text(preset, encoding="utf-8")
    dst = tmp_path / "widget"
    result = run_copier_cli("copy", "--defaults", "--trust", "--data-file", str(data), str(template_repo), str(dst), cwd=tmp_path)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert named in last and "remove" in last and "support_email, support_link" in last, last
    assert not dst.exists()


def test_a_preset_with_wrong_types_is_refused_question_by_question(template_repo, tmp_path):
    """A string where a list goes, a list where a string goes: each refused, nothing written. (A
    multiselect given a string is Copier's own line, which names the value, not the question.)"""
    for preset, says in [("areas: lcard-1\n", "Not a YAML list: 'lcard-1'"), ("widget_name: [a, b]\n", "Could not convert ['a', 'b'] to string"),
                         ("backend: maybe\n", "'backend'"), ("settings_fields: api_key\n", "'settings_fields'")]:
        data = tmp_path / "team.yml"
        data.write_text(preset, encoding="utf-8")
        dst = tmp_path / "widget"
        result = run_copier_cli("copy", "--defaults", "--trust", "--data-file", str(data), str(template_repo), str(dst), cwd=tmp_path)
        assert result.returncode != 0, preset
        assert says in result.stderr.strip().splitlines()[-1], result.stderr
        assert not dst.exists()


def test_a_control_character_in_the_description_is_refused(template_repo, tmp_path):
    data = tmp_path / "answers.yml"
    data.write_text(yaml.safe_dump({"description": "Line one\nline\x00two\x1b[31m"}), encoding="utf-8")
    dst = tmp_path / "widget"
    result = run_copier_cli("copy", "--defaults", "--trust", "--data-file", str(data), str(template_repo), str(dst), cwd=tmp_path)
    assert result.returncode != 0
    assert "'description'" in result.stderr.strip().splitlines()[-1] and "control character" in result.stderr
    assert not dst.exists()
