// The kind of every rule of npm run check, which decides how much a problem weighs
// (amo-widget-platform.md §9, "Three kinds of rule"):
//   platform    the platform refuses the upload, or the widget breaks at run time: an error
//               (a rule may still only warn where it cannot be sure, e.g. version-bump);
//   moderation  Marketplace moderation rejects it: an error for a widget meant for the
//               Marketplace (package.json "widget": {"marketplace": true}), a warning otherwise;
//   convention  this template's habits (a destroy callback, location callbacks): a warning.
// Sources: developers.kommo.com/docs/getting-listed (moderation), amocrm.ru/developers/content/
// integrations/structure (upload), amocrm.ru/developers/content/web_sdk/mechanics (run time).
'use strict';

const KINDS = ['platform', 'moderation', 'convention'];

// rule id -> kind. Every rule a check rule reports must be here (a test holds the README's
// rule table to this list).
const RULES = {
  'conflict-marker': 'platform',
  'leftover-file': 'platform',
  'required-file': 'platform',
  'json-syntax': 'platform',
  'manifest-schema': 'platform',
  'location-unknown': 'platform',
  'location-suffix': 'platform',
  'location-pair': 'platform',
  'location-needs': 'platform',
  'location-block': 'platform',
  'platform-mix': 'platform',
  'setting-custom': 'platform',
  'file-ref': 'platform',
  'locale-files': 'platform',
  'i18n-keys': 'platform',
  'i18n-ref': 'platform',
  'i18n-read': 'platform',
  'logo-missing': 'platform',
  'logo-size': 'platform',
  'logo-format': 'platform',
  'logo-bytes': 'platform',
  'image-format': 'platform',
  'script-amd': 'platform',
  'callback-missing': 'platform',
  'callback-result': 'platform',
  'location-file': 'platform',
  'location-entry': 'platform',
  'returns-true': 'platform',
  'script-run': 'platform',
  'template-missing': 'platform',
  'js-syntax': 'platform',
  'app-write': 'platform',
  'app-member': 'platform',
  'area-suffix': 'platform',
  'css-syntax': 'platform',
  encoding: 'platform',
  'version-bump': 'platform',
  'upload-refused': 'platform',
  'json-duplicate-key': 'platform',
  'support-missing': 'moderation',
  'no-console': 'moderation',
  'no-debugger': 'moderation',
  minified: 'moderation',
  'css-scope': 'moderation',
  'line-endings': 'moderation',
  'logo-unused': 'moderation',
  'i18n-untranslated': 'moderation',
  'unused-file': 'moderation',
  'callback-location': 'convention',
  'destroy-missing': 'convention',
  'amocrm-global': 'convention',
  'upload-excluded': 'convention',
  'unreadable-file': 'convention',
};

/**
 * The kind of a rule: 'platform', 'moderation' or 'convention'.
 * Throws for a rule id not in RULES (a toolkit bug, caught by its tests).
 */
function kindOf(rule) {
  const kind = RULES[rule];
  if (!kind) throw new Error(`check rule ${rule} has no kind in tools/lib/kinds.js`);
  return kind;
}

/**
 * The severity a problem gets: wanted ('error' or 'warning', as the rule reports it) weighed by
 * the rule's kind and whether the widget is meant for the Marketplace (boolean).
 */
function severity(rule, wanted, marketplace) {
  const kind = kindOf(rule);
  if (kind === 'convention') return 'warning';
  if (kind === 'moderation') return marketplace ? wanted : 'warning';
  return wanted;
}

module.exports = { KINDS, RULES, kindOf, severity };
