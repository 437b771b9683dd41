// Marketplace moderation wants no unused files in the archive (amo-widget-platform.md §1 and §9;
// developers.kommo.com/docs/getting-listed). A file is used when the platform loads it itself
// (manifest.json, script.js, style.css, the i18n files, the logos, a location's entry file) or
// when any other text file of the widget names it: real widgets do so in many ways (require
// paths with or without ".js", `self.params.path + '/x.js'`, CSS url(), Twig includes, templates
// rendered by name, paths built at run time like '/images/' + name). Reporting a file the widget
// does load would be a false alarm, so every doubt counts as a use:
//   - a file is named by its name ("panel.twig"), or, for code and templates, its name without
//     the extension ("panel", "./parts/main"), in any text file but itself;
//   - a path built at run time ('/images/icon_' + kind, `templates/${name}.twig`, name + '.svg')
//     uses every file it could reach: the folder and name prefix before the dynamic part, or the
//     suffix after it;
//   - a library under a vendor folder is one package: one of its files used uses them all; a
//     LICENSE, NOTICE or COPYING file is never reported (licences must ship with the code).
// logo_dp.png without digital_pipeline is logo-unused's (logos.js).
'use strict';

const path = require('path');
const { isText } = require('../widget');
const { isVendor } = require('./minified');

const LOADED = new Set(['manifest.json', 'script.js', 'style.css']);
const LICENCE = /^(licen[cs]e|notice|copying)(\.|$)/i;
// Files named without their extension: AMD modules, templates rendered by name, text! and css! loads.
const BY_STEM = new Set(['.js', '.twig', '.html', '.css', '.json']);
const TOKEN = /[\w.@$-]+/g;
// A quoted path fragment just before a dynamic part ('…/images/icon_' + x, `…/images/${x}`), and
// one just after a dynamic part that no fragment precedes (x + '.svg', `${x}.twig`): after
// '/images/icon_' + x + '.svg' the folder and prefix say more than the suffix.
const BEFORE = /([\w./-]*)(?:['"]\s*\+|\$\{)/g;
const AFTER = /(?:(?<!['"`]\s*\+\s*[\w.$[\]()]+\s*)\+\s*['"`]|(?<![\w.-]\$\{[^{}]*)\})([\w./-]+)/g;

// The folder of a vendor package a file belongs to (vendor/chart/x.js -> vendor/chart/), or null.
function vendorPackage(rel) {
  const match = /^(.*?(?:^|\/)(?:vendor|vendors|third[_-]party|node_modules)\/)([^/]+\/)?/i.exec(rel);
  return match && match[2] ? match[1] + match[2] : null;
}

// The names a file can be named by: its own, and for code and templates its name without the extension.
function namesOf(rel) {
  const name = path.posix.basename(rel);
  const ext = path.posix.extname(name).toLowerCase();
  return BY_STEM.has(ext) ? [name, name.slice(0, -ext.length)] : [name];
}

module.exports = function unusedRule(widget, report) {
  const loaded = new Set(LOADED);
  for (const logo of widget.rules.logos) loaded.add(`images/${logo.file}`);
  for (const loc of Object.values(widget.rules.locations)) for (const file of loc.files || []) loaded.add(file);
  const candidates = widget.files.filter((rel) => !loaded.has(rel) && !/^i18n\/[^/]+\.json$/.test(rel) && !LICENCE.test(path.posix.basename(rel)));
  if (!candidates.length) return;

  // The text files that hold each name a candidate can be named by; the run-time path fragments.
  const holders = new Map();
  for (const rel of candidates) for (const name of namesOf(rel)) holders.set(name, new Set());
  const prefixes = [];
  const suffixes = [];
  for (const rel of widget.files.filter(isText)) {
    const text = widget.text(rel);
    for (const [token] of text.matchAll(TOKEN)) {
      if (holders.has(token)) holders.get(token).add(rel);
      if (!/[./]/.test(token)) continue;
      for (const part of token.split(/[./]/)) if (holders.has(part)) holders.get(part).add(rel);
    }
    for (const [, fragment] of text.matchAll(BEFORE)) {
      const cut = fragment.lastIndexOf('/');
      const folder = fragment.slice(0, cut + 1).replace(/^(\.?\/)+/, '').split('/').filter(Boolean).pop();
      const prefix = fragment.slice(cut + 1);
      if (folder || prefix.length >= 2) prefixes.push({ folder, prefix });
    }
    for (const [, fragment] of text.matchAll(AFTER)) if (/\.\w+$/.test(fragment)) suffixes.push(fragment.replace(/^.*\//, ''));
  }

  const used = (rel) => {
    if (namesOf(rel).some((name) => [...holders.get(name)].some((holder) => holder !== rel))) return true;
    const name = path.posix.basename(rel);
    const parent = path.posix.dirname(rel).split('/').pop();
    if (prefixes.some(({ folder, prefix }) => (!folder || folder === parent) && name.startsWith(prefix))) return true;
    return suffixes.some((suffix) => name.endsWith(suffix) && name !== suffix);
  };

  const usedPackages = new Set(candidates.filter((rel) => isVendor(rel) && used(rel)).map(vendorPackage).filter(Boolean));
  for (const rel of candidates) {
    if (used(rel) || usedPackages.has(vendorPackage(rel))) continue;
    report.error(`widget/${rel}`, 'unused-file', 'nothing in the widget uses it (no file names it, and the platform does not load it): delete it, as Marketplace moderation wants no unused files, or name it where it is loaded');
  }
};
