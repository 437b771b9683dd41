/**
 * sourcemap.js: stack traces of a built widget (TypeScript, `npm test`) name src/ lines. The
 * development build (tools/lib/build.js) puts an inline source map in widget/script.js; errors
 * created in the emulator's page get their frames in script.js mapped through it, as a browser's
 * developer tools would show them. A script.js without a map (JavaScript widgets) is left alone.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const INLINE = /\n\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/;

/**
 * Maps the stack frames of widget/script.js to its sources, in the page's realm.
 * @param {object} window  the jsdom window the widget runs in
 * @param {string} widgetDir  the widget folder (holding script.js)
 * @returns {boolean} whether script.js had a map to apply
 */
function mapStacks(window, widgetDir) {
  const file = path.join(widgetDir, 'script.js');
  let found;
  try {
    found = INLINE.exec(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  if (!found) return false;
  const { SourceMapConsumer } = require('source-map-js');
  const consumer = new SourceMapConsumer(JSON.parse(Buffer.from(found[1], 'base64').toString('utf8')));
  const url = pathToFileURL(file).href;

  const where = (frame) => {
    const name = frame.getFileName() || '';
    if (name.split('?')[0] !== url) return null;
    const original = consumer.originalPositionFor({ line: frame.getLineNumber(), column: frame.getColumnNumber() - 1 });
    if (!original.source) return null;
    const source = path.resolve(widgetDir, original.source);
    return `${source}:${original.line}:${original.column + 1}`;
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

module.exports = { mapStacks };
