// Marketplace moderation rejects minified or obfuscated own code: it must be readable. Libraries
// the widget ships may stay minified under a vendor folder (widget/vendor/, widget/js/vendor/...).
// A file counts as minified when most of its text sits on lines longer than LONG_LINE characters,
// or when a minifier's output was split into lines (e.g. of ~400 characters): lines AVERAGE_LINE
// characters long on average, or hardly any whitespace (under SPARSE of the text) on long-ish lines.
// Readable code averages 30-40 characters a line and is 15-25% whitespace.
'use strict';

const VENDOR = /(^|\/)(vendor|vendors|third[_-]party|node_modules)\//i;
const LONG_LINE = 500;
const MIN_CHARS = 2000; // a short file on one line is not worth a message
const MIN_SPLIT_CHARS = 1000; // a split minified file: long enough to be no one-liner
const AVERAGE_LINE = 200;
const SPARSE = 0.05;
const SPARSE_LINE = 80;

/** Whether a JavaScript text reads as minified: {minified: boolean, longest: characters}. */
function looksMinified(text) {
  if (text.length < MIN_SPLIT_CHARS) return { minified: false, longest: 0 };
  let inLong = 0;
  let longest = 0;
  const lines = text.split('\n');
  for (const line of lines) {
    longest = Math.max(longest, line.length);
    if (line.length > LONG_LINE) inLong += line.length;
  }
  const average = text.length / lines.length;
  const whitespace = (text.match(/\s/g) || []).length / text.length;
  const oneLiner = text.length >= MIN_CHARS && inLong > text.length / 2;
  const split = average > AVERAGE_LINE || (whitespace < SPARSE && average > SPARSE_LINE);
  return { minified: oneLiner || split, longest };
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
