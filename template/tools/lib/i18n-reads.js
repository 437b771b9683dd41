/**
 * i18n-reads.js: every i18n text the widget reads, found without running it, and the locale
 * files that lack one. Used by `npm run check` (rule i18n-read) and by the SDK emulator of
 * `npm test` (tools/emulator/node.js), so both report the same misses.
 *
 * What counts as a read (the platform's self.i18n(key) returns the i18n file's top-level value,
 * https://www.amocrm.ru/developers/content/integrations/script_js):
 *   - script.js (every widget/*.js, acorn): `self.i18n('group')`, `self.i18n('group').a.b`, and
 *     `x.a` where x is a variable (var/let/const, in the scope that declares it) holding
 *     `self.i18n('group')`; a read guarded by `||`, `??`, `typeof` or `in`, one in a condition
 *     (if, ?:, the left of &&), and one under a condition naming its key is optional;
 *   - Twig templates (twig.js's own compiler): `{{ lang.a }}`, `{% if i18n.b %}`, ... where the
 *     template is drawn with a group: script.js passes its name and an i18n group to one call,
 *     as the scaffold's `draw('panel', self.i18n('panel'))` does. The variables `lang` and
 *     `i18n` are the group; a read with `|default` or `is defined`, one in an `{% if %}` condition
 *     and one inside an `{% if %}` that tests its key is optional. A template no
 *     call pairs with a group is not analysed (nothing to compare with).
 *
 *   findReads(widget) -> [{file: 'widget/...', line, col, key: 'group.a.b', via: 'script'|'twig'}]
 *   findMisses(widget, messages) -> [{file, line, col, key, via, locales: ['en', ...]}]
 *   localeWarnings(projectDir, locale) -> ['i18n/en.json has no text "panel.hint", which
 *     widget/templates/panel.twig:5:6 prints', ...] (the emulator's warnings for one locale)
 *     widget: {files: [paths relative to widget/], text(rel) -> string} (lib/widget.js loadWidget)
 *     messages: {locale: parsed i18n/<locale>.json}
 * Files that do not parse are skipped (check reports them under js-syntax). Never throws for a
 * widget's content; needs the npm packages acorn, acorn-walk and twig.
 */
'use strict';

const acorn = require('acorn');
const walk = require('acorn-walk');

const TWIG_VARIABLES = new Set(['lang', 'i18n']);

// 1-based line and column of an offset.
function position(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

// 'group' when node is X.i18n('group'); undefined otherwise.
function i18nGroup(node) {
  if (!node || node.type !== 'CallExpression' || node.arguments.length !== 1) return undefined;
  const callee = node.callee;
  const arg = node.arguments[0];
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.name !== 'i18n') return undefined;
  return arg.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
}

const propertyName = (member) => (!member.computed ? member.property.name
  : member.property.type === 'Literal' && typeof member.property.value === 'string' ? member.property.value : undefined);

const isFunction = (node) => /Function/.test(node.type);

// Names a function (or the program) declares itself: parameters and var/let/const of its body,
// nested functions left out.
function declared(scope) {
  const names = new Set();
  const addPattern = (pattern) => {
    if (!pattern) return;
    if (pattern.type === 'Identifier') names.add(pattern.name);
    else if (pattern.type === 'AssignmentPattern') addPattern(pattern.left);
    else if (pattern.type === 'RestElement') addPattern(pattern.argument);
    else if (pattern.type === 'ArrayPattern') pattern.elements.forEach(addPattern);
    else if (pattern.type === 'ObjectPattern') pattern.properties.forEach((p) => addPattern(p.value || p.argument));
  };
  if (isFunction(scope)) {
    scope.params.forEach(addPattern);
    if (scope.id && scope.type === 'FunctionExpression') names.add(scope.id.name);
  }
  (function visit(node) {
    if (!node || typeof node.type !== 'string') return;
    if (node !== scope && isFunction(node)) {
      if (node.type === 'FunctionDeclaration' && node.id) names.add(node.id.name);
      return;
    }
    if (node.type === 'VariableDeclarator') addPattern(node.id);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || key === 'params') continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value.type === 'string') visit(value);
    }
  })(isFunction(scope) ? scope.body : scope);
  return names;
}

