/**
 * lib/run/session.js: one page session of the widget under the SDK emulator (tools/emulator/node.js,
 * the core npm test and the preview use), as npm run check runs it: script.js loaded as the CRM
 * loads it, every location entered in turn (render, bind_actions, init, the callback the CRM opens
 * the location with, its entry file), each location's own callbacks called with the CRM's
 * arguments, then left (destroy).
 *
 *   runSession({root, locale, locations, required: [{name, who}], callbacks: {location: [names]}})
 *     -> Promise<[{file, rule, message, severity: 'error' | 'warning'}]>
 *
 * Plain data in and out, so it runs in a worker thread (lib/run/worker.js) as well as in place.
 * rule is the emulator's: script-amd, callback-missing, returns-true, callback-result,
 * template-missing, location-entry or script-run (errors). The platform calls only the callbacks
 * a widget has: render, init and bind_actions must be there (callback-missing); destroy
 * (destroy-missing) and each location's callbacks (callback-location, e.g. dpSettings) are this
 * template's conventions, warnings; settings and onSave are skipped when missing. A truthy result
 * other than true (an async callback's Promise) is a returns-true warning (warningsByRule).
 */
'use strict';

const FILE = 'widget/script.js';
const MUST_BE_THERE = ['render', 'bind_actions', 'init'];

const lookup = (callbacks, name) => name.split('.').reduce(
  (node, part) => (node && (typeof node === 'object' || typeof node === 'function') ? node[part] : undefined), callbacks);

// The emulator's message without its stack.
const firstLine = (error) => String((error && error.message) || error).split('\n')[0];

async function runSession(job) {
  const problems = [];
  const seen = new Set();
  const add = (file, rule, message, severity = 'error') => {
    if (!seen.has(`${file} ${rule} ${message}`)) {
      seen.add(`${file} ${rule} ${message}`);
      problems.push({ file, rule, message, severity });
    }
  };
  const problem = (error) => {
    for (const one of error && Array.isArray(error.errors) ? error.errors : [error]) {
      add((one && one.file) || FILE, (one && one.rule) || 'script-run', firstLine(one));
    }
  };

  const { loadWidget } = require('../../emulator/node.js');
  let emulator;
  try {
    emulator = await loadWidget({ root: job.root, locale: job.locale, quiet: true });
  } catch (error) {
    problem(error);
    return problems;
  }
  try {
    const callbacks = emulator.callbacks;
    const missing = new Set();
    for (const { name, who } of job.required) {
      if (typeof lookup(callbacks, name) !== 'function') {
        missing.add(name);
        const [group, inner] = name.split('.');
        const shape = inner ? `${group}: { ${inner}: function () { ... } }` : `${name}: function () { ... }`;
        if (MUST_BE_THERE.includes(name)) {
          add(FILE, 'callback-missing', `this.callbacks has no ${name}, which ${who} needs: add ${shape}`);
        } else if (name === 'destroy') {
          add(FILE, 'destroy-missing', `this.callbacks has no destroy, which the CRM calls on leaving an area and on disabling: add ${shape} that removes the widget's handlers and elements`, 'warning');
        } else if (who !== 'every widget') {
          add(FILE, 'callback-location', `this.callbacks has no ${name}, which the CRM calls in ${who}: add ${shape}, or the widget does nothing there`, 'warning');
        } // settings and onSave: the CRM skips what is not there
      }
    }
    if (MUST_BE_THERE.some((name) => missing.has(name))) return problems;
    for (const location of job.locations) {
      const before = emulator.history.length;
      try {
        await emulator.enter(location);
      } catch (error) {
        problem(error);
        await emulator.leave().catch(problem);
        continue;
      }
      for (const name of job.callbacks[location] || []) {
        if (missing.has(name) || typeof lookup(callbacks, name) !== 'function') continue;
        if (emulator.history.slice(before).some((entry) => entry.callback === name)) continue; // called on entering
        await emulator.run(name).catch(problem);
      }
      // Without destroy, destroy-missing has said it; leaving then is no problem of its own.
      await emulator.leave().catch(typeof callbacks.destroy === 'function' ? problem : () => {});
    }
    for (const { rule, message } of emulator.warningsByRule) add(FILE, rule, message, 'warning');
  } finally {
    emulator.close();
  }
  return problems;
}

module.exports = { runSession };
