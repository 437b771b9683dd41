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
 * In widget/, the files widget.zip would hold (tools/lib/upload-set.js, at any depth:
 * widget/vendor/dist/x.twig too) and those left out of it (.env, *.tmp, widget/node_modules/),
 * all but a .git/ folder; elsewhere every file but those under node_modules/, dist/, .git/ and
 * the backend's virtualenv (.venv/, installed packages).
 * A linked file is read through its link (only line numbers come out); a linked folder is not
 * entered. Files are read in chunks, never more than MAX_FILE_BYTES; a file with NUL bytes is searched too (a NUL does not hide a
 * marker), only images, fonts and archives are not (by their signature: no merge writes into them).
 *
 *   require('./lib/conflicts')(projectDir)   -> [{file, line, message, severity}]
 * The command is tools/conflicts.js (npm run conflicts, the pre-commit hook).
 *
 * `file` is relative to the project, with forward slashes; `line` is the 1-based line of a
 * marker, or null for a *.rej / *.orig file or a file that could not be read; severity is
 * 'error' for leftovers, 'warning' for a file it could not read (a broken link, a loop, a name
 * that is not UTF-8). Never throws for what it finds on disk. No dependencies: it must run
 * before `npm install` and inside the pre-commit hook.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { uploadSet, showBytes, MAX_FILE_BYTES } = require('./upload-set');

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', '.venv']);
const LEFTOVERS = {
  '.rej': (file) => `a hunk copier update could not apply: apply it to ${file.slice(0, -4)} by hand, then delete this file`,
  '.orig': () => 'a backup left by a merge tool: delete it once the merge is done'
};
const CHUNK = 1 << 20;
// Formats no text merge writes into: PNG, JPEG, GIF, WebP, ICO, zip, WOFF, WOFF2.
const BINARY = [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff], [0x47, 0x49, 0x46, 0x38], [0x52, 0x49, 0x46, 0x46],
  [0x00, 0x00, 0x01, 0x00], [0x50, 0x4b, 0x03, 0x04], [0x77, 0x4f, 0x46, 0x46], [0x77, 0x4f, 0x46, 0x32]];
const isBinaryFormat = (head) => BINARY.some((signature) => signature.every((byte, i) => head[i] === byte));

// Every file to search: {file, full} relative to root; what cannot be searched goes to `unread`.
// In widget/ nothing is skipped by name but .git/ (no folder named dist or node_modules hides
// a marker there); elsewhere node_modules/, dist/ and .git/ at any depth.
function listFiles(root, unread) {
  const found = [];
  const stack = [{ rel: '', inWidget: false }];
  while (stack.length) {
    const { rel, inWidget } = stack.pop();
    if (rel === 'widget') {
      const set = uploadSet(path.join(root, 'widget'));
      for (const file of set.files) found.push(`widget/${file}`);
      for (const { file } of set.excluded) {
        if (!file.endsWith('/')) found.push(`widget/${file}`);
        else if (!/(^|\/)\.git\/$/.test(file)) stack.push({ rel: `widget/${file.slice(0, -1)}`, inWidget: true });
      }
      // Links are refused by pack and check; a linked file is still searched here.
      for (const { file, problem } of set.refused) {
        const link = /symbolic link/.test(problem);
        if (link && isFileThroughLink(path.join(root, 'widget', file))) found.push(`widget/${file}`);
        else if (!link || !isDirThroughLink(path.join(root, 'widget', file))) unread.push({ file: `widget/${file}`, why: problem });
      }
      continue;
    }
    let entries;
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      unread.push({ file: `${rel}/`, why: `cannot be read (${error.code || error.message})` });
      continue;
    }
    for (const entry of entries) {
      const name = entry.name.toString('utf8');
      const child = rel ? `${rel}/${name}` : name;
      if (!Buffer.from(name, 'utf8').equals(entry.name)) {
        unread.push({ file: `${rel ? `${rel}/` : ''}${showBytes(entry.name)}`, why: 'has a name that is not UTF-8, not searched: rename it' });
      } else if (entry.isDirectory()) {
        if (inWidget ? name !== '.git' : !SKIPPED_DIRS.has(name)) stack.push({ rel: child, inWidget });
      } else if (entry.isFile()) {
        found.push(child);
      } else if (entry.isSymbolicLink()) {
        if (isFileThroughLink(path.join(root, child))) found.push(child);
        else if (!isDirThroughLink(path.join(root, child))) unread.push({ file: child, why: `is a symbolic link that leads nowhere (${linkProblem(path.join(root, child))}), not searched: fix or delete it` });
      }
    }
  }
  return found.sort();
}

