// manifest.json against tools/schema/manifest.schema.json (ajv), and the i18n keys and files the
// manifest names (the schema marks those strings with its own "reference" keyword).
//
// Compiling the schema costs more than all the rest of check, so the compiled validator is kept
// as ajv standalone code in node_modules/.cache/widget-toolkit/, keyed by the schema, ajv's
// version and this file; without a writable cache it is compiled on each run.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const SCHEMA_FILE = path.join(__dirname, '..', 'schema', 'manifest.schema.json');
const OPTIONS = { allErrors: true, verbose: true, allowUnionTypes: true };

function compile(schema) {
  const Ajv = require('ajv');
  const ajv = new Ajv({
    ...OPTIONS,
    code: { source: true, formats: Ajv._`require("ajv-formats/dist/formats").fullFormats` },
  });
  require('ajv-formats')(ajv, ['uri', 'email']);
  ajv.addVocabulary(['enumDescriptions', 'reference']); // annotations: VS Code's labels, ours
  const validate = ajv.compile(schema);
  return { validate, code: () => require('ajv/dist/standalone').default(ajv, validate) };
}

let validator = null;

function loadValidator() {
  const text = fs.readFileSync(SCHEMA_FILE, 'utf8');
  const schema = JSON.parse(text);
  let cacheFile = null;
  try {
    const ajvDir = path.dirname(require.resolve('ajv/package.json'));
    const key = crypto.createHash('sha256')
      .update(require('ajv/package.json').version).update(text).update(fs.readFileSync(__filename))
      .digest('hex').slice(0, 16);
    cacheFile = path.join(ajvDir, '..', '.cache', 'widget-toolkit', `manifest-${key}.js`);
    return { schema, validate: require(cacheFile) };
  } catch {
    // Not cached yet (or no node_modules/.cache): compile, then try to cache.
  }
  const { validate, code } = compile(schema);
  if (cacheFile) {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, code());
      fs.renameSync(temporary, cacheFile);
    } catch {
      // A read-only node_modules: the next run compiles again.
    }
  }
  return { schema, validate };
}

// '/settings/api_key/name' -> 'settings.api_key.name'; '/locations/2' -> 'locations[2]'
function pointerToPath(pointer) {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

// Strings of the manifest whose schema says "reference": walks the schema beside the data
// through properties, additionalProperties, items and local $refs (all the schema uses).
function references(root, node, value, pointer = '', out = []) {
  if (node && node.$ref) node = node.$ref.split('/').slice(1).reduce((n, key) => n[key], root);
  if (!node || typeof node !== 'object') return out;
  if (node.reference && typeof value === 'string') {
    out.push({ kind: node.reference, value, pointer, path: pointerToPath(pointer) });
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => references(root, node.items, item, `${pointer}/${i}`, out));
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const sub = node.properties && key in node.properties ? node.properties[key] : node.additionalProperties;
      references(root, sub, inner, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
    }
  }
  return out;
}

const results = new WeakMap();

// {errors: ajv errors (empty when valid), references: [{kind: 'i18n'|'file', value, pointer, path}]}
function validateManifest(manifest) {
  if (!results.has(manifest)) {
    validator = validator || loadValidator();
    const valid = validator.validate(manifest);
    results.set(manifest, {
      errors: valid ? [] : validator.validate.errors,
      references: references(validator.schema, validator.schema, manifest),
    });
  }
  return results.get(manifest);
}

module.exports = { validateManifest, pointerToPath };
