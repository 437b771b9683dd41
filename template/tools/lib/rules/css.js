// The widget's CSS (css-tree): every selector starts with the widget's root class (or a BEM class
// of it: root__element, root--modifier; or any class starting with it when it ends in "-"), so the
// widget never restyles the CRM or other widgets.
// The root class comes from package.json "widget.root_class".
'use strict';

// The parser and walker alone: the full css-tree also loads the CSS grammar, twice the time.
const parse = require('css-tree/parser');
const walk = require('css-tree/walker');
const { keyword } = require('css-tree/utils');

// At-rules whose blocks hold no selectors.
const NOT_SELECTORS = new Set(['keyframes', '-webkit-keyframes', 'font-face', 'page', 'counter-style', 'property']);

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

  for (const rel of sheets) {
    const file = `widget/${rel}`;
    const source = widget.text(rel);
    const ast = parse(source, {
      positions: true,
      onParseError(error) {
        report.error(file, 'css-syntax', `does not parse (${error.message}): fix the CSS syntax`, { line: error.line, col: error.column });
      },
    });
    walk(ast, {
      visit: 'Rule',
      enter(rule) {
        if (this.atrule && NOT_SELECTORS.has(keyword(this.atrule.name).basename)) return;
        if (rule.prelude.type !== 'SelectorList') return; // a parse error, reported above
        rule.prelude.children.forEach((selector) => {
          // The first compound selector: everything before the first combinator.
          let first = true;
          let ok = false;
          selector.children.forEach((node) => {
            if (node.type === 'Combinator') first = false;
            else if (first && node.type === 'ClassSelector' && scoped(node.name)) ok = true;
          });
          if (!ok) {
            const { start, end } = selector.loc;
            const text = source.slice(start.offset, end.offset).replace(/\s+/g, ' ');
            const at = { line: start.line, col: start.column };
            report.error(file, 'css-scope', `"${text}" is not under the widget's root class: start it with .${root}, e.g. ".${root} ${text}"`, at);
          }
        });
      },
    });
  }
};
