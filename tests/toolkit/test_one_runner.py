"""One runner: `npm run check` and `npm test` run script.js through the same SDK emulator, so they
agree on a widget, both ways. Each case is a small change to the default widget's init callback,
taken from what real widgets do (platform page §9): both pass the working ones and both fail the
broken one, naming what is wrong."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from helpers import errors, node

pytestmark = pytest.mark.npm

INIT = re.compile(r"      init: function \(\) \{\n.*?\n      \},\n", re.S)

CASES = {
    # A callback built by a helper the CRM's page ships (underscore's _.bind, a global there).
    "underscore-bind": ("      init: _.bind(function () {\n        this.started = true;\n        return true;\n"
                        "      }, this),\n", None),
    # Browser globals only: the emulator's page is a browser's.
    "window-listener": ("      init: function () {\n        window.addEventListener('resize', function () {});\n"
                        "        return true;\n      },\n", None),
    # An arrow function's `this` is the widget, not the callbacks object: no helper there.
    "arrow-this-helper": ("      init: () => {\n        this.helper();\n        return true;\n      },\n",
                          "this.helper is not a function"),
}


def npm_test(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["npm", "test"], cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NODE_OPTIONS": "--test-reporter=tap", "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("case", CASES)
def test_check_and_npm_test_agree(npm_widget, case):
    init, failure = CASES[case]
    project = npm_widget("defaults")
    script = project / "widget" / "script.js"
    source = script.read_text(encoding="utf-8")
    assert len(INIT.findall(source)) == 1, "the default widget's init callback changed shape"
    script.write_text(INIT.sub(lambda _: init, source), encoding="utf-8")

    check = node(project, "check")
    tests = npm_test(project)
    if failure is None:
        assert check.returncode == 0, check.stdout + check.stderr
        assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    else:
        assert check.returncode == 1, check.stdout + check.stderr
        assert errors(check.stdout) == {("widget/script.js", "script-run")}, check.stdout
        assert failure in check.stdout and "neither the widget object nor this.callbacks has helper" in check.stdout
        assert tests.returncode != 0
        assert failure in tests.stdout, tests.stdout[-4000:]
