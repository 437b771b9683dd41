#!/usr/bin/env node
// npm run pack: check, then write dist/widget.zip, the file to upload. The archive holds the
// contents of widget/ at its root (manifest.json first-level), junk left out, entries sorted
// with a fixed date: identical inputs give identical bytes.
//   node tools/pack.js [--bump patch|minor|major | --keep-version] [--dev [--url URL]] [projectDir]
// --bump raises widget.version in manifest.json (only that value changes in the file) after a
// clean check, then packs. Without it, pack refuses to write a dist/widget.zip whose contents
// differ from what it packed before under the same version (the CRM caches by version,
// lib/packed.js); --keep-version overwrites anyway, and check keeps warning until it is raised.
// --dev writes dist/widget-dev.zip instead, whose script.js loads
// widget/script.js from `npm run dev` (tools/lib/dev-loader.js): never the file for production.
'use strict';

const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const { check } = require('./lib/check');
const { formatProblem, summary } = require('./lib/report');
const { uploadSet, readUploadFile } = require('./lib/upload-set');
const { buildFirst, BuildError } = require('./lib/build');
const { loadWidget } = require('./lib/widget');
const packed = require('./lib/packed');
const { devLoaderScript, devServerUrl, DEFAULT_URL } = require('./lib/dev-loader');

const BUMPS = ['patch', 'minor', 'major'];
// The earliest date a zip can hold, in local time as zip dates are: the same bytes everywhere.
const FIXED_DATE = new Date(1980, 0, 1, 0, 0, 0);

// manifest.json with widget.version raised in place: only the bytes of that string change, so an
// existing widget's manifest (the team's own file, package.json widget.dir) keeps its formatting,
// key order, escapes, line endings, mode and symbolic link.
function bumpVersion(manifestPath, kind) {
  const semver = require('semver');
  const { parseTree, findNodeAtLocation } = require('jsonc-parser');
  const text = fs.readFileSync(manifestPath, 'utf8');
  const node = findNodeAtLocation(parseTree(text) || { type: 'null' }, ['widget', 'version']);
  const current = node && node.type === 'string' ? node.value : null;
  const next = current && semver.inc(current, kind);
  if (!next) throw new Error(`widget.version ${JSON.stringify(current)} is not semver: write MAJOR.MINOR.PATCH, e.g. 0.1.0`);
  writeAtomically(fs.realpathSync(manifestPath), text.slice(0, node.offset) + JSON.stringify(next) + text.slice(node.offset + node.length));
  return { from: current, to: next };
}

// Beside the target, then renamed over it: a crash leaves the old file or the new one, never half.
// 'wx' creates the temporary file or fails, so a link planted under its name is never followed;
// the file keeps its permissions.
function writeAtomically(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  const mode = fs.existsSync(file) ? fs.statSync(file).mode & 0o7777 : 0o666 & ~process.umask();
  fs.writeFileSync(temporary, data, { flag: 'wx', mode });
  fs.chmodSync(temporary, mode);
  fs.renameSync(temporary, file);
}

// Formats that are compressed already: stored as they are (deflating them again gains nothing
// and takes most of pack's time).
const STORED = /\.(png|jpe?g|gif|webp|zip)$/i;

// The zip of widget/'s upload set (tools/lib/upload-set.js, the files check checked): sorted
// paths, fixed dates, default attributes; `replace` swaps a file's contents (the development
// upload's script.js).
function zipWidget(widgetDir, replace = {}) {
  const { zipSync } = require('fflate');
  const entries = {};
  for (const rel of uploadSet(widgetDir).files) {
    const data = rel in replace ? Buffer.from(replace[rel]) : readUploadFile(widgetDir, rel);
    entries[rel] = [data, { mtime: FIXED_DATE, level: STORED.test(rel) ? 0 : 9 }];
  }
  return { bytes: zipSync(entries), count: Object.keys(entries).length };
}

