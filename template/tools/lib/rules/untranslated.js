// Marketplace moderation rejects texts left in English in another locale's i18n file
// (developers.kommo.com/docs/getting-listed; amo-widget-platform.md §9: "texts identical to
// English"). A key missing from a locale is i18n-keys' fault (the platform's), not this rule's.
// Only sentences count: a text of fewer than MIN_WORDS words (a brand, "Email", "API key"), the
// widget's own name, and links, e-mails, numbers and placeholders are the same in every language.
'use strict';

const MIN_WORDS = 3;
const LIST = 5;
const ENGLISH = 'en';

// [dotted key, text] of every string leaf of an i18n object.
function texts(value, prefix = '', out = []) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) texts(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix && typeof value === 'string') {
    out.push([prefix, value]);
  }
  return out;
}

/** Whether a text reads as language (at least MIN_WORDS words of letters once links, e-mails,
 * Twig/ICU placeholders, %s and HTML tags are taken out): a string. */
function isSentence(text) {
  const bare = text
    .replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{[^{}]*\}|%\w|<[^>]*>/g, ' ')
    .replace(/\b(?:https?:\/\/|www\.)\S+|\S+@\S+/gi, ' ');
  return (bare.match(/\p{L}{2,}/gu) || []).length >= MIN_WORDS;
}

module.exports = function untranslatedRule(widget, report) {
  const manifest = widget.manifest;
  const locales = manifest && manifest.widget && Array.isArray(manifest.widget.locale) ? manifest.widget.locale : [];
  if (!locales.includes(ENGLISH)) return;
  const read = (locale) => {
    const parsed = widget.json(`i18n/${locale}.json`);
    return parsed && parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value) ? parsed.value : null;
  };
  const english = read(ENGLISH);
  if (!english) return; // locale-files or json-syntax says why
  const name = english.widget && typeof english.widget.name === 'string' ? english.widget.name.trim() : null;
  const sentences = new Map(texts(english).filter(([, text]) => text.trim() !== name && isSentence(text)));
  for (const locale of locales.filter((l) => typeof l === 'string' && l !== ENGLISH)) {
    const messages = read(locale);
    if (!messages) continue;
    const same = texts(messages).filter(([key, text]) => sentences.get(key) === text).map(([key]) => key);
    if (!same.length) continue;
    const shown = same.slice(0, LIST).map((k) => `"${k}"`).join(', ') + (same.length > LIST ? ` and ${same.length - LIST} more` : '');
    const pointer = same[0].split('.').map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const where = widget.locate(`i18n/${locale}.json`, `/${pointer}`);
    report.error(`widget/i18n/${locale}.json`, 'i18n-untranslated',
      `${shown} ${same.length === 1 ? 'is' : 'are'} the English text of en.json: translate ${same.length === 1 ? 'it' : 'them'} into "${locale}" (Marketplace moderation rejects untranslated texts)`,
      where);
  }
};

module.exports.isSentence = isSentence;
