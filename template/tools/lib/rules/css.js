// The widget's CSS (css-tree): every selector is scoped to the widget, so the widget never
// restyles the CRM or other widgets. A selector is scoped when one of its compound selectors
// carries the widget's root class or a BEM class of it (root__element, root--modifier; or any class
// starting with it when it ends in "-", an existing widget's prefix): a CRM
// container before it (`.card-widgets__widget .w-x__hint`) is fine. The advice for an unscoped
// selector puts the root class before its subject (and the siblings or parents > + ~ bind to
// it), which matches the widget's own elements wherever the CRM draws them; a rule on the page itself (html, body, :root) gets its
// own message, as no root class can scope it. The root class comes from package.json
// "widget.root_class".
'use strict';

// The parser and walker alone: the full css-tree also loads the CSS grammar, twice the time.
const parse = require('css-tree/parser');
const walk = require('css-tree/walker');
const { keyword } = require('css-tree/utils');

// At-rules whose blocks hold no selectors.
const NOT_SELECTORS = new Set(['keyframes', '-webkit-keyframes', 'font-face', 'page', 'counter-style', 'property']);

// The compound selectors of a selector: runs of simple selectors between combinators.
function compounds(selector) {
  const list = [[]];
  selector.children.forEach((node) => {
    if (node.type === 'Combinator') list.push([]);
    else list[list.length - 1].push(node);
  });
  return list.filter((compound) => compound.length);
}

// Offset where the subject's chain starts: after the last descendant combinator, else the start.
function chainOffset(selector) {
  let offset = selector.loc.start.offset;
  let afterDescendant = false;
  selector.children.forEach((node) => {
    if (node.type === 'Combinator') afterDescendant = node.name === ' ';
    else if (afterDescendant) {
      offset = node.loc.start.offset;
      afterDescendant = false;
    }
  });
  return offset;
}

// A compound that can only be the page itself: html, body or :root.
const isPage = (compound) => compound.some((node) =>
  (node.type === 'TypeSelector' && /^(html|body)$/i.test(node.name))
  || (node.type === 'PseudoClassSelector' && node.name.toLowerCase() === 'root'));

// For a root class that is a prefix ("oldw-"): the scoped class that most often opens a selector
// of the widget's sheets (its outermost element's class, `oldw-panel`), or null.
function prefixAnchor(parsed, scoped) {
  const counts = new Map();
  for (const { ast } of parsed) {
    walk(ast, {
      visit: 'Selector',
      enter(selector) {
        const [first] = compounds(selector);
        (first || []).forEach((node) => {
          if (node.type === 'ClassSelector' && scoped(node.name)) counts.set(node.name, (counts.get(node.name) || 0) + 1);
        });
      },
    });
  }
  let best = null;
  counts.forEach((count, name) => { if (!best || count > counts.get(best)) best = name; });
  return best;
}

module.exports = function cssRule(widget, report) {
  const sheets = widget.files.filter((f) => f.endsWith('.css'));
  if (!sheets.length) return;
  const root = widget.rootClass;
  if (!root) {
    report.warn('package.json', 'css-scope', 'has no "widget": {"root_class": "w-..."}: add the widget\'s root class there so check can verify that style.css is scoped');
    return;
  }
  // A root class ending in "-" is a prefix (an existing widget's classes oldw-panel, oldw-button: "oldw-").
  const scoped = root.endsWith('-') ? (name) => name.startsWith(root)
    : (name) => name === root || name.startsWith(`${root}__`) || name.startsWith(`${root}--`);
  const carriesRoot = (compound) => compound.some((node) => node.type === 'ClassSelector' && scoped(node.name));

  const parsed = sheets.map((rel) => {
    const file = `widget/${rel}`;
    const source = widget.text(rel);
    const ast = parse(source, {
      positions: true,
      onParseError(error) {
        report.error(file, 'css-syntax', `does not parse (${error.message}): fix the CSS syntax`, { line: error.line, col: error.column });
      },
    });
    return { file, source, ast };
  });
  // The class the advice puts before a selector: the root class itself, or for a prefix the
  // widget's class that most often opens its scoped selectors (`.oldw-panel`), a class the
  // widget's elements really carry; null when the CSS has none.
  const anchor = root.endsWith('-') ? prefixAnchor(parsed, scoped) : root;

  for (const { file, source, ast } of parsed) {
    const slice = (from, to) => source.slice(from, to).replace(/\s+/g, ' ').trim();
    const nested = new Set();
    walk(ast, {
      visit: 'Rule',
      enter(rule) {
        // A rule nested in another (CSS nesting) is checked through its parent.
        if (rule.block) rule.block.children.forEach((child) => child.type === 'Rule' && nested.add(child));
        if (nested.has(rule)) return;
        if (this.atrule && NOT_SELECTORS.has(keyword(this.atrule.name).basename)) return;
        if (rule.prelude.type !== 'SelectorList') return; // a parse error, reported above
        const declarations = rule.block.children.toArray().filter((node) => node.type === 'Declaration');
        const onlyCustom = declarations.length > 0 && declarations.every((node) => node.property.startsWith('--'));
        rule.prelude.children.forEach((selector) => {
          const parts = compounds(selector);
          if (parts.some(carriesRoot)) return;
          const { start, end } = selector.loc;
          const text = slice(start.offset, end.offset);
          const at = { line: start.line, col: start.column };
          const subject = parts[parts.length - 1];
          if (isPage(subject)) {
            const noAnchor = `a class starting with "${root}" that the widget's outermost element carries`;
            const custom = declarations.map((d) => `${d.property}: …`).join('; ');
            const message = onlyCustom
              ? `"${text}" sets custom properties on the CRM's whole page, where they can clash with the CRM's own: set them on the widget's root class instead, ${anchor ? `".${anchor} { ${custom} }"` : noAnchor}; every element the widget draws inherits them`
              : `"${text}" styles the CRM's page itself, not the widget: move these declarations to a rule on the widget's root class, ${anchor ? `".${anchor}"` : noAnchor}`;
            report.error(file, 'css-scope', message, at);
            return;
          }
          // The root class before the subject's chain (the compounds after the last descendant
          // combinator, bound by >, + or ~): `A B .root C > D` matches C > D inside the widget
          // wherever the CRM puts the widget under A B.
          const chainStart = chainOffset(selector);
          const before = slice(start.offset, chainStart);
          if (!anchor) {
            report.error(file, 'css-scope', `"${text}" is not under the widget's root class: scope it with a class starting with "${root}" that the widget's outermost element carries, before "${slice(chainStart, end.offset)}"`, at);
            return;
          }
          const fixed = `${before ? `${before} ` : ''}.${anchor} ${slice(chainStart, end.offset)}`;
          report.error(file, 'css-scope', `"${text}" is not under the widget's root class: scope it, e.g. "${fixed}"`, at);
        });
      },
    });
  }
};
