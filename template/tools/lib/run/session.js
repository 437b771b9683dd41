/**
 * lib/run/session.js: one page session of the widget under the SDK emulator (tools/emulator/node.js,
 * the core npm test and the preview use), as npm run check runs it: script.js loaded as the CRM
 * loads it, every location entered in turn (render, bind_actions, init, the callback the CRM opens
 * the location with, its entry file), each location's own callbacks called with the CRM's
 * arguments, then left (destroy).
 *
 *   runSession({root, locale, locations, required: [{name, who}], callbacks: {location: [names]}})
 *     -> Promise<[{file, rule, message}]>
 *
 * Plain data in and out, so it runs in a worker thread (lib/run/worker.js) as well as in place.
 * rule is the emulator's: script-amd, callback-missing, returns-true, callback-result,
 * template-missing, location-entry or script-run.
 */
'use strict';

const FILE = 'widget/script.js';

const lookup = (callbacks, name) => name.split('.').reduce(
  (node, part) => (node && (typeof node === 'object' || typeof node === 'function') ? node[part] : undefined), callbacks);

// The emulator's message without its stack.
const firstLine = (error) => String((error && error.message) || error).split('\n')[0];

async function runSession(job) {
  const problems = [];
  const seen = new Set();
  const add = (file, rule, message) => {
    if (!seen.has(`${file} ${rule} ${message}`)) {
      seen.add(`${file} ${rule} ${message}`);
      problems.push({ file, rule, message });
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
        add(FILE, 'callback-missing', `this.callbacks has no ${name}, which ${who} needs: add ${shape}`);
      }
    }
    if (['render', 'bind_actions', 'init'].some((name) => missing.has(name))) return problems;
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
      // Without destroy, callback-missing has said it; leaving then is no problem of its own.
      await emulator.leave().catch(typeof callbacks.destroy === 'function' ? problem : () => {});
    }
  } finally {
    emulator.close();
  }
  return problems;
}

module.exports = { runSession };
