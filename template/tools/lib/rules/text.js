// The platform reads the widget's text files as UTF-8 without a byte order mark; moderation wants
// LF line endings in code. Images (an SVG is one) may have any line endings, but an .svg must be
// SVG: a PNG or JPEG saved under that name is named as what it is.
'use strict';

const { isText } = require('../widget');

const decoder = new TextDecoder('utf-8', { fatal: true });

// What a binary image is, from its first bytes; null for anything else.
const SIGNATURES = [
  ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], '.png'],
  ['JPEG', [0xff, 0xd8, 0xff], '.jpg'],
  ['GIF', [0x47, 0x49, 0x46, 0x38], '.gif'],
  ['WebP', [0x52, 0x49, 0x46, 0x46], '.webp'],
];
function binaryImage(bytes) {
  const found = SIGNATURES.find(([, signature]) => signature.every((byte, i) => bytes[i] === byte));
  return found ? { format: found[0], extension: found[2] } : null;
}

module.exports = function textRule(widget, report) {
  for (const rel of widget.files.filter(isText)) {
    const file = `widget/${rel}`;
    const bytes = widget.buffer(rel);
    const svg = rel.toLowerCase().endsWith('.svg');
    const image = svg && binaryImage(bytes);
    if (image) {
      const name = rel.replace(/\.svg$/i, image.extension);
      report.error(file, 'image-format', `is a ${image.format} image under an .svg name: rename it to ${name.split('/').pop()} (and the manifest's reference to it), or export it as SVG`);
      continue;
    }
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
    const cr = svg ? -1 : text.indexOf('\r'); // an SVG is an image, not code
    if (cr !== -1) {
      const line = text.slice(0, cr).split('\n').length;
      report.error(file, 'line-endings', 'has CR or CRLF line endings: save it with LF line endings (.editorconfig and .gitattributes ask for LF)', { line });
    }
  }
};
