// Loading script.js, entering and leaving areas, location callbacks, and the widget's self.* data.
'use strict';

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { load, script, manifestWith } = require('./fixture.js');

describe('loading script.js', () => {
  const cases = {
    'a syntax error, with its line': ['define([], function () {\n  return function () {\n    var x = ;\n  };\n});\n',
      /widget\/script\.js failed while loading: .*Unexpected token.*script\.js:3/s],
    'no define()': ['var widget = 1;\n', /widget\/script\.js did not call define\(\)/],
    'a module that is not a function': ['define([], function () { return {}; });\n', /defines object: its module must be the function/],
    'a missing `return this`': [script({ returns: 'undefined' }), /must end with `return this;` \(it returned nothing\)/],
    'a module the CRM lacks': [script({ deps: "['jquery', 'lodash']" }), /requires lodash, which the CRM's page does not provide/],
    'a function that throws': ['define([], function () { return function () { throw new Error("no config"); }; });\n',
      /the function of widget\/script\.js threw: no config/],
  };
  for (const [name, [source, message]] of Object.entries(cases)) {
    test(`fails clearly on ${name}`, async (t) => {
      await assert.rejects(load(t, { scriptSource: source }), message);
    });
  }

  test('gives the CRM\'s modules: jquery, underscore, moment, twigjs, lib/components/base/modal', async (t) => {
    const source = `define(['jquery', 'underscore', 'moment', 'twigjs', 'lib/components/base/modal'], function ($, _, moment, Twig, Modal) {
  return function () {
    this.callbacks = {
      render: function () {
        new Modal({ class_name: 'fixture-modal', init: function ($body) {
          $body.text([typeof $.ajax, typeof _.map, typeof moment().format, typeof Twig.twig].join());
        } });
        return true;
      },
      init: function () { return true; },
      bind_actions: function () { return true; },
      destroy: function () {}
    };
    return this;
  };
});
`;
    const emulator = await load(t, { scriptSource: source });
    await emulator.enter('lcard-1');
    const modal = emulator.document.querySelector('.modal.fixture-modal .modal-body');
    assert.equal(modal.textContent, 'function,function,function,function');
    await emulator.leave();
    assert.equal(emulator.document.querySelector('.modal'), null, 'leaving the area closes its modals');
  });
});

describe('entering and leaving', () => {
  test('render → bind_actions → init on enter, destroy on leave; system().area has no suffix', async (t) => {
    const emulator = await load(t, { scriptSource: script({
      preamble: 'var areas = [];',
      callbacks: `{ render: function () { areas.push(self.system().area); self.set_settings({ areas: areas.slice() }); return true; } }`,
    }) });
    await emulator.enter('lcard-1');
    await emulator.leave();
    await emulator.enter('ccard');
    await emulator.leave();
    assert.deepEqual(emulator.history.map((call) => `${call.location}:${call.callback}`), [
      'lcard-1:render', 'lcard-1:bind_actions', 'lcard-1:init', 'lcard-1:destroy',
      'ccard-0:render', 'ccard-0:bind_actions', 'ccard-0:init', 'ccard-0:destroy',
    ]);
    assert.deepEqual(emulator.state.settings.areas, ['lcard', 'ccard']);
  });

  const broken = {
    'render returning nothing': ['{ render: function () {} }', /\[lcard-1\] callbacks\.render\(\) returned undefined: it must return true, or the CRM calls neither bind_actions nor init/],
    'init returning false': ['{ init: function () { return false; } }', /\[lcard-1\] callbacks\.init\(\) returned false: it must return true/],
    'bind_actions missing': ['{ bind_actions: undefined }', /callbacks\.bind_actions is missing from script\.js/],
    'render throwing': ['{ render: function () { return self.nothing.here; } }', /\[lcard-1\] callbacks\.render\(\) threw TypeError: Cannot read properties of undefined/],
  };
  for (const [name, [callbacks, message]] of Object.entries(broken)) {
    test(`fails on ${name}, naming the callback`, async (t) => {
      const emulator = await load(t, { scriptSource: script({ callbacks }) });
      await assert.rejects(emulator.enter('lcard-1'), message);
    });
  }

  test('an error the widget throws keeps its place in script.js in the stack', async (t) => {
    const source = script({ callbacks: '{ init: function () { null.x(); } }' });
    const line = source.split('\n').findIndex((text) => text.includes('null.x')) + 1;
    const emulator = await load(t, { scriptSource: source });
    const error = await emulator.enter('lcard-1').catch((caught) => caught);
    assert.match(error.stack, /^EmulatorError: \[lcard-1\] callbacks\.init\(\) threw TypeError/);
    assert.match(error.stack, new RegExp(`widget[\\\\/]script\\.js:${line}:`));
    assert.doesNotMatch(error.stack, /tools[\\/]emulator[\\/]/, 'the emulator\'s own frames are left out');
  });

  test('an error the widget leaves uncaught in a promise fails the step', () => {
    // In a child process: node:test itself fails a test on an unhandled rejection.
    const output = execFileSync(process.execPath, [path.join(__dirname, 'uncaught.js')], { encoding: 'utf8' });
    assert.match(output, /^\[lcard-1\] the widget left an error uncaught: late failure/);
  });

  test('refuses locations the manifest lacks, double entering and leaving nothing', async (t) => {
    const emulator = await load(t);
    await assert.rejects(emulator.enter('tlist-1'), /manifest\.json does not list the location "tlist-1" \(it lists lcard-1, ccard-0/);
    await assert.rejects(emulator.leave(), /leave\(\): the widget is in no area/);
    await emulator.enter('lcard-1');
    await assert.rejects(emulator.enter('llist-1'), /the widget is still in lcard-1; leave\(\) it first/);
  });

  test('init_once: bind_actions and init run once per page session, render every time', async (t) => {
    const emulator = await load(t, { manifest: manifestWith({ widget: { init_once: true } }) });
    for (const location of ['lcard-1', 'ccard-0', 'lcard-1']) {
      await emulator.enter(location);
      await emulator.leave();
    }
    const calls = emulator.history.map((call) => call.callback);
    assert.deepEqual(calls.filter((name) => name === 'init').length, 1);
    assert.deepEqual(calls.filter((name) => name === 'bind_actions').length, 1);
    assert.deepEqual(calls.filter((name) => name === 'render').length, 3);
  });

  test('drawing after leaving, and requests that never stop, fail clearly', async (t) => {
    const emulator = await load(t, { scriptSource: script({
      preamble: "self.drawLate = function () { self.render_template({ render: '<p>late</p>' }); };",
      callbacks: `{ init: function () {
        if (self.system().area === 'llist') {
          (function poll() { $.get('/api/v4/ping').always(poll); })();
        }
        return true;
      } }`,
    }) });
    await emulator.enter('lcard-1');
    await emulator.leave();
    assert.throws(() => emulator.widget.drawLate(), /self\.render_template was called after the widget left its area/);
    await assert.rejects(emulator.enter('llist-1'), /the widget keeps starting requests or template loads \(200 rounds/);
  });

  test('leave() lists what destroy() left: handlers, intervals, elements', async (t) => {
    const emulator = await load(t, { scriptSource: script({
      callbacks: `{ bind_actions: function () {
        $(document).on('click.mine', '.js-mine', function () {});
        setInterval(function () {}, 60000);
        $('body').append('<div class="w-fixture-popup"></div>');
        return true;
      } }`,
    }) });
    await emulator.enter('lcard-1');
    assert.deepEqual(await emulator.leave(), [
      "a 'click' handler on document (for .js-mine): remove it in destroy() with .off()",
      'an interval (setInterval) still running: clearInterval it in destroy()',
      'an element <div class="w-fixture-popup"> the widget added to the page: remove it in destroy()',
    ]);
  });
});

describe('location callbacks', () => {
  const manifest = manifestWith({
    locations: ['lcard-1', 'llist-1', 'card_sdk', 'salesbot_designer', 'advanced_settings', 'widget_page', 'lead_sources', 'settings'],
    extra: {
      advanced: { title: 'widget.name' },
      left_menu: { fixture_menu: { title: 'widget.name', icon: 'images/menu_icon.svg', sort: { after: 'leads' } } },
      salesbot_designer: { run: { name: 'widget.name', settings: { text: { name: 'widget.name', type: 'text', manual: true, default_value: 'Hi' } } } },
    },
  });

  test('get the CRM\'s arguments, and run() checks what they return', async (t) => {
    const emulator = await load(t, { manifest, scriptSource: script({ callbacks: `{
      leads: { selected: function () { return self.list_selected(); } },
      onAddAsSource: function (pipeline_id) { return pipeline_id; },
      loadPreloadedData: function () { return Promise.resolve([{ id: 1, name: 'Item' }]); },
      loadElements: function (type, id) { return [type, id]; },
      onSalesbotDesignerSave: function (handler, params) { return JSON.stringify({ handler: handler, params: params }); },
      salesbotDesignerSettings: function ($body, renderRow, params) { $body.append(renderRow('Text', params.text)); return true; },
      initMenuPage: function (params) { $('#work-area-' + self.params.widget_code).text(params.item_code); return true; },
      advancedSettings: function () { $('#work-area-' + self.params.widget_code).text('advanced'); return true; }
    }` }) });

    await emulator.enter('llist-1');
    emulator.select([7001, 7003]);
    const selected = await emulator.run('leads.selected');
    assert.deepEqual(selected.selected.map((row) => row.id), [7001, 7003]);
    assert.equal(selected.summary.items, 2);
    await assert.rejects(emulator.run('onAddAsSource'), /the CRM calls onAddAsSource in lead_sources, not in llist/);
    await emulator.leave();

    await emulator.enter('lead_sources');
    assert.equal(await emulator.run('onAddAsSource'), emulator.state.pipeline_id);
    assert.equal(await emulator.run('onAddAsSource', 77), 77, 'your own arguments replace the CRM\'s');
    await emulator.leave();

    await emulator.enter('card_sdk');
    assert.deepEqual(await emulator.run('loadPreloadedData'), [{ id: 1, name: 'Item' }]);
    await assert.rejects(emulator.run('loadElements'), /loadElements\(\) must return a Promise, got object/);
    await assert.rejects(emulator.run('linkCard'), /callbacks\.linkCard is missing from script\.js: the CRM calls it in card_sdk/);
    await emulator.leave();

    await emulator.enter('salesbot_designer');
    assert.deepEqual(JSON.parse(await emulator.run('onSalesbotDesignerSave')), { handler: 'run', params: { text: 'Hi' } });
    await emulator.run('salesbotDesignerSettings');
    assert.match(emulator.modals()[0].$modal_body.text(), /TextHi/);
    await emulator.leave();

    await emulator.enter('widget_page');
    assert.equal(emulator.workArea().textContent, 'fixture_menu', 'initMenuPage runs on entering, with the menu item');
    await emulator.leave();
    await emulator.enter('advanced_settings');
    assert.ok(emulator.called('advancedSettings'));
    assert.equal(emulator.workArea().textContent, 'advanced');
    await emulator.leave();
  });

  test('a Salesbot step that returns no JSON fails', async (t) => {
    const emulator = await load(t, { manifest, scriptSource: script({ callbacks: "{ onSalesbotDesignerSave: function () { return 'steps'; } }" }) });
    await emulator.enter('salesbot_designer');
    await assert.rejects(emulator.run('onSalesbotDesignerSave'), /returned a string that is not JSON/);
  });
});

describe('self.* data', () => {
  test('settings, status, version, account, contacts and selection as the mechanics page gives them', async (t) => {
    const emulator = await load(t, {}, { settings: { api_key: 'k-1' } });
    const self = emulator.widget;
    assert.equal(self.get_version(), '1.2.3');
    assert.equal(self.get_install_status(), 'installed');
    const settings = self.get_settings();
    assert.equal(settings.api_key, 'k-1');
    assert.equal(settings.widget_code, 'fixture_widget');
    assert.equal(settings.path, self.params.path);
    self.set_settings({ par1: 'text' });
    assert.equal(self.get_settings().par1, 'text');
    assert.equal(self.params.par1, 'text', 'params follow the settings');
    assert.throws(() => self.set_settings('x'), /pass an object of properties/);
    assert.equal(self.get_accounts_current().subdomain, 'example');

    assert.deepEqual(await self.get_current_card_contacts_data(), []);
    assert.match(emulator.warnings.join('\n'), /gives the contacts of the open card/);
    await emulator.enter('lcard-1');
    const contacts = await self.get_current_card_contacts_data();
    assert.deepEqual(Object.keys(contacts[0]).sort(), ['emails', 'first_name', 'id', 'last_name', 'name', 'phones']);
    assert.deepEqual(self.system(), { area: 'lcard', amouser_id: '1001', amouser: 'alex@example.com', subdomain: 'example', domain: 'amocrm.ru' });
    assert.throws(() => self.list_selected(), /list_selected\(\) works in lists .* the widget is in lcard/);
  });

  test('install status follows the install form: install, not_configured, installed', async (t) => {
    assert.equal((await load(t, {}, { status: 'install' })).widget.get_install_status(), 'install');
    assert.equal((await load(t, {}, { status: 'not_configured' })).widget.get_install_status(), 'not_configured');
    assert.equal((await load(t, {}, { status: 'installed' })).widget.get_install_status(), 'installed');
  });

  test('i18n and langs come from the chosen locale; a missing key warns', async (t) => {
    const english = await load(t, {}, { locale: 'en' });
    assert.equal(english.widget.i18n('widget').name, 'Fixture widget en');
    assert.equal(english.widget.langs.widget.name, 'Fixture widget en');
    const russian = await load(t, {}, { locale: 'ru' });
    assert.equal(russian.widget.i18n('widget').name, 'Fixture widget ru');
    assert.equal(russian.widget.i18n('nothing'), undefined);
    assert.match(russian.warnings.join('\n'), /self\.i18n\("nothing"\): i18n\/ru\.json has no such key/);
    await assert.rejects(load(t, {}, { locale: 'de' }), /locale "de" is not in manifest\.json widget\.locale \(en, ru\)/);
  });
});
