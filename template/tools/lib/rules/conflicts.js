// Leftovers of a merge or `copier update` anywhere in the project: conflict markers in text
// files, and *.rej / *.orig files. No dependencies, so it also runs on its own:
//   node tools/lib/rules/conflicts.js [projectDir]     (exit 1 when something is found)
// Export: findConflicts(projectDir) -> [{file, line, message}] (file relative, forward slashes;
// no line for a leftover file).
'use strict';

const fs = require('fs');
const path = require('path');

// Not the project's own files.
const SKIP_DIRS = new Set(['.git', 'node_modules', 'dist', 'coverage']);
const LEFTOVER = /\.(rej|orig)$/;
const MAX_BYTES = 5 * 1024 * 1024;

function projectFiles(root) {
  const files = [];
  (function walk(rel) {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(child);
      } else if (entry.isFile()) {
        files.push(child);
      }
    }
  })('');
  return files.sort();
}

// A conflict is <<<<<<< ... [||||||| ...] ======= ... >>>>>>>; "=======" alone is a Markdown
// underline, so it counts only inside an open conflict.
function markersIn(text) {
  const found = [];
  let open = null;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    const number = index + 1;
    if (/^<{7}(\s|$)/.test(line)) {
      if (open) found.push({ line: open, end: null });
      open = number;
    } else if (/^>{7}(\s|$)/.test(line)) {
      found.push({ line: open || number, end: number });
      open = null;
    } else if (!open && /^\|{7}(\s|$)/.test(line)) {
      found.push({ line: number, end: null });
    }
  });
  if (open) found.push({ line: open, end: null });
  return found;
}

function findConflicts(projectDir) {
  const root = path.resolve(projectDir);
  const problems = [];
  for (const file of projectFiles(root)) {
    if (LEFTOVER.test(file)) {
      problems.push({
        file,
        message: `leftover of a merge or copier update (the changes it could not apply): apply them by hand if still wanted, then delete ${path.posix.basename(file)}`,
      });
      continue;
    }
    const full = path.join(root, file);
    if (fs.statSync(full).size > MAX_BYTES) continue;
    const bytes = fs.readFileSync(full);
    if (bytes.subarray(0, 8000).includes(0)) continue; // binary
    for (const { line, end } of markersIn(bytes.toString('utf8'))) {
      const where = end ? `lines ${line}-${end}` : `line ${line}`;
      problems.push({
        file,
        line,
        message: `unresolved merge conflict (${where}): keep the right text and delete the <<<<<<<, =======, >>>>>>> marker lines`,
      });
    }
  }
  return problems;
}

module.exports = findConflicts;

if (require.main === module) {
  const found = findConflicts(process.argv[2] || '.');
  for (const p of found) process.stdout.write(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
  process.exitCode = found.length ? 1 : 0;
}
