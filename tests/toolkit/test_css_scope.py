"""css-scope in `npm run check`: a selector is scoped when any compound carries the widget's
root class or its BEM prefix; the advice for one that is not is a selector that matches the
widget's element inside the CRM's page (tried in jsdom); rules on the page itself (:root, html,
body) get their own message."""

from __future__ import annotations

import json
import subprocess

import pytest

from helpers import node, problems

pytestmark = pytest.mark.npm

CSS = "widget/style.css"


def root_class(project):
    return json.loads((project / "package.json").read_text(encoding="utf-8"))["widget"]["root_class"]


def css_problems(project, css: str) -> list[dict]:
    with open(project / CSS, "a", encoding="utf-8") as sheet:
        sheet.write("\n" + css)
    return [p for p in problems(node(project, "check").stdout) if p["rule"] == "css-scope"]


def matches(project, html: str, selector: str, target: str) -> bool:
    """Does `selector` select the element `target` (a selector of its own) in `html`? (jsdom)"""
    script = (
        "const { JSDOM } = require('jsdom');"
        "const [html, selector, target] = JSON.parse(process.argv[1]);"
        "const doc = new JSDOM(html).window.document;"
        "process.stdout.write(String([...doc.querySelectorAll(selector)].includes(doc.querySelector(target))));"
    )
    out = subprocess.run(["node", "-e", script, json.dumps([html, selector, target])], cwd=project,
                         capture_output=True, text=True, check=True)
    return out.stdout == "true"


def test_a_crm_container_before_the_widget_class_is_scoped(npm_widget):
    project = npm_widget("defaults")
    root = root_class(project)
    found = css_problems(project, f".card-widgets__widget .{root}__hint {{ color: red; }}\n"
                                  f"body.dark .{root} p, .{root}--wide > a {{ color: blue; }}\n")
    assert found == []


# Each selector with a page where it meant the widget's element (#target): the CRM's containers
# outside the widget's root, the widget's own elements inside it.
CRM_PAGES = {
    ".card-widgets__widget .hint": '<div class="card-widgets__widget"><div class="ROOT"><p class="hint" id="target"></p></div></div>',
    ".hint": '<div class="ROOT"><p class="hint" id="target"></p></div>',
    "body.dark .card > .hint": '<div class="ROOT"><div class="card"><p class="hint" id="target"></p></div></div>',
    "li + .hint": '<div class="ROOT"><ul><li></li><li class="hint" id="target"></li></ul></div>',
    ".card-widgets__widget > .list .item ~ .hint::after":
        '<div class="card-widgets__widget"><div class="list"><div class="ROOT"><i class="item"></i><i class="hint" id="target"></i></div></div></div>',
}


@pytest.mark.parametrize("selector", CRM_PAGES)
def test_advice_is_a_selector_that_matches_the_widgets_element(npm_widget, selector):
    project = npm_widget("defaults")
    root = root_class(project)
    [problem] = css_problems(project, f"{selector} {{ color: red; }}\n")
    assert problem["kind"] == "moderation"  # an error for a Marketplace widget, a warning otherwise
    assert f'"{selector}" is not under the widget\'s root class' in problem["message"]
    advice = problem["message"].rsplit('e.g. "', 1)[1].rstrip('"')
    assert f".{root}" in advice
    page = f'<body class="dark">{CRM_PAGES[selector].replace("ROOT", root)}</body>'
    assert matches(project, page, advice.replace("::after", ""), "#target"), advice
    # The advice is scoped in check's own eyes too.
    assert css_problems(project, f"{advice} {{ color: red; }}\n") == [problem]


def test_root_custom_properties_get_their_own_message(npm_widget):
    project = npm_widget("defaults")
    root = root_class(project)
    [problem] = css_problems(project, ":root {\n  --accent: #1375ab;\n}\n")
    assert "sets custom properties on the CRM's whole page" in problem["message"]
    assert f".{root} {{ --accent: …" in problem["message"]
    assert f".{root} :root" not in problem["message"]


def test_rules_on_the_page_itself_are_refused_without_impossible_advice(npm_widget):
    project = npm_widget("defaults")
    root = root_class(project)
    found = css_problems(project, "html, body { margin: 0; }\n")
    assert [p["message"].split('"')[1] for p in found] == ["html", "body"]
    for problem in found:
        assert "styles the CRM's page itself" in problem["message"]
        assert f".{root} html" not in problem["message"] and f".{root} body" not in problem["message"]


def test_a_class_prefix_root_gets_advice_with_a_class_the_widget_has(npm_widget):
    """An existing widget's root class may be a prefix ("oldw-": oldw-panel, oldw-button): the
    advice puts the class that opens most of its selectors before the subject, never ".oldw-"."""
    project = npm_widget("defaults")
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    package["widget"]["root_class"] = "oldw-"
    (project / "package.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    (project / CSS).write_text(".oldw-panel { color: red; }\n.oldw-panel .oldw-button, .oldw-panel__title { margin: 0; }\n",
                               encoding="utf-8")
    [problem] = css_problems(project, ".card-widgets__widget .hint { color: blue; }\n")
    advice = problem["message"].rsplit('e.g. "', 1)[1].rstrip('"')
    assert advice == ".card-widgets__widget .oldw-panel .hint"
    page = '<div class="card-widgets__widget"><div class="oldw-panel"><p class="hint" id="target"></p></div></div>'
    assert matches(project, page, advice, "#target")
    assert ".oldw- " not in problem["message"]
    [custom] = css_problems(project, ":root { --accent: #1375ab; }\n")[1:]
    assert ".oldw-panel { --accent: …" in custom["message"]


def test_a_class_prefix_root_without_any_scoped_rule_names_what_to_add(npm_widget):
    project = npm_widget("defaults")
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    package["widget"]["root_class"] = "oldw-"
    (project / "package.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    (project / CSS).write_text("", encoding="utf-8")
    [problem] = css_problems(project, ".hint { color: blue; }\n")
    assert 'scope it with a class starting with "oldw-" that the widget\'s outermost element carries, before ".hint"' in problem["message"]
    assert ".oldw- " not in problem["message"]