// Reads of one JS file, and the (template name, group) pairs its calls make.
function scriptReads(rel, text, templates) {
  let ast;
  try {
    ast = acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowReturnOutsideFunction: true });
  } catch {
    return { reads: [], pairs: [] };
  }
  const file = `widget/${rel}`;
  const scopes = new Map(); // function or program node -> {names, groups: name -> group}
  const scopeOf = (node) => {
    if (!scopes.has(node)) scopes.set(node, { names: declared(node), groups: new Map() });
    return scopes.get(node);
  };
  // The innermost scope that declares `name`, from the ancestors (outermost first).
  const binding = (name, ancestors) => {
    for (let i = ancestors.length - 1; i >= 0; i -= 1) {
      const node = ancestors[i];
      if (isFunction(node) || node.type === 'Program') {
        const scope = scopeOf(node);
        if (scope.names.has(name)) return scope.groups.get(name);
      }
    }
    return undefined;
  };

  // Pass 1: variables holding a group (`var lang = self.i18n('panel')`).
  walk.ancestor(ast, {
    VariableDeclarator(node, _state, ancestors) {
      const group = i18nGroup(node.init);
      if (group === undefined || node.id.type !== 'Identifier') return;
      const scope = [...ancestors].reverse().find((a) => isFunction(a) || a.type === 'Program');
      scopeOf(scope).groups.set(node.id.name, group);
    },
  });

  const groupOf = (node, ancestors) => {
    const direct = i18nGroup(node);
    if (direct !== undefined) return direct;
    return node && node.type === 'Identifier' ? binding(node.name, ancestors) : undefined;
  };

  // Pass 2: reads and template pairs.
  const reads = [];
  const at = (node, key) => ({ file, line: node.loc.start.line, col: node.loc.start.column + 1, key, via: 'script' });
  const pairs = [];
  const optional = (node, parent) => parent && (
    (parent.type === 'LogicalExpression' && parent.left === node && parent.operator !== '&&')
    || (parent.type === 'UnaryExpression' && parent.operator === 'typeof')
    || (parent.type === 'BinaryExpression' && parent.operator === 'in'));
  // A read inside a condition (if, ?:, the left of && or ||) tests the text; a read under a
  // condition that names the same key (truthiness, typeof, in, hasOwnProperty) is guarded.
  // Either works in the CRM without the text, so neither is a miss.
  const names = (test, key) => new RegExp(`(^|[^\\w$])${key.replace(/\$/g, '\\$')}($|[^\\w$])`)
    .test(text.slice(test.start, test.end));
  const tested = (ancestors, key) => {
    for (let i = ancestors.length - 2; i >= 0; i -= 1) {
      const holder = ancestors[i];
      const test = holder.type === 'IfStatement' || holder.type === 'ConditionalExpression' ? holder.test
        : holder.type === 'LogicalExpression' ? holder.left : null;
      if (test && (test === ancestors[i + 1] || names(test, key))) return true;
    }
    return false;
  };
  walk.ancestor(ast, {
    CallExpression(node, _state, ancestors) {
      const group = i18nGroup(node);
      const parent = ancestors[ancestors.length - 2];
      if (group !== undefined && !(parent && parent.type === 'MemberExpression' && parent.object === node)) {
        reads.push(at(node, group));
      }
      const names = node.arguments.filter((a) => a.type === 'Literal' && templates.has(a.value)).map((a) => a.value);
      if (!names.length) return;
      for (const arg of node.arguments) {
        const paired = groupOf(arg, ancestors);
        if (paired !== undefined) names.forEach((name) => pairs.push({ name, group: paired }));
      }
    },
    MemberExpression(node, _state, ancestors) {
      const parent = ancestors[ancestors.length - 2];
      if (parent && parent.type === 'MemberExpression' && parent.object === node) return; // the outermost only
      // The chain from its base: base.a.b.c, up to a computed non-literal or a method call.
      const chain = [];
      let base = node;
      while (base.type === 'MemberExpression') {
        chain.unshift(base);
        base = base.object;
      }
      const group = groupOf(base, ancestors);
      if (group === undefined) return;
      const keys = [];
      for (const member of chain) {
        const name = propertyName(member);
        if (name === undefined) break;
        keys.push(name);
      }
      if (parent && parent.type === 'CallExpression' && parent.callee === node) keys.pop(); // a method of a text
      if (!keys.length) {
        reads.push(at(base, group));
        return;
      }
      if (optional(node, parent) || (parent && parent.type === 'AssignmentExpression' && parent.left === node)) return;
      if (tested(ancestors, keys[keys.length - 1])) return;
      reads.push(at(chain[0].property, [group, ...keys].join('.')));
    },
  });
  return { reads, pairs };
}

