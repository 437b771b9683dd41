#!/usr/bin/env node
// npm run lint: eslint over the project with eslint.config.js (widget/ as the CRM's browser
// code, tools/ and test/ as Node code); for an existing widget brought under the toolkit
// (package.json "widget.dir"), also over that folder with eslint.existing.config.js, which
// judges the team's code for run-time faults only. ESLint lints only below its working
// directory, so the widget's folder gets its own run from there. It never changes that folder:
// --fix applies to the project's own files only.
// Exit 1 when a run has errors, 2 when eslint itself fails (a broken config, no npm install).
//   node tools/lint.js [--fix]
'use strict';

const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const { readProject } = require('./lib/project');

const ROOT = path.join(__dirname, '..');

async function main() {
  let args;
  try {
    args = parseArgs({ options: { fix: { type: 'boolean' } } });
  } catch (error) {
    process.stderr.write(`lint: ${error.message}; usage: node tools/lint.js [--fix]\n`);
    return 2;
  }
  let ESLint;
  try {
    ({ ESLint } = require('eslint'));
  } catch {
    process.stderr.write("lint: the toolkit's package eslint is not installed: run npm install, then try again\n");
    return 2;
  }
  const project = readProject(ROOT);
  const runs = [];
  const inside = path.relative(ROOT, project.widgetDir);
  if (inside !== 'widget') {
    const config = path.join(ROOT, 'eslint.existing.config.js');
    if (!fs.existsSync(config)) {
      process.stderr.write('lint: eslint.existing.config.js is missing (package.json widget.dir names an existing widget): restore it with git checkout -- eslint.existing.config.js (or npm run update -- --recopy --overwrite)\n');
      return 2;
    }
    runs.push(new ESLint({ cwd: project.widgetDir, overrideConfigFile: config, errorOnUnmatchedPattern: false }));
  }
  // The project's own files; an existing widget's folder inside the project has its own run.
  const own = inside && !inside.startsWith('..') && !path.isAbsolute(inside) && inside !== 'widget' ? [`${inside.split(path.sep).join('/')}/`] : [];
  runs.unshift(new ESLint({ cwd: ROOT, fix: !!args.values.fix, ignorePatterns: own }));
  let failed = false;
  for (const eslint of runs) {
    const results = await eslint.lintFiles(['.']);
    if (args.values.fix) await ESLint.outputFixes(results);
    for (const result of results) result.filePath = path.relative(process.cwd(), result.filePath);
    const formatter = await eslint.loadFormatter('stylish');
    process.stdout.write(await formatter.format(results));
    failed = failed || results.some((result) => result.errorCount > 0);
  }
  return failed ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error) => {
  process.stderr.write(`lint: ${error.message.split('\n')[0]}\n`);
  process.exitCode = 2;
});
