// manifest.json locations: known to amoCRM or Kommo, suffixes only where the area takes one (a
// card or list without one gets -1, as on the platform), never -0 and -1 of one area, card_sdk
// beside a card, each location's own files (amoforms.js, personal_page.js), one platform's areas only.
'use strict';

const { bareLocation, suffixOf } = require('../platform');

const FILE = 'widget/manifest.json';

module.exports = function locationsRule(widget, report) {
  if (!widget.manifest || !Array.isArray(widget.manifest.locations)) return;
  const { locations: known, suffixes, platforms } = widget.rules;
  const suffixHelp = Object.entries(suffixes).map(([s, meaning]) => `-${s} (${meaning})`).join(' or ');
  const seen = {};
  // "lcard" is "lcard-1" to the platform: an area listed without its suffix gets the right panel.
  const effective = (location) => (/-[01]$/.test(location) || !(known[location] && known[location].suffix) ? location : `${location}-1`);

  widget.manifest.locations.forEach((location, index) => {
    if (typeof location !== 'string') return; // the schema reports it
    const at = () => widget.locate('manifest.json', `/locations/${index}`); // only for a problem: it parses
    const code = bareLocation(location);
    const suffix = suffixOf(location);
    const loc = known[code];
    if (!loc) {
      const codes = Object.keys(known).map((c) => (known[c].suffix ? `${c}-1` : c));
      report.error(FILE, 'location-unknown', `locations has "${location}", which neither amoCRM nor Kommo knows: use one of ${codes.join(', ')} (cards and lists take -1 or -0)`, at());
    } else if (!loc.suffix && suffix) {
      report.error(FILE, 'location-suffix', `locations has "${location}", but ${code} takes no suffix: write "${code}"`, at());
    } else if (seen[code] && effective(seen[code]) !== effective(location)) {
      report.error(FILE, 'location-pair', `locations has both "${seen[code]}" and "${location}": an area is either ${suffixHelp}, keep one`, at());
    }
    seen[code] = seen[code] || location;
  });

  for (const [code, loc] of Object.entries(known)) {
    if (seen[code] && loc.needs_one_of && !loc.needs_one_of.some((other) => seen[other])) {
      report.error(FILE, 'location-needs', `${code} needs a card area beside it: add one of ${loc.needs_one_of.map((c) => `${c}-1`).join(', ')} (or -0)`, widget.locate('manifest.json', '/locations'));
    }
  }

  // Files a chosen location needs beside script.js (platform.json "files"), e.g. amoforms.js.
  for (const code of Object.keys(seen)) {
    for (const file of known[code] ? widget.model.filesOf(code) : []) {
      if (!widget.has(file)) {
        report.error(`widget/${file}`, 'location-file', `is missing, but the ${code} location needs it beside script.js: restore it (copier update brings it back), or remove "${code}" from locations`);
      }
    }
  }

  // Areas and locales only one platform offers, from both platforms: the widget cannot work on either.
  const only = {};
  for (const name of Object.keys(platforms)) only[name] = [];
  for (const code of Object.keys(seen)) {
    if (known[code] && known[code].platforms.length === 1) only[known[code].platforms[0]].push(code);
  }
  const locales = Array.isArray(widget.manifest.widget && widget.manifest.widget.locale) ? widget.manifest.widget.locale : [];
  for (const locale of locales) {
    const offering = Object.keys(platforms).filter((name) => platforms[name].locales.includes(locale));
    if (offering.length === 1) only[offering[0]].push(locale);
  }
  const mixed = Object.keys(only).filter((name) => only[name].length);
  if (mixed.length > 1) {
    const parts = mixed.map((name) => `${only[name].join(', ')} only on ${platforms[name].title}`);
    report.warn(FILE, 'platform-mix', `${parts.join('; ')}: a widget is for one platform, drop the others' areas and locales`, widget.locate('manifest.json', '/locations'));
  }
};
