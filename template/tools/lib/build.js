/**
 * build.js: the TypeScript widget's build. Bundles src/script.ts (and the modules and npm packages
 * it imports) with Vite (Rollup; esbuild strips the types) into widget/script.js, ONE anonymous AMD
 * module `define([...crm modules], factory)` as the CRM loads it with RequireJS:
 *   - the CRM's own modules stay external (platform.json "crm_modules": jquery, underscore, moment,
 *     twigjs, lib/components/base/modal, ...): the page gives them to the factory;
 *   - everything else the widget imports is bundled in;
 *   - readable, unminified output (moderation rejects minified own code);
 *   - a source map always in memory (check names src/ lines with it); written inline into
 *     widget/script.js only for development (npm test, npm run dev), never for pack.
 * Types are not checked here (esbuild strips them): npm run lint runs tsc.
 * A widget without src/script.ts is JavaScript: nothing to build, widget/script.js is the code.
 * Docs: the platform's script.js page (platform.json "docs.script_js").
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { writeTypings } = require('./typings');
const { openRegular, readAll } = require('./regular-file');
const platform = require('./platform');

const ENTRY = path.join('src', 'script.ts');
const OUTPUT = path.join('widget', 'script.js');
// The first line of every built script.js starts with it, and ends with the fingerprint of the
// lines below it (`(sha256 0123456789abcdef) */`): the build overwrites only a file it wrote and
// nobody edited since.
const BANNER = '/* widget/script.js: built by `npm run build` from src/ (tools/lib/build.js). Edit src/, not this file.';

/** True when the project's code is TypeScript in src/ (language: typescript). */
function isTypeScript(projectDir) {
  return fs.existsSync(path.join(projectDir, ENTRY));
}

class BuildError extends Error {}

// widget/script.js's text, or null when there is none; read never through a link, never from a
// pipe or a device (which would wait forever or fill the memory), at most MAX_OUTPUT_BYTES.
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
function readOutput(file) {
  if (!fs.lstatSync(file, { throwIfNoEntry: false })) return null;
  let opened;
  try {
    opened = openRegular(file);
  } catch (error) {
    if (error.code === 'ENOTFILE') throw new BuildError(`${OUTPUT} is not a regular file (a pipe or a device): delete it, then build again`);
    throw new BuildError(`${OUTPUT} is not a regular file (${error.code === 'ELOOP' ? 'a symbolic link' : error.code || error.message}): delete it, then build again`);
  }
  try {
    if (opened.stat.size > MAX_OUTPUT_BYTES) throw new BuildError(`${OUTPUT} is ${Math.round(opened.stat.size / 1024 / 1024)} MB, no build of src/: delete it, then build again`);
    return readAll(opened.fd, opened.stat.size).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    fs.closeSync(opened.fd);
  }
}

// True when widget/script.js starts with the build's banner (the build wrote it). A link, a pipe
// or a device was not written by the build: the upload set names it (upload-refused).
function wasBuilt(file) {
  try {
    const text = readOutput(file);
    return text !== null && text.startsWith(BANNER);
  } catch (error) {
    if (error instanceof BuildError) return false;
    throw error;
  }
}

// The fingerprint the banner line ends with: sha256 of the lines below it, 16 hex digits.
function fingerprint(body) {
  return crypto.createHash('sha256').update(body).digest('hex').slice(0, 16);
}

// True when a built widget/script.js (its text) was changed after the build wrote it (its lines below
// the banner no longer match the banner's fingerprint). A banner without one (an older toolkit's) is not.
function editedAfterBuild(text) {
  const end = text.indexOf('\n');
  const recorded = /\(sha256 ([0-9a-f]{16})\) \*\/\r?$/.exec(end === -1 ? text : text.slice(0, end));
  return Boolean(recorded) && recorded[1] !== fingerprint(end === -1 ? '' : text.slice(end + 1));
}

/**
 * A TypeScript widget whose src/script.ts is gone (deleted, renamed) must not pass for a
 * JavaScript one: check and pack would take the last build for its code. Its answers file
 * (language: typescript) or its built widget/script.js tell it apart; a src/ of a JavaScript
 * widget's own (an adopted widget's sources) does not.
 * @param {string} projectDir
 * @throws {BuildError} when src/script.ts is missing from a TypeScript widget
 */
function assertEntry(projectDir) {
  if (isTypeScript(projectDir)) return;
  const answers = path.join(projectDir, '.copier-answers.yml');
  const typescript = fs.existsSync(answers) && /^language: typescript\s*$/m.test(fs.readFileSync(answers, 'utf8'));
  if (typescript || wasBuilt(path.join(projectDir, OUTPUT))) {
    throw new BuildError(`${ENTRY} is missing: it is the widget's entry, which the build bundles into ${OUTPUT}; ` +
      `restore it (git checkout -- ${ENTRY})`);
  }
}