// Reads of one Twig template drawn with `group`: twig.js compiles it, and every variable token
// lang/i18n with the keys after it is a read.
let Twig = null;
function twigReads(rel, text, group) {
  Twig = Twig || require('twig');
  let tokens;
  try {
    tokens = Twig.twig({ data: text, rethrow: true, allowInlineIncludes: false }).tokens;
  } catch {
    return [];
  }
  const reads = [];
  const file = `widget/${rel}`;
  const type = (token) => String(token && token.type).replace('Twig.expression.type.', '');
  // Keys lang/i18n reads in a list of expression tokens.
  const keysIn = (stack) => stack.flatMap((token, i) => (type(token) === 'variable' && TWIG_VARIABLES.has(token.value)
    && stack[i + 1] && type(stack[i + 1]) === 'key.period' ? [stack[i + 1].key] : []));
  // guard: keys an enclosing {% if %} tests (their reads are guarded), or true inside a condition.
  const visit = (value, start, guard) => {
    if (Array.isArray(value)) {
      value.forEach((token, i) => {
        if (type(token) === 'variable' && TWIG_VARIABLES.has(token.value)) {
          const keys = [];
          let j = i + 1;
          for (; j < value.length; j += 1) {
            const next = value[j];
            if (type(next) === 'key.period') keys.push(next.key);
            else if (type(next) === 'key.brackets' && next.stack && next.stack.length === 1 && type(next.stack[0]) === 'string') keys.push(next.stack[0].value);
            else break;
          }
          const after = value[j];
          const guarded = guard === true || (keys.length && guard.has(keys[0]))
            || (after && ((type(after) === 'filter' && after.value === 'default') || type(after) === 'test'));
          if (!guarded) reads.push({ file, ...position(text, start), key: [group, ...keys].join('.'), via: 'twig' });
        }
        visit(token, start, guard);
      });
    } else if (value && typeof value === 'object') {
      const here = value.position ? (value.position.open || value.position).start : undefined;
      const at = typeof here === 'number' ? here : start;
      const condition = /^Twig\.logic\.type\.(else)?if$/.test(value.type) && Array.isArray(value.stack);
      const inside = condition && guard !== true ? new Set([...guard, ...keysIn(value.stack)]) : guard;
      for (const [key, inner] of Object.entries(value)) {
        if (key !== 'position' && key !== 'match') visit(inner, at, condition && key === 'stack' ? true : inside);
      }
    }
  };
  visit(tokens, 0, new Set());
  return reads;
}

function findReads(widget) {
  const templates = new Set(widget.files.filter((f) => /^templates\/[^/]+\.twig$/.test(f)).map((f) => f.slice(10, -5)));
  const reads = [];
  const groups = new Map(); // template name -> Set of groups
  for (const rel of widget.files.filter((f) => f.endsWith('.js'))) {
    const found = scriptReads(rel, widget.text(rel), templates);
    reads.push(...found.reads);
    for (const { name, group } of found.pairs) {
      if (!groups.has(name)) groups.set(name, new Set());
      groups.get(name).add(group);
    }
  }
  for (const [name, set] of groups) {
    const rel = `templates/${name}.twig`;
    for (const group of set) reads.push(...twigReads(rel, widget.text(rel), group));
  }
  return reads;
}

// Does the dotted key lead to a value? Reading a property of a text (`.length`) counts as found.
function resolves(messages, key) {
  let node = messages;
  for (const part of key.split('.')) {
    if (typeof node === 'string') return true;
    if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return false;
    node = node[part];
  }
  return node !== undefined && node !== null;
}

function findMisses(widget, messages) {
  const misses = [];
  const seen = new Set();
  for (const read of findReads(widget)) {
    const id = `${read.file}:${read.line}:${read.col}:${read.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const locales = Object.keys(messages).filter((locale) => !resolves(messages[locale], read.key));
    if (locales.length) misses.push({ ...read, locales });
  }
  return misses;
}

function localeWarnings(projectDir, locale) {
  const { loadWidget } = require('./widget');
  const widget = loadWidget(projectDir);
  const parsed = widget.json(`i18n/${locale}.json`);
  if (!parsed || !parsed.value || typeof parsed.value !== 'object') return [];
  return findMisses(widget, { [locale]: parsed.value }).map((miss) =>
    `i18n/${locale}.json has no text "${miss.key}", which ${miss.file}:${miss.line}:${miss.col} ${miss.via === 'twig' ? 'prints' : 'reads'}`);
}

module.exports = { findReads, findMisses, localeWarnings };
