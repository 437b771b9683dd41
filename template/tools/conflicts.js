#!/usr/bin/env node
/**
 * conflicts.js: the command behind `npm run conflicts` and the pre-commit hook. Lists each file
 * a `copier update` (or a git merge) left unresolved: conflict markers, *.rej and *.orig files
 * (found by lib/conflicts.js), and exits 1 if any; a file it could not read (a broken link, a
 * loop, a name that is not UTF-8) is one warning line and does not fail it. Never a stack trace.
 *
 *   node tools/conflicts.js [project folder]
 *
 * No dependencies: it must run before `npm install` and inside the pre-commit hook.
 */
'use strict';

const fs = require('fs');
const findConflicts = require('./lib/conflicts');

function main(argv) {
  const projectDir = argv[0] || '.';
  if (!fs.existsSync(projectDir) || !fs.statSync(projectDir).isDirectory()) {
    console.error(`conflicts.js: ${projectDir} is not a folder: run it in the widget project or pass its path`);
    return 2;
  }
  const problems = findConflicts(projectDir);
  const errors = problems.filter((problem) => problem.severity === 'error');
  for (const problem of problems.filter((p) => p.severity === 'warning')) {
    console.error(`${problem.file}: warning: ${problem.message}`);
  }
  if (errors.length === 0) {
    console.log('No conflict markers, *.rej or *.orig files.');
    return 0;
  }
  const byFile = new Map();
  for (const problem of errors) {
    if (!byFile.has(problem.file)) {
      byFile.set(problem.file, []);
    }
    byFile.get(problem.file).push(problem);
  }
  console.error(`Unresolved merge left in ${byFile.size} file(s); fix each, then run this again:`);
  for (const [file, list] of byFile) {
    if (list[0].line === null) {
      console.error(`  ${file}: ${list[0].message}`);
    } else {
      const lines = list.map((problem) => problem.line).join(', ');
      console.error(`  ${file}: conflict markers at line${list.length > 1 ? 's' : ''} ${lines}: keep the right lines, delete the markers`);
    }
  }
  return 1;
}

// Whatever happens, one line and an exit code; never a stack trace in a commit hook.
function run(argv) {
  try {
    return main(argv);
  } catch (error) {
    console.error(`conflicts.js: ${error.message}`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