// widget/script.js must be ours to overwrite: a file written by hand (a widget switched from
// JavaScript) or a build edited by hand afterwards is never lost.
function assertOverwritable(file) {
  const text = readOutput(file);
  if (text !== null && !text.startsWith(BANNER)) {
    throw new BuildError(`${OUTPUT} was not written by the build (code written by hand?): move its code into ${ENTRY}, ` +
      `delete ${OUTPUT} (git rm), then build again`);
  }
  if (text !== null && editedAfterBuild(text)) {
    throw new BuildError(`${OUTPUT} was edited after the build wrote it: move your change into src/, ` +
      `then delete ${OUTPUT} and build again (the build would overwrite it)`);
  }
}

// An import of a package nothing resolves: Vite's message speaks of its own configuration, which
// a widget has none of. Where the import is, and what to do.
function unresolvedImport(message, projectDir) {
  const found = /failed to resolve import "([^"]+)" from "([^"]+)"/.exec(message);
  if (!found) return null;
  const [, id, importer] = found;
  const file = path.relative(projectDir, path.resolve(projectDir, importer)).split(path.sep).join('/');
  let at = '';
  try {
    const lines = fs.readFileSync(path.resolve(projectDir, file), 'utf8').split('\n');
    const line = lines.findIndex((text) => text.includes(`'${id}'`) || text.includes(`"${id}"`));
    if (line !== -1) at = `:${line + 1}:${lines[line].indexOf(id)}`;
  } catch {
    // the line is a help only
  }
  const rules = JSON.parse(fs.readFileSync(path.join(projectDir, 'tools', 'platform.json'), 'utf8'));
  const name = id.split('/').slice(0, id.startsWith('@') ? 2 : 1).join('/');
  return `${file}${at}: cannot resolve the import "${id}": it is not an installed npm package (npm install ${name}) ` +
    `nor one of the CRM's modules (${platform.model(rules).crmModuleNames().join(', ')})`;
}

// A Vite/Rollup/esbuild error as one line: where in src/, and what.
function describe(error, projectDir) {
  const unresolved = unresolvedImport(String(error.message || error), projectDir);
  if (unresolved) return unresolved;
  const loc = error.loc && error.loc.file ? error.loc : null;
  const file = loc ? path.relative(projectDir, loc.file) : error.id ? path.relative(projectDir, error.id) : '';
  const where = file ? `${file}${loc ? `:${loc.line}:${loc.column + 1}` : ''}: ` : '';
  const esbuild = error.errors && error.errors[0] && error.errors[0].text;
  const message = esbuild || String(error.message || error)
    .replace(/^\[[^\]]+\]:?\s*/, '')
    .replace(/^Transform failed with \d+ errors?:\s*/, '')
    .split('\n').find((line) => line.trim()) || 'the build failed';
  return `${where}${message.split(projectDir + path.sep).join('').replace(/^.*?ERROR: /, '')}`;
}