function isFileThroughLink(full) {
  try {
    return fs.statSync(full).isFile();
  } catch {
    return false; // broken, a loop, unreadable: reported by the caller
  }
}

function isDirThroughLink(full) {
  try {
    return fs.statSync(full).isDirectory();
  } catch {
    return false;
  }
}

function linkProblem(full) {
  try {
    fs.statSync(full);
    return 'not a regular file';
  } catch (error) {
    return error.code === 'ELOOP' ? 'a loop of links' : error.code === 'ENOENT' ? 'its target is missing' : error.code || error.message;
  }
}

// Git's marker width; a marker is followed by a space and a label, or ends the line.
// Separators count only inside a conflict: a Markdown heading may be underlined with =======.
function markerKind(head) {
  if (head.length < 7) return null;
  const c = head[0];
  if (c !== 0x3c && c !== 0x3e && c !== 0x3d && c !== 0x7c) return null; // < > = |
  for (let i = 1; i < 7; i += 1) if (head[i] !== c) return null;
  const next = head.length > 7 ? head[7] : 0x0a;
  if (next !== 0x20 && next !== 0x0a && next !== 0x0d) return null;
  return c === 0x3c ? 'open' : c === 0x3e ? 'close' : 'separator';
}

// 1-based lines holding markers, the file read in chunks: memory stays at CHUNK whatever its size.
function markerLines(full, size) {
  const found = [];
  const fd = fs.openSync(full, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    if (fs.readSync(fd, buffer, 0, 8, 0) === 8 && isBinaryFormat(buffer)) return found;
    let head = []; // the first bytes of the current line, up to 8
    let atStart = true;
    let line = 1;
    let open = false;
    const endLine = () => {
      const kind = markerKind(Buffer.from(head));
      if (kind === 'open') { open = true; found.push(line); }
      else if (kind === 'close') { open = false; found.push(line); }
      else if (kind === 'separator' && open) found.push(line);
    };
    let position = 0;
    while (position < size) {
      const n = fs.readSync(fd, buffer, 0, Math.min(CHUNK, size - position), position);
      if (n === 0) break;
      position += n;
      let i = 0;
      while (i < n) {
        if (atStart || head.length < 8) {
          const byte = buffer[i];
          if (byte === 0x0a) {
            endLine();
            head = [];
            line += 1;
            atStart = true;
            i += 1;
            continue;
          }
          head.push(byte);
          atStart = false;
          i += 1;
          continue;
        }
        const newline = buffer.indexOf(0x0a, i);
        if (newline === -1 || newline >= n) break;
        endLine();
        head = [];
        line += 1;
        atStart = true;
        i = newline + 1;
      }
    }
    if (head.length) endLine();
  } finally {
    fs.closeSync(fd);
  }
  return found;
}

function findConflicts(projectDir) {
  const root = path.resolve(projectDir);
  const problems = [];
  const unread = [];
  for (const file of listFiles(root, unread)) {
    const leftover = LEFTOVERS[path.extname(file)];
    if (leftover) {
      problems.push({ file, line: null, message: leftover(file), severity: 'error' });
      continue;
    }
    const full = path.join(root, file);
    let lines;
    try {
      const stat = fs.statSync(full);
      if (!stat.isFile()) continue;
      if (stat.size > MAX_FILE_BYTES) {
        unread.push({ file, why: `is over ${MAX_FILE_BYTES / 1024 ** 2} MB, not searched for conflict markers` });
        continue;
      }
      lines = markerLines(full, stat.size);
    } catch (error) {
      unread.push({ file, why: `cannot be read (${error.code || error.message})` });
      continue;
    }
    for (const line of lines) {
      problems.push({ file, line, message: 'conflict marker: keep the right lines, delete the markers', severity: 'error' });
    }
  }
  for (const { file, why } of unread) problems.push({ file, line: null, message: why, severity: 'warning' });
  return problems;
}

module.exports = findConflicts;
