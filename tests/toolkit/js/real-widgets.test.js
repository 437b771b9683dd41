// What real widgets do and the CRM runs (amo-widget-platform.md §9), each as a small widget written
// for this test: the emulator runs it as the CRM would, and a widget it cannot load gets the
// loader's own message, never a toolkit crash.
'use strict';

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { load, script, manifestWith } = require('./fixture.js');

const LCARD = manifestWith({ locations: ['lcard'] });

describe('the CRM page\'s modules and plugins', () => {
  test('text! and json! give the widget\'s own files; backbone and es6promise are the page\'s', async (t) => {
    const source = `define(['jquery', 'text!./templates/hello.twig', 'json!./manifest.json', 'backbone', 'es6promise'],
function ($, hello, manifest, Backbone, es6) {
  return function () {
    var self = this;
    var Note = Backbone.Model.extend({ defaults: { text: 'from backbone' } });
    this.callbacks = {
      render: function () {
        $('body').attr('data-seen', [self.render({ data: hello }, { name: 'Ann' }), manifest.widget.version,
          new Note().get('text'), typeof es6.Promise, typeof es6.polyfill].join('|'));
        return true;
      },
      init: function () { return true; },
      bind_actions: function () { return true; },
      destroy: function () { $('body').removeAttr('data-seen'); }
    };
    return this;
  };
});
`;
    const emulator = await load(t, { manifest: LCARD, scriptSource: source, templates: { 'hello.twig': 'Hello, {{ name }}' } });
    await emulator.enter('lcard');
    assert.equal(emulator.document.body.getAttribute('data-seen'), 'Hello, Ann|1.2.3|from backbone|function|function');
    await emulator.leave();
  });

  test('a module a widget file requires and the page lacks: the loader names the file and the module', async (t) => {
    const files = { 'widget/list.js': "define(['charts-lib'], function (charts) { return { charts: charts }; });\n" };
    await assert.rejects(load(t, { manifest: LCARD, scriptSource: script({ deps: "['jquery', './list.js']" }), files }), (error) => {
      assert.match(error.message, /^widget\/list\.js requires charts-lib, which the CRM's page does not provide/);
      assert.match(error.message, /ship it in widget\/vendor\//);
      return true;
    });
  });

  test('json! of a missing file: no loader internals in the message', async (t) => {
    await assert.rejects(load(t, { manifest: LCARD, scriptSource: script({ deps: "['jquery', 'json!./config.json']" }) }), (error) => {
      assert.match(error.message, /config\.json/);
      assert.doesNotMatch(error.message, /_unnormalized|file:\/\//);
      return true;
    });
  });

  test('a library from a URL with a changing ?v=: the platform loads it, so it stands in with one warning', async (t) => {
    const source = script({ deps: "['jquery', 'https://cdn.example.com/lib.js?v=' + Date.now()]" });
    const emulator = await load(t, { manifest: LCARD, scriptSource: source });
    await emulator.enter('lcard');
    const said = emulator.warnings.filter((warning) => warning.includes('https://cdn.example.com/lib.js'));
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0], /requires https:\/\/cdn\.example\.com\/lib\.js\?v=\d+, which the emulator does not model/);
    assert.doesNotMatch(said[0], /modules: \{/);
  });

  test('closing the page while a refused request is open: no crash', async (t) => {
    const emulator = await load(t, { manifest: LCARD });
    const tag = emulator.document.createElement('script');
    tag.src = 'https://cdn.example.com/tracker.js?v=7';
    emulator.document.head.appendChild(tag);
    const sheet = emulator.document.createElement('link');
    sheet.rel = 'stylesheet';
    sheet.href = 'https://cdn.example.com/theme.css';
    emulator.document.head.appendChild(sheet);
    assert.doesNotThrow(() => emulator.close());
  });
});

describe('globals real widgets read', () => {
  test('APP.widgets.system, APP.system, APP.cf_types, APP.element_types, AMOCRM.addNotificationCallback, window listeners', async (t) => {
    const preamble = `
    var seen = {};
    function onMessage() {}`;
    const callbacks = `{
      init: _.bind(function () {
        window.addEventListener('message', onMessage);
        seen.area = APP.widgets.system.area;
        seen.subdomain = APP.system.subdomain;
        seen.text = APP.cf_types.text;
        seen.leads = APP.element_types.leads;
        AMOCRM.addNotificationCallback(self.get_settings().widget_code, function () {});
        self.set_settings({ seen: JSON.stringify(seen) });
        return true;
      }, this),
      destroy: function () { window.removeEventListener('message', onMessage); }
    }`;
    const source = script({ deps: "['jquery', 'underscore']", preamble, callbacks }).replace('function ($, createTemplates)', 'function ($, _)');
    const emulator = await load(t, { manifest: LCARD, scriptSource: source });
    await emulator.enter('lcard');
    assert.deepEqual(JSON.parse(emulator.widget.get_settings().seen), { area: 'lcard', subdomain: 'example', text: 1, leads: 2 });
    await emulator.leave();
    assert.deepEqual(emulator.errors, []);
  });

  test('module code reading the global self, and a module path chosen from localStorage', async (t) => {
    const source = `var chunks = (self.widgetChunks = self.widgetChunks || []);
define([window.localStorage.getItem('widget_dev') ? 'https://localhost:8080/dev.js' : './parts/main.js'], function (main) {
  return function () {
    this.callbacks = {
      render: function () { return main.ready; },
      init: function () { return chunks.length === 0; },
      bind_actions: function () { return true; },
      destroy: function () {}
    };
    return this;
  };
});
`;
    const files = { 'widget/parts/main.js': 'define([], function () { return { ready: true }; });\n' };
    const emulator = await load(t, { manifest: LCARD, scriptSource: source, files });
    await emulator.enter('lcard');
    await emulator.leave();
  });
});

describe('callbacks as real widgets write them', () => {
  test('a suffix-less card location is the right panel (-1)', async (t) => {
    const callbacks = `{ render: function () {
      self.render_template({ caption: { class_name: 'fixture' }, body: '', render: '<p class="mine">here</p>' });
      return true;
    } }`;
    const emulator = await load(t, { manifest: LCARD, scriptSource: script({ callbacks }) });
    await emulator.enter('lcard');
    assert.equal(emulator.panel().querySelector('.mine').textContent, 'here');
    await emulator.leave();
  });

  test('an async init is a Promise, warned about as such, never "{}"', async (t) => {
    const callbacks = '{ init: async function () { return true; } }';
    const emulator = await load(t, { manifest: LCARD, scriptSource: script({ callbacks }) });
    await emulator.enter('lcard');
    await emulator.leave();
    const said = emulator.warnings.find((warning) => warning.includes('callbacks.init()'));
    assert.match(said, /returned a Promise, not true/);
    assert.doesNotMatch(said, /\{\}/);
  });

  test('no destroy, and digital_pipeline without dpSettings: warnings, not failures', async (t) => {
    const manifest = manifestWith({ locations: ['lcard', 'digital_pipeline'],
      extra: { dp: { settings: {}, webhook_url: 'https://example.com/dp' } } });
    const source = `define([], function () {
  return function () {
    this.callbacks = {
      render: function () { return true; },
      init: function () { return true; },
      bind_actions: function () { return true; }
    };
    return this;
  };
});
`;
    const emulator = await load(t, { manifest, scriptSource: source });
    for (const location of manifest.locations) {
      await emulator.enter(location);
      await emulator.leave();
    }
    assert.ok(emulator.warnings.some((warning) => /no callbacks\.destroy/.test(warning)));
    assert.ok(emulator.warnings.some((warning) => /no callbacks\.dpSettings/.test(warning)));
  });

  test('an arrow-function callback calling a helper the widget lacks fails, naming it', async (t) => {
    const source = `define([], function () {
  return function () {
    this.callbacks = {
      render: () => { this.drawPanel(); return true; },
      init: () => true,
      bind_actions: () => true,
      destroy: () => {}
    };
    return this;
  };
});
`;
    const emulator = await load(t, { manifest: LCARD, scriptSource: source });
    await assert.rejects(emulator.enter('lcard'), /callbacks\.render\(\) threw TypeError: this\.drawPanel is not a function/);
  });

  test('a control\'s sub-template by ref draws a placeholder, not a failure', async (t) => {
    const callbacks = `{ render: function () {
      var html = self.render({ ref: '/tmpl/controls/checkboxes_dropdown/item.twig' }, { item: { id: 1, option: 'One' } });
      return html.indexOf('checkboxes_dropdown__item') !== -1;
    } }`;
    const emulator = await load(t, { manifest: LCARD, scriptSource: script({ callbacks }) });
    await emulator.enter('lcard');
    await emulator.leave();
  });
});

describe('salesbot_designer with a logo beside its handlers', () => {
  test('the handler is the object, not the logo string', async (t) => {
    const manifest = manifestWith({ locations: ['lcard', 'salesbot_designer'], extra: { salesbot_designer: {
      logo: '/images/logo.png',
      send: { name: 'panel.title', settings: { text: { name: 'panel.title', type: 'text', manual: true } } },
    } } });
    const callbacks = `{
      onSalesbotDesignerSave: function (handler, params) { return JSON.stringify({ handler: handler }); },
      salesbotDesignerSettings: function ($body, renderRow, params) { return true; }
    }`;
    const emulator = await load(t, { manifest, scriptSource: script({ callbacks }) });
    await emulator.enter('salesbot_designer');
    const saved = await emulator.run('onSalesbotDesignerSave');
    assert.equal(JSON.parse(saved).handler, 'send');
    await emulator.leave();
  });
});

