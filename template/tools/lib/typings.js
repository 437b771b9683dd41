/**
 * typings.js: the widget's own typings, types/widget.d.ts, generated from its files so that
 * TypeScript knows what only this widget has:
 *   - WidgetI18n: the groups of its i18n files (those every locale has), with their keys, so
 *     `self.i18n('pannel')` or `self.i18n('panel').titel` is a type error;
 *   - WidgetCallbacks: the callbacks the CRM calls in the locations of manifest.json (platform.json
 *     "locations.<code>.callbacks" but those marked optional, plus render, init and bind_actions),
 *     required, with the arguments and return types of tools/types/callbacks.d.ts (AmoCallbacks);
 *   - Widget: the Widget object (`self`) with those two.
 * Written by `npm run build`, `npm run lint`, `npm test` and `npm run dev` (and after npm install);
 * git-ignored: never edit it. Docs: the platform's i18n and locations pages (platform.json "docs").
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const platform = require('./platform');

const FILE = path.join('types', 'widget.d.ts');
// The callbacks that must return true or nothing else runs (platform.json "lifecycle_callbacks"
// holds them with the optional ones: settings, onSave, destroy).
const ALWAYS = ['render', 'init', 'bind_actions'];
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function readJson(file, what) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${what}: ${error.code === 'ENOENT' ? 'is missing' : error.message} (npm run check says more)`);
  }
}

const key = (name) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

// The TypeScript type of an i18n value: texts are strings, groups objects of their keys.
function typeOf(value, indent) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const inner = `${indent}  `;
    const members = Object.keys(value).map((name) => `${inner}readonly ${key(name)}: ${typeOf(value[name], inner)};`);
    return members.length ? `{\n${members.join('\n')}\n${indent}}` : 'Record<string, never>';
  }
  if (Array.isArray(value)) return 'readonly unknown[]';
  return typeof value === 'number' || typeof value === 'boolean' ? typeof value : 'string';
}

// The keys of `value` that `other` has too, recursively (a key one locale lacks is no key).
function common(value, other) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out = {};
  for (const name of Object.keys(value)) {
    if (other && typeof other === 'object' && Object.hasOwn(other, name)) out[name] = common(value[name], other[name]);
  }
  return out;
}

/**
 * The text of types/widget.d.ts for a project.
 * @param {string} projectDir
 * @returns {string}
 * @throws {Error} when manifest.json, platform.json or an i18n file does not parse
 */
function typingsText(projectDir) {
  const widgetDir = path.join(projectDir, 'widget');
  const rules = readJson(path.join(projectDir, 'tools', 'platform.json'), 'tools/platform.json');
  const manifest = readJson(path.join(widgetDir, 'manifest.json'), 'widget/manifest.json');
  const locales = (manifest.widget && Array.isArray(manifest.widget.locale) ? manifest.widget.locale : [])
    .filter((locale) => typeof locale === 'string' && /^[a-z]{2}$/.test(locale));
  let texts = null;
  for (const locale of locales) {
    const lang = readJson(path.join(widgetDir, 'i18n', `${locale}.json`), `widget/i18n/${locale}.json`);
    texts = texts === null ? lang : common(texts, lang);
  }
  const groups = texts && typeof texts === 'object' ? texts : {};

  const model = platform.model(rules);
  const callbacks = new Set(ALWAYS);
  const lists = new Set();
  // The locations as the developer wrote them; a wrong list is check's to report (manifest-schema).
  const codes = (Array.isArray(manifest.locations) ? manifest.locations : []).filter((code) => typeof code === 'string');
  for (const location of codes) {
    for (const callback of model.callbacksOf(location)) {
      const spec = model.callback(callback);
      if (spec && spec.optional) continue; // offered by the CRM when present (calendarSync)
      if (callback.includes('.')) lists.add(callback.split('.')[0]);
      else callbacks.add(callback);
    }
  }
  const required = [...callbacks, ...lists].map((name) => JSON.stringify(name)).join(' | ');
  const members = Object.keys(groups).map((name) => `  readonly ${key(name)}: ${typeOf(groups[name], '  ')};`);

  return `/**
 * This widget's own types, made by tools/lib/typings.js from widget/manifest.json (locations:
 * ${codes.join(', ').split('*/').join('* /') || 'none'}) and widget/i18n/ (${locales.join(', ') || 'no locale'}).
 * Generated: npm run build (and lint, test, dev) rewrites it; do not edit.
 */

/** The groups of the widget's i18n files (the keys every locale has): self.i18n(group). */
interface WidgetI18n {
${members.join('\n')}
}

/** The callbacks the CRM calls in this widget's locations: each one must be there. */
type WidgetCallbacks = AmoCallbacks & Required<Pick<AmoCallbacks, ${required}>>;

/** The Widget object, \`this\` of the function src/script.ts exports (\`const self = this;\`). */
type Widget = Omit<AmoWidget, 'i18n' | 'langs' | 'callbacks'> & {
  /** The callbacks the CRM calls; the widget's function sets them. */
  callbacks: WidgetCallbacks;
  /** The whole i18n file of the user's locale. */
  langs: WidgetI18n;
  /** A group of the current locale's i18n file, e.g. self.i18n('settings'). */
  i18n<Group extends keyof WidgetI18n>(group: Group): WidgetI18n[Group];
};
`;
}

/**
 * Writes types/widget.d.ts when its text changed (editors and tsc --watch see no needless change).
 * @param {string} projectDir
 * @returns {boolean} whether the file was written
 */
function writeTypings(projectDir) {
  const text = typingsText(projectDir);
  const file = path.join(projectDir, FILE);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return true;
}

module.exports = { typingsText, writeTypings, FILE };
