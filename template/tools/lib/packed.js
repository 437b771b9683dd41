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

const HISTORY = path.join('dist', 'packed.json');

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
    const value = JSON.parse(fs.readFileSync(path.join(projectDir, HISTORY), 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

// dist/widget.zip's version and whether its entries are exactly widget/'s files; null if there is
// no zip pack could have written.
function packedZip(widget) {
  const zipPath = path.join(widget.root, 'dist', 'widget.zip');
  if (!fs.existsSync(zipPath)) return null;
  try {
    const entries = require('fflate').unzipSync(fs.readFileSync(zipPath));
    const version = JSON.parse(Buffer.from(entries['manifest.json']).toString('utf8')).widget.version;
    const names = Object.keys(entries);
    const same = names.length === widget.files.length
      && widget.files.every((rel) => entries[rel] && Buffer.from(entries[rel]).equals(widget.buffer(rel)));
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
