#!/usr/bin/env node
// npm run build: bundle src/ (TypeScript) into widget/script.js, the AMD module the CRM loads
// (tools/lib/build.js says how). A JavaScript widget has nothing to build: it says so and exits 0.
//   node tools/build.js [--dev] [--types] [projectDir]
// --dev adds an inline source map (what npm test and npm run dev use; pack always builds without).
// --types writes only types/widget.d.ts (the widget's i18n keys and callbacks; npm run lint).
'use strict';

const path = require('path');
const { parseArgs } = require('util');
const { build, isTypeScript, assertEntry, OUTPUT, ENTRY } = require('./lib/build');
const { writeTypings, FILE } = require('./lib/typings');

async function main() {
  let args;
  try {
    args = parseArgs({ options: { dev: { type: 'boolean' }, types: { type: 'boolean' } }, allowPositionals: true });
  } catch (error) {
    process.stderr.write(`build: ${error.message}; usage: node tools/build.js [--dev] [--types] [projectDir]\n`);
    return 2;
  }
  const projectDir = path.resolve(args.positionals[0] || path.join(__dirname, '..'));
  if (!isTypeScript(projectDir)) {
    try {
      assertEntry(projectDir);
    } catch (error) {
      // After npm install (prepare) the missing entry must not stop the install: build names it.
      if (process.env.npm_lifecycle_event !== 'prepare') throw error;
      process.stderr.write(`build: ${error.message}\n`);
      return 0;
    }
    process.stdout.write(`build: nothing to build (no ${ENTRY}): this widget's code is ${OUTPUT}\n`);
    return 0;
  }
  if (args.values.types) {
    try {
      writeTypings(projectDir);
    } catch (error) {
      // After npm install (prepare) a broken file must not stop the install: check names it.
      if (process.env.npm_lifecycle_event !== 'prepare') throw error;
      process.stderr.write(`build: ${FILE} not written: ${error.message}\n`);
    }
    return 0;
  }
  const built = await build(projectDir, { development: args.values.dev });
  process.stdout.write(`build: ${OUTPUT} from src/ in ${built.ms} ms${args.values.dev ? ' (development: inline source map)' : ''}` +
    `${built.typings ? '' : `; ${FILE} written`}\n`);
  if (built.typings) process.stderr.write(`build: ${FILE} not written: ${built.typings}\n`);
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error) => {
  process.stderr.write(`build: ${error.message}\n`);
  process.exitCode = error.code === 'TOOLKIT_SETUP' ? 2 : 1;
});
