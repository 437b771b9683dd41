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
 * Steps: refuse a broken answers file or a template source Copier cannot update from
 * (lib/answers-file.js); refuse a dirty git work tree (Copier would too, and nothing of the
 * developer's may be half-merged), saying the git command that fixes it, and naming an update
 * left uncommitted or stopped midway (a mark in the git folder while Copier runs: it also refuses
 * a second npm run update while one runs); find Copier (on
 * PATH, in ~/.copier/bin as the template's README installs it, or run through `uvx copier` or
 * `pipx run copier`); run `copier update --trust` (plus `--defaults` when there is no terminal to
 * answer at, so every recorded answer is kept), its Python traceback, if any, turned into one line
 * (lib/copier-run.js); then the updated project's own tools/conflicts.js and tools/check.js;
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

const { ANSWERS, answersProblem, topValue } = require('./lib/answers-file');
const { runCopier, explainTraceback } = require('./lib/copier-run');

const PROJECT = path.resolve(__dirname, '..');
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

// A top-level value of the answers file (`_commit`: the template's release), or '?'.
function recorded(key = '_commit') {
  try {
    return topValue(fs.readFileSync(path.join(PROJECT, ANSWERS), 'utf8'), key) || '?';
  } catch {
    return '?';
  }
}

// The answers file's `_commit` in the last commit, or null.
function committedRelease() {
  const shown = git(['show', `HEAD:./${ANSWERS}`]);
  return shown.status === 0 ? topValue(shown.stdout, '_commit') : null;
}

// A file in the git folder that says an npm run update is under way: left behind, it tells the
// next run that the last one was stopped midway.
function runningMark() {
  const found = git(['rev-parse', '--git-path', 'widget-update-running']);
  return found.status === 0 ? path.resolve(PROJECT, found.stdout.trim()) : null;
}

// The process id of another npm run update under way here: its mark names a live process, and
// (where /proc tells) one running update.js, not a process that got a dead update's id; or null.
function otherUpdate(mark) {
  let pid;
  try {
    pid = Number(fs.readFileSync(mark, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return null; // no such process
  }
  if (fs.existsSync('/proc/self/cmdline')) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('update.js')) return null;
    } catch {
      return null; // ended meanwhile
    }
  }
  return pid;
}

// Mark this update as under way; 'taken' when another run marked it first, false when the git
// folder is read-only (the next run then just cannot tell an interrupted update).
function markRunning(mark) {
  fs.rmSync(mark, { force: true }); // an interrupted run's: its process is gone (otherUpdate)
  try {
    fs.writeFileSync(mark, `${process.pid} ${new Date().toISOString()}\n`, { flag: 'wx' });
    return true;
  } catch (err) {
    return err.code === 'EEXIST' ? 'taken' : false;
  }
}

