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
 *   syntaxErrors(widgetDir) -> [{file: 'widget/script.js', line, column (1-based), message}]
 * Never throws for a file's content.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { listFiles } = require('./widget');

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

function syntaxErrors(widgetDir) {
  const acorn = require('acorn');
  const errors = [];
  if (!fs.existsSync(widgetDir)) return errors;
  for (const rel of listFiles(widgetDir).filter((f) => f.endsWith('.js'))) {
    let text;
    try {
      text = fs.readFileSync(path.join(widgetDir, rel), 'utf8').replace(/^\uFEFF/, '');
    } catch {
      continue; // gone since the listing: the next reload tells
    }
    try {
      acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true });
    } catch (error) {
      const loc = error.loc || { line: 1, column: 0 };
      errors.push({ file: `widget/${rel}`, line: loc.line, column: loc.column + 1, message: error.message.replace(/ \(\d+:\d+\)$/, '') });
    }
  }
  return errors;
}

module.exports = { scriptFile, syntaxErrors };
