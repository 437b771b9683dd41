// The widget's .copier-answers.yml as npm run update needs it before Copier runs: a regular file
// holding `_src_path` and `_commit`, the source a git repository Copier can update from. Copier
// itself answers a broken answers file with a Python traceback or a line that says no fix.
// Reads no YAML library (update runs before npm install): Copier writes one `key: value` a line,
// a long value wrapped onto indented lines, and topValue reads YAML's quoting and wrapping.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ANSWERS = '.copier-answers.yml';
const MAX_BYTES = 1024 * 1024; // an answers file is under 2 KB
const RESTORE = `restore it from git (git log -p -- ${ANSWERS} shows its versions), commit, then run npm run update again`;
const RETRY = `commit, then run npm run update again (README: "Updating widgets")`;

// The answers text as lines: a byte-order mark dropped, any line ending (CRLF from Windows too).
const linesOf = (text) => text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);

// A YAML flow scalar's text after its opening quote (its lines joined by \n) read up to the
// closing quote: '' or backslash escapes decoded, line breaks folded (one is a space, each
// further empty line a \n). null when it is not closed.
function quoted(body, quote) {
  const ESCAPES = {
    0: '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
    '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
  };
  let out = '';
  let kept = 0; // out up to here is escaped text, which folding must not trim
  for (let i = 0; i < body.length;) {
    const c = body[i];
    if (c === quote && !(quote === "'" && body[i + 1] === "'")) return out;
    if (c === "'" && quote === "'") {
      out += "'";
      i += 2;
    } else if (c === '\\' && quote === '"') {
      const next = body[i + 1];
      const hex = { x: 2, u: 4, U: 8 }[next];
      if (next === '\n') { // an escaped line break joins the lines as they are
        i += 2;
        while (body[i] === ' ' || body[i] === '\t') i += 1;
        continue;
      }
      if (hex) {
        const code = parseInt(body.slice(i + 2, i + 2 + hex), 16);
        if (!/^[0-9a-f]+$/i.test(body.slice(i + 2, i + 2 + hex)) || code > 0x10ffff) return null;
        out += String.fromCodePoint(code);
        i += 2 + hex;
      } else if (next in ESCAPES) {
        out += ESCAPES[next];
        i += 2;
      } else {
        return null;
      }
      kept = out.length;
    } else if (c === '\n') {
      out = out.slice(0, kept) + out.slice(kept).replace(/[ \t]+$/, '');
      let breaks = 0;
      for (; i < body.length && /[ \t\n]/.test(body[i]); i += 1) breaks += body[i] === '\n' ? 1 : 0;
      out += breaks > 1 ? '\n'.repeat(breaks - 1) : ' ';
      kept = out.length;
    } else {
      out += c;
      i += 1;
    }
  }
  return null;
}

// A YAML plain scalar's lines (the first after `key:`, then its indented continuation lines):
// comments dropped, lines folded as in quoted().
function plain(lines) {
  let out = '';
  let breaks = 0;
  for (const line of lines) {
    const text = line.replace(/(^|[ \t])#.*$/, '').trim();
    if (!text) {
      breaks += 1;
    } else {
      out += out ? (breaks ? '\n'.repeat(breaks) : ' ') + text : text;
      breaks = 0;
    }
    if (/(^|[ \t])#/.test(line)) break; // a comment ends the scalar
  }
  return out;
}

/**
 * A top-level string value of the answers text, as YAML reads it: plain, 'single' or "double"
 * quoted, over several lines when Copier wraps a long one (it writes 80 columns a line);
 * null when there is no `key:` line or the value is not closed.
 */
function topValue(text, key) {
  const lines = linesOf(text);
  const at = lines.findIndex((line) => line.startsWith(`${key}:`) && /^([ \t]|$)/.test(line.slice(key.length + 1)));
  if (at < 0) return null;
  let end = at + 1;
  while (end < lines.length && (/^[ \t]/.test(lines[end]) || !lines[end].trim())) end += 1;
  const value = [lines[at].slice(key.length + 1), ...lines.slice(at + 1, end)];
  const first = value[0].trim();
  if (first[0] === "'" || first[0] === '"') {
    return quoted([first.slice(1), ...value.slice(1)].join('\n'), first[0]);
  }
  return plain(value);
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
  // YAML's document start (---) and directives (%YAML) may come first.
  const lines = linesOf(text).filter((line) => line.trim() && !/^\s*#/.test(line) && !/^(---(\s|$)|%)/.test(line));
  if (!lines.length) return `${ANSWERS} is empty: ${RESTORE}`;
  if (/^\s*[-[]/.test(lines[0]) || !/^[\w"'][^:]*:(\s|$)/.test(lines[0])) {
    return `${ANSWERS} is not a list of answers (one "key: value" a line): ${RESTORE}`;
  }
  const src = topValue(text, '_src_path');
  if (!src) {
    return `${ANSWERS} has no _src_path (where the template is): add the line "_src_path: <the template's URL or absolute path>", ${RETRY}`;
  }
  if (!topValue(text, '_commit')) {
    return `${ANSWERS} has no _commit (the template release the widget was generated from or last updated to): add the line "_commit: <that release's tag, e.g. v1.0.0>", ${RETRY}`;
  }
  return isRemote(src) ? null : localSourceProblem(src, project);
}

module.exports = { ANSWERS, answersProblem, topValue };
