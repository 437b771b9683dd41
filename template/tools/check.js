#!/usr/bin/env node
// npm run check: validate widget/ against the platform's rules (tools/platform.json).
// One line per problem: file, error or warning, rule, what is wrong and how to fix it; then a
// summary. Exit 1 on errors (warnings alone exit 0).
//   node tools/check.js [--json] [projectDir]
'use strict';

const path = require('path');
const { parseArgs } = require('util');
const { check } = require('./lib/check');
const { formatProblem, summary } = require('./lib/report');
const { buildFirst, BuildError } = require('./lib/build');

async function main() {
  let args;
  try {
    args = parseArgs({ options: { json: { type: 'boolean' } }, allowPositionals: true });
  } catch (error) {
    process.stderr.write(`check: ${error.message}; usage: node tools/check.js [--json] [projectDir]\n`);
    return 2;
  }
  const projectDir = args.positionals[0] || path.join(__dirname, '..');
  let located;
  try {
    located = await buildFirst(projectDir); // TypeScript: check the widget/script.js pack would zip
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    process.stdout.write(`check: src/ does not build: ${error.message}\n`);
    return 1;
  }
  const problems = located(await check(projectDir));
  if (args.values.json) {
    process.stdout.write(`${JSON.stringify({ problems, summary: summary(problems) }, null, 2)}\n`);
  } else {
    for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
    process.stdout.write(`${summary(problems)}\n`);
  }
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error) => {
  // One line, never a stack trace: set CHECK_DEBUG=1 for the trace when reporting a bug.
  const message = error.code === 'TOOLKIT_SETUP' ? error.message
    : `internal error (${String((error && error.message) || error).split('\n')[0]}): please report it with the file that caused it`;
  process.stderr.write(`check: ${message}\n`);
  if (process.env.CHECK_DEBUG) process.stderr.write(`${error && error.stack}\n`);
  process.exitCode = 2;
});