/**
 * The Vite configuration of the build: the plugin hands each bundle to onBundle instead of
 * writing it, so the source map stays in memory.
 * @param {string} projectDir  the widget project
 * @param {(bundle: {code: string, map: object}) => void} onBundle
 * @param {{watch?: boolean}} options
 */
function viteConfig(projectDir, onBundle, { watch = false } = {}) {
  const rules = JSON.parse(fs.readFileSync(path.join(projectDir, 'tools', 'platform.json'), 'utf8'));
  const model = platform.model(rules);
  return {
    configFile: false,
    root: projectDir,
    logLevel: 'silent',
    publicDir: false,
    envFile: false,
    clearScreen: false,
    build: {
      lib: { entry: path.join(projectDir, ENTRY), formats: ['amd'], fileName: () => 'script.js' },
      outDir: path.join(projectDir, 'widget'),
      emptyOutDir: false,
      write: false,
      minify: false,
      target: 'es2017',
      sourcemap: 'hidden',
      copyPublicDir: false,
      reportCompressedSize: false,
      watch: watch ? { clearScreen: false } : null,
      rollupOptions: {
        // The CRM's modules (platform.json "crm_modules") stay external: the page gives them.
        external: (id) => model.crmModule(id),
        // The factory returns the module's default export: the widget's function.
        output: { exports: 'default' },
      },
    },
    plugins: [{
      name: 'amo-widget-output',
      generateBundle(options, bundle) {
        const chunk = Object.values(bundle).find((item) => item.type === 'chunk' && item.isEntry);
        // The banner line goes first (writeOutput): the map's leading ';' shifts its lines to match.
        onBundle({ code: chunk.code, map: { ...chunk.map, mappings: `;${chunk.map.mappings}` } });
        for (const name of Object.keys(bundle)) delete bundle[name];
      },
    }],
  };
}

function writeOutput(projectDir, { code, map }, development) {
  const file = path.join(projectDir, OUTPUT);
  assertOverwritable(file);
  let text = code.endsWith('\n') ? code : `${code}\n`;
  if (development) {
    // Paths relative to widget/ so that browsers and node show src/... in stacks.
    const inline = { ...map, sources: map.sources.map((source) => path.relative(path.dirname(file), path.resolve(projectDir, 'widget', source)).split(path.sep).join('/')) };
    text += `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(inline)).toString('base64')}\n`;
  }
  text = `${BANNER} (sha256 ${fingerprint(text)}) */\n${text}`;
  const temporary = `${file}.${process.pid}.tmp`;
  // Exclusive: never written through a link planted under the temporary name.
  fs.rmSync(temporary, { force: true });
  fs.writeFileSync(temporary, text, { flag: 'wx' });
  fs.renameSync(temporary, file);
  // A map file left by hand or by an older toolkit never reaches widget.zip.
  fs.rmSync(`${file}.map`, { force: true });
}

/**
 * Builds widget/script.js once (and the per-widget typings, types/widget.d.ts).
 * @param {string} projectDir
 * @param {{development?: boolean}} options  development: an inline source map in the file
 * @returns {Promise<{map: object, ms: number, typings: string|null}|null>} the source map (sources
 *   relative to widget/), and why types/widget.d.ts was not written (null when it was); null for
 *   a JavaScript widget
 * @throws {BuildError} with a one-line message (file:line: what) when the sources do not build,
 *   or when src/script.ts is missing from a TypeScript widget (assertEntry)
 */
async function build(projectDir, { development = false } = {}) {
  if (!isTypeScript(projectDir)) {
    assertEntry(projectDir);
    return null;
  }
  const started = Date.now();
  // The bundle does not need the typings (esbuild strips types): a manifest.json or i18n file that
  // does not parse is check's and the emulator's to report, as for a JavaScript widget.
  let typings = null;
  try {
    writeTypings(projectDir);
  } catch (error) {
    typings = error.message;
  }
  const vite = await loadVite();
  let result = null;
  try {
    await vite.build(viteConfig(projectDir, (bundle) => {
      result = bundle;
    }));
  } catch (error) {
    throw new BuildError(describe(error, projectDir));
  }
  writeOutput(projectDir, result, development);
  return { map: result.map, ms: Date.now() - started, typings };
}

