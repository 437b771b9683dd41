/**
 * The widget's lifecycle under the SDK emulator (tools/emulator): every location of
 * widget/manifest.json is entered and left, each location's own callbacks are called with the
 * arguments the CRM passes, and the settings modal is saved and disabled. The manifest is read
 * when the tests run, so they follow your changes to its locations and settings.
 *
 *   npm test                              every test/*.test.js
 *   node --test test/widget.test.js       this file only
 *
 * A starting point: keep these passing and add your own cases where the comments say so, or in
 * new test/*.test.js files (README, "Tests and the SDK emulator", lists what the emulator offers).
 */
'use strict';

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { loadWidget, readProject } = require('../tools/emulator/node.js');
const findConflicts = require('../tools/lib/conflicts.js');

const { manifest, model, root } = readProject();

// ---- Helpers, one per concern ----------------------------------------------------------------

/** A fresh emulator (one page session) for a test; closed when the test ends. */
async function start(t, options = {}) {
  const emulator = await loadWidget({ test: t, ...options });
  // Your defaults go here, e.g. the answers of your server:
  //   emulator.route('POST', 'https://api.example.com/sync', { body: { ok: true } });
  return emulator;
}

/** Callbacks the CRM calls in this location besides render/bind_actions/init/destroy (tools/platform.json). */
function ownCallbacks(location) {
  return model.callbacksOf(location).filter((name) => name !== 'onSave');
}

/** Whether script.js has the callback (a dotted name such as leads.selected). */
function hasCallback(emulator, name) {
  return typeof name.split('.').reduce((node, key) => (node ? node[key] : undefined), emulator.callbacks) === 'function';
}

/** Card and list areas with -1 (or no suffix, which means -1) show the widget's block in the right panel. */
function hasPanel(location) {
  return model.hasPanel(location);
}

/** A value of the right shape for every install-form field of manifest.json. */
function sampleSettings(emulator) {
  const users = Object.keys(emulator.state.managers);
  const values = {};
  for (const [code, field] of Object.entries(manifest.settings || {})) {
    if (field.type === 'users') {
      values[code] = Object.fromEntries(users.map((id) => [id, `${code} of ${id}`]));
    } else if (field.type === 'users_lp') {
      values[code] = Object.fromEntries(users.map((id) => [id, { login: `login${id}`, password: `password${id}` }]));
    } else if (field.type === 'custom') {
      values[code] = JSON.stringify({ sample: true });
    } else {
      values[code] = `sample ${code}`;
    }
  }
  return values;
}

// ---- The project: nothing left of an update ------------------------------------------------------

test('no conflict markers, *.rej or *.orig files (left by copier update or a merge)', () => {
  const found = findConflicts(root).map((problem) => `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`);
  assert.deepEqual(found, [], 'resolve each, as npm run conflicts lists them');
});

// ---- Every location: enter, the location's own callbacks, leave --------------------------------

for (const location of manifest.locations) {
  describe(`location ${location}`, () => {
    test('render, bind_actions and init return true; destroy leaves nothing behind', async (t) => {
      const emulator = await start(t);
      await emulator.enter(location); // fails, naming the callback, unless each returns true
      if (hasPanel(location) && !emulator.panel()) {
        // The CRM then shows the widget's logo alone in the right panel: allowed, but worth a look.
        t.diagnostic(`render() drew no block in the right panel of ${location} (self.render_template)`);
      }
      const leftovers = await emulator.leave();
      if (!hasCallback(emulator, 'destroy')) {
        // The CRM runs a widget without destroy; having one is this template's convention (npm run check
        // warns: destroy-missing), so what the widget leaves behind is a note, not a failure.
        t.diagnostic(`script.js has no callbacks.destroy: nothing undoes what render, bind_actions and init did in ${location}` +
          (leftovers.length ? ` (${leftovers.length} left behind)` : ''));
      } else if (!manifest.widget.init_once) {
        // With init_once the widget may keep handlers and subscriptions for the whole page session.
        assert.deepEqual(leftovers, [], 'destroy() should undo what render, bind_actions and init did');
      }
    });

    for (const name of ownCallbacks(location)) {
      test(`the CRM calls ${name}() with its arguments`, async (t) => {
        const emulator = await start(t);
        await emulator.enter(location);
        if (!hasCallback(emulator, name)) {
          // The CRM calls only what is there; npm run check warns about it (callback-location).
          t.diagnostic(`script.js has no callbacks.${name}: the CRM would call it in ${location}`);
          await emulator.leave();
          return;
        }
        if (!emulator.called(name)) {
          await emulator.run(name); // fails if it throws or returns what the CRM does not accept
        }
        assert.ok(emulator.called(name));
        await emulator.leave();
      });
    }

    // Your cases for this location go here, e.g.
    //   if (location === 'lcard-1') {
    //     test('shows the contact\'s phone', async (t) => {
    //       const emulator = await start(t);
    //       await emulator.enter(location);
    //       assert.match(emulator.panel().textContent, /\+15550100/);
    //     });
    //   }
  });
}

