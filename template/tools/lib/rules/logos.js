// images/: every logo the platform demands (platform.json "logos"; a logo a location claims in its
// own "logos" only with that location), a PNG of the exact size, at most logo_max_bytes.
'use strict';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Width and height from a PNG's IHDR chunk (it follows the signature), or null if not a PNG.
function pngSize(bytes) {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

module.exports = function logosRule(widget, report) {
  const { logos, logo_max_bytes: maxBytes } = widget.rules;
  for (const logo of logos) {
    const rel = `images/${logo.file}`;
    const file = `widget/${rel}`;
    const wanted = `${logo.width}×${logo.height}`;
    const owners = widget.model.logoOwners(logo.file);
    const needed = !owners.length || owners.some((code) => widget.areas.includes(code));
    if (!widget.has(rel)) {
      if (needed) {
        const why = owners.length ? `the ${owners.filter((code) => widget.areas.includes(code)).join(' and ')} location needs it` : 'the platform needs it';
        report.error(file, 'logo-missing', `is missing (${why}): add a ${wanted} PNG`);
      }
      continue;
    }
    if (!needed) {
      report.warn(file, 'logo-unused', `is only used with the ${owners.join(' or ')} location, which manifest.json lacks: delete it (the platform wants no unused files)`);
      continue;
    }
    const bytes = widget.buffer(rel);
    const size = pngSize(bytes);
    if (!size) {
      report.error(file, 'logo-format', `is not a PNG image: save it as PNG, ${wanted}`);
      continue;
    }
    if (size.width !== logo.width || size.height !== logo.height) {
      report.error(file, 'logo-size', `is ${size.width}×${size.height}: it must be exactly ${wanted} pixels, resize it`);
    }
    if (bytes.length > maxBytes) {
      report.error(file, 'logo-bytes', `weighs ${Math.ceil(bytes.length / 1024)} KB: at most ${maxBytes / 1024} KB, compress it (fewer colours, an optimiser like oxipng)`);
    }
  }
};
