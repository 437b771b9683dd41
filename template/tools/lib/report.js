// Problems found by check: collected by the rules, printed one line each.
// Line format: <file>[:line[:col]]: <error|warning> <rule> (<kind>): <what is wrong>: <how to fix it>
// The kind (platform, moderation, convention: lib/kinds.js) decides the severity.
'use strict';

const { kindOf, severity } = require('./kinds');

// options.marketplace: the widget is meant for the Marketplace (moderation problems are errors).
// A fault reported twice (same file, line, rule and message) is kept once.
function createReport(options = {}) {
  const problems = [];
  const seen = new Set();
  const add = (wanted) => (file, rule, message, where = {}) => {
    const key = JSON.stringify([file, where.line, rule, message]);
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({
      file, line: where.line, col: where.col, severity: severity(rule, wanted, !!options.marketplace),
      rule, kind: kindOf(rule), message,
    });
  };
  return { problems, error: add('error'), warn: add('warning') };
}

function formatProblem(p) {
  const at = p.line ? `:${p.line}${p.col ? `:${p.col}` : ''}` : '';
  return `${p.file}${at}: ${p.severity} ${p.rule} (${p.kind}): ${p.message}`;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(problems) {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return `check: ${plural(errors, 'error')}, ${plural(problems.length - errors, 'warning')} in widget/`;
}

// By file, then line; rules keep their order within a line.
function sortProblems(problems) {
  return problems
    .map((p, i) => [p, i])
    .sort(([a, i], [b, j]) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line || 0) - (b.line || 0) || i - j))
    .map(([p]) => p);
}

module.exports = { createReport, formatProblem, summary, sortProblems, plural };
