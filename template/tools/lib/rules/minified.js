// Marketplace moderation rejects minified or obfuscated own code: it must be readable. Libraries
// the widget ships may stay minified under a vendor folder (widget/vendor/, widget/js/vendor/...).
// A file counts as minified when most of its text sits on lines longer than LONG_LINE characters.
'use strict';

const VENDOR = /(^|\/)(vendor|vendors|third[_-]party|node_modules)\//i;
const LONG_LINE = 500;
const MIN_CHARS = 2000; // a short file on one line is not worth a message

/** Whether a JavaScript text reads as minified: {minified: boolean, longest: characters}. */
function looksMinified(text) {
  if (text.length < MIN_CHARS) return { minified: false, longest: 0 };
  let inLong = 0;
  let longest = 0;
  for (const line of text.split('\n')) {
    longest = Math.max(longest, line.length);
    if (line.length > LONG_LINE) inLong += line.length;
  }
  return { minified: inLong > text.length / 2, longest };
}

module.exports = function minifiedRule(widget, report) {
  for (const rel of widget.files.filter((f) => f.toLowerCase().endsWith('.js') && !VENDOR.test(f))) {
    const { minified, longest } = looksMinified(widget.text(rel));
    if (minified) {
      report.error(`widget/${rel}`, 'minified', `looks minified (lines up to ${longest} characters): ship the readable source (moderation rejects minified own code); a third-party library may stay minified in widget/vendor/`);
    }
  }
};

module.exports.looksMinified = looksMinified;
/** Whether a widget/ path lies in a vendor folder (third-party code). */
module.exports.isVendor = (rel) => VENDOR.test(rel);