/**
 * Rebuilds widget/script.js (development: inline source map) on every change under src/.
 * @param {string} projectDir
 * @param {{onBuilt?: (ms: number) => void, onError?: (message: string) => void}} handlers
 * @returns {Promise<{close: () => Promise<void>}>} the watcher, once the first build is done
 *   (written or failed)
 */
async function watch(projectDir, { onBuilt = () => {}, onError = () => {} } = {}) {
  const vite = await loadVite();
  try {
    writeTypings(projectDir); // the first START may pass before the listener below is on
  } catch (error) {
    onError(error.message);
  }
  let started = Date.now();
  let firstDone;
  const first = new Promise((resolve) => {
    firstDone = resolve;
  });
  const watcher = await vite.build(viteConfig(projectDir, (bundle) => {
    try {
      writeOutput(projectDir, bundle, true);
      onBuilt(Date.now() - started);
    } catch (error) {
      onError(error.message);
    }
  }, { watch: true }));
  watcher.on('event', (event) => {
    if (event.code === 'END' || event.code === 'ERROR') firstDone();
    if (event.code === 'START') {
      started = Date.now();
      try {
        writeTypings(projectDir);
      } catch (error) {
        onError(error.message);
      }
    } else if (event.code === 'ERROR') {
      onError(describe(event.error, projectDir));
    }
    if (event.result && event.result.close) event.result.close();
  });
  await first; // the page the server is about to serve finds the first build in place
  return { close: () => watcher.close() };
}

async function loadVite() {
  try {
    return await import('vite');
  } catch {
    const setup = new Error('the build needs the npm package vite: run npm install, then try again');
    setup.code = 'TOOLKIT_SETUP';
    throw setup;
  }
}

/**
 * Where a line of the built widget/script.js comes from in src/, by the build's source map.
 * @param {object} map  what build() returned as map
 * @returns {(line: number, col?: number) => string|null} 'src/script.ts:12:5', or null (bundled
 *   npm code, the AMD wrapper)
 */
function sourceLocator(map) {
  const { SourceMapConsumer } = require('source-map-js');
  const consumer = new SourceMapConsumer(map);
  return (line, col = 1) => {
    const found = consumer.originalPositionFor({ line, column: Math.max(col - 1, 0), bias: SourceMapConsumer.LEAST_UPPER_BOUND });
    if (!found.source || found.source.includes('node_modules')) return null;
    const source = path.posix.normalize(path.posix.join('widget', found.source));
    return `${source}:${found.line}:${found.column + 1}`;
  };
}

/**
 * What check and pack run first: the production build of a TypeScript widget (nothing for a
 * JavaScript one), and a function that adds the src/ location to problems found in the built file.
 * @param {string} projectDir
 * @param {{development?: boolean}} options  development: the inline source map in widget/script.js
 *   (the development upload loads it from npm run dev); never for widget.zip
 * @returns {Promise<(problems: object[]) => object[]>} problems -> the same, messages of
 *   widget/script.js lines ending with "(src/<file>:<line>:<col>)"
 * @throws {BuildError} when src/ does not build
 */
async function buildFirst(projectDir, { development = false } = {}) {
  const built = await build(projectDir, { development });
  if (!built) return (problems) => problems;
  const locate = sourceLocator(built.map);
  return (problems) => problems.map((problem) => {
    const source = problem.file === 'widget/script.js' && problem.line ? locate(problem.line, problem.col) : null;
    return source ? { ...problem, source, message: `${problem.message} (${source})` } : problem;
  });
}

module.exports = { build, buildFirst, watch, isTypeScript, assertEntry, sourceLocator, BuildError, BANNER, ENTRY, OUTPUT };
