// script.js run by the SDK emulator, the same one `npm test` and the preview use: one page
// session (lib/run/session.js) over every location the CRM would run the widget in. Every
// problem the emulator finds is an error under its rule: script-amd (the module),
// callback-missing, returns-true, callback-result (a result the CRM refuses), template-missing
// (a Twig template script.js loads), location-entry (amoforms.js, personal_page.js), script-run
// (anything the widget threw). The callbacks looked for: platform.json's lifecycle_callbacks and
// each location's callbacks (lib/platform.js requiredCallbacks); which are errors and which
// warnings: lib/run/session.js.
//
// scriptRule.start(widget) starts the session in a worker thread under check's time and memory
// limit (lib/run/pool.js, which check warms before it reads the widget: loading the emulator's
// page costs most of check's time) before check's other rules run; scriptRule(widget, report)
// reports it.
'use strict';

const acorn = require('acorn');
const { bareLocation, suffixOf } = require('../platform');
const pool = require('../run/pool');

const FILE = 'widget/script.js';

function parses(source) {
  try {
    acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true });
    return true;
  } catch {
    return false;
  }
}

/** The session's job (lib/run/session.js), or null when other rules stop the run (they say why). */
function prepare(widget) {
  if (!widget.has('script.js')) return null;
  // A file that does not parse stops the CRM too; the code rule says where (js-syntax).
  if (widget.files.some((rel) => rel.endsWith('.js') && !parses(widget.text(rel)))) return null;
  const manifest = widget.manifest;
  if (!manifest || !Array.isArray(manifest.locations) || !manifest.widget || !Array.isArray(manifest.widget.locale)) {
    return null; // the manifest rule says what is wrong; the CRM would not load the widget either
  }
  const locale = manifest.widget.locale.find((l) => typeof l === 'string' && widget.has(`i18n/${l}.json`));
  const texts = locale && widget.json(`i18n/${locale}.json`);
  if (!texts || texts.error) return null; // the i18n rule reports it
  // The locations the CRM would run the widget in: those the locations rule accepts (known, no
  // suffix where none is taken, one of -0 / -1; "lcard" runs as -1); a manifest the platform
  // refuses is that rule's to report.
  const areas = new Set();
  const locations = manifest.locations.filter((l) => {
    const spec = typeof l === 'string' && widget.model.location(l);
    const code = spec && bareLocation(l);
    if (!spec || (!spec.suffix && suffixOf(l) !== null) || areas.has(code)) return false;
    areas.add(code);
    return true;
  });
  return {
    root: widget.root,
    locale,
    locations,
    required: widget.model.requiredCallbacks(locations),
    callbacks: Object.fromEntries(locations.map((l) => [l, widget.model.callbacksOf(l)])),
  };
}

// The session's outcome as check's problems: an endless loop or allocation in the widget's code,
// or a worker that could not run it, is one script-run error, never a hang.
function problemsOf({ message, problem }) {
  if (problem) return [{ file: FILE, rule: 'script-run', message: problem, severity: 'error' }];
  if (message.error) return [{ file: FILE, rule: 'script-run', message: `could not be run (${message.error.split('\n')[0]}): fix it`, severity: 'error' }];
  return message.problems;
}

async function scriptRule(widget, report) {
  if (!widget.has('script.js')) {
    report.error(FILE, 'required-file', 'is missing: every widget needs widget/script.js');
    return;
  }
  const run = widget.started && widget.started.script !== undefined ? widget.started.script : scriptRule.start(widget);
  for (const { file, rule, message, severity, line, col } of (await run) || []) {
    // A location's missing entry file: the locations rule names it (location-file).
    if (rule === 'location-entry' && !widget.has(file.replace(/^widget\//, ''))) continue;
    const text = rule === 'template-missing' ? `${message}: restore it, or stop loading it` : message;
    const at = line ? { line, col } : {};
    if (severity === 'warning') report.warn(file, rule, text, at);
    else report.error(file, rule, text, at);
  }
}

/** Starts the session (Promise of its problems, or null when there is nothing to run). */
scriptRule.start = function start(widget) {
  const job = prepare(widget);
  if (!job) {
    pool.release();
    return Promise.resolve(null);
  }
  return pool.run(job).then(problemsOf); // never rejects (lib/isolated.js)
};

module.exports = scriptRule;
