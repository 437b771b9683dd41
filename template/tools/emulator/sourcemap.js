/**
 * sourcemap.js: stack traces of a built widget (TypeScript, `npm test`) name src/ lines. The
 * development build (tools/lib/build.js) puts an inline source map in widget/script.js; errors
 * created in the emulator's page get their frames in script.js mapped through it, as a browser's
 * developer tools would show them; the preview's server (tools/dev.js) maps the lines of errors the
 * page reports. A script.js without a map (JavaScript widgets) is left alone.
 */
'use strict';

const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { readUploadFile } = require('../lib/upload-set');

const INLINE = /\n\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/;

/**
 * The source map written inline into widget/script.js by the development build.
 * @param {string} widgetDir  the widget folder
 * @returns {object|null} a source-map-js SourceMapConsumer, or null (no map: a JavaScript widget,
 *   or a production build)
 */
function inlineMap(widgetDir) {
  let found;
  try {
    // Never through a link, never a pipe or a device (it would block or fill the memory): any
    // page may ask the dev server for /__preview/source.
    found = INLINE.exec(readUploadFile(widgetDir, 'script.js').toString('utf8'));
  } catch {
    return null;
  }
  if (!found) return null;
  const { SourceMapConsumer } = require('source-map-js');
  try {
    return new SourceMapConsumer(JSON.parse(Buffer.from(found[1], 'base64').toString('utf8')));
  } catch {
    return null;
  }
}

/**
 * Where a line and column of widget/script.js come from.
 * @returns {{file: string, line: number, col: number}|null} file relative to the project
 *   ('src/script.ts'), 1-based line and column; null for code without a source (the AMD wrapper)
 */
function original(consumer, line, col) {
  const found = consumer.originalPositionFor({ line, column: Math.max(col - 1, 0) });
  if (!found.source) return null;
  return { file: path.posix.normalize(path.posix.join('widget', found.source)), line: found.line, col: found.column + 1 };
}

/**
 * Maps the stack frames of widget/script.js to its sources, in the page's realm.
 * @param {object} window  the jsdom window the widget runs in
 * @param {string} widgetDir  the widget folder (holding script.js)
 * @returns {boolean} whether script.js had a map to apply
 */
function mapStacks(window, widgetDir) {
  const consumer = inlineMap(widgetDir);
  if (!consumer) return false;
  const url = pathToFileURL(path.join(widgetDir, 'script.js')).href;
  const projectDir = path.dirname(widgetDir);

  const where = (frame) => {
    if ((frame.getFileName() || '').split('?')[0] !== url) return null;
    const found = original(consumer, frame.getLineNumber(), frame.getColumnNumber());
    return found && `${path.join(projectDir, found.file)}:${found.line}:${found.col}`;
  };
  // V8 asks the error's realm how to format its stack (the V8 stack trace API).
  window.Error.prepareStackTrace = (error, frames) => {
    const lines = frames.map((frame) => {
      const mapped = where(frame);
      if (!mapped) return `    at ${frame}`;
      const fn = frame.getFunctionName() || frame.getMethodName();
      return fn ? `    at ${fn} (${mapped})` : `    at ${mapped}`;
    });
    let head;
    try {
      head = window.Error.prototype.toString.call(error);
    } catch {
      head = 'Error';
    }
    return [head, ...lines].join('\n');
  };
  return true;
}

module.exports = { mapStacks, inlineMap, original };
