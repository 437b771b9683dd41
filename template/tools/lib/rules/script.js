// script.js run by the SDK emulator, the same one `npm test` and the preview use
// (tools/emulator/node.js): loaded as the CRM loads it, every manifest location entered in one
// page session (render, bind_actions, init, the callback the CRM opens the location with, its
// entry file such as amoforms.js), each location's own callbacks called with the CRM's arguments,
// then left (destroy). Every problem the emulator finds is an error under its rule: script-amd
// (the module), callback-missing, returns-true, callback-result (a result the CRM refuses),
// template-missing (a Twig template script.js loads), script-run (anything the widget threw);
// a truthy result other than true (an async callback's Promise) is a returns-true warning.
// The platform calls only the callbacks a widget has: render, init and bind_actions must be
// there (callback-missing); destroy (destroy-missing) and each location's callbacks
// (callback-location, e.g. dpSettings) are this template's conventions, warnings; settings and
// onSave are skipped when missing. Locations without a suffix ("lcard") run as -1.
'use strict';

const acorn = require('acorn');
const { bareLocation, suffixOf } = require('../platform');

const FILE = 'widget/script.js';
const MUST_BE_THERE = ['render', 'bind_actions', 'init'];

function parses(source) {
  try {
    acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true });
    return true;
  } catch {
    return false;
  }
}

const lookup = (callbacks, name) => name.split('.').reduce(
  (node, part) => (node && (typeof node === 'object' || typeof node === 'function') ? node[part] : undefined), callbacks);

// The emulator's message without its location prefix and stack: the location goes in front.
const firstLine = (error) => String((error && error.message) || error).split('\n')[0];

module.exports = async function scriptRule(widget, report) {
  if (!widget.has('script.js')) {
    report.error(FILE, 'required-file', 'is missing: every widget needs widget/script.js');
    return;
  }
  // A file that does not parse stops the CRM too; the code rule says where (js-syntax).
  if (widget.files.some((rel) => rel.endsWith('.js') && !parses(widget.text(rel)))) return;
  const manifest = widget.manifest;
  if (!manifest || !Array.isArray(manifest.locations) || !manifest.widget || !Array.isArray(manifest.widget.locale)) {
    return; // the manifest rule says what is wrong; the CRM would not load the widget either
  }
  const locale = manifest.widget.locale.find((l) => typeof l === 'string' && widget.has(`i18n/${l}.json`));
  const texts = locale && widget.json(`i18n/${locale}.json`);
  if (!texts || texts.error) return; // the i18n rule reports it
  // The locations the CRM would run the widget in: those the locations rule accepts (known, the
  // right suffix, one of -0 / -1); a manifest the platform refuses is that rule's to report.
  const areas = new Set();
  const known = manifest.locations.filter((l) => {
    const spec = typeof l === 'string' && widget.model.location(l);
    const code = spec && bareLocation(l);
    if (!spec || (!spec.suffix && suffixOf(l) !== null) || areas.has(code)) return false;
    areas.add(code);
    return true;
  });

  const seen = new Set();
  const problem = (error) => {
    const errors = error && Array.isArray(error.errors) ? error.errors : [error];
    for (const one of errors) {
      const rule = (one && one.rule) || 'script-run';
      const file = (one && one.file) || FILE;
      const message = firstLine(one);
      if (seen.has(`${file} ${rule} ${message}`)) continue;
      // A location's missing entry file: the locations rule names it (location-file).
      if (rule === 'location-entry' && !widget.has(file.replace(/^widget\//, ''))) continue;
      seen.add(`${file} ${rule} ${message}`);
      if (rule === 'template-missing') {
        report.error(file, rule, `${message}: restore it, or stop loading it`);
      } else {
        report.error(file, rule, message);
      }
    }
  };

  const { loadWidget } = require('../../emulator/node.js');
  let emulator;
  try {
    emulator = await loadWidget({ root: widget.root, locale, quiet: true });
  } catch (error) {
    if (error && error.name === 'SyntaxError') return; // the code rule says where
    problem(error);
    return;
  }
  try {
    const callbacks = emulator.callbacks;
    const missing = new Set();
    for (const { name, who } of widget.model.requiredCallbacks(known)) {
      if (typeof lookup(callbacks, name) !== 'function') {
        missing.add(name);
        const [group, inner] = name.split('.');
        const shape = inner ? `${group}: { ${inner}: function () { ... } }` : `${name}: function () { ... }`;
        if (MUST_BE_THERE.includes(name)) {
          report.error(FILE, 'callback-missing', `this.callbacks has no ${name}, which ${who} needs: add ${shape}`);
        } else if (name === 'destroy') {
          report.warn(FILE, 'destroy-missing', `this.callbacks has no destroy, which the CRM calls on leaving an area and on disabling: add ${shape} that removes the widget's handlers and elements`);
        } else if (who !== 'every widget') {
          report.warn(FILE, 'callback-location', `this.callbacks has no ${name}, which the CRM calls in ${who}: add ${shape}, or the widget does nothing there`);
        } // settings and onSave: the CRM skips what is not there
      }
    }
    if (MUST_BE_THERE.some((name) => missing.has(name))) return;
    for (const location of known) {
      const before = emulator.history.length;
      try {
        await emulator.enter(location);
      } catch (error) {
        problem(error);
        await emulator.leave().catch(problem);
        continue;
      }
      for (const name of widget.model.callbacksOf(location)) {
        if (missing.has(name) || typeof lookup(callbacks, name) !== 'function') continue;
        if (emulator.history.slice(before).some((entry) => entry.callback === name)) continue; // called on entering
        await emulator.run(name).catch(problem);
      }
      if (typeof callbacks.destroy === 'function') {
        await emulator.leave().catch(problem);
      } else {
        await emulator.leave().catch(() => {}); // callback-missing said it
      }
    }
    for (const { rule, message } of emulator.warningsByRule) report.warn(FILE, rule, message);
  } finally {
    emulator.close();
  }
};
