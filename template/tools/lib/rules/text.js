// The platform reads the widget's text files as UTF-8 without a byte order mark, LF line endings.
'use strict';

const { isText } = require('../widget');

const decoder = new TextDecoder('utf-8', { fatal: true });

module.exports = function textRule(widget, report) {
  for (const rel of widget.files.filter(isText)) {
    const file = `widget/${rel}`;
    const bytes = widget.buffer(rel);
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      report.error(file, 'encoding', 'starts with a UTF-8 byte order mark (BOM): save it as UTF-8 without BOM');
    }
    let text;
    try {
      text = decoder.decode(bytes);
    } catch {
      report.error(file, 'encoding', 'is not valid UTF-8: save it as UTF-8 (without BOM)');
      continue;
    }
    const cr = text.indexOf('\r');
    if (cr !== -1) {
      const line = text.slice(0, cr).split('\n').length;
      report.error(file, 'line-endings', 'has CR or CRLF line endings: save it with LF line endings (.editorconfig and .gitattributes ask for LF)', { line });
    }
  }
};
