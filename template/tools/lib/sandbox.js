// Loads the widget's script.js as the CRM does (an AMD module whose factory returns the widget's
// constructor), in a vm context with stand-ins for jQuery, the system modules and the Widget
// object, so check can look at this.callbacks and call them. No network, no timers run.
'use strict';

const fs = require('fs');
const path = require('path');
const vm = require('vm');

const TIMEOUT_MS = 2000; // a callback stuck in a loop fails the check instead of hanging it

// Any jQuery object, system module or CRM global: every property is a function returning it again.
const chain = new Proxy(function () {}, {
  get(target, key) {
    if (key === 'then') return undefined; // not a Promise
    if (key === 'length') return 0;
    if (key === Symbol.toPrimitive || key === 'toString' || key === 'valueOf') return () => '';
    if (key === Symbol.iterator) return function* () {};
    return chain; // callable and readable: APP.widgets.system.area and $(...).find(...) alike
  },
  apply: () => chain,
  construct: () => chain,
});

class ModuleError extends Error {}

// An empty Web Storage: getItem gives null, as on a fresh browser profile.
function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(String(key)) ? items.get(String(key)) : null),
    setItem: (key, value) => items.set(String(key), String(value)),
    removeItem: (key) => items.delete(String(key)),
    clear: () => items.clear(),
    key: (index) => [...items.keys()][index] ?? null,
    get length() { return items.size; },
  };
}

// The CRM page's underscore, from node_modules (pure functions: no page needed).
let underscoreModule = null;
function underscore() {
  if (!underscoreModule) underscoreModule = require('underscore');
  return underscoreModule;
}

function createSandbox(widgetDir) {
  const context = vm.createContext({
    console: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {}, dir() {}, table() {} },
    document: chain, navigator: chain, location: chain, localStorage: chain, sessionStorage: chain,
    APP: chain, AMOCRM: chain, $: chain, jQuery: chain, get _() { return underscore(); },
    setTimeout: () => 0, setInterval: () => 0, clearTimeout() {}, clearInterval() {},
    requestAnimationFrame: () => 0, fetch: () => new Promise(() => {}),
  });
  context.window = context;
  context.self = context; // the browser's window.self: bundler output reads the global self
  context.addEventListener = () => {};
  context.removeEventListener = () => {};
  context.dispatchEvent = () => true;
  context.localStorage = memoryStorage();
  context.sessionStorage = memoryStorage();
  const modules = new Map();

  // Runs fn inside the context under the time limit.
  function run(fn, thisArg, args = []) {
    context.__call = () => fn.apply(thisArg, args);
    try {
      return vm.runInContext('__call()', context, { timeout: TIMEOUT_MS });
    } finally {
      delete context.__call;
    }
  }

  function load(rel) {
    if (modules.has(rel)) return modules.get(rel);
    const file = path.join(widgetDir, rel);
    if (!fs.existsSync(file)) throw new ModuleError(`requires ./${rel}, which is not in widget/`);
    let defined = false;
    let value;
    context.define = (...args) => {
      const factory = args.pop();
      const deps = Array.isArray(args[args.length - 1]) ? args.pop() : [];
      defined = true;
      value = typeof factory === 'function' ? factory(...deps.map((dep) => resolve(dep, rel))) : factory;
    };
    context.define.amd = {};
    context.require = () => chain;
    vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file, timeout: TIMEOUT_MS });
    delete context.define;
    if (!defined) throw new ModuleError(`${rel} never calls define(...): wrap it in define([...], function (...) { ... })`);
    modules.set(rel, value);
    return value;
  }

  // './templates.js' and './lib/x' are the widget's own files; the rest are the CRM's modules
  // (underscore is the real one: widgets build callbacks with _.bind).
  function resolve(dep, from) {
    if (dep === 'underscore' || dep === 'lodash') return underscore();
    const plugin = /^(text|json)!(\.\.?\/.+)$/.exec(dep);
    if (plugin) return ownFile(plugin[1], path.posix.normalize(path.posix.join(path.posix.dirname(from), plugin[2])));
    if (!dep.startsWith('./') && !dep.startsWith('../')) return chain;
    const rel = path.posix.normalize(path.posix.join(path.posix.dirname(from), dep));
    return load(rel.endsWith('.js') ? rel : `${rel}.js`);
  }

  // text!./file and json!./file: the widget's own files, as the CRM page's RequireJS plugins give them.
  function ownFile(kind, rel) {
    const file = path.join(widgetDir, rel);
    if (rel.startsWith('../') || !fs.existsSync(file)) throw new ModuleError(`requires ${kind}!./${rel}, which is not in widget/: add widget/${rel}, or fix the path`);
    const text = fs.readFileSync(file, 'utf8');
    if (kind === 'text') return text;
    try {
      return JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new ModuleError(`requires json!./${rel}, which is not valid JSON (${error.message}): fix widget/${rel}`);
    }
  }

  return { load, run };
}

// The Widget object script.js's constructor runs on: the documented self.* methods, the rest
// answered by the stand-in. area() gives the current area ('lcard', not 'lcard-1');
// loaded(href) hears of every template the widget asks self.render to load.
// self.* methods of older SDK pages that widgets still call; answered by the stand-in.
const SDK_EXTRAS = new Set(['add_action', 'add_source', 'set_status', 'get_lang', 'set_lang', 'get_current_card',
  'widgetsOverlay', 'ns', 'tools', 'notifications', 'widget_code']);

function createWidget({ manifest, messages, area, loaded = () => {} }) {
  const template = { render: () => '' };
  const target = {
    params: { path: 'https://widgets.example.com/widget', widget_code: 'widget_code', images_path: 'https://widgets.example.com/widget/images' },
    system: () => ({ area: area(), amouser_id: '1', amouser: 'user@example.com', subdomain: 'example', domain: 'example.amocrm.ru' }),
    i18n: (key) => (key ? messages[key] : messages),
    langs: messages,
    get_version: () => manifest.widget && manifest.widget.version,
    get_settings: () => ({ widget_code: 'widget_code' }),
    set_settings() {},
    get_install_status: () => 'installed',
    render(options) {
      if (options && typeof options.href === 'string') loaded(options.href);
      if (options && options.promised) return Promise.resolve(template);
      if (options && typeof options.load === 'function') options.load(template);
      return '';
    },
    render_template() {},
    list_selected: () => ({ selected: [], summary: { items: 0 } }),
    listenSocketChannel: () => () => {},
    get_current_card_contacts_data: () => Promise.resolve([]),
    $authorizedAjax: () => chain,
    crm_post() {},
  };
  // A member the SDK does not have is undefined, as in the CRM: this.helper() on a widget without
  // helper throws here too (an arrow-function callback's `this` is the widget).
  return new Proxy(target, { get: (t, key) => (key in t ? t[key] : SDK_EXTRAS.has(key) ? chain : undefined) });
}

module.exports = { createSandbox, createWidget, ModuleError, chain };
