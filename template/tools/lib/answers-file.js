// The widget's .copier-answers.yml as npm run update needs it before Copier runs: a regular file
// holding `_src_path` and `_commit`, the source a git repository Copier can update from. Copier
// itself answers a broken answers file with a Python traceback or a line that says no fix.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ANSWERS = '.copier-answers.yml';
const MAX_BYTES = 1024 * 1024; // an answers file is under 2 KB
const RESTORE = `restore it from git (git log -p -- ${ANSWERS} shows its versions), commit, then run npm run update again`;
const RETRY = `commit, then run npm run update again (README: "Updating widgets")`;

// Copier writes the answers file with PyYAML (YAML 1.1); the `yaml` package reads it the same way.
// Before npm install it is missing: then nothing is read here, and Copier judges the file itself
// (lib/copier-run.js turns its traceback into one line).
function yamlPackage() {
  try {
    return require('yaml');
  } catch {
    return null;
  }
}

/**
 * The answers text's top-level mapping; undefined when no YAML package is installed or the text
 * is not YAML, null when it holds nothing. Takes the file's text (a byte-order mark is allowed).
 */
function answersOf(text) {
  const YAML = yamlPackage();
  if (!YAML) return undefined;
  try {
    return YAML.parse(text.replace(/^\uFEFF/, ''), { version: '1.1', uniqueKeys: false, maxAliasCount: 100 }) ?? null;
  } catch {
    return undefined;
  }
}

/**
 * A top-level scalar of the answers text as a string (`_src_path`, `_commit`); null when there is
 * none, the text is not YAML or no YAML package is installed.
 */
function topValue(text, key) {
  return scalar(answersOf(text), key);
}

function scalar(answers, key) {
  const value = answers && typeof answers === 'object' && !Array.isArray(answers) ? answers[key] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** Is `src` a URL or a git remote (scp-like, gh:/gl: shorthand) rather than a local path? */
function isRemote(src) {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(src) || /^(gh|gl):/.test(src) || /^[\w.-]+@[\w.-]+:/.test(src) || src.startsWith('git+');
}

// Why a local _src_path cannot be updated from, as Copier decides it (the root of a git work
// tree or a git bundle; a path ending in .git goes to git as it is); null when it can.
function localSourceProblem(src, project) {
  if (src.endsWith('.git')) return null;
  const folder = path.resolve(project, src.replace(/^~(?=$|\/)/, os.homedir()));
  let stat;
  try {
    stat = fs.statSync(folder);
  } catch {
    return `_src_path in ${ANSWERS} is ${src}, and there is no such folder (moved or deleted?): set it to the template's URL or absolute path, ${RETRY}`;
  }
  if (stat.isFile() && src.endsWith('.bundle')) return null;
  const top = stat.isDirectory() && spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: folder, encoding: 'utf8' });
  let root = null;
  try {
    root = top && top.status === 0 ? fs.realpathSync(top.stdout.trim()) : null;
  } catch { /* not a folder git can name */ }
  if (root !== fs.realpathSync(folder)) {
    return `_src_path in ${ANSWERS} is ${src}, which is not the root of a git repository, and Copier updates only from git: set it to the template's URL or the absolute path of a clone of it, ${RETRY}`;
  }
  return null;
}

/**
 * What is wrong with the widget's answers file, in one line saying how to fix it; null when
 * npm run update can hand it to Copier.
 * Takes the project's folder (absolute). Throws nothing. Copier's answers file:
 * https://copier.readthedocs.io/en/stable/configuring/#the-copier-answersyml-file
 */
function answersProblem(project) {
  const file = path.join(project, ANSWERS);
  let stat;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return null; // no answers file: the caller says this is no generated widget
  }
  if (stat.isSymbolicLink()) {
    return `${ANSWERS} is a symbolic link, which Copier would replace by a plain file: put the file itself in its place, ${RETRY}`;
  }
  if (!stat.isFile()) {
    return `${ANSWERS} is ${stat.isDirectory() ? 'a folder' : 'no regular file'}, not Copier's answers file: ${RESTORE}`;
  }
  if (stat.size > MAX_BYTES) {
    return `${ANSWERS} holds ${(stat.size / MAX_BYTES).toFixed(1)} MB, not Copier's answers (a few lines): ${RESTORE}`;
  }
  const text = fs.readFileSync(file, 'utf8');
  const answers = answersOf(text);
  if (answers === undefined) return null; // not YAML (Copier names the line), or no package to read it
  if (answers === null) return `${ANSWERS} is empty: ${RESTORE}`;
  if (typeof answers !== 'object' || Array.isArray(answers)) {
    return `${ANSWERS} is not a list of answers (one "key: value" a line): ${RESTORE}`;
  }
  const src = scalar(answers, '_src_path');
  if (!src) {
    return `${ANSWERS} has no _src_path (where the template is): add the line "_src_path: <the template's URL or absolute path>", ${RETRY}`;
  }
  if (!scalar(answers, '_commit')) {
    return `${ANSWERS} has no _commit (the template release the widget was generated from or last updated to): add the line "_commit: <that release's tag, e.g. v1.0.0>", ${RETRY}`;
  }
  return isRemote(src) ? null : localSourceProblem(src, project);
}

module.exports = { ANSWERS, answersProblem, topValue };
