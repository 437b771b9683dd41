// Every i18n text script.js and the Twig templates read exists in every locale file
// (lib/i18n-reads.js): a missing one shows as an empty line or "undefined" in the CRM.
'use strict';

const { findMisses } = require('../i18n-reads');

module.exports = function i18nReadsRule(widget, report) {
  const manifest = widget.manifest;
  const locales = manifest && manifest.widget && Array.isArray(manifest.widget.locale) ? manifest.widget.locale : [];
  const messages = {};
  for (const locale of locales) {
    const parsed = typeof locale === 'string' && widget.json(`i18n/${locale}.json`);
    if (parsed && parsed.value && typeof parsed.value === 'object') messages[locale] = parsed.value;
  }
  if (!Object.keys(messages).length) return; // the i18n rule reports missing or broken files
  for (const miss of findMisses(widget, messages)) {
    const lacking = miss.locales.map((l) => `i18n/${l}.json`).join(', ');
    const what = miss.via === 'twig' ? 'prints' : 'reads';
    report.error(miss.file, 'i18n-read', `${what} the i18n text "${miss.key}", which ${lacking} ${miss.locales.length === 1 ? 'lacks' : 'lack'}: add it to ${miss.locales.length === 1 ? 'that file' : 'each'}, translated, or fix the key`, { line: miss.line, col: miss.col });
  }
};
