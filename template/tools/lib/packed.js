// The version guard: the CRM caches a widget by its version (manifest widget.version), so two
// different uploads under one version leave users on the old one. pack records what it packed
// under each version in dist/packed.json; pack refuses, and check warns, when widget/ now differs
// from what was packed under its version.
//
//   digest(widget)                     -> 'sha256 hex' of widget/'s files as pack zips them
//   reuse(widget, version)             -> null, or {version, source} when `version` was packed
//                                         with other contents (source: 'history' | 'zip')
//   record(projectDir, version, sum)   writes dist/packed.json ({version: [digests]}); never throws
// `widget` is lib/widget.js loadWidget()'s object. A missing or unreadable dist/packed.json (a
// fresh clone, a hand-made zip) falls back to comparing with dist/widget.zip's own contents.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { listZip } = require('./zip-read');

const HISTORY = path.join('dist', 'packed.json');
const MAX_MANIFEST_BYTES = 1024 * 1024;
// dist/packed.json holds a few digests per version: a bigger one is not pack's, and is not read.
const MAX_HISTORY_BYTES = 16 * 1024 * 1024;

function digest(widget) {
  const hash = crypto.createHash('sha256');
  for (const rel of widget.files) {
    const data = widget.buffer(rel);
    hash.update(`${rel}\0${data.length}\0`);
    hash.update(data);
  }
  return hash.digest('hex');
}

function readHistory(projectDir) {
  try {
    const file = path.join(projectDir, HISTORY);
    if (fs.statSync(file).size > MAX_HISTORY_BYTES) return {};
    const value = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

// dist/widget.zip's version and whether its entries are exactly widget/'s files; null if there is
// no zip pack could have written. Read in bounded memory (lib/zip-read.js: a zip bomb costs
// nothing): declared sizes first, an entry inflated only up to its widget file's size.
function packedZip(widget) {
  const entries = listZip(path.join(widget.root, 'dist', 'widget.zip'));
  if (!entries) return null;
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const manifest = byName.get('manifest.json');
  try {
    const text = manifest && manifest.size <= MAX_MANIFEST_BYTES ? manifest.read(MAX_MANIFEST_BYTES) : null;
    const version = JSON.parse(text.toString('utf8')).widget.version;
    const same = entries.length === widget.files.length && widget.files.every((rel) => {
      const entry = byName.get(rel);
      const bytes = entry && widget.buffer(rel);
      if (!entry || entry.size !== bytes.length) return false;
      const inflated = entry.read(bytes.length);
      return Boolean(inflated) && inflated.equals(bytes);
    });
    return { version, same };
  } catch {
    return null;
  }
}

function reuse(widget, version) {
  const packed = readHistory(widget.root)[version];
  if (Array.isArray(packed) && packed.length) {
    const current = digest(widget);
    return packed.some((sum) => sum !== current) ? { version, source: 'history' } : null;
  }
  const zip = packedZip(widget);
  return zip && zip.version === version && !zip.same ? { version, source: 'zip' } : null;
}

function record(projectDir, version, sum) {
  const history = readHistory(projectDir);
  const list = Array.isArray(history[version]) ? history[version] : [];
  if (!list.includes(sum)) list.push(sum);
  history[version] = list;
  try {
    const file = path.join(projectDir, HISTORY);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(history, null, 2)}\n`);
  } catch {
    // Only the guard's memory: dist/widget.zip itself is what matters.
  }
}

module.exports = { digest, reuse, record, HISTORY };
