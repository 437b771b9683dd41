// The settings modal: the install form from manifest.json, Save → onSave, Disable, the custom field.
'use strict';

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { load, script, manifestWith } = require('./fixture.js');

const SETTINGS = {
  api_key: { name: 'settings.api_key', type: 'pass', required: true },
  login: { name: 'settings.login', type: 'text', required: false },
  managers: { name: 'settings.managers', type: 'users', required: false },
  accounts: { name: 'settings.accounts', type: 'users_lp', required: false },
  mapping: { name: 'settings.mapping', type: 'custom', required: false },
};
const manifest = manifestWith({ settings: SETTINGS });
const texts = { settings: { api_key: 'API key', login: 'Login', managers: 'Managers', accounts: 'Accounts', mapping: 'Mapping' } };

// A widget whose custom field is a text input; `announce` decides whether it triggers 'change'.
function customWidget({ announce = true, json = true, onSave = 'return true;' } = {}) {
  return script({
    callbacks: `{
      settings: function ($modal_body) {
        var $input = $modal_body.find('input[name="mapping"]');
        var $own = $('<input type="text" class="own" name="own">');
        $modal_body.find('#' + self.params.widget_code + '_custom_content').append($own);
        $own.on('change', function () {
          $input.val(${json ? 'JSON.stringify({ own: $own.val() })' : '$own.val()'})${announce ? ".trigger('change')" : ''};
        });
        return true;
      },
      onSave: function (params) { ${onSave} }
    }`,
  });
}

describe('the settings modal', () => {
  test('shows the install form of manifest.json, with the custom field\'s container and hidden input', async (t) => {
    const emulator = await load(t, { manifest, texts, scriptSource: customWidget() }, { settings: { login: 'me', api_key: 'k' } });
    const modal = await emulator.settings();
    const $body = modal.$body;
    const rows = Array.from($body.find('#widget_settings__fields_wrapper .widget_settings_block__item_field'));
    assert.deepEqual(rows.map((row) => [row.dataset.code, row.querySelector('.widget_settings_block__title_field').textContent]),
      [['api_key', 'API key *'], ['login', 'Login'], ['managers', 'Managers'], ['accounts', 'Accounts'], ['mapping', 'Mapping']]);
    assert.equal($body.find('input[name="api_key"]').attr('type'), 'password');
    assert.equal($body.find('input[name="login"]').val(), 'me');
    assert.equal($body.find('input[name^="managers["]').length, Object.keys(emulator.state.managers).length);
    assert.equal($body.find('input[name$="[password]"]').length, Object.keys(emulator.state.managers).length);
    assert.equal($body.find('#fixture_widget_custom_content').length, 1);
    assert.equal($body.find('input[type=hidden][name="mapping"]').length, 1);
    assert.equal($body.find('.own').length, 1, 'settings($modal_body) ran');
    assert.ok(emulator.called('settings'));
    assert.equal($body.find('.js-widget-save').text(), 'Save');
  });

  test('Save sends onSave({fields, active: Y}) and the CRM keeps the fields', async (t) => {
    const emulator = await load(t, { manifest, texts, scriptSource: customWidget() }, { status: 'install' });
    assert.equal(emulator.widget.get_install_status(), 'install');
    const modal = await emulator.settings();
    modal.$body.find('.own').val('typed').trigger('change');
    const { saved, fields } = await emulator.save({ api_key: 'secret', managers: { 1001: 'ext 1' } });
    assert.equal(saved, true);
    assert.equal(fields.api_key, 'secret');
    assert.equal(fields.mapping, '{"own":"typed"}');
    assert.deepEqual(fields.managers, { 1001: 'ext 1', 1002: '' });
    const onSave = emulator.history.find((call) => call.callback === 'onSave');
    assert.deepEqual(onSave.args, [{ fields, active: 'Y' }]);
    assert.equal(emulator.widget.get_install_status(), 'installed');
    assert.equal(emulator.widget.get_settings().mapping, '{"own":"typed"}');
  });

  test('Disable sends onSave({active: N}), then destroy', async (t) => {
    const emulator = await load(t, { manifest, texts, scriptSource: customWidget() });
    await emulator.disable();
    assert.deepEqual(emulator.history.map((call) => call.callback).slice(-2), ['onSave', 'destroy']);
    assert.equal(emulator.history.at(-2).args[0].active, 'N');
    assert.equal(emulator.widget.get_install_status(), 'install');
    assert.equal(emulator.location, null);
  });

  const refusals = {
    'an empty required field': [{}, { api_key: '' }, /Save: the required setting "api_key" \(API key\) is empty/],
    'a custom value written without trigger(\'change\')': [{ announce: false }, null,
      /wrote input\[name="mapping"\] without \.trigger\('change'\)/],
    'a custom value that is not JSON': [{ json: false }, null, /the custom setting "mapping" holds "typed": the CRM stores it only as JSON or a number/],
    'onSave returning nothing': [{ onSave: '' }, {}, /onSave\(\) must return true or a Promise, got undefined/],
    'onSave rejecting': [{ onSave: "return Promise.reject(new Error('bad key'));" }, {}, /onSave\(\) returned a Promise that rejected: bad key/],
  };
  for (const [name, [widget, fields, message]] of Object.entries(refusals)) {
    test(`Save refuses ${name}, and keeps the old settings`, async (t) => {
      const emulator = await load(t, { manifest, texts, scriptSource: customWidget(widget) }, { settings: { api_key: 'old' } });
      const modal = await emulator.settings();
      if (!fields) {
        modal.$body.find('.own').val('typed').trigger('change');
      }
      await assert.rejects(emulator.save(fields || {}), message);
      assert.equal(emulator.state.settings.api_key, 'old');
    });
  }

  test('without the settings location the CRM draws the form alone, and Save keeps it', async (t) => {
    const emulator = await load(t, { manifest: manifestWith({ locations: ['lcard-1'] }) });
    await emulator.save({ api_key: 'new' });
    assert.equal(emulator.widget.get_settings().api_key, 'new');
    assert.equal(emulator.called('settings') || emulator.called('onSave'), false);
    assert.deepEqual(await emulator.leave(), []);
  });
});

describe('the digital pipeline modal', () => {
  test('dpSettings runs with the action\'s fields of manifest.json dp.settings', async (t) => {
    const dp = manifestWith({
      locations: ['digital_pipeline'],
      extra: { dp: { settings: { message: { name: 'settings.login', type: 'text', required: false } }, action_multiple: false, webhook_url: 'https://example.com/dp' } },
    });
    const emulator = await load(t, { manifest: dp, texts, scriptSource: script({
      callbacks: "{ dpSettings: function () { $('#widget_settings__fields_wrapper input[name=message]').val('from widget'); return true; } }",
    }) });
    await emulator.enter('digital_pipeline');
    assert.ok(emulator.called('dpSettings'));
    const modal = emulator.modals()[0];
    assert.equal(modal.$modal_body.find('input[name=message]').val(), 'from widget');
    assert.equal(modal.$modal_body.find('[data-action=send_widget]').length, 1);
  });
});
