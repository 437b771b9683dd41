// manifest.json: present, valid JSON, valid against the schema (location blocks included),
// at most one custom setting and only with the settings location, file references resolved.
'use strict';

const { validateManifest, pointerToPath } = require('../schema');

const FILE = 'widget/manifest.json';
const show = (value) => JSON.stringify(value);

// One line per schema error: what is wrong, then the schema's own description as the fix.
function describe(error, blocks) {
  const where = pointerToPath(error.instancePath) || 'the manifest';
  const hint = error.parentSchema && error.parentSchema.description;
  const value = error.data;
  switch (error.keyword) {
    case 'required': {
      const missing = error.params.missingProperty;
      if (!error.instancePath && blocks[missing]) {
        return ['location-block', `locations has "${blocks[missing]}", which needs the "${missing}" block: add it (or remove the location)`];
      }
      const about = error.parentSchema.properties && error.parentSchema.properties[missing];
      const help = about && about.description ? ` (${about.description})` : '';
      return ['manifest-schema', `${where} has no "${missing}": add it${help}`];
    }
    case 'type':
      return ['manifest-schema', `${where} is ${show(value)}: it must be ${/^[aeiou]/.test(error.params.type) ? 'an' : 'a'} ${error.params.type}${hint ? ` (${hint})` : ''}`];
    case 'const':
      return ['manifest-schema', `${where} is ${show(value)}: set it to ${show(error.params.allowedValue)}`];
    case 'enum':
      return ['manifest-schema', `${where} is ${show(value)}: use one of ${error.params.allowedValues.join(', ')}`];
    case 'uniqueItems':
      return ['manifest-schema', `${where} lists ${show(value[error.params.i])} twice: keep one`];
    case 'minItems':
    case 'minLength':
    case 'minProperties':
      return ['manifest-schema', `${where} is empty: fill it in${hint ? ` (${hint})` : ''}`];
    case 'pattern':
    case 'format':
      return ['manifest-schema', `${where} is ${show(value)}, not valid here: ${hint || `it must be ${error.params.format || `like ${error.params.pattern}`}`}`];
    default:
      return ['manifest-schema', `${where} ${error.message}${hint ? ` (${hint})` : ''}`];
  }
}

module.exports = function manifestRule(widget, report) {
  const parsed = widget.json('manifest.json');
  if (!parsed) {
    report.error(FILE, 'required-file', 'is missing: every widget needs widget/manifest.json');
    return;
  }
  if (parsed.error) {
    report.error(FILE, 'json-syntax', parsed.error.message, parsed.error);
    return;
  }
  if (!widget.manifest) {
    report.error(FILE, 'manifest-schema', 'is not a JSON object: write {"widget": {...}, "locations": [...], ...}');
    return;
  }
  const manifest = widget.manifest;
  const blocks = {};
  for (const [code, loc] of Object.entries(widget.rules.locations)) if (loc.block) blocks[loc.block] = code;

  const { errors, references } = validateManifest(manifest);
  const told = new Set(); // one message per value: an e-mail as support.link fails both format and pattern
  for (const error of errors) {
    // Unknown locations get their own, better message from the locations rule; "if" repeats "then".
    if (error.keyword === 'if' || (error.keyword === 'enum' && /^\/locations\/\d+$/.test(error.instancePath))) continue;
    const fault = error.keyword === 'required' ? `${error.instancePath}/${error.params.missingProperty}` : error.instancePath;
    if (told.has(fault)) continue;
    told.add(fault);
    const [rule, message] = describe(error, blocks);
    report.error(FILE, rule, message, widget.locate('manifest.json', rule === 'location-block' ? '/locations' : error.instancePath));
  }

  if (manifest.widget && typeof manifest.widget === 'object' && manifest.widget.support === undefined) {
    report.error(FILE, 'support-missing', 'widget has no "support": add "support": {"link": "https://...", "email": "..."} (Marketplace moderation requires a way to reach you)', widget.locate('manifest.json', '/widget'));
  }

  const settings = manifest.settings && typeof manifest.settings === 'object' ? manifest.settings : {};
  const customs = Object.keys(settings).filter((code) => settings[code] && settings[code].type === 'custom');
  if (customs.length > 1) {
    report.error(FILE, 'setting-custom', `settings ${customs.join(' and ')} have type custom: the platform allows at most one, keep one`, widget.locate('manifest.json', `/settings/${customs[1]}`));
  }
  const places = widget.model.customSettingPlaces();
  if (customs.length && !places.some((code) => widget.areas.includes(code))) {
    report.error(FILE, 'setting-custom', `settings.${customs[0]} has type custom, drawn in the settings modal: add ${places.map((code) => `"${code}"`).join(' or ')} to locations`, widget.locate('manifest.json', '/locations'));
  }

  for (const ref of references.filter((r) => r.kind === 'file')) {
    const rel = ref.value.replace(/^\.?\//, '');
    if (!widget.has(rel)) {
      report.error(FILE, 'file-ref', `${ref.path} names ${show(ref.value)}, which is not in widget/: add widget/${rel} or fix the path`, widget.locate('manifest.json', ref.pointer));
    }
  }
};