// Paths of the project that are folders where the commit that last wrote the answers file
// (the last generation or update) has a file: Copier cannot write those files.
function foldersInPlaceOfFiles() {
  const last = git(['log', '-1', '--format=%H', '--', ANSWERS]).stdout.trim();
  if (!last) return [];
  return git(['ls-tree', '-r', '--name-only', last, '--', '.']).stdout.split('\n').filter((file) => {
    try {
      return file && fs.lstatSync(path.join(PROJECT, file)).isDirectory();
    } catch {
      return false;
    }
  });
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

// Why the work tree is not clean, and what to do, in one line; null when it is clean.
// Copier refuses any uncommitted change of the repository, untracked files too.
function dirtyTree(mark) {
  const whole = git(['status', '--porcelain', '--untracked-files=all']).stdout.split('\n').filter(Boolean);
  if (!whole.length) return null;
  const files = whole.map((line) => line.slice(3));
  const top = git(['rev-parse', '--show-toplevel']).stdout.trim();
  const special = files.find((file) => {
    try {
      const stat = fs.lstatSync(path.join(top, file));
      return !stat.isFile() && !stat.isDirectory() && !stat.isSymbolicLink();
    } catch {
      return false;
    }
  });
  if (special) {
    return `refused: ${special} is a named pipe, socket or device, which git cannot commit nor Copier merge: delete it (git checkout -- ${special} brings back the committed file, if any), then run npm run update again`;
  }
  const count = `${whole.length} uncommitted change${whole.length === 1 ? '' : 's'}`;
  const shown = `${files.slice(0, 5).join(', ')}${whole.length > 5 ? ', ...' : ''}`;
  const drop = 'git reset --hard && git clean -fd drops them (your commits stay as they are)';
  if (mark && fs.existsSync(mark)) {
    return `refused: the last npm run update was stopped midway and the work tree has ${count} (${shown}): if they are only the half-done update, ${drop}; then run npm run update again`;
  }
  const release = recorded();
  const committed = committedRelease();
  if (committed && release !== committed) {
    return `refused: the update to ${release} is in the work tree and not committed yet (${shown}): resolve what npm run conflicts and npm run check name, then git add -A && git commit -m "Update from the widget template"; or ${drop}`;
  }
  return `refused: the git work tree has ${count} (${shown}), which an update could mix with the template's: commit them (git add -A && git commit -m "Work in progress") or set them aside (git stash -u), then run npm run update again`;
}

// Run one of the updated project's own commands (tools/<name>.js; the update may have changed
// it); its exit status, 1 when the file is gone.
function runTool(name) {
  const file = path.join('tools', `${name}.js`);
  let regular = false;
  try {
    regular = fs.lstatSync(path.join(PROJECT, file)).isFile();
  } catch { /* gone */ }
  if (!regular) {
    say(`${file} is missing, so npm run ${name} did not run: put it back (git checkout <an older commit> -- ${file}, or npm run update -- --recopy --overwrite after committing), then run npm run ${name}`);
    return 1;
  }
  return spawnSync(process.execPath, [file, '.'], { cwd: PROJECT, stdio: 'inherit' }).status;
}

// The project's folder and its git folders (a worktree's and the shared one), absolute, also
// with symbolic links resolved: where a git error is the widget's own repository's.
function ownFolders() {
  const found = git(['rev-parse', '--absolute-git-dir', '--git-common-dir']).stdout.split('\n').filter(Boolean);
  const folders = [PROJECT, ...found.map((folder) => path.resolve(PROJECT, folder))];
  return [...new Set(folders.flatMap((folder) => {
    try {
      return [folder, fs.realpathSync(folder)];
    } catch {
      return [folder];
    }
  }))];
}

// The line that ends a failed Copier run: what went wrong, and the way back if anything changed.
function failure(run, command) {
  const context = { answers: ANSWERS, src: recorded('_src_path'), folders: foldersInPlaceOfFiles, own: ownFolders };
  const what = run.traceback !== null ? explainTraceback(run.traceback, context)
    : run.error ? `copier ${command} did not start: ${run.error.message}`
      : run.signal ? `copier ${command} was stopped (${run.signal})`
        : `copier ${command} failed (exit ${run.status}), see above`;
  const changed = git(['status', '--porcelain', '--untracked-files=all']).stdout.trim();
  return `${what}; ${changed ? 'git reset --hard && git clean -fd returns to your last commit' : 'nothing in the widget changed'}`;
}

async function main(argv) {
  try {
    fs.lstatSync(path.join(PROJECT, ANSWERS));
  } catch {
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
  const problem = answersProblem(PROJECT);
  if (problem) {
    say(problem);
    return 2;
  }
  const mark = runningMark();
  const other = mark && otherUpdate(mark);
  const busy = () => `refused: another npm run update is running in this widget${other ? ` (process ${other})` : ''}: wait for it to end, then review what it says; if none is running, delete ${path.relative(PROJECT, mark)} and run npm run update again`;
  if (other) {
    say(busy());
    return 1;
  }
  const dirty = dirtyTree(mark);
  if (dirty) {
    say(dirty);
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
  const before = recorded();
  say(`${copier.label} ${args.join(' ')}`);
  const marked = mark && markRunning(mark);
  if (marked === 'taken') {
    say(busy());
    return 1;
  }
  const run = await runCopier(copier.command, [...copier.args, ...args], PROJECT);
  if (marked) fs.rmSync(mark, { force: true });
  if (run.error || run.signal || run.status !== 0) {
    say(failure(run, args[0]));
    return run.status || 1;
  }
  // Copier succeeded and still printed a traceback (Python's "Exception ignored in ..." at exit):
  // no failure, so it is shown as Copier wrote it.
  if (run.traceback !== null) process.stderr.write(run.traceback);

  const after = recorded();
  const changed = status();
  if (!changed.length) {
    say(`the widget is at ${after}, nothing changed`);
    return 0;
  }
  say(`template ${before} -> ${after}; now the conflicts guard and check`);
  // The updated project's own tools: the update may have changed them.
  const conflicts = runTool('conflicts');
  const check = runTool('check');

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
  const ok = conflicts === 0 && check === 0;
  process.stdout.write(ok
    ? 'Next: npm test, then git add -A && git commit -m "Update from the widget template"\n'
    : 'Next: resolve what the guard and check name above, run npm run check and npm test, then git add -A && git commit -m "Update from the widget template"\n');
  return ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}

module.exports = { findCopier };
