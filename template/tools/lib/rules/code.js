// The widget's JavaScript, parsed (acorn): it must parse, leave no console.* or debugger behind
// (moderation rejects stray console output), and should use APP rather than the old AMOCRM
// global, never write to APP, and never compare with a suffixed area ('lcard-1'): at run time
// self.system().area is 'lcard'.
'use strict';

const acorn = require('acorn');
const walk = require('acorn-walk');
const { isVendor } = require('./minified');
const { bareLocation } = require('../platform');

// The global an expression hangs from: APP for APP.a.b, null for anything else.
function rootName(node) {
  while (node && node.type === 'MemberExpression') node = node.object;
  return node && node.type === 'Identifier' ? node.name : null;
}

module.exports = function codeRule(widget, report) {
  const suffixed = new Set();
  for (const [code, loc] of Object.entries(widget.rules.locations)) {
    if (loc.suffix) for (const suffix of Object.keys(widget.rules.suffixes)) suffixed.add(`${code}-${suffix}`);
  }
  for (const rel of widget.files.filter((f) => f.endsWith('.js'))) {
    const file = `widget/${rel}`;
    let ast;
    try {
      ast = acorn.parse(widget.text(rel), { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowHashBang: true });
    } catch (error) {
      const at = error.loc ? { line: error.loc.line, col: error.loc.column + 1 } : {};
      report.error(file, 'js-syntax', `does not parse (${error.message.replace(/ \(\d+:\d+\)$/, '')}): fix the syntax`, at);
      continue;
    }
    const at = (node) => ({ line: node.loc.start.line, col: node.loc.start.column + 1 });
    const writesApp = (node, target) => {
      if (rootName(target) === 'APP') {
        report.warn(file, 'app-write', 'writes to APP, the CRM\'s own object: keep the widget\'s state in its own variables', at(node));
      }
    };
    const comparesArea = (node, operands) => {
      const literal = operands.find((o) => o && o.type === 'Literal' && suffixed.has(o.value));
      if (literal) {
        const bare = bareLocation(literal.value);
        report.warn(file, 'area-suffix', `compares with '${literal.value}', but self.system().area is '${bare}' (no suffix): compare with '${bare}'`, at(node));
      }
    };
    walk.ancestor(ast, {
      Identifier(node, ancestors) {
        const parent = ancestors[ancestors.length - 2];
        if (node.name === 'console' && !isVendor(rel)) { // moderation reads the widget's own code
          const member = parent && parent.type === 'MemberExpression' && parent.object === node && !parent.computed;
          const what = member ? `console.${parent.property.name}` : 'console';
          report.error(file, 'no-console', `${what} left in: delete it (moderation rejects stray console output)`, at(node));
        } else if (node.name === 'AMOCRM') {
          report.warn(file, 'amocrm-global', 'uses AMOCRM, the old name of the CRM\'s global: use APP', at(node));
        }
      },
      DebuggerStatement(node) {
        if (!isVendor(rel)) report.error(file, 'no-debugger', 'debugger statement left in: delete it', at(node));
      },
      AssignmentExpression: (node) => writesApp(node, node.left),
      UpdateExpression: (node) => writesApp(node, node.argument),
      UnaryExpression: (node) => node.operator === 'delete' && writesApp(node, node.argument),
      BinaryExpression: (node) => /^[!=]==?$/.test(node.operator) && comparesArea(node, [node.left, node.right]),
      SwitchCase: (node) => comparesArea(node, [node.test]),
    });
  }
};
