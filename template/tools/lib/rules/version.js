// The platform caches a widget by its version: if dist/widget.zip holds the same version as
// manifest.json but other contents, the next upload needs a new version.
'use strict';

const fs = require('fs');
const path = require('path');

module.exports = function versionRule(widget, report) {
  const zipPath = path.join(widget.root, 'dist', 'widget.zip');
  const manifest = widget.manifest;
  if (!manifest || !manifest.widget || !fs.existsSync(zipPath)) return;
  let entries;
  try {
    entries = require('fflate').unzipSync(fs.readFileSync(zipPath));
  } catch {
    return; // not a zip pack wrote: nothing to compare with
  }
  let packed;
  try {
    packed = JSON.parse(Buffer.from(entries['manifest.json']).toString('utf8')).widget.version;
  } catch {
    return;
  }
  if (packed !== manifest.widget.version) return;
  const names = Object.keys(entries);
  const same = names.length === widget.files.length
    && widget.files.every((rel) => entries[rel] && Buffer.from(entries[rel]).equals(widget.buffer(rel)));
  if (!same) {
    report.warn('widget/manifest.json', 'version-bump', `widget.version is ${packed}, as in dist/widget.zip, but widget/ has changed since: raise it before the next upload (npm run pack -- --bump patch), the CRM caches by version`);
  }
};
