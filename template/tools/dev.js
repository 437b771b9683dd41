#!/usr/bin/env node
/**
 * dev.js: `npm run dev`, the live preview. A Vite dev server on 127.0.0.1 serves the preview page
 * (tools/preview/: a page like the CRM's, where the SDK emulator of `npm test` runs
 * widget/script.js) and reloads it whenever a file under widget/ changes.
 *
 *   npm run dev                      http://127.0.0.1:5173/ (the next free port if it is taken)
 *   npm run dev -- --port 8080       or PORT=8080 npm run dev
 *   npm run dev -- --https           https://127.0.0.1:5173/ with a self-signed certificate
 *
 * With a backend (backend/, npm run backend), the preview sends the widget's calls to
 * package.json widget.backend_url to the local one (widget.backend_dev_url, or BACKEND_DEV_URL=...).
 *
 * The same server feeds the development upload (`npm run pack -- --dev`, tools/lib/dev-loader.js): an amoCRM or Kommo page
 * loads widget/script.js from here, so requests from those origins get CORS headers, for the
 * widget's files only. Any page may send requests here: tools/lib/dev-guard.js answers 404 to
 * everything but the preview and the files widget.zip would hold, and 400 to a bad request.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { PROJECT, LIBRARIES, library, readProject } = require('./emulator/project.js');
const { devGuard, guardRequestTargets } = require('./lib/dev-guard.js');
const { watch, isTypeScript, assertEntry } = require('./lib/build.js');
const { inlineMap, original } = require('./emulator/sourcemap.js');
const { scriptFile, syntaxErrors } = require('./lib/widget-js.js');
const { sendFile } = require('./lib/send-file.js');

const DEFAULT_PORT = 5173;
const HOST = '127.0.0.1';
const DEFAULT_URL = `http://${HOST}:${DEFAULT_PORT}`;
const USAGE = 'usage: npm run dev -- [--port 5173] [--https]';

// Account pages of amoCRM and Kommo: the development upload loads the widget from them.
const CRM_ORIGIN = /^https:\/\/[a-z0-9-]+\.(amocrm\.(ru|com)|kommo\.com)$/;

// Changes here reload the preview page: the widget, the preview itself and the emulator.
const RELOADING = ['widget', path.join('tools', 'preview'), path.join('tools', 'emulator'), path.join('tools', 'lib', 'platform.js'), path.join('tools', 'platform.json')]
  .map((rel) => path.join(PROJECT, rel));
// An existing widget brought under the toolkit lives in its own folder (package.json widget.dir).
const WIDGET_DIR = require('./lib/project').readProject(PROJECT).widgetDir;
const OWN_WIDGET_DIR = WIDGET_DIR === path.join(PROJECT, 'widget');
RELOADING.push(WIDGET_DIR);

// Content types of a widget's files, for a widget folder outside the project (Vite serves widget/ itself).
const TYPES = {
  '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.twig': 'text/plain',
  '.html': 'text/html', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.txt': 'text/plain', '.md': 'text/plain',
};

/** Serves /widget/<file> from a widget folder outside the project; false when not such a request. */
function sendOutsideWidget(req, res, pathname) {
  if (OWN_WIDGET_DIR || !pathname.startsWith('/widget/')) {
    return false;
  }
  let file;
  try {
    const rel = decodeURIComponent(pathname.slice('/widget/'.length));
    // dev-guard.js let only the upload set's files through (never .git/, .env, a link).
    file = path.resolve(WIDGET_DIR, rel);
  } catch {
    file = null;
  }
  if (!file || !file.startsWith(WIDGET_DIR + path.sep)) {
    res.statusCode = 404;
    res.end();
    return true;
  }
  // CORS: set by tools/lib/dev-guard.js, which let only the files widget.zip would hold through.
  // A file gone or no regular file: sendFile's 404 line.
  const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
  sendFile(res, file, {
    'Content-Type': /^text\/|json/.test(type) ? `${type}; charset=utf-8` : type, 'Cache-Control': 'no-cache',
  }, pathname);
  return true;
}


// The page's scripts from node_modules: RequireJS, and the CRM's modules the emulator names.
function libraryFile(id) {
  return id === 'requirejs' ? require.resolve('requirejs/require.js', { paths: [PROJECT] }) : library(id, PROJECT);
}

function reloads(file) {
  return RELOADING.some((root) => file === root || file.startsWith(root + path.sep));
}

function options() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, https: { type: 'boolean', default: false }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const given = values.port !== undefined ? values.port : process.env.PORT;
  const port = given === undefined || given === '' ? DEFAULT_PORT : Number(given);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`--port (or PORT) takes a port number from 1 to 65535, not "${given}"`);
  }
  return { port, https: values.https };
}

