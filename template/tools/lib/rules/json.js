// Every JSON file of the widget: a key written twice in one object is an error (JSON.parse, like
// the platform's PHP, keeps the last one: the first is dead text, and a tool reading the first,
// an editor or a person, disagrees with the CRM). manifest.json and i18n/*.json syntax is
// reported by their own rules; other JSON files' syntax here.
'use strict';

module.exports = function jsonRule(widget, report) {
  for (const rel of widget.files.filter((f) => f.toLowerCase().endsWith('.json'))) {
    const file = `widget/${rel}`;
    const parsed = widget.json(rel);
    if (parsed.error) {
      if (rel !== 'manifest.json' && !/^i18n\/[^/]+\.json$/.test(rel)) report.error(file, 'json-syntax', parsed.error.message, parsed.error);
      continue;
    }
    for (const { key, line, col, first } of parsed.duplicates) {
      report.error(file, 'json-duplicate-key', `"${key}" appears twice in one object (first on line ${first}): the CRM reads only the last one, delete the other`, { line, col });
    }
  }
};
