"""Free-text answers: whatever characters they hold, the widget parses and the text round-trips."""

from __future__ import annotations

import json
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment

from variants import ROOT

# Pieces that break generators that paste strings: template delimiters, quotes, escapes.
NASTY = st.sampled_from(["{{", "}}", "{%", "%}", "{#", "#}", '"', "'", "\\", "\\n", "</script>", "«»", "🚀", "ё", "\u2028", "${x}"])
CHARS = st.characters(exclude_categories=("Cc", "Cs"))


def free_text(multiline: bool = False) -> st.SearchStrategy[str]:
    parts = st.one_of(st.text(CHARS, min_size=1, max_size=12), NASTY, *( [st.just("\n")] if multiline else []))
    return st.lists(parts, min_size=1, max_size=8).map("".join).filter(lambda s: s.strip() and len(s) < 100)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=free_text(), short=free_text(), description=free_text(multiline=True), label=free_text(), company=free_text())
def test_texts_round_trip_through_every_file(generate, name, short, description, label, company):
    dst = generate(
        {
            "widget_name": name,
            "short_description": short,
            "description": description,
            "company": company,
            "settings_fields": [{"code": "token", "type": "text", "label": label}],
        }
    )
    widget = dst / "widget"
    json.loads((widget / "manifest.json").read_text(encoding="utf-8"))
    for path in (widget / "i18n").iterdir():
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["widget"]["name"] == name
        assert data["widget"]["short_description"] == short
        assert data["widget"]["description"] == description
        assert data["settings"]["token"] == label
    answers = yaml.safe_load((dst / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert (answers["widget_name"], answers["description"], answers["company"]) == (name, description, company)
    assert re.fullmatch(r"[a-z][a-z0-9_]{0,39}", answers["widget_code"])


def code_from_name():
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(ROOT)), extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"]
    )
    template = env.from_string("{% from 'includes/questions.jinja' import code_from_name %}{{ code_from_name(name) }}")
    return lambda name: template.render(name=name)


DERIVE = code_from_name()


@settings(max_examples=300, deadline=None)
@given(name=st.text(min_size=1, max_size=80))
def test_the_derived_widget_code_is_always_a_valid_code(name):
    assert re.fullmatch(r"[a-z][a-z0-9_]{0,39}", DERIVE(name))


def test_derived_codes_read_well():
    assert DERIVE("Call tracker") == "call_tracker"
    assert DERIVE("Мой виджет") == "moy_vidzhet"
    assert DERIVE("Çağrı İzleyici") == "cagri_izleyici"
    assert DERIVE("2GIS карты") == "w_2gis_karty"
    emoji = DERIVE("🚀🔥")
    assert re.fullmatch(r"widget_[0-9a-f]{6}", emoji) and emoji != DERIVE("🔥🚀")
