// The widget tree as check and pack see it: the files of the upload set (upload-set.js), their
// bytes and parsed JSON, the platform's rules (tools/platform.json) and the widget's root class.
'use strict';

const path = require('path');
const { bareLocation } = require('./platform');
const { readProject } = require('./project');
const { uploadSet, readUploadFile } = require('./upload-set');
const { scanJson, lineIndex } = require('./json-scan');

// Text files of a widget (the rest, images mostly, are binary).
const TEXT = new Set(['.json', '.js', '.css', '.twig', '.html', '.svg', '.txt', '.md']);
const isText = (file) => TEXT.has(path.extname(file).toLowerCase());

// The files pack zips (tools/lib/upload-set.js): relative, forward slashes, sorted.
const listFiles = (dir) => uploadSet(dir).files;

// Deeper than this, a JSON file is no widget's data; parsers that recurse would overflow.
const MAX_JSON_DEPTH = 100;

// A JSON text parsed; on failure, where and why (JSON.parse's message has no line in Node 20,
// so jsonc-parser, loaded only then, locates the first error).
function parseJson(text) {
  const position = lineIndex(text);
  try {
    const value = JSON.parse(text.replace(/^\uFEFF/, ''));
    const { depth, duplicates } = scanJson(text);
    if (depth > MAX_JSON_DEPTH) {
      return { error: { line: 1, col: 1, message: `nests ${depth} levels deep, over the ${MAX_JSON_DEPTH} any widget file needs: flatten it` } };
    }
    return { value, duplicates: duplicates.map((d) => ({ key: d.key, ...position(d.offset), first: position(d.first).line })) };
  } catch (error) {
    const { depth } = scanJson(text);
    if (depth > MAX_JSON_DEPTH) {
      return { error: { line: 1, col: 1, message: `invalid JSON that nests ${depth} levels deep: fix the syntax, and keep it under ${MAX_JSON_DEPTH} levels` } };
    }
    const { parse, printParseErrorCode } = require('jsonc-parser');
    const errors = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false });
    if (!errors.length) return { error: { line: 1, col: 1, message: error.message } };
    const first = errors[0];
    const explain = {
      InvalidCommentToken: 'comments are not allowed in JSON: delete the // or /* */ comment',
      PropertyNameExpected: 'a property name was expected (a trailing comma before } or ]?): delete the comma or add the property',
      ValueExpected: 'a value was expected (a trailing comma before } or ]?): delete the comma or add the value',
      CommaExpected: 'a comma is missing between two items: add it',
      ColonExpected: 'a colon is missing after the property name: add it',
      CloseBraceExpected: 'a } is missing: close the object',
      CloseBracketExpected: 'a ] is missing: close the array',
      EndOfFileExpected: 'text follows the end of the JSON value: delete it',
      InvalidSymbol: 'an invalid symbol (single quotes, unquoted name?): use double-quoted strings',
      UnexpectedEndOfString: 'a string is not closed: add the closing "',
      InvalidCharacter: 'a control character (tab or line break?) inside a string: escape it as \\t or \\n',
    }[printParseErrorCode(first.error)] || `${printParseErrorCode(first.error)}: fix the JSON syntax`;
    return { error: { ...position(first.offset), message: `invalid JSON: ${explain}` } };
  }
}

// Line and column of the value at a JSON pointer in a JSON text (of the nearest parent when the
// value is missing); {} when the text does not parse. `cached` keeps the parse tree and the line
// index of each text, so that thousands of lookups in one file stay linear.
function locate(cached, pointer) {
  const { findNodeAtLocation } = require('jsonc-parser');
  const { tree, position } = cached();
  if (!tree) return {};
  const segments = pointer.split('/').slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  for (;;) {
    const node = findNodeAtLocation(tree, segments);
    if (node) return position(node.offset);
    if (!segments.length) return {};
    segments.pop();
  }
}

function loadWidget(projectDir) {
  const root = path.resolve(projectDir);
  const project = readProject(root);
  const dir = project.widgetDir;
  const upload = uploadSet(dir);
  const files = upload.files;
  const buffers = new Map();
  const jsons = new Map();
  const trees = new Map();

  const fileSet = new Set(files);
  const widget = {
    root,
    dir,
    rules: project.rules,
    model: project.model,
    project,
    // The class every style.css rule must start with: package.json "widget.root_class".
    rootClass: project.rootClass,
    // Meant for the Marketplace (package.json "widget.marketplace"): moderation rules are errors.
    marketplace: project.marketplace,
    files,
    // What is left out of widget.zip, and what cannot go in: {excluded, refused} of upload-set.js.
    upload,
    has: (rel) => fileSet.has(rel),
    buffer(rel) {
      if (!buffers.has(rel)) buffers.set(rel, readUploadFile(dir, rel));
      return buffers.get(rel);
    },
    text: (rel) => widget.buffer(rel).toString('utf8').replace(/^\uFEFF/, ''),
    locate: (rel, pointer) => locate(() => {
      if (!trees.has(rel)) {
        const text = widget.text(rel);
        const { depth } = scanJson(text);
        const tree = depth > MAX_JSON_DEPTH ? undefined : require('jsonc-parser').parseTree(text);
        trees.set(rel, { tree, position: lineIndex(text) });
      }
      return trees.get(rel);
    }, pointer),
    // {value} or {error: {line, col, message}}; null when the file does not exist.
    json(rel) {
      if (!widget.has(rel)) return null;
      if (!jsons.has(rel)) jsons.set(rel, parseJson(widget.buffer(rel).toString('utf8')));
      return jsons.get(rel);
    },
  };
  const manifest = widget.json('manifest.json');
  widget.manifest = manifest && manifest.value && typeof manifest.value === 'object' ? manifest.value : null;
  const locations = widget.manifest && Array.isArray(widget.manifest.locations) ? widget.manifest.locations : [];
  // Areas as the platform names them at run time: 'lcard', not 'lcard-1'.
  widget.locations = locations.filter((l) => typeof l === 'string');
  widget.areas = widget.locations.map(bareLocation);
  return widget;
}

module.exports = { loadWidget, listFiles, isText };
