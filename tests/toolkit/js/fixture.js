// Small widgets for the emulator's own tests: each test writes the script.js, manifest, texts and
// templates it needs into a fresh project folder and loads it with the emulator of a generated
// project (EMULATOR_PROJECT, whose node_modules holds the toolkit's packages).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PROJECT = process.env.EMULATOR_PROJECT;
if (!PROJECT || !fs.existsSync(path.join(PROJECT, 'tools', 'emulator', 'node.js'))) {
  throw new Error('set EMULATOR_PROJECT to a generated widget project with node_modules (see tests/toolkit/test_emulator.py)');
}
const emulatorModule = path.join(PROJECT, 'tools', 'emulator', 'node.js');
const { loadWidget } = require(emulatorModule);

const TEXTS = {
  widget: { name: 'Fixture widget', short_description: 'Fixture', description: 'Account #SUBDOMAIN#', tour_description: 'Tour' },
  settings: { api_key: 'API key', mapping: 'Mapping', managers: 'Managers' },
  panel: { title: 'Panel' },
};

function manifestWith(overrides = {}) {
  return {
    widget: {
      name: 'widget.name', description: 'widget.description', short_description: 'widget.short_description',
      version: '1.2.3', interface_version: 2, init_once: false, locale: ['en', 'ru'], installation: true,
      support: { link: 'https://example.com', email: 'a@example.com' },
      ...overrides.widget,
    },
    locations: overrides.locations || ['lcard-1', 'ccard-0', 'llist-1', 'settings', 'advanced_settings'],
    tour: { is_tour: false, tour_images: { en: [], ru: [] }, tour_description: 'widget.tour_description' },
    settings: overrides.settings || { api_key: { name: 'settings.api_key', type: 'pass', required: true } },
    ...overrides.extra,
  };
}

/**
 * script.js of a widget: `callbacks` (source of an object literal) is merged over callbacks that
 * return what the CRM expects; `preamble` runs first inside the widget's function (self is there).
 */
function script({ callbacks = '{}', preamble = '', deps = "['jquery', './templates.js']", returns = 'this' } = {}) {
  return `define(${deps}, function ($, createTemplates) {
  'use strict';
  return function () {
    var self = this;
    ${preamble}
    this.callbacks = Object.assign({
      render: function () { return true; },
      init: function () { return true; },
      bind_actions: function () { return true; },
      settings: function () { return true; },
      onSave: function () { return true; },
      destroy: function () {}
    }, ${callbacks});
    return ${returns};
  };
});
`;
}

/** Writes a project: widget/ (manifest, script, templates.js, i18n, templates) and tools/platform.json. */
function project({ manifest = manifestWith(), scriptSource = script(), texts = {}, templates = {}, files = {} } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-fixture-'));
  const widget = path.join(root, 'widget');
  fs.mkdirSync(path.join(widget, 'i18n'), { recursive: true });
  fs.mkdirSync(path.join(widget, 'templates'));
  fs.mkdirSync(path.join(root, 'tools'));
  fs.copyFileSync(path.join(PROJECT, 'tools', 'platform.json'), path.join(root, 'tools', 'platform.json'));
  fs.copyFileSync(path.join(PROJECT, 'widget', 'templates.js'), path.join(widget, 'templates.js'));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fixture-widget', widget: { code: 'fixture_widget', root_class: 'w-fixture-widget', platform: 'amocrm' } }));
  fs.writeFileSync(path.join(widget, 'manifest.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(widget, 'script.js'), scriptSource);
  for (const locale of manifest.widget.locale) {
    const own = { ...TEXTS, ...texts, widget: { ...TEXTS.widget, name: `Fixture widget ${locale}` } };
    fs.writeFileSync(path.join(widget, 'i18n', `${locale}.json`), JSON.stringify(own));
  }
  for (const [name, source] of Object.entries(templates)) {
    fs.writeFileSync(path.join(widget, 'templates', name), source);
  }
  for (const [name, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), source);
  }
  return root;
}

/** Loads a fixture project into the emulator, closed when the test `t` ends. */
function load(t, files = {}, options = {}) {
  return loadWidget({ root: project(files), test: t, ...options });
}

module.exports = { PROJECT, load, project, script, manifestWith, loadWidget };
