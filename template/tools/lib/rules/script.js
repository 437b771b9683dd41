// script.js run in the sandbox: an AMD module whose factory returns the widget's constructor;
// this.callbacks holds every lifecycle callback and each chosen location's callbacks
// (platform.json); render, bind_actions and init return true in every area, without throwing;
// every template they (and the callbacks that draw pages) load is in widget/.
'use strict';

const { createSandbox, createWidget, ModuleError, chain } = require('../sandbox');

const FILE = 'widget/script.js';
const MUST_RETURN_TRUE = ['render', 'bind_actions', 'init'];
// Callbacks the CRM calls on entering these areas to draw the widget's part of the page.
const DRAWS = { settings: 'settings', advanced_settings: 'advancedSettings', widget_page: 'initMenuPage' };

const lookup = (callbacks, name) => name.split('.').reduce((node, part) => (node && typeof node === 'object' || typeof node === 'function' ? node[part] : undefined), callbacks);
// What a callback returned, in words: an async callback's Promise is "a Promise", never "{}".
const describeValue = (value) => (value === undefined ? 'nothing'
  : value && typeof value.then === 'function' ? 'a Promise'
    : typeof value === 'function' ? 'a function' : JSON.stringify(value));
const reason = (error) => String((error && error.message) || error).split('\n')[0];

module.exports = async function scriptRule(widget, report) {
  if (!widget.has('script.js')) {
    report.error(FILE, 'required-file', 'is missing: every widget needs widget/script.js');
    return;
  }
  const manifest = widget.manifest || {};
  const locale = manifest.widget && Array.isArray(manifest.widget.locale) ? manifest.widget.locale[0] : null;
  const parsed = locale ? widget.json(`i18n/${locale}.json`) : null;
  const messages = parsed && parsed.value && typeof parsed.value === 'object' ? parsed.value : {};

  // A Promise the widget rejects and never handles, e.g. in a template's then().
  const rejections = [];
  const onRejection = (error) => rejections.push(error);
  process.on('unhandledRejection', onRejection);
  try {
    await runWidget(widget, report, manifest, messages);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  for (const error of rejections.slice(0, 1)) {
    report.warn(FILE, 'script-run', `a Promise rejected without a handler (${reason(error)}): add a .catch() or fix the cause`);
  }
};

async function runWidget(widget, report, manifest, messages) {
  const sandbox = createSandbox(widget.dir);
  let Widget;
  try {
    Widget = sandbox.load('script.js');
  } catch (error) {
    if (error && error.name === 'SyntaxError') return; // the code rule reports where
    const advice = error instanceof ModuleError ? error.message : `throws while loading (${reason(error)}): fix it`;
    report.error(FILE, 'script-amd', advice);
    return;
  }
  if (typeof Widget !== 'function') {
    report.error(FILE, 'script-amd', 'define(...) must return the widget\'s constructor: return function () { var self = this; this.callbacks = {...}; return this; }');
    return;
  }

  let area = null;
  const templates = new Set();
  const loaded = (href) => templates.add(href.split('?')[0].replace(/^\/+/, ''));
  const self = createWidget({ manifest, messages, area: () => area, loaded });
  try {
    sandbox.run(Widget, self);
  } catch (error) {
    report.error(FILE, 'script-run', `the widget's constructor throws (${reason(error)}): fix it`);
    return;
  }
  const callbacks = self.callbacks;
  if (!callbacks || typeof callbacks !== 'object') {
    report.error(FILE, 'callback-missing', 'the constructor sets no this.callbacks object: set this.callbacks = {render: ..., init: ..., ...}');
    return;
  }

  // The platform calls only what is there: render, init and bind_actions must be (they must
  // return true); destroy, settings, onSave and each location's callbacks are this template's
  // conventions (the mechanics page's own examples omit destroy).
  const needed = new Map(widget.rules.lifecycle_callbacks.map((name) => [name, 'every widget']));
  for (const code of widget.areas) {
    const loc = widget.rules.locations[code];
    for (const name of (loc && loc.callbacks) || []) if (!needed.has(name)) needed.set(name, `the ${code} location`);
  }
  for (const [name, who] of needed) {
    if (typeof lookup(callbacks, name) !== 'function') {
      const [group, inner] = name.split('.');
      const shape = inner ? `${group}: { ${inner}: function () { ... } }` : `${name}: function () { ... }`;
      if (MUST_RETURN_TRUE.includes(name)) {
        report.error(FILE, 'callback-missing', `this.callbacks has no ${name}, which ${who} needs: add ${shape}`);
      } else if (name === 'destroy') {
        report.warn(FILE, 'destroy-missing', `this.callbacks has no destroy, which the CRM calls on leaving an area and on disabling: add ${shape} that removes the widget's handlers and elements`);
      } else if (who === 'every widget') {
        continue; // settings and onSave: the CRM skips what is not there
      } else {
        report.warn(FILE, 'callback-location', `this.callbacks has no ${name}, which the CRM calls in ${who}: add ${shape}, or the widget does nothing there`);
      }
    }
  }

  // Each area in turn, as the CRM enters it: render, bind_actions, init, then destroy on leaving.
  const failed = new Set();
  for (const code of [...new Set(widget.areas)]) {
    area = code;
    for (const name of MUST_RETURN_TRUE) {
      if (failed.has(name) || typeof callbacks[name] !== 'function') continue;
      let value;
      try {
        value = sandbox.run(callbacks[name], callbacks);
      } catch (error) {
        failed.add(name);
        report.error(FILE, 'script-run', `callbacks.${name} throws in the ${code} area (${reason(error)}): fix it`);
        continue;
      }
      if (value !== true) {
        failed.add(name);
        const got = describeValue(value);
        if (value) {
          // The CRM goes on after any truthy value (an async callback's Promise included).
          report.warn(FILE, 'returns-true', `callbacks.${name} returns ${got} in the ${code} area, not true: the CRM goes on, but end it with return true to be sure`);
        } else {
          report.error(FILE, 'returns-true', `callbacks.${name} returns ${got} in the ${code} area: end it with return true, or the CRM runs nothing else`);
        }
      }
    }
    const draws = DRAWS[code];
    if (draws && typeof callbacks[draws] === 'function') {
      try {
        sandbox.run(callbacks[draws], callbacks, [chain]);
      } catch (error) {
        report.error(FILE, 'script-run', `callbacks.${draws} throws in the ${code} area (${reason(error)}): fix it`);
      }
    }
    await Promise.resolve(); // let templates resolve, as between the CRM's calls
    if (typeof callbacks.destroy === 'function') {
      try {
        sandbox.run(callbacks.destroy, callbacks);
      } catch (error) {
        report.error(FILE, 'script-run', `callbacks.destroy throws in the ${code} area (${reason(error)}): fix it`);
        break;
      }
    }
  }
  for (const rel of [...templates].sort()) {
    if (!widget.has(rel)) {
      report.error(`widget/${rel}`, 'template-missing', `script.js loads /${rel} (self.render href), which is not in widget/: restore it, or stop loading it`);
    }
  }
}
