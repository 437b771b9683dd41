// The widget tree as check and pack see it: the files under widget/ (junk left out), their
// bytes and parsed JSON, the platform's rules (tools/platform.json) and the widget's root class.
'use strict';

const fs = require('fs');
const path = require('path');
const { bareLocation } = require('./platform');
const { readProject } = require('./project');

// Files an OS, an editor or version control leaves beside real ones (dot files and folders such as
// .git/ and .gitignore in an existing widget's folder included): never packed, never checked.
const JUNK = [/^\./, /^Thumbs\.db$/i, /^desktop\.ini$/i, /~$/, /\.sw[a-p]$/, /^#.*#$/];
const isJunk = (name) => JUNK.some((pattern) => pattern.test(name));

// Text files of a widget (the rest, images mostly, are binary).
const TEXT = new Set(['.json', '.js', '.css', '.twig', '.html', '.svg', '.txt', '.md']);
const isText = (file) => TEXT.has(path.extname(file).toLowerCase());

// Every file under dir (relative, forward slashes, sorted by code point), junk left out.
function listFiles(dir) {
  const files = [];
  (function walk(rel) {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (isJunk(entry.name)) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const stat = entry.isSymbolicLink() ? fs.statSync(path.join(dir, child)) : entry;
      if (stat.isDirectory()) walk(child);
      else if (stat.isFile()) files.push(child);
    }
  })('');
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// 1-based line and column of an offset in a text.
function position(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

// A JSON text parsed; on failure, where and why (JSON.parse's message has no line in Node 20,
// so jsonc-parser, loaded only then, locates the first error).
function parseJson(text) {
  try {
    return { value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
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
    return { error: { ...position(text, first.offset), message: `invalid JSON: ${explain}` } };
  }
}

// Line and column of the value at a JSON pointer in a JSON text (of the nearest parent when the
// value is missing); {} when the text does not parse.
function locate(text, pointer) {
  const { parseTree, findNodeAtLocation } = require('jsonc-parser');
  const tree = parseTree(text);
  if (!tree) return {};
  const segments = pointer.split('/').slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  for (;;) {
    const node = findNodeAtLocation(tree, segments);
    if (node) return position(text, node.offset);
    if (!segments.length) return {};
    segments.pop();
  }
}

function loadWidget(projectDir) {
  const root = path.resolve(projectDir);
  const project = readProject(root);
  const dir = project.widgetDir;
  const files = fs.existsSync(dir) ? listFiles(dir) : [];
  const buffers = new Map();
  const jsons = new Map();

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
    has: (rel) => files.includes(rel),
    buffer(rel) {
      if (!buffers.has(rel)) buffers.set(rel, fs.readFileSync(path.join(dir, rel)));
      return buffers.get(rel);
    },
    text: (rel) => widget.buffer(rel).toString('utf8').replace(/^\uFEFF/, ''),
    locate: (rel, pointer) => locate(widget.text(rel), pointer),
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

module.exports = { loadWidget, listFiles, isJunk, isText };
