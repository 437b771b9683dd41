// The platform caches a widget by its version: if widget/ differs from what pack wrote under the
// version manifest.json holds (dist/packed.json, else dist/widget.zip), the next upload needs a
// new version. Warns until the version is raised (lib/packed.js).
'use strict';

const { reuse } = require('../packed');

module.exports = function versionRule(widget, report) {
  const manifest = widget.manifest;
  if (!manifest || !manifest.widget || typeof manifest.widget.version !== 'string') return;
  const found = reuse(widget, manifest.widget.version);
  if (found) {
    report.warn('widget/manifest.json', 'version-bump', `widget.version is ${found.version}, and pack already wrote a dist/widget.zip with other contents under it: raise it before the next upload (npm run pack -- --bump patch), the CRM caches by version`);
  }
};
