/**
 * problems.js: the widget's errors as its developer needs them in the preview: file, line and
 * column of the widget's own files, never the dev server's URLs or the emulator's frames.
 *
 *   syntaxErrors() -> Promise<[{file: 'widget/script.js', line, column, message}]>: every widget
 *     .js file that does not parse, as the dev server finds them with acorn (tools/lib/widget-js.js);
 *     [] when the server cannot tell
 *   syntaxLine(error) -> 'widget/script.js:12:5: Unexpected token'
 *   widgetFrames(error) -> ['render (widget/script.js:45:12)', ...]: the frames of an error's
 *     stack in widget files (served byte for byte, so the lines are the file's own)
 *   describe(error) -> the message, then "  at <frame>" lines
 */
globalThis.define([], function () {
  'use strict';

  var window = globalThis;

  function syntaxErrors() {
    return window.fetch('/__preview/syntax.json', { cache: 'no-store' }).then(function (response) {
      return response.ok ? response.json() : { errors: [] };
    }).then(function (body) {
      return Array.isArray(body.errors) ? body.errors : [];
    }, function () {
      return [];
    });
  }

  function syntaxLine(error) {
    return error.file + ':' + error.line + ':' + error.column + ': ' + error.message;
  }

  // A stack line in Chromium ("    at fn (url:line:col)", "    at url:line:col") or Firefox and
  // Safari ("fn@url:line:col"), read for a URL of the widget's folder.
  var FRAME = /^\s*(?:at\s+(?:(.*?)\s+\()?|(.*?)@)(\S+?):(\d+):(\d+)\)?\s*$/;

  function widgetFrames(error) {
    var origin = window.location.origin;
    return String(error && error.stack || '').split('\n').map(function (line) {
      var found = FRAME.exec(line);
      if (!found) {
        return null;
      }
      var url = found[3].split('?')[0].split('#')[0];
      var where = url.indexOf(origin + '/widget/') === 0 ? url.slice(origin.length + 1) : null;
      if (!where) {
        return null;
      }
      var name = found[1] || found[2];
      return (name ? name + ' (' : '') + where + ':' + found[4] + ':' + found[5] + (name ? ')' : '');
    }).filter(Boolean);
  }

  function describe(error) {
    var message = error && error.message ? error.message : String(error);
    return [message].concat(widgetFrames(error).map(function (frame) { return '  at ' + frame; })).join('\n');
  }

  return { syntaxErrors: syntaxErrors, syntaxLine: syntaxLine, widgetFrames: widgetFrames, describe: describe };
});
