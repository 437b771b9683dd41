#!/usr/bin/env node
/**
 * npm run update: merge the widget template's newer release into this widget, then run the
 * conflicts guard and check, and say what to review.
 *
 *   npm run update                          to the newest release
 *   npm run update -- --vcs-ref v1.2.0      any arguments go to `copier update` as they are
 *   npm run update -- --data 'locales=["ru","en","es"]'
 *   npm run update -- --recopy --overwrite  `copier recopy`: regenerate from the answers, no merge
 *
 * Steps: find Copier (on PATH, in ~/.copier/bin as the template's README installs it, or run
 * through `uvx copier` or `pipx run copier`); refuse a dirty git work tree (Copier would too,
 * and nothing of the developer's may be half-merged), saying the git command that fixes it;
 * run `copier update --trust` (plus `--defaults` when there is no terminal to answer at, so every
 * recorded answer is kept); then the updated project's own tools/conflicts.js and tools/check.js;
 * then the files the update changed, those with conflicts first.
 * Exit code: 0 done and clean; 1 refused, or done with conflicts or check errors to resolve;
 * 2 no Copier, no git, or not a widget project; Copier's own code when it fails.
 * Needs nothing from node_modules: it must run before `npm install` too.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const PROJECT = path.resolve(__dirname, '..');
const ANSWERS = '.copier-answers.yml';
const INSTALL_HINT = 'Copier is not installed: install it with `python3 -m venv ~/.copier && ~/.copier/bin/pip install -q copier pillow` '
  + '(or `pipx install copier`, or `uv tool install copier`), then run npm run update again';

const say = (line) => process.stdout.write(`update: ${line}\n`);

// True when `command --version` runs (exit 0).
function runs(command, args) {
  const result = spawnSync(command, [...args, '--version'], { stdio: 'ignore', timeout: 120000 });
  return !result.error && result.status === 0;
}

// Is an executable named `name` on PATH? (No spawn: a missing uvx costs nothing.)
function onPath(name) {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT || '.EXE;.CMD').split(';') : [''];
  return (process.env.PATH || '').split(path.delimiter).filter(Boolean).some((dir) => exts.some((ext) => {
    try {
      fs.accessSync(path.join(dir, name + ext), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }));
}

/** The way to run Copier here: {command, args, label}, or null when none is found. */
function findCopier() {
  const home = path.join(os.homedir(), '.copier', 'bin', process.platform === 'win32' ? 'copier.exe' : 'copier');
  const candidates = [
    onPath('copier') && { command: 'copier', args: [], label: 'copier' },
    fs.existsSync(home) && { command: home, args: [], label: home.replace(os.homedir(), '~') },
    onPath('uvx') && { command: 'uvx', args: ['copier'], label: 'uvx copier' },
    onPath('pipx') && { command: 'pipx', args: ['run', 'copier'], label: 'pipx run copier' },
  ].filter(Boolean);
  return candidates.find((candidate) => runs(candidate.command, candidate.args)) || null;
}

function git(args) {
  return spawnSync('git', args, { cwd: PROJECT, encoding: 'utf8' });
}