function sendJson(res, status, value) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(value));
}

// The libraries go out byte for byte, as the CRM serves its own (no Vite transform).
function sendLibrary(req, res, file, name) {
  const stat = fs.statSync(file);
  const modified = stat.mtime.toUTCString();
  if (req.headers['if-modified-since'] === modified) {
    res.statusCode = 304;
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Last-Modified', modified);
    res.end();
    return;
  }
  sendFile(res, file, {
    'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'Last-Modified': modified,
  }, name);
}

/**
 * Where the preview sends the widget's backend calls (tools/preview/backend.js): {url: package.json
 * widget.backend_url, dev_url: BACKEND_DEV_URL or widget.backend_dev_url}, or null without a backend.
 */
function backendLink() {
  const widget = JSON.parse(fs.readFileSync(path.join(PROJECT, 'package.json'), 'utf8')).widget || {};
  const devUrl = process.env.BACKEND_DEV_URL || widget.backend_dev_url;
  return typeof widget.backend_url === 'string' && typeof devUrl === 'string' ? { url: widget.backend_url, dev_url: devUrl } : null;
}

/** The Vite plugin of the preview: its page, the project's facts, the libraries, live reload. */
function previewPlugin() {
  const page = path.join(PROJECT, 'tools', 'preview', 'index.html');
  return {
    name: 'amo-widget-preview',
    configureServer(server) {
      if (server.httpServer) guardRequestTargets(server.httpServer);
      // Vite's client (/@vite/client) imports its env.mjs by its /@fs/ path.
      const clientDirs = [path.join(path.dirname(require.resolve('vite/package.json', { paths: [PROJECT] })), 'dist', 'client')];
      server.middlewares.use(devGuard(PROJECT, { crmOrigin: CRM_ORIGIN, clientDirs, widgetDir: WIDGET_DIR }));
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url, 'http://localhost');
        if (url.pathname === '/' || url.pathname === '/index.html') {
          server.transformIndexHtml(url.pathname, fs.readFileSync(page, 'utf8')).then((html) => {
            res.setHeader('Content-Type', 'text/html; charset=utf-8');
            res.setHeader('Cache-Control', 'no-store');
            res.end(html);
          }, next);
          return;
        }
        if (url.pathname === '/__preview/project.json') {
          try {
            const { manifest, rules, code, platform } = readProject(PROJECT);
            const libraries = Object.fromEntries(Object.keys(LIBRARIES).map((id) => [id, `/__preview/lib/${id}`]));
            sendJson(res, 200, { code, platform, manifest, rules, widget: '/widget', libraries, backend: backendLink() });
          } catch (error) {
            sendJson(res, 500, { error: error.message });
          }
          return;
        }
        if (url.pathname === '/__preview/source') {
          // Where a line of the built widget/script.js comes from in src/ (TypeScript widgets).
          const line = Number(url.searchParams.get('line'));
          const col = Number(url.searchParams.get('col') || 1);
          if (!Number.isInteger(line) || line < 1 || !Number.isInteger(col) || col < 1) {
            sendJson(res, 400, { error: 'line and col are positive integers' });
            return;
          }
          const consumer = inlineMap(WIDGET_DIR);
          sendJson(res, 200, { source: consumer ? original(consumer, line, col) : null });
          return;
        }
        if (url.pathname === '/__preview/syntax.json') {
          // TypeScript: while src/ does not build, widget/script.js is the last good build, so
          // the preview shows the build error in its place.
          sendJson(res, 200, { errors: buildError ? [buildError] : syntaxErrors(WIDGET_DIR, syntaxCache) });
          return;
        }
        // The widget's JavaScript byte for byte (lib/widget-js.js), never Vite's transform.
        const script = scriptFile(WIDGET_DIR, url.pathname);
        if (script) {
          // CORS: set by tools/lib/dev-guard.js (widget files, CRM origins only).
          sendFile(res, script, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }, url.pathname);
          return;
        }
        if (sendOutsideWidget(req, res, url.pathname)) {
          return;
        }
        const lib = /^\/__preview\/lib\/([a-z]+)\.js$/.exec(url.pathname);
        if (lib && (lib[1] === 'requirejs' || Object.hasOwn(LIBRARIES, lib[1]))) {
          try {
            sendLibrary(req, res, libraryFile(lib[1]), url.pathname);
          } catch (error) {
            sendJson(res, 500, { error: error.message });
          }
          return;
        }
        next();
      });
      const reload = (file) => {
        if (reloads(file)) {
          server.ws.send({ type: 'full-reload', path: '*' });
        }
      };
      if (!OWN_WIDGET_DIR) {
        server.watcher.add(WIDGET_DIR);
      }
      server.watcher.on('add', reload);
      server.watcher.on('unlink', reload);
      // A folder the watcher cannot read (a loop of links, no permission) is not worth a crash.
      server.watcher.on('error', (error) => {
        process.stderr.write(`dev: not watching a path (${error && (error.code || error.message)}); changes there do not reload the preview\n`);
      });
    },
    // Changed files: one full reload (the widget is not an ES module Vite could hot-swap).
    handleHotUpdate({ file, server }) {
      if (!reloads(path.resolve(file))) {
        return undefined;
      }
      server.ws.send({ type: 'full-reload', path: '*' });
      return [];
    },
  };
}