// ---- One page session in each language ----------------------------------------------------------

describe('a page session', () => {
  for (const locale of manifest.widget.locale) {
    test(`in i18n/${locale}.json: every location in turn, every text the widget asks for there`, async (t) => {
      const emulator = await start(t, { locale });
      for (const location of manifest.locations) {
        await emulator.enter(location); // the user moves around the CRM: one page, many areas
        await emulator.leave();
      }
      assert.deepEqual(emulator.warnings.filter((warning) => warning.includes('i18n')), []);
      // init_once: init (and bind_actions) once per page session; otherwise in every area.
      const inits = emulator.history.filter((call) => call.callback === 'init').length;
      assert.equal(inits, manifest.widget.init_once ? 1 : manifest.locations.length);
    });
  }
});

// ---- The settings modal ------------------------------------------------------------------------

if (manifest.locations.includes('settings')) {
  describe('settings modal', () => {
    test('Save calls onSave with the form\'s fields, and the CRM keeps them', async (t) => {
      const emulator = await start(t, { status: 'install' });
      const fields = sampleSettings(emulator);
      const { saved } = await emulator.save(fields);
      assert.equal(saved, true);
      const onSave = emulator.history.find((call) => call.callback === 'onSave');
      assert.deepEqual(onSave.args[0], { fields, active: 'Y' });
      assert.equal(emulator.widget.get_install_status(), 'installed');
      const kept = emulator.widget.get_settings();
      for (const [code, value] of Object.entries(fields)) {
        assert.deepEqual(kept[code], value, `setting ${code}`);
      }
      await emulator.leave();
    });

    test('Disable calls onSave with active N, then destroy', async (t) => {
      const emulator = await start(t);
      await emulator.disable();
      const calls = emulator.history.map((call) => call.callback);
      if (hasCallback(emulator, 'destroy')) {
        assert.deepEqual(calls.slice(-2), ['onSave', 'destroy']);
      } else {
        // The CRM calls only what is there; npm run check warns about it (destroy-missing).
        t.diagnostic('script.js has no callbacks.destroy: the CRM would call it after onSave on disabling');
        assert.equal(calls[calls.length - 1], 'onSave');
      }
      assert.equal(emulator.history.find((call) => call.callback === 'onSave').args[0].active, 'N');
      assert.equal(emulator.widget.get_install_status(), 'install');
    });

    const custom = Object.keys(manifest.settings || {}).find((code) => manifest.settings[code].type === 'custom');
    if (custom) {
      test(`the custom setting ${custom} keeps what the user types, as JSON`, async (t) => {
        const emulator = await start(t);
        const modal = await emulator.settings();
        const content = modal.$body.find(`#${emulator.widget.params.widget_code}_custom_content`);
        assert.ok(content.children().length, 'settings() drew nothing in the custom field\'s container');
        const input = content.find('input[type=text][name], textarea[name]').first();
        if (input.length) {
          input.val('typed by the user').trigger('change');
        }
        const { fields } = await emulator.save(); // fails unless the value is JSON announced with change
        const value = fields[custom] === '' ? {} : JSON.parse(fields[custom]);
        if (input.length) {
          assert.equal(value[input.attr('name')], 'typed by the user');
        }
        await emulator.leave();
      });
    }

    // Your settings cases go here, e.g. onSave refusing a wrong API key.
  });
}
