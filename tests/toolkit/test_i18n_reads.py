"""i18n reads: every text a Twig template prints and every `self.i18n(...)` path script.js reads
exists in every locale file. `npm run check` names the template or script line and the locale
files lacking the text (rule i18n-read); `npm test` fails on the same misses (the emulator's
warnings); reads the widget guards (|default, is defined, ||) are not misses."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from helpers import edit_json, edit_text, node, problems

pytestmark = pytest.mark.npm

PANEL = "widget/templates/panel.twig"
SCRIPT = "widget/script.js"


def reads(project):
    return [p for p in problems(node(project, "check").stdout) if p["rule"] == "i18n-read"]


def line_of(project, rel: str, text: str) -> int:
    lines = (project / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def npm_test(project):
    return subprocess.run(["npm", "test"], cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NODE_OPTIONS": "--test-reporter=tap", "NO_COLOR": "1"})


def test_a_key_a_template_prints_is_missing(npm_widget):
    project = npm_widget("defaults")  # ru and en
    edit_text(project / PANEL, "{{ lang.intro }}</p>", "{{ lang.intro }}</p>\n  <p class=\"{{ root }}__hint\">{{ lang.hint }}</p>")
    [miss] = reads(project)
    assert (miss["file"], miss["severity"]) == (PANEL, "error")
    assert int(miss["line"]) == line_of(project, PANEL, "lang.hint")
    text = (project / PANEL).read_text(encoding="utf-8").splitlines()[int(miss["line"]) - 1]
    assert text[int(miss["col"]) - 1:].startswith("{{ lang.hint }}")
    assert '"panel.hint"' in miss["message"] and "i18n/ru.json, i18n/en.json lack" in miss["message"]
    # Added to one locale: the other is still named.
    edit_json(project / "widget/i18n/en.json", lambda m: m["panel"].update(hint="Hint"))
    [miss] = reads(project)
    assert "i18n/ru.json lacks" in miss["message"] and "en.json" not in miss["message"]
    edit_json(project / "widget/i18n/ru.json", lambda m: m["panel"].update(hint="Подсказка"))
    assert reads(project) == []


def test_a_path_script_js_reads_is_missing_and_npm_test_fails_on_it(npm_widget):
    project = npm_widget("amocrm-everything-panel")  # lists: self.i18n('list') in onSelected
    edit_text(project / SCRIPT, "self.i18n('list').selected + ': '", "self.i18n('list').contacts + ': '")
    found = reads(project)
    assert [(p["file"], int(p["line"])) for p in found] == [(SCRIPT, line_of(project, SCRIPT, "self.i18n('list').contacts"))]
    assert '"list.contacts"' in found[0]["message"]
    locales = json.loads((project / "widget/manifest.json").read_text())["widget"]["locale"]
    assert all(f"i18n/{locale}.json" in found[0]["message"] for locale in locales)
    assert node(project, "check").returncode == 1
    result = npm_test(project)
    assert result.returncode != 0
    for locale in locales:
        assert f'i18n/{locale}.json has no text \\"list.contacts\\", which widget/script.js:' in result.stdout \
            or f'i18n/{locale}.json has no text "list.contacts", which widget/script.js:' in result.stdout


def test_variables_groups_and_guarded_reads(npm_widget):
    project = npm_widget("defaults")
    edit_text(project / SCRIPT, "      render: function () {", """      render: function () {
        var texts = self.i18n('panel');
        var missing = texts.nowhere;               // a miss, through a variable
        var known = texts.intro.length;            // a property of a text: found
        var optional = texts.later || '';          // guarded: not a miss
        var group = self.i18n('nogroup');          // a group no locale has
        (function (texts) { return texts.other; })({}); // another variable of the same name
""")
    edit_text(project / PANEL, "{{ lang.intro }}</p>",
              "{{ lang.intro }}</p>{{ lang.opt|default('') }}{% if lang.maybe is defined %}{{ lang['intro'] }}{% endif %}")
    found = {(int(p["line"]), p["message"].split('"')[1]) for p in reads(project)}
    assert found == {(line_of(project, SCRIPT, "texts.nowhere"), "panel.nowhere"),
                     (line_of(project, SCRIPT, "self.i18n('nogroup')"), "nogroup")}



def test_a_read_the_widget_tests_first_is_not_a_miss(npm_widget):
    """A text the code or the template tests before using it (a condition, `typeof`, `in`,
    hasOwnProperty, `{% if lang.x %}`, `{% if lang.x is defined %}{{ lang.x }}`) works without it
    in the CRM: never an error that blocks the pack. An unguarded read beside it still is."""
    project = npm_widget("defaults")
    edit_text(project / SCRIPT, "      render: function () {", """      render: function () {
        var texts = self.i18n('panel');
        var a = texts && texts.maybe ? texts.maybe : 'x';
        var b = typeof texts.other === 'string' ? texts.other : '';
        var c = ('absent' in texts) ? texts.absent : '';
        var d = texts.hasOwnProperty('optional') ? texts.optional : '';
        if (texts.note) { $('body').attr('title', texts.note); }
        var e = texts.nowhere;
        void [a, b, c, d, e];
""")
    edit_text(project / PANEL, "{{ lang.intro }}</p>",
              "{{ lang.intro }}</p>{% if lang.hint is defined %}<p>{{ lang.hint }}</p>{% endif %}"
              "{% if lang.extra %}<p>{{ lang.extra }}</p>{% elseif lang.alt %}{{ lang.alt }}{% endif %}{{ lang.absent }}")
    found = {(int(p["line"]), p["message"].split('"')[1]) for p in reads(project)}
    assert found == {(line_of(project, SCRIPT, "texts.nowhere"), "panel.nowhere"),
                     (line_of(project, PANEL, "lang.absent"), "panel.absent")}

def test_npm_test_fails_on_conflict_markers_like_check(npm_widget):
    project = npm_widget("defaults")
    assert npm_test(project).returncode == 0
    with open(project / PANEL, "a", encoding="utf-8") as twig:
        twig.write("<<<<<<< before updating\n<p></p>\n=======\n<p>x</p>\n>>>>>>> after updating\n")
    result = npm_test(project)
    assert result.returncode != 0
    assert "not ok 1 - no conflict markers, *.rej or *.orig files" in result.stdout
    start = line_of(project, PANEL, "<<<<<<<")
    assert f"{PANEL}:{start}: conflict marker" in result.stdout
    assert (PANEL, "conflict-marker") in {(p["file"], p["rule"]) for p in problems(node(project, "check").stdout)}