// The last build's error under src/ (TypeScript), {file, line, column, message}; null once it builds.
let buildError = null;
// What syntax.json found per .js file, kept between requests: only a changed file is parsed again.
const syntaxCache = new Map();

async function main() {
  let settings;
  try {
    settings = options();
  } catch (error) {
    process.stderr.write(`dev: ${error.message}; ${USAGE}\n`);
    return 2;
  }
  assertEntry(PROJECT); // a TypeScript widget without src/script.ts: never preview its last build
  const { createServer } = await import('vite');
  const plugins = [previewPlugin()];
  if (settings.https) {
    const { default: basicSsl } = await import('@vitejs/plugin-basic-ssl');
    plugins.push(basicSsl());
  }
  const server = await createServer({
    configFile: false,
    root: PROJECT,
    appType: 'custom',
    clearScreen: false,
    logLevel: 'warn',
    // The preview loads no ES modules: nothing to pre-bundle.
    optimizeDeps: { noDiscovery: true, include: [] },
    server: {
      host: HOST,
      port: settings.port,
      strictPort: false,
      // CORS for the widget's files only, from tools/lib/dev-guard.js: Vite's own would cover every file.
      cors: false,
      // Links are not followed: a loop of links or a link to / never makes the watcher spin.
      watch: { followSymlinks: false },
      // Vite's error overlay speaks of ES modules, JSX and vite.config.js: the preview shows the
      // widget's own errors itself (file, line, column).
      hmr: { overlay: false },
    },
    plugins,
  });
  if (isTypeScript(PROJECT)) {
    // TypeScript: every save under src/ rebuilds widget/script.js (inline source map), whose
    // change reloads the page; a build error reloads it too, and the preview shows the error
    // (syntax.json) until the next good build.
    let builds = 0;
    const builder = await watch(PROJECT, {
      onBuilt: (ms) => {
        buildError = null;
        process.stdout.write(`dev: ${builds++ ? 'rebuilt' : 'built'} widget/script.js from src/ in ${ms} ms\n`);
      },
      onError: (message) => {
        process.stdout.write(`dev: src/ does not build: ${message}\n`);
        const at = /^(src\/[^:\n]+):(\d+):(\d+): ([^]*)$/.exec(message);
        buildError = at
          ? { file: at[1], line: Number(at[2]), column: Number(at[3]), message: at[4] }
          : { file: 'src', line: 1, column: 1, message };
        server.ws.send({ type: 'full-reload', path: '*' });
      },
    });
    server.httpServer.once('close', () => builder.close());
  }
  await server.listen();
  const url = server.resolvedUrls.local[0];
  const base = url.replace(/\/$/, '');
  process.stdout.write(`Preview of widget/ on ${url} (reloads on every change; Ctrl+C stops)\n` +
    `To run this code in your real account, upload: npm run pack -- --dev${base === DEFAULT_URL ? '' : ` --url ${base}`}\n`);
  // Ctrl+C closes the server, then exits; on SIGTERM Vite does the same (exit code 143).
  const stop = () => server.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  // npm runs this under `sh -c`, which dies of the SIGTERM npm passes on (an editor's task, a
  // process manager) without passing it further: once that parent is gone, stop with it instead
  // of holding the port. Only under npm: `node tools/dev.js &` may outlive its shell on purpose.
  if (process.env.npm_lifecycle_event === 'dev') {
    const parent = process.ppid;
    setInterval(() => { if (process.ppid !== parent) stop(); }, 500).unref();
  }
  return undefined;
}

main().then((code) => {
  if (code !== undefined) {
    process.exitCode = code;
  }
}, (error) => {
  process.stderr.write(`dev: ${error.message}\n`);
  process.exitCode = 1;
});
