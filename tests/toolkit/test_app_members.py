"""The emulator invents no member the CRM's APP lacks: reading an unknown APP.x is a warning naming
the member and the widget's line, using it (APP.x.y(), APP.x()) is one error line naming the member
and the line, not a stub's answer nor a bare TypeError; the members the CRM page has
(amo-widget-platform.md §9) work. check and npm test say the same, on the default widget's init."""

from __future__ import annotations

import re

import pytest

from helpers import errors, node, problems
from test_one_runner import INIT, npm_test

pytestmark = pytest.mark.npm

KNOWN = """      init: function () {
        var facts = [APP.widgets.system.area, APP.system.subdomain, APP.cf_types.text, APP.element_types.leads,
          APP.getBaseEntity(), APP.isCard(), APP.getWidgetsArea(), APP.constant('account').id, APP.data.current_entity];
        APP.notifications.show_message({ header: 'x', text: 'y' });
        APP.router.navigate('/leads/list/', { trigger: true });
        APP.addNotificationCallback('x', function () {});
        return facts.length === 9;
      },
"""

# (init, the member, the line the widget uses it on (text), what fails: None when nothing does)
CASES = {
    "guarded read": ("      init: function () {\n        if (APP.nonesuch) { return false; }\n        return true;\n      },\n",
                     "if (APP.nonesuch)", None),
    "member of a missing member": ("      init: function () {\n        APP.nonesuch.open('x');\n        return true;\n      },\n",
                                   "APP.nonesuch.open('x')", "APP.nonesuch.open fails (TypeError)"),
    "call of a missing member": ("      init: function () {\n        APP.nonesuch();\n        return true;\n      },\n",
                                 "APP.nonesuch();", "APP.nonesuch() fails (TypeError)"),
}


def with_init(project, init: str) -> str:
    script = project / "widget" / "script.js"
    source = script.read_text(encoding="utf-8")
    assert len(INIT.findall(source)) == 1, "the default widget's init callback changed shape"
    source = INIT.sub(lambda _: init, source)
    script.write_text(source, encoding="utf-8")
    return source


@pytest.mark.parametrize("case", CASES)
def test_an_unknown_app_member_is_named_with_its_line(npm_widget, case):
    init, used, failure = CASES[case]
    project = npm_widget("defaults")
    source = with_init(project, init)
    line = next(n for n, text in enumerate(source.splitlines(), 1) if used in text)
    named = f"script.js:{line}: APP.nonesuch is not a member of the CRM's APP"

    check = node(project, "check")
    tests = npm_test(project)
    found = problems(check.stdout)
    assert "Cannot read properties" not in check.stdout + tests.stdout
    if failure is None:
        assert check.returncode == 0, check.stdout
        [warning] = [p for p in found if p["rule"] == "app-member"]
        assert (warning["file"], warning["line"], warning["severity"]) == ("widget/script.js", str(line), "warning")
        assert warning["message"].endswith("APP.nonesuch is not a member of the CRM's APP (it has getBaseEntity, isCard, "
                                           "getWidgetsArea, constant, data, widgets, system, cf_types, element_types, "
                                           "notifications, router, addNotificationCallback): it reads as undefined; guard it "
                                           "(if (APP.nonesuch) ...) or use a member APP has"), warning
        assert tests.returncode == 0, tests.stdout[-4000:]
        assert named in tests.stdout
    else:
        assert check.returncode == 1, check.stdout
        assert errors(check.stdout) == {("widget/script.js", "script-run")}, check.stdout
        # One line: the error; the read it follows is not said again as a warning.
        assert [p for p in found if "nonesuch" in p["message"]] == [p for p in found if p["severity"] == "error"]
        [error] = [p for p in found if p["severity"] == "error"]
        assert error["line"] == str(line) and f"{named}, so {failure}" in error["message"], error
        assert tests.returncode != 0
        assert f"{named}, so {failure}" in tests.stdout, tests.stdout[-4000:]


def test_the_members_the_crm_page_has_work(npm_widget):
    project = npm_widget("defaults")
    with_init(project, KNOWN)
    check = node(project, "check")
    assert check.returncode == 0 and not [p for p in problems(check.stdout) if p["rule"] in ("app-member", "script-run", "returns-true")], check.stdout
    tests = npm_test(project)
    assert tests.returncode == 0, tests.stdout[-4000:]
    assert not re.search(r"is not a member of the CRM's APP", tests.stdout)
