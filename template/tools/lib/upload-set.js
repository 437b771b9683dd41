/**
 * upload-set.js: which files of widget/ go into widget.zip. pack zips exactly these, check
 * checks exactly these, the conflicts guard and the dev server use the same answer.
 *
 *   uploadSet(widgetDir) -> {
 *     files:    ['images/logo.png', 'manifest.json', ...]  regular files, relative to widget/,
 *                                                          '/' separators, sorted by code point;
 *     excluded: [{file, reason, quiet}]  present but never zipped: hidden files and folders (.env,
 *                                 .git/, .DS_Store), node_modules/, source maps, temporary files
 *                                 (manifest.json.1234.tmp), editor and OS junk; check warns,
 *                                 except for `quiet` ones (version control, tool settings: QUIET);
 *     refused:  [{file, problem}] cannot go into the zip as they are: symbolic links, special
 *                                 files, unreadable folders, names that are not UTF-8, files over
 *                                 MAX_FILE_BYTES; check reports each as an error, so pack refuses.
 *   }
 *   `file` is relative to widget/ too ('vendor/link.js'; a folder ends with '/').
 *   showBytes(name: Buffer) -> string          a file name for a message, bytes outside ASCII as \xNN
 *   readUploadFile(widgetDir, rel) -> Buffer   the file's bytes, opened without following a link
 *                                              (throws UploadError if it is no longer a regular
 *                                              file of the set, e.g. replaced by a link since).
 *
 * Symbolic links are refused, all of them, even those pointing inside widget/: the platform gets
 * a zip of regular files, a link in the zip is either a copy of something else (which may be a
 * key outside the project) or a dangling entry, and following links is how loops and escapes
 * happen. The folder walk never follows a link, so no loop can occur. No dependencies: the
 * conflicts guard runs it before `npm install`.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { openRegular, readAll } = require('./regular-file');

// No widget file comes near this: a bigger one is a video or a dump put there by mistake, and
// reading it whole (zip, check) would cost that much memory. Node cannot hold 2 GB in one Buffer.
const MAX_FILE_BYTES = 100 * 1024 * 1024;

// Excluded by name: [pattern, reason]. The first match gives the reason.
const EXCLUDED = [
  [/^node_modules$/, 'packages installed by npm, not part of the widget'],
  [/^\./, 'a hidden file (editor, OS, git or secrets such as .env)'],
  [/\.map$/i, 'a source map (moderation wants no maps; the CRM never loads them)'],
  [/\.tmp$|\.temp$|\.\d+\.tmp$|\.part$|\.crdownload$/i, 'a temporary file left by an interrupted write or download'],
  [/~$|^#.*#$|\.sw[a-p]$|\.bak$/i, 'an editor backup or swap file'],
  [/^(Thumbs\.db|ehthumbs\.db|desktop\.ini|Icon\r|__MACOSX)$/i, 'a file the operating system leaves beside real ones'],
];

// Left out without a word: a folder's version control and its tools' settings, which a team keeps
// in an existing widget's folder on purpose (.git/, .gitignore, .eslintrc.json). Secrets, OS and
// editor leftovers are still named, since nobody meant them to sit there.
const QUIET = /^\.(git|hg|svn|gitignore|gitattributes|gitkeep|gitmodules|editorconfig|eslintrc(\.\w+)?|eslintignore|prettierrc(\.\w+)?|prettierignore|jshintrc|browserslistrc|nvmrc|vscode|idea)$/;

class UploadError extends Error {}

function excludedReason(name) {
  const hit = EXCLUDED.find(([pattern]) => pattern.test(name));
  return hit ? hit[1] : null;
}

// A name as bytes: its text when it is valid UTF-8, null otherwise.
function utf8Name(bytes) {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : null;
}

// A name that is not UTF-8, shown with its odd bytes as \xNN.
function showBytes(bytes) {
  let out = '';
  for (const byte of bytes) out += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  return out;
}

const KINDS = [
  ['isFIFO', 'a named pipe'], ['isSocket', 'a socket'], ['isCharacterDevice', 'a device'], ['isBlockDevice', 'a device'],
];

function megabytes(bytes) {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

function uploadSet(widgetDir) {
  const files = [];
  const excluded = [];
  const refused = [];
  const root = fs.lstatSync(widgetDir, { throwIfNoEntry: false });
  if (!root) return { files, excluded, refused };
  if (root.isSymbolicLink()) {
    refused.push({ file: '', problem: 'is a symbolic link: keep the widget\'s files in a real widget/ folder inside the project' });
    return { files, excluded, refused };
  }
  const stack = [''];
  while (stack.length) {
    const rel = stack.pop();
    let entries;
    try {
      entries = fs.readdirSync(path.join(widgetDir, rel), { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      refused.push({ file: `${rel}/`, problem: `cannot be read (${error.code || error.message}): fix its permissions or delete it` });
      continue;
    }
    for (const entry of entries) {
      const name = utf8Name(entry.name);
      if (name === null) {
        refused.push({ file: `${rel ? `${rel}/` : ''}${showBytes(entry.name)}`, problem: 'has a name that is not UTF-8: rename it (letters, digits, - and _)' });
        continue;
      }
      const child = rel ? `${rel}/${name}` : name;
      const reason = excludedReason(name);
      if (reason) {
        excluded.push({ file: entry.isDirectory() ? `${child}/` : child, reason, quiet: QUIET.test(name) });
        continue;
      }
      if (entry.isSymbolicLink()) {
        refused.push({ file: child, problem: 'is a symbolic link: widget.zip holds regular files only, replace the link with a copy of the file (or delete it)' });
      } else if (entry.isDirectory()) {
        stack.push(child);
      } else if (entry.isFile()) {
        let size;
        try {
          size = fs.lstatSync(path.join(widgetDir, child)).size;
        } catch (error) {
          refused.push({ file: child, problem: `cannot be read (${error.code || error.message}): fix its permissions or delete it` });
          continue;
        }
        if (size > MAX_FILE_BYTES) {
          refused.push({ file: child, problem: `is ${megabytes(size)}, over the ${MAX_FILE_BYTES / 1024 ** 2} MB a widget file can have: move it out of widget/ (serve big media from elsewhere)` });
        } else {
          files.push(child);
        }
      } else {
        const kind = (KINDS.find(([test]) => entry[test]()) || [null, 'not a regular file'])[1];
        refused.push({ file: child, problem: `is ${kind}, not a regular file: delete it from widget/` });
      }
    }
  }
  const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  files.sort(order);
  excluded.sort((a, b) => order(a.file, b.file));
  refused.sort((a, b) => order(a.file, b.file));
  return { files, excluded, refused };
}

// The bytes of one file of the set, opened without following a link, at most MAX_FILE_BYTES.
function readUploadFile(widgetDir, rel) {
  let opened;
  try {
    opened = openRegular(path.join(widgetDir, rel));
  } catch (error) {
    throw new UploadError(error.code === 'ELOOP' ? `${rel} is a symbolic link: widget.zip holds regular files only`
      : error.code === 'ENOTFILE' ? `${rel} is not a regular file` : `${rel} cannot be read (${error.code || error.message})`);
  }
  try {
    if (opened.stat.size > MAX_FILE_BYTES) throw new UploadError(`${rel} is ${megabytes(opened.stat.size)}, over ${MAX_FILE_BYTES / 1024 ** 2} MB`);
    return readAll(opened.fd, opened.stat.size);
  } finally {
    fs.closeSync(opened.fd);
  }
}

module.exports = { uploadSet, readUploadFile, excludedReason, showBytes, UploadError, MAX_FILE_BYTES };
