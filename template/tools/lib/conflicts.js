/**
 * lib/conflicts.js: finds what a `copier update` (or a git merge) left unresolved.
 *
 * Copier writes conflicts inline and still exits 0, so nothing stops a half-merged widget
 * from being committed or packed. This module finds, under the project folder:
 *   - conflict markers: lines starting with <<<<<<< or >>>>>>> (and the ======= / |||||||
 *     separators between them), as git and Copier ("before updating" / "after updating")
 *     write them;
 *   - *.rej files (hunks `copier update --conflict rej` could not apply) and *.orig files
 *     (backups left by merge tools).
 * node_modules/, dist/, .git/ and the backend's virtualenv (.venv/, installed packages) are not
 * searched; binary files (logos) are skipped.
 *
 *   require('./lib/conflicts')(projectDir)   -> [{file, line, message}]
 * The command is tools/conflicts.js (npm run conflicts, the pre-commit hook).
 *
 * `file` is relative to the project, with forward slashes; `line` is the 1-based line of a
 * marker, or null for a *.rej / *.orig file. No dependencies: it must run before
 * `npm install` and inside the pre-commit hook.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', '.venv']);
// Git's marker width; a marker is followed by a space and a label, or ends the line.
const OPENING = /^<{7}(?: |$)/;
const CLOSING = /^>{7}(?: |$)/;
// Separators count only inside a conflict: a Markdown heading may be underlined with =======.
const SEPARATOR = /^(?:={7}|\|{7})(?: |$)/;
const LEFTOVERS = {
  '.rej': (file) => `a hunk copier update could not apply: apply it to ${file.slice(0, -4)} by hand, then delete this file`,
  '.orig': () => 'a backup left by a merge tool: delete it once the merge is done'
};

function listFiles(root, dir, found) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) {
        listFiles(root, full, found);
      }
    } else if (entry.isFile()) {
      found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  }
  return found;
}

function markerLines(text) {
  const lines = text.split(/\r?\n/);
  const found = [];
  let open = false;
  lines.forEach((line, index) => {
    if (OPENING.test(line)) {
      open = true;
      found.push(index + 1);
    } else if (CLOSING.test(line)) {
      open = false;
      found.push(index + 1);
    } else if (open && SEPARATOR.test(line)) {
      found.push(index + 1);
    }
  });
  return found;
}

function findConflicts(projectDir) {
  const root = path.resolve(projectDir);
  const problems = [];
  for (const file of listFiles(root, root, []).sort()) {
    const leftover = LEFTOVERS[path.extname(file)];
    if (leftover) {
      problems.push({ file, line: null, message: leftover(file) });
      continue;
    }
    const bytes = fs.readFileSync(path.join(root, file));
    if (bytes.includes(0)) {
      continue; // binary: no text merge could have touched it
    }
    for (const line of markerLines(bytes.toString('utf8'))) {
      problems.push({ file, line, message: 'conflict marker: keep the right lines, delete the markers' });
    }
  }
  return problems;
}

module.exports = findConflicts;
