/**
 * lib/project.js: the one reader of a widget project's facts, for check, pack, dev and the
 * emulator. package.json's "widget" block carries the widget's code (self.params.widget_code),
 * its CSS root class, its platform (amocrm | kommo), whether it is meant for the Marketplace
 * ("marketplace") and, for an existing widget brought under the toolkit, the folder it lives in
 * ("dir", relative to the project; widget/ otherwise); widget/manifest.json and the platform
 * model (tools/platform.json) come with them.
 *
 *   readProject(root) -> {root, widgetDir, manifest, rules, model, code, rootClass, platform, marketplace}
 *
 * manifest is null when widget/manifest.json is missing or not JSON (check says why); code,
 * rootClass and platform are null when package.json does not give them.
 * @throws {Error} when tools/platform.json cannot be read: the toolkit itself is broken
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { model } = require('./platform');

const TOOLS = path.resolve(__dirname, '..');

// Larger than any manifest or package.json: not read (check names the file, tools/lib/upload-set.js).
const MAX_JSON_BYTES = 16 * 1024 * 1024;

// A JSON file's value, or null; only a regular file, never through a link (a manifest.json
// linked to /dev/zero or a pipe would never end), and never a huge one.
function readJson(file) {
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_JSON_BYTES) return null;
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
}

/** The platform model the toolkit ships (tools/platform.json), parsed. */
function readRules() {
  const file = path.join(TOOLS, 'platform.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    // The toolkit's own file, not the widget's: one line with the way back, as for a missing package.
    const setup = new Error(`tools/platform.json does not parse (${error.message.split('\n')[0]}): `
      + 'restore it with git checkout -- tools/platform.json (or npm run update -- --recopy --overwrite)');
    setup.code = 'TOOLKIT_SETUP';
    throw setup;
  }
}

function readProject(root = path.resolve(TOOLS, '..')) {
  const rules = readRules();
  const pkg = readJson(path.join(root, 'package.json')) || {};
  const widget = pkg.widget && typeof pkg.widget === 'object' ? pkg.widget : {};
  const text = (value) => (typeof value === 'string' && value ? value : null);
  // An existing widget brought under the toolkit stays in its own folder: "widget": {"dir": "../old"}.
  const widgetDir = text(widget.dir) ? path.resolve(root, widget.dir) : path.join(root, 'widget');
  const manifest = readJson(path.join(widgetDir, 'manifest.json'));
  return {
    root,
    widgetDir,
    manifest: manifest && typeof manifest === 'object' && !Array.isArray(manifest) ? manifest : null,
    rules,
    model: model(rules),
    code: text(widget.code),
    rootClass: text(widget.root_class),
    platform: Object.hasOwn(rules.platforms, widget.platform || '') ? widget.platform : null,
    marketplace: widget.marketplace === true,
  };
}

module.exports = { readProject, readRules };
