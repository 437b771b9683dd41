// Problems found by check: collected by the rules, printed one line each.
// Line format: <file>[:line[:col]]: <error|warning> <rule>: <what is wrong>: <how to fix it>
'use strict';

function createReport() {
  const problems = [];
  const add = (severity) => (file, rule, message, where = {}) => {
    problems.push({ file, line: where.line, col: where.col, severity, rule, message });
  };
  return { problems, error: add('error'), warn: add('warning') };
}

function formatProblem(p) {
  const at = p.line ? `:${p.line}${p.col ? `:${p.col}` : ''}` : '';
  return `${p.file}${at}: ${p.severity} ${p.rule}: ${p.message}`;
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
