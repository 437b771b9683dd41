// i18n/<locale>.json: one file per manifest locale and no other, valid JSON, the same keys in
// every file, and every i18n key the manifest (or a location) names present in each.
'use strict';

const { validateManifest } = require('../schema');

const LIST = 5;

// Dotted paths of an object's leaves: {a: {b: 'x'}} -> ['a.b'].
function leaves(value, prefix = '', out = []) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) leaves(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out.push(prefix);
  }
  return out;
}

function resolves(messages, key) {
  let node = messages;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !(part in node)) return false;
    node = node[part];
  }
  return typeof node === 'string';
}

const quoteList = (keys) => {
  const shown = keys.slice(0, LIST).map((k) => `"${k}"`).join(', ');
  return keys.length > LIST ? `${shown} and ${keys.length - LIST} more` : shown;
};

module.exports = function i18nRule(widget, report) {
  const manifest = widget.manifest;
  const locales = manifest && manifest.widget && Array.isArray(manifest.widget.locale)
    ? manifest.widget.locale.filter((l) => typeof l === 'string')
    : null;
  const present = widget.files.filter((f) => /^i18n\/[^/]+\.json$/.test(f)).map((f) => f.slice(5, -5));

  // Parsed files, by locale.
  const messages = {};
  for (const locale of present) {
    const file = `widget/i18n/${locale}.json`;
    const parsed = widget.json(`i18n/${locale}.json`);
    if (parsed.error) report.error(file, 'json-syntax', parsed.error.message, parsed.error);
    else if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
      report.error(file, 'json-syntax', 'is not a JSON object: write {"widget": {"name": "..."}, ...}');
    } else messages[locale] = parsed.value;
  }
  if (!locales) return; // the manifest rule reports it

  for (const locale of locales.filter((l) => !present.includes(l))) {
    report.error(`widget/i18n/${locale}.json`, 'locale-files', `is missing, but manifest widget.locale lists "${locale}": copy another locale's file to i18n/${locale}.json and translate it, or remove "${locale}" from widget.locale`);
  }
  for (const locale of present.filter((l) => !locales.includes(l))) {
    report.error(`widget/i18n/${locale}.json`, 'locale-files', `"${locale}" is not in manifest widget.locale: add it there, or delete the file`);
  }

  // Identical key sets: each file against the keys the other files have.
  const listed = locales.filter((l) => messages[l]);
  const keys = {};
  for (const locale of listed) keys[locale] = new Set(leaves(messages[locale]));
  for (const locale of listed) {
    const missing = {}; // other locale -> keys it has and this one lacks
    for (const other of listed) {
      for (const key of keys[other]) {
        if (keys[locale].has(key) || Object.values(missing).some((list) => list.includes(key))) continue;
        (missing[other] = missing[other] || []).push(key);
      }
    }
    for (const [other, list] of Object.entries(missing)) {
      report.error(`widget/i18n/${locale}.json`, 'i18n-keys', `missing ${quoteList(list)} (present in ${other}.json): add ${list.length === 1 ? 'it' : 'them'}, translated, so every locale has the same keys`);
    }
  }

  // Keys the manifest names, and keys a chosen location needs (platform.json "i18n").
  const wanted = new Map();
  if (manifest && typeof manifest === 'object') {
    for (const ref of validateManifest(manifest).references) {
      if (ref.kind === 'i18n' && !wanted.has(ref.value)) wanted.set(ref.value, `manifest ${ref.path}`);
    }
  }
  for (const area of widget.areas) {
    const loc = widget.rules.locations[area];
    for (const key of (loc && loc.i18n_keys) || []) if (!wanted.has(key)) wanted.set(key, `the ${area} location`);
  }
  for (const locale of listed) {
    const unresolved = [...wanted].filter(([key]) => !resolves(messages[locale], key));
    for (const [key, source] of unresolved) {
      const dotted = key.includes('.') ? '' : ' (a dotted key like widget.name, not the text itself)';
      report.error(`widget/i18n/${locale}.json`, 'i18n-ref', `has no text at "${key}", which ${source} names${dotted}: add it, or fix the key in manifest.json`);
    }
  }
};
