// Runs a generated widget's script.js as the CRM does: an AMD module whose factory is
// called with the widget object as `this`, then the callbacks of every area it declares.
// Stand-ins replace jQuery and the CRM; the report (JSON on stdout) says what ran and
// what each callback returned, for the template's pytest suite to judge.
//
// Usage: node run_widget.js <widget dir>
'use strict';

const fs = require('fs');
const path = require('path');
const vm = require('vm');

const widgetDir = path.resolve(process.argv[2]);
const read = (rel) => fs.readFileSync(path.join(widgetDir, rel), 'utf8');
const manifest = JSON.parse(read('manifest.json'));
const locale = manifest.widget.locale[0];
const lang = JSON.parse(read(`i18n/${locale}.json`));

// A chainable stand-in for any jQuery object: every method returns it again.
const chain = new Proxy(function () {}, {
  get: (target, key) => (key === 'then' ? undefined : key === 'length' ? 0 : () => chain),
  apply: () => chain,
});
const $ = () => chain;

function loadModule(file, deps) {
  let module = null;
  const define = (names, factory) => {
    if (typeof names === 'function') {
      factory = names;
      names = [];
    }
    module = factory(...names.map((name) => {
      if (!(name in deps)) throw new Error(`${file} requires unknown module ${name}`);
      return deps[name];
    }));
  };
  vm.runInNewContext(read(file), { define, Promise, JSON, console, document: {} }, { filename: file });
  return module;
}

const report = { areas: {}, templates: [], panels: 0, calls: {} };
let area = null;

const system = {
  params: { path: 'https://widgets.example.com/test', widget_code: 'test_code' },
  system: () => ({ area, amouser_id: '1', amouser: 'user@example.com' }),
  i18n: (key) => lang[key],
  langs: lang,
  get_version: () => manifest.widget.version,
  get_settings: () => ({ widget_code: 'test_code' }),
  set_settings: () => {},
  get_install_status: () => 'installed',
  render(options, params) {
    if (options.promised) {
      return Promise.resolve({
        render(values) {
          report.templates.push({
            href: options.href,
            area,
            controls: (values.controls || []).map((control) => control.name),
            keys: Object.keys(values).sort(),
          });
          return '<div></div>';
        },
      });
    }
    return '';
  },
  render_template() { report.panels += 1; },
  list_selected: () => ({ selected: [{ id: 1, type: 'lead', emails: [], phones: [] }], summary: { items: 1 } }),
  listenSocketChannel: () => () => {},
  crm_post: () => {},
  $authorizedAjax: () => chain,
  get_current_card_contacts_data: () => Promise.resolve([]),
};

const createTemplates = loadModule('templates.js', {});
const Widget = loadModule('script.js', { jquery: $, './templates.js': createTemplates });
const widget = Object.create(system);
const returned = Widget.call(widget);

function callbackPaths(callbacks) {
  const paths = [];
  for (const [key, value] of Object.entries(callbacks)) {
    if (typeof value === 'function') paths.push(key);
    else if (value && typeof value === 'object') {
      for (const [inner, fn] of Object.entries(value)) if (typeof fn === 'function') paths.push(`${key}.${inner}`);
    }
  }
  return paths;
}

function describe(value) {
  if (value && typeof value.then === 'function') return 'promise';
  if (typeof value === 'string') {
    try { JSON.parse(value); return 'json'; } catch (e) { return 'string'; }
  }
  return value;
}

// Arguments the CRM passes to each location's callbacks.
const ARGS = {
  settings: [chain], onSave: [{ fields: {} }],
  advancedSettings: [], initMenuPage: [{ location: 'widget_page', item_code: 'test_code' }],
  dpSettings: [], onAddAsSource: [1], loadPreloadedData: [], loadElements: ['leads', 1],
  linkCard: [[]], searchDataInCard: ['query', 'leads', 1], loadCatalogElement: [{ id: 1 }],
  salesbotDesignerSettings: [chain, () => {}, {}], onSalesbotDesignerSave: ['run', { text: 'Hi' }],
};

async function main() {
  report.returnsThis = returned === widget;
  const callbacks = widget.callbacks;
  report.callbacks = callbackPaths(callbacks);
  for (const location of manifest.locations) {
    area = location.replace(/-[01]$/, '');
    const result = {
      render: callbacks.render(),
      bind_actions: callbacks.bind_actions(),
      init: callbacks.init(),
    };
    await new Promise((resolve) => setTimeout(resolve, 0));
    callbacks.destroy();
    report.areas[location] = result;
  }
  area = 'settings';
  for (const name of report.callbacks.filter((n) => !['render', 'bind_actions', 'init', 'destroy'].includes(n))) {
    const [group, inner] = name.split('.');
    const fn = inner ? callbacks[group][inner] : callbacks[group];
    const value = fn.apply(callbacks, ARGS[name] || []);
    report.calls[name] = describe(value);
    if (value && typeof value.then === 'function') await value;
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
  process.stdout.write(JSON.stringify(report));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
