// check: every rule over the project; returns the problems, sorted by file and line.
'use strict';

const { loadWidget } = require('./widget');
const { createReport, sortProblems } = require('./report');
const findConflicts = require('./conflicts');
const pool = require('./run/pool');

// Conflict leftovers anywhere in the project (the module's own shape, shared with copier update).
function conflictsRule(widget, report) {
  for (const found of findConflicts(widget.root)) {
    if (found.severity === 'warning') {
      // Inside widget/ the upload rule names it already.
      if (!found.file.startsWith('widget/')) report.warn(found.file, 'unreadable-file', found.message);
      continue;
    }
    report.error(found.file, found.line ? 'conflict-marker' : 'leftover-file', found.message, { line: found.line });
  }
}

// The rules, in the order they report; loaded on first use, so that a missing package (no
// `npm install` yet) gets a plain message instead of a stack trace.
let RULES = null;

function loadRules() {
  try {
    return {
      conflicts: conflictsRule,
      upload: require('./rules/upload'),
      text: require('./rules/text'),
      json: require('./rules/json'),
      manifest: require('./rules/manifest'),
      locations: require('./rules/locations'),
      i18n: require('./rules/i18n'),
      untranslated: require('./rules/untranslated'),
      i18nReads: require('./rules/i18n-reads'),
      logos: require('./rules/logos'),
      // The widget's own code runs in a worker under a time and memory limit (run/pool.js, isolated.js).
      script: require('./rules/script'),
      code: require('./rules/code'),
      minified: require('./rules/minified'),
      css: require('./rules/css'),
      unused: require('./rules/unused'),
      version: require('./rules/version'),
    };
  } catch (error) {
    const missing = error.code === 'MODULE_NOT_FOUND' && /Cannot find module '([^.][^']*)'/.exec(error.message);
    if (!missing) throw error;
    const setup = new Error(`the toolkit's package ${missing[1]} is not installed: run npm install, then try again`);
    setup.code = 'TOOLKIT_SETUP';
    throw setup;
  }
}

// options.skip: names of RULES to leave out (pack --bump skips "version": it is about to bump).
async function check(projectDir, options = {}) {
  // The emulator's worker loads its page (jsdom) while the widget is read and the rules load.
  if (!(options.skip || []).includes('script')) pool.warm();
  try {
    return await checkWarm(projectDir, options);
  } catch (error) {
    pool.release(); // a worker left waiting would keep the process alive
    throw error;
  }
}

async function checkWarm(projectDir, options) {
  const widget = loadWidget(projectDir);
  const report = createReport({ marketplace: widget.marketplace });
  if (!widget.files.length && !widget.upload.refused.length) {
    pool.release();
    report.error('widget/', 'required-file', 'is missing or empty: run check in the widget project (the folder holding widget/)');
    return report.problems;
  }
  RULES = RULES || loadRules();
  const chosen = Object.entries(RULES).filter(([name]) => !(options.skip || []).includes(name));
  // Rules with a start() begin their slow part first (the emulator's page), beside the others.
  widget.started = {};
  for (const [name, rule] of chosen) if (typeof rule.start === 'function') widget.started[name] = rule.start(widget);
  for (const [, rule] of chosen) await rule(widget, report);
  return sortProblems(report.problems);
}

module.exports = { check };
