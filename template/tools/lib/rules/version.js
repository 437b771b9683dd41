// The platform caches a widget by its version: if dist/widget.zip holds the same version as
// manifest.json but other contents, the next upload needs a new version. The zip is read in
// bounded memory (tools/lib/zip-read.js): declared sizes are compared first, and an entry is
// inflated only up to the size of the widget file it is compared with.
'use strict';

const path = require('path');
const { listZip } = require('../zip-read');

const MAX_MANIFEST_BYTES = 1024 * 1024;

module.exports = function versionRule(widget, report) {
  const manifest = widget.manifest;
  if (!manifest || !manifest.widget) return;
  const entries = listZip(path.join(widget.root, 'dist', 'widget.zip'));
  if (!entries) return; // none, or not a zip pack wrote: nothing to compare with
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const packedManifest = byName.get('manifest.json');
  const text = packedManifest && packedManifest.size <= MAX_MANIFEST_BYTES ? packedManifest.read(MAX_MANIFEST_BYTES) : null;
  let packed;
  try {
    packed = JSON.parse(text.toString('utf8')).widget.version;
  } catch {
    return;
  }
  if (packed !== manifest.widget.version) return;
  const same = entries.length === widget.files.length && widget.files.every((rel) => {
    const entry = byName.get(rel);
    if (!entry) return false;
    const bytes = widget.buffer(rel);
    if (entry.size !== bytes.length) return false;
    const inflated = entry.read(bytes.length);
    return Boolean(inflated) && inflated.equals(bytes);
  });
  if (!same) {
    report.warn('widget/manifest.json', 'version-bump', `widget.version is ${packed}, as in dist/widget.zip, but widget/ has changed since: raise it before the next upload (npm run pack -- --bump patch), the CRM caches by version`);
  }
};
