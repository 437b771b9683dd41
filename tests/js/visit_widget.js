// Visits a generated widget with its own SDK emulator (tools/emulator/node.js, the one npm test,
// npm run check and the preview use): every manifest location entered in one page session, each
// location's own callbacks called with the CRM's arguments (the emulator checks what they
// return), then left. Prints a JSON report for the template's pytest suite to judge:
//   {callbacks: [names script.js defines], locations: {<location>: {controls: [names drawn
//    in the right panel's block] | null, called: [callbacks the CRM called there],
//    args: {<callback>: [arguments the CRM passed it]}}}, errors: []}
// Usage: node visit_widget.js <project dir> (its node_modules holds the toolkit's packages)
'use strict';

const path = require('path');

const project = path.resolve(process.argv[2]);
const { loadWidget, readProject } = require(path.join(project, 'tools', 'emulator', 'node.js'));

function callbackPaths(callbacks) {
  const paths = [];
  for (const [key, value] of Object.entries(callbacks || {})) {
    if (typeof value === 'function') paths.push(key);
    else if (value && typeof value === 'object') {
      for (const [inner, fn] of Object.entries(value)) if (typeof fn === 'function') paths.push(`${key}.${inner}`);
    }
  }
  return paths.sort();
}

// The distinct names of the form elements the block holds (items' "name[]" count once).
function controlNames(block) {
  if (!block) return null;
  const names = [...block.querySelectorAll('[name]')].map((el) => el.getAttribute('name').replace(/\[\]$/, ''));
  return [...new Set(names)].sort();
}

async function main() {
  const { manifest, model } = readProject(project);
  const emulator = await loadWidget({ root: project, quiet: true });
  const report = { callbacks: callbackPaths(emulator.callbacks), locations: {}, errors: [] };
  try {
    for (const location of manifest.locations) {
      const before = emulator.history.length;
      await emulator.enter(location);
      for (const name of model.callbacksOf(location)) {
        if (!emulator.history.slice(before).some((entry) => entry.callback === name)) await emulator.run(name);
      }
      const calls = emulator.history.slice(before);
      report.locations[location] = {
        controls: controlNames(emulator.panel()),
        called: calls.map((entry) => entry.callback),
        args: Object.fromEntries(calls.map((entry) => [entry.callback, entry.args])),
      };
      await emulator.leave();
    }
  } catch (error) {
    report.errors.push(String(error && error.message || error));
  }
  report.errors.push(...emulator.errors.map((error) => error.message).filter((m) => !report.errors.includes(m)));
  emulator.close();
  process.stdout.write(JSON.stringify(report));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exitCode = 1;
});
