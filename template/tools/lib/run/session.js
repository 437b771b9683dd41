/**
 * lib/run/session.js: one page session of the widget under the SDK emulator (tools/emulator/node.js,
 * the core npm test and the preview use), as npm run check runs it: script.js loaded as the CRM
 * loads it, every location entered in turn (render, bind_actions, init, the callback the CRM opens
 * the location with, its entry file), each location's own callbacks called with the CRM's
 * arguments, then left (destroy).
 *
 *   runSession({root, locale, locations, required: [{name, who}], callbacks: {location: [names]}})
 *     -> Promise<[{file, rule, message, severity: 'error' | 'warning', line?, col?}]>
 *   one per fault: the same message in several locations is one problem naming them, and an error
 *   thrown in the widget's own file has the line and column of the stack's first frame there.
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

// Where in a widget file an error was thrown: the first frame of its stack in widget/, as
// {file: 'widget/script.js', line, col}, or null (a frame of the emulator or a library is not the widget's).
const thrownAt = (error) => {
  const cause = error && (error.cause || error);
  for (const text of [error && error.stack, cause && cause.stack]) {
    for (const line of String(text || '').split('\n')) {
      const frame = /^\s+at .*\/widget\/([^\s()]+?\.js):(\d+):(\d+)\)?$/.exec(line);
      if (frame) return { file: `widget/${decodeURIComponent(frame[1])}`, line: Number(frame[2]), col: Number(frame[3]) };
    }
  }
  return null;
};

// A warning of the emulator that begins with the widget's file and line (after its location).
const WIDGET_LINE = /^(?:\[[^\]]+\] )?([^\s:]+\.js):(\d+): (.*)$/s;

// One problem per fault: the same message in several locations ("[lcard] x", "[ccard] x") is one
// problem naming them ("[lcard, ccard] x").
const LOCATED = /^\[([^\]]+)\] ([\s\S]*)$/;

async function runSession(job) {
  const problems = [];
  const byFault = new Map();
  const add = (file, rule, message, severity = 'error', at = null) => {
    const located = LOCATED.exec(message);
    const bare = located ? located[2] : message;
    const key = JSON.stringify([file, rule, severity, bare]);
    const known = byFault.get(key);
    if (!known) {
      const fault = { file, rule, message, severity, locations: located ? [located[1]] : [], bare };
      if (at && at.file === file) Object.assign(fault, { line: at.line, col: at.col });
      byFault.set(key, fault);
      problems.push(fault);
      return;
    }
    if (located && !known.locations.includes(located[1])) known.locations.push(located[1]);
    if (known.locations.length) known.message = `[${known.locations.join(', ')}] ${known.bare}`;
  };
  const problem = (error) => {
    for (const one of error && Array.isArray(error.errors) ? error.errors : [error]) {
      add((one && one.file) || FILE, (one && one.rule) || 'script-run', firstLine(one), 'error', thrownAt(one));
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
    for (const { rule, message } of emulator.warningsByRule) {
      // A warning that names the widget's line ("[lcard] script.js:12: APP.x is not a member ...", app.js)
      // is reported at that line; one whose member an error already names there is said once, by the error.
      const at = WIDGET_LINE.exec(message);
      if (!at) {
        add(FILE, rule, message, 'warning');
        continue;
      }
      const member = /^(APP\.[\w$]+) is not a member/.exec(at[3]);
      const named = member && `${at[1]}:${at[2]}: ${member[1]} is not a member`;
      if (named && problems.some((p) => p.severity === 'error' && p.message.includes(named))) continue;
      const file = `widget/${at[1]}`;
      add(file, rule, message.replace(`${at[1]}:${at[2]}: `, ''), 'warning', { file, line: Number(at[2]) });
    }
  } finally {
    emulator.close();
  }
  return problems.map(({ file, rule, message, severity, line, col }) => ({ file, rule, message, severity, line, col }));
}

module.exports = { runSession };
