/**
 * zip-read.js: reads a zip (dist/widget.zip) in bounded memory, whatever it holds. A zip bomb
 * (a few MB that inflate to GB) costs no more than the caller allows: entries are listed from
 * the central directory with their declared sizes, and one entry is inflated only on request,
 * with zlib's maxOutputLength as a hard cap (a lying declared size cannot get past it).
 *
 *   listZip(file, {maxZipBytes}) -> [{name, size, compressedSize, method, read(maxBytes)}] | null
 *     null when the file is missing, bigger than maxZipBytes, not a zip, or a ZIP64 archive
 *     (pack never writes one). entry.read(maxBytes) -> Buffer, or null when the entry inflates to
 *     more than maxBytes, uses another method than stored/deflate, or is damaged.
 */
'use strict';

const fs = require('fs');
const zlib = require('zlib');

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function listZip(file, { maxZipBytes = 256 * 1024 * 1024 } = {}) {
  let bytes;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > maxZipBytes) return null;
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  // The end-of-central-directory record: in the last 22 + 65535 (comment) bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i -= 1) {
    if (bytes.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) return null; // ZIP64
  const entries = [];
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) return null;
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const skip = nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    if (at + 46 + nameLength > bytes.length) return null;
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, size, compressedSize, method, read: (maxBytes) => readEntry(bytes, local, method, compressedSize, maxBytes) });
    at += 46 + skip;
  }
  return entries;
}

function readEntry(bytes, local, method, compressedSize, maxBytes) {
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL) return null;
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  if (start + compressedSize > bytes.length) return null;
  const data = bytes.subarray(start, start + compressedSize);
  if (method === 0) return data.length <= maxBytes ? Buffer.from(data) : null;
  if (method !== 8) return null;
  try {
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch {
    return null; // over the cap (ERR_BUFFER_TOO_LARGE) or damaged
  }
}

module.exports = { listZip };
