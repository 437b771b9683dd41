"""`npm run lint` in generated projects: every variant lints clean; the widget's browser AMD code
is held to no-console, no-eval, no-debugger and no undeclared globals beyond define/require/APP/AMOCRM."""

from __future__ import annotations

import json
import subprocess

import pytest

from helpers import edit_text, npm
from variants import VARIANTS

pytestmark = pytest.mark.npm

INIT_BODY = "      init: function () {\n"


def eslint(project, *files):
    """eslint's JSON report for the given files: {file: [(rule, line), ...]}."""
    out = subprocess.run(
        ["node", "node_modules/eslint/bin/eslint.js", "--format", "json", *files],
        cwd=project, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode in (0, 1), out.stderr
    return {
        entry["filePath"][len(str(project)) + 1:]: [(m["ruleId"], m["line"]) for m in entry["messages"]]
        for entry in json.loads(out.stdout)
    }


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_lints_clean(npm_widget, variant):
    project = npm_widget(variant)
    out = npm(project, "run", "lint")
    assert out.returncode == 0, out.stdout + out.stderr


def test_widget_code_rules(npm_widget):
    project = npm_widget("defaults")
    script = project / "widget" / "script.js"
    lines = [
        "        console.log('init');",
        "        eval('1 + 1');",
        "        debugger;",
        "        undeclaredHelper();",
        "        window.setTimeout('render()', 10);",
        "        var unused = 1;",
        # Allowed: the CRM's globals, RequireJS, the browser.
        "        APP.constant('account');",
        "        require(['moment'], function (moment) { return moment; });",
        "        document.title = APP.getBaseEntity();",
    ]
    edit_text(script, INIT_BODY, INIT_BODY + "\n".join(lines) + "\n")
    first = script.read_text().splitlines().index(lines[0]) + 1
    found = eslint(project, "widget/script.js")["widget/script.js"]
    assert sorted(found) == sorted([
        ("no-console", first),
        ("no-eval", first + 1),
        ("no-debugger", first + 2),
        ("no-undef", first + 3),
        ("no-implied-eval", first + 4),
        ("no-unused-vars", first + 5),
    ])


def test_amocrm_global_is_a_warning(npm_widget):
    project = npm_widget("defaults")
    edit_text(project / "widget" / "script.js", INIT_BODY, INIT_BODY + "        AMOCRM.constant('user');\n")
    assert [rule for rule, _ in eslint(project, "widget/script.js")["widget/script.js"]] == ["no-restricted-globals"]
    out = npm(project, "run", "lint")
    assert out.returncode == 0, out.stdout  # a warning only
    assert "AMOCRM is the old name" in out.stdout


def test_node_code_has_node_globals_and_may_print(npm_widget):
    project = npm_widget("defaults")
    (project / "tools" / "hello.js").write_text(
        "'use strict';\nconst path = require('path');\nprocess.stdout.write(path.sep);\nconsole.log(__dirname);\n"
    )
    (project / "widget" / "hello.js").write_text("define(function () {\n  return process.env;\n});\n")
    found = eslint(project, "tools/hello.js", "widget/hello.js")
    assert found["tools/hello.js"] == []
    assert found["widget/hello.js"] == [("no-undef", 2)]
