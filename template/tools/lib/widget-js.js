/**
 * widget-js.js: the widget's JavaScript as the preview's dev server (tools/dev.js) hands it out.
 * Byte for byte, never through Vite's transform: the browser's lines and columns are the file's
 * own, and Vite never reports a widget file as an ES module it could not parse (its JSX and
 * vite.config advice). And the syntax errors of every .js file under widget/, found with acorn
 * as `npm run check` finds them, for the preview to show where RequireJS only says that a
 * script failed.
 *
 *   scriptFile(widgetDir, pathname) -> the absolute path of the .js file '/widget/<rel>.js' names
 *                                      inside widgetDir, or null (other files, outside, missing)
 *   syntaxErrors(widgetDir, cache?) -> [{file: 'widget/script.js', line, column (1-based), message}]
 *     cache: a Map kept between calls (the dev server asks on every reload): a file whose size,
 *     modification time and inode are those of its last parse is not read again. It holds one
 *     small entry per .js file of the last listing (no file's text), so it never grows beyond
 *     widget/ itself.
 * Never throws for a file's content.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { listFiles } = require('./widget');
const { openRegular, readAll } = require('./regular-file');

function scriptFile(widgetDir, pathname) {
  if (!pathname.startsWith('/widget/') || !pathname.endsWith('.js')) return null;
  let rel;
  try {
    rel = decodeURIComponent(pathname.slice('/widget/'.length));
  } catch {
    return null;
  }
  const root = path.resolve(widgetDir);
  const file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep) || rel.includes('\0')) return null;
  try {
    // A link inside widget/ to a file elsewhere is never followed out of the widget.
    const real = fs.realpathSync(file);
    if (!real.startsWith(fs.realpathSync(root) + path.sep)) return null;
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

// The syntax error of one file ({file, line, column, message}) or null; the cache's entry when
// the file is as it was at its last parse. Stat and read go through one descriptor, so what is
// parsed is the file the stat describes even when it is replaced meanwhile.
function fileError(file, rel, cache) {
  let opened;
  try {
    opened = openRegular(file, { follow: true }); // never waits on a pipe in the file's place
  } catch {
    return null; // gone since the listing, or no regular file: the next reload tells
  }
  try {
    const { stat } = opened;
    const key = `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
    const known = cache && cache.get(file);
    if (known && known.key === key) return known.error;
    const text = readAll(opened.fd, stat.size).toString('utf8').replace(/^\uFEFF/, '');
    let error = null;
    try {
      require('acorn').parse(text, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true });
    } catch (thrown) {
      const loc = thrown.loc || { line: 1, column: 0 };
      error = { file: `widget/${rel}`, line: loc.line, column: loc.column + 1, message: thrown.message.replace(/ \(\d+:\d+\)$/, '') };
    }
    if (cache) cache.set(file, { key, error });
    return error;
  } catch {
    return null; // unreadable meanwhile: the next reload tells
  } finally {
    fs.closeSync(opened.fd);
  }
}

function syntaxErrors(widgetDir, cache) {
  const errors = [];
  const listed = new Set();
  if (fs.existsSync(widgetDir)) {
    for (const rel of listFiles(widgetDir).filter((f) => f.endsWith('.js'))) {
      const file = path.join(widgetDir, rel);
      listed.add(file);
      const error = fileError(file, rel, cache);
      if (error) errors.push(error);
    }
  }
  // Only the files of this listing stay: a deleted or renamed file's entry goes.
  if (cache) for (const file of cache.keys()) if (!listed.has(file)) cache.delete(file);
  return errors;
}

module.exports = { scriptFile, syntaxErrors };