// The template release recorded in the answers file (`_commit`), or '?'.
function recordedRelease() {
  try {
    const found = /^_commit:\s*['"]?([^'"\s]+)/m.exec(fs.readFileSync(path.join(PROJECT, ANSWERS), 'utf8'));
    return found ? found[1] : '?';
  } catch {
    return '?';
  }
}

// `git status --porcelain` entries of the project folder, paths relative to it:
// [{status: 'M ' | '??' | ..., file}]
function status() {
  const prefix = git(['rev-parse', '--show-prefix']).stdout.trim();
  const fields = git(['status', '--porcelain', '-z', '--untracked-files=all', '--', '.']).stdout.split('\0');
  const entries = [];
  for (let i = 0; i < fields.length; i += 1) {
    if (!fields[i]) continue;
    const code = fields[i].slice(0, 2);
    entries.push({ status: code, file: fields[i].slice(3).slice(prefix.length) });
    if (code[0] === 'R' || code[0] === 'C') i += 1; // the original path follows
  }
  return entries;
}

// Files holding conflict leftovers, as the updated project's guard finds them.
function conflictFiles() {
  const script = 'process.stdout.write(JSON.stringify(require(process.argv[1])(".").map((p) => p.file)))';
  const found = spawnSync(process.execPath, ['-e', script, path.join(PROJECT, 'tools', 'lib', 'conflicts.js')], { cwd: PROJECT, encoding: 'utf8' });
  try {
    return new Set(JSON.parse(found.stdout));
  } catch {
    return new Set(); // the guard itself said what is wrong
  }
}

function main(argv) {
  if (!fs.existsSync(path.join(PROJECT, ANSWERS))) {
    say(`${PROJECT} has no ${ANSWERS}: run it in a widget generated from the template`);
    return 2;
  }
  const inside = git(['rev-parse', '--is-inside-work-tree']);
  if (inside.error) {
    say('git is not installed: install it (https://git-scm.com), Copier needs it to update');
    return 2;
  }
  if (inside.status !== 0) {
    say('this widget is not in a git repository, and Copier updates only those: git init && git add -A && git commit -m "Generate widget"');
    return 2;
  }
  // Copier refuses any uncommitted change of the repository, untracked files too.
  const whole = git(['status', '--porcelain', '--untracked-files=all']).stdout.split('\n').filter(Boolean);
  if (whole.length) {
    const shown = whole.slice(0, 5).map((line) => line.slice(3)).join(', ');
    say(`refused: the git work tree has ${whole.length} uncommitted change${whole.length === 1 ? '' : 's'} (${shown}${whole.length > 5 ? ', ...' : ''}), which an update could mix with the template's: commit them (git add -A && git commit -m "Work in progress") or set them aside (git stash -u), then run npm run update again`);
    return 1;
  }

  const copier = findCopier();
  if (!copier) {
    say(INSTALL_HINT);
    return 2;
  }
  const recopy = argv.includes('--recopy');
  const args = [recopy ? 'recopy' : 'update', '--trust', ...argv.filter((arg) => arg !== '--recopy')];
  if (!process.stdin.isTTY && !argv.includes('--defaults') && !argv.includes('-l') && !argv.includes('-f')) {
    args.push('--defaults'); // no terminal to answer at: keep every recorded answer
  }
  const before = recordedRelease();
  say(`${copier.label} ${args.join(' ')}`);
  const run = spawnSync(copier.command, [...copier.args, ...args], { cwd: PROJECT, stdio: 'inherit' });
  if (run.error || run.status !== 0) {
    say(`copier ${args[0]} failed${run.status ? ` (exit ${run.status})` : `: ${run.error ? run.error.message : 'stopped'}`}, see above; `
      + 'git reset --hard && git clean -fd returns to your last commit');
    return run.status || 1;
  }

  const after = recordedRelease();
  const changed = status();
  if (!changed.length) {
    say(`the widget is at ${after}, nothing changed`);
    return 0;
  }
  say(`template ${before} -> ${after}; now the conflicts guard and check`);
  // The updated project's own tools: the update may have changed them.
  const conflicts = spawnSync(process.execPath, [path.join('tools', 'conflicts.js'), '.'], { cwd: PROJECT, stdio: 'inherit' });
  const check = spawnSync(process.execPath, [path.join('tools', 'check.js'), '.'], { cwd: PROJECT, stdio: 'inherit' });

  const unresolved = conflictFiles();
  const kind = { 'M': 'changed', 'A': 'added', 'D': 'deleted', 'R': 'renamed', '?': 'added' };
  const lines = changed
    .map((entry) => ({ ...entry, conflict: unresolved.has(entry.file) }))
    .sort((a, b) => Number(b.conflict) - Number(a.conflict) || (a.file < b.file ? -1 : 1))
    .map((entry) => `  ${entry.file}: ${entry.conflict ? 'CONFLICT, resolve the markers' : kind[entry.status.trim()[0]] || 'changed'}`);
  process.stdout.write(`\nWhat the update changed (review with git diff):\n${lines.join('\n')}\n`);
  if (changed.some((entry) => entry.file === 'package.json')) {
    process.stdout.write('package.json changed: run npm install\n');
  }
  const ok = conflicts.status === 0 && check.status === 0;
  process.stdout.write(ok
    ? 'Next: npm test, then git add -A && git commit -m "Update from the widget template"\n'
    : 'Next: resolve what the guard and check name above, run npm run check and npm test, then git add -A && git commit -m "Update from the widget template"\n');
  return ok ? 0 : 1;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

module.exports = { findCopier };
