// Runs Copier for npm run update, and turns the Python traceback Copier prints for some mistakes
// (a refused --data answer, an unknown --vcs-ref, an unreachable template, a broken answers file)
// into one line saying what is wrong and how to fix it; the whole traceback goes to a log file.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const TRACEBACK = 'Traceback (most recent call last):';

/**
 * Run `command args` in `cwd` with the terminal's stdin and stdout; Copier's stderr is passed
 * through as it comes (a line not ended yet too) up to a Python traceback, which is kept back.
 * Returns a Promise of {status: number|null, signal: string|null, error: Error|null,
 * traceback: string|null (the held-back text)}. A Ctrl-C (SIGINT) or SIGTERM reaches Copier, and
 * this process waits for it to end rather than leave its work half-said.
 */
function runCopier(command, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['inherit', 'inherit', 'pipe'] });
    let pending = ''; // the start of a line that may yet be the traceback's first
    let midLine = false; // part of the current line is passed on already: it starts no traceback
    let traceback = null;
    const pass = (line) => {
      if (traceback === null && line.trimEnd() === TRACEBACK) traceback = '';
      if (traceback === null) process.stderr.write(`${line}\n`);
      else if (traceback.length < 1e6) traceback += `${line}\n`;
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (midLine) process.stderr.write(`${line}\n`);
        else pass(line);
        midLine = false;
      }
      // A line not ended yet (a progress bar, a task's question) goes on at once, unless it may
      // be the traceback's first.
      if (pending && traceback === null && (midLine || !TRACEBACK.startsWith(pending))) {
        process.stderr.write(pending);
        pending = '';
        midLine = true;
      }
    });
    const forward = (signal) => () => child.kill(signal);
    const onInt = () => {}; // the terminal sent SIGINT to Copier too
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    let error = null;
    child.on('error', (err) => { error = err; });
    child.on('close', (status, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (pending) pass(pending);
      resolve({ status, signal, error, traceback });
    });
  });
}

// The exception that ended a Python traceback: {name, message (its lines)}.
function lastException(traceback) {
  const lines = traceback.split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const found = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/.exec(lines[i]);
    if (found && /(Error|Exception|Exit|Interrupt)$/.test(found[1])) {
      return { name: found[1], message: [found[2] || '', ...lines.slice(i + 1)].join('\n').trim() };
    }
  }
  return { name: 'error', message: lines.filter(Boolean).pop() || '' };
}

/** Keep the traceback in a log file; its path, or null when it cannot be written. */
function keepTraceback(traceback) {
  try {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'widget-update-'));
    const file = path.join(folder, 'copier-error.log');
    fs.writeFileSync(file, traceback);
    return file;
  } catch {
    return null;
  }
}

/**
 * One line for the traceback Copier ended with: what is wrong and how to fix it.
 * context: {answers: the answers file's name, src: the template's source, folders(): paths of
 * the project that are folders where the template's last release wrote a file, own(): the
 * project's folder and its git folders, absolute}.
 */
function explainTraceback(traceback, context) {
  const { name, message } = lastException(traceback);
  const first = message.split('\n')[0];
  const log = keepTraceback(traceback);
  const where = log ? ` (Copier's traceback: ${log})` : '';
  let found;
  if (/^yaml\./.test(name) && message.includes(context.answers)) {
    const at = /line (\d+), column \d+\s*$/.exec(message);
    const problem = message.split('\n').filter((line) => !/^\s+in "/.test(line)).pop();
    return `${context.answers} is not valid YAML (${problem.trim()}${at ? ` at line ${at[1]}` : ''}): fix it, or restore it from git (git log -p -- ${context.answers}), commit, then run npm run update again${where}`;
  }
  if ((found = /^Validation error for question '([^']+)': (.*)$/s.exec(first))) {
    // The template refuses keys no question takes at its first question: no answer of that one.
    if (/ (is no question|are no questions) of this template/.test(found[2])) return `${found[2]}${where}`;
    return `the answer ${found[1]} is refused: ${found[2]} (npm run update -- --data ${found[1]}=<value> gives another)${where}`;
  }
  if ((found = /^Invalid choice for '([^']+)': (.*)$/s.exec(first))) {
    return `the answer ${found[1]} is refused: ${found[2]} (npm run update -- --data ${found[1]}=<value> gives another)${where}`;
  }
  if ((found = /^Unknown revision: '(.*)'$/.exec(first))) {
    return `the template at ${context.src} has no release "${found[1]}": git ls-remote --tags ${context.src} lists the releases it has${where}`;
  }
  if (/ProcessExecutionError$/.test(name)) {
    const fatal = /(fatal: .*)$/m.exec(message);
    // git failed on the widget's own repository (a lock left by a git that stopped, a read-only
    // git folder), not on the template.
    if (fatal && context.own().some((own) => fatal[1].includes(own))) {
      return `git failed in this widget's repository (${fatal[1].trim()}): fix that (a .git/index.lock left by a git that stopped goes once no git runs; a read-only git folder must be made writable), then run npm run update again${where}`;
    }
    return `git could not read the template at ${context.src}${fatal ? ` (${fatal[1].trim()})` : ''}: check the network and _src_path in ${context.answers}${where}`;
  }
  if (name === 'AssertionError' && traceback.includes('_render_allowed')) {
    const folders = context.folders();
    const named = folders.length ? folders.join(', ') : 'a folder';
    return `${named} ${folders.length > 1 ? 'are folders' : 'is a folder'} where the template writes a file: move ${folders.length > 1 ? 'them' : 'it'} aside, put the file back (git checkout <an older commit> -- ${folders.length ? folders[0] : '<file>'}), commit, then run npm run update again${where}`;
  }
  return `Copier stopped on an error it did not explain (${name}${first ? `: ${first}` : ''})${where}`;
}

module.exports = { runCopier, explainTraceback };
