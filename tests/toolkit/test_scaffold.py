"""The scaffold's own behaviour under the SDK emulator: what a developer sees before editing."""

from __future__ import annotations

import json
import subprocess

import pytest

pytestmark = pytest.mark.npm

# Enter three panel areas in turn, pressing the block's Run button in each: the status must
# answer every time, whether bind_actions runs per area or once per page (init_once).
SCRIPT = """
const { loadWidget } = require('./tools/emulator/node.js');
(async () => {
  const emulator = await loadWidget({ locale: 'en' });
  const root = require('./package.json').widget.root_class;
  const statuses = [];
  for (const location of process.argv.slice(1)) {
    await emulator.enter(location);
    await emulator.settle();
    emulator.$('.js-' + root + '-run').trigger('click');
    statuses.push(emulator.$('.' + root + '__status').text());
    await emulator.leave();
  }
  emulator.close();
  process.stdout.write(JSON.stringify(statuses));
})().catch((error) => { console.error(error); process.exit(1); });
"""


@pytest.mark.parametrize("name", ["amocrm-everything-panel", "defaults"])
def test_the_run_button_answers_in_every_area_in_turn(npm_widget, name):
    project = npm_widget(name)
    answers = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    assert ("init_once: true" in answers) == (name == "amocrm-everything-panel")
    done = json.loads((project / "widget" / "i18n" / "en.json").read_text(encoding="utf-8"))["controls"]["done"]
    result = subprocess.run(
        ["node", "-e", SCRIPT, "lcard-1", "ccard-1", "lcard-1"], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [done, done, done]