async function main() {
  let args;
  try {
    args = parseArgs({
      options: { bump: { type: 'string' }, 'keep-version': { type: 'boolean' }, dev: { type: 'boolean' }, url: { type: 'string' } },
      allowPositionals: true,
    });
    if (args.values.bump !== undefined && !BUMPS.includes(args.values.bump)) {
      throw new Error(`--bump takes ${BUMPS.join(', ')}, not "${args.values.bump}"`);
    }
    if (args.values.bump !== undefined && args.values['keep-version']) {
      throw new Error('--bump raises the version, --keep-version keeps it: pass one of them');
    }
    if (args.values.url !== undefined && !args.values.dev) {
      throw new Error('--url goes with --dev (the development upload)');
    }
    if (args.values.dev) args.values.url = devServerUrl(args.values.url || DEFAULT_URL);
  } catch (error) {
    process.stderr.write(`pack: ${error.message}; usage: node tools/pack.js [--bump patch|minor|major | --keep-version] [--dev [--url ${DEFAULT_URL}]] [projectDir]\n`);
    return 2;
  }
  const projectDir = path.resolve(args.positionals[0] || path.join(__dirname, '..'));
  const bump = args.values.bump;

  let located;
  try {
    // TypeScript: a fresh widget/script.js; --dev keeps its source map (npm run dev serves it to
    // the account), widget.zip never has one.
    located = await buildFirst(projectDir, { development: Boolean(args.values.dev) });
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    process.stdout.write(`pack: refused, nothing written: src/ does not build: ${error.message}\n`);
    return 1;
  }
  const problems = located(await check(projectDir, { skip: bump ? ['version'] : [] }));
  for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
  process.stdout.write(`${summary(problems)}\n`);
  if (problems.some((p) => p.severity === 'error')) {
    process.stdout.write(`pack: refused, nothing written${bump ? ' and the version not bumped' : ''}: fix the errors above, then run pack again\n`);
    return 1;
  }

  const { widgetDir } = require('./lib/project').readProject(projectDir);
  const manifestPath = path.join(widgetDir, 'manifest.json');
  if (bump) {
    const { from, to } = bumpVersion(manifestPath, bump);
    process.stdout.write(`pack: widget.version ${from} -> ${to} in ${path.relative(process.cwd(), manifestPath)}, nothing else changed\n`);
  }
  // The version guard (production zip only): one version, one content.
  let sum = null;
  if (!args.values.dev) {
    const widget = loadWidget(projectDir);
    const version = widget.manifest.widget.version;
    sum = { version, digest: packed.digest(widget) };
    if (!args.values['keep-version'] && packed.reuse(widget, version)) {
      process.stdout.write(`pack: refused, nothing written: dist/widget.zip was already packed as version ${version} with other contents, and the CRM caches by version. Raise it: npm run pack -- --bump patch (or -- --keep-version to overwrite that zip anyway)\n`);
      return 1;
    }
  }
  const dev = args.values.dev ? { 'script.js': devLoaderScript({ url: args.values.url }) } : {};
  const { bytes, count } = zipWidget(widgetDir, dev);
  const dist = path.join(projectDir, 'dist');
  fs.mkdirSync(dist, { recursive: true });
  const out = path.join(dist, args.values.dev ? 'widget-dev.zip' : 'widget.zip');
  writeAtomically(out, bytes);
  if (sum) packed.record(projectDir, sum.version, sum.digest);
  const version = JSON.parse(fs.readFileSync(manifestPath, 'utf8')).widget.version;
  const size = bytes.length < 10240 ? `${bytes.length} bytes` : `${(bytes.length / 1024).toFixed(1)} KB`;
  process.stdout.write(`pack: ${path.relative(process.cwd(), out) || out} (${size}, ${count} files), version ${version}\n`);
  if (args.values.dev) {
    process.stdout.write(`pack: its script.js loads widget/script.js from ${args.values.url}: upload it to a test account and keep npm run dev running\n`);
  }
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error) => {
  process.stderr.write(`pack: ${error.message}\n`);
  process.exitCode = error.code === 'TOOLKIT_SETUP' ? 2 : 1;
});
