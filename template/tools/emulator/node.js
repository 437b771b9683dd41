/**
 * node.js: the SDK emulator in Node, for `npm test`. Builds a jsdom page like the CRM's (RequireJS
 * with jquery, underscore, moment and twigjs from node_modules) and has tools/emulator/sdk.js load
 * widget/script.js into it. Nothing reaches the network: the page may load only the widget's
 * files and those libraries; requests go to the emulator's routes.
 *
 *   const { loadWidget } = require('../tools/emulator/node.js');
 *   const emulator = await loadWidget({ locale: 'en' });   // options: see sdk.js createEmulator
 *   await emulator.enter('lcard-1');
 *   await emulator.leave();
 *   emulator.close();
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
const { createEmulator } = require('./sdk.js');
const { mapStacks } = require('./sourcemap.js');

let jsdom;
try {
  jsdom = require('jsdom');
} catch {
  throw new Error('the SDK emulator needs the npm package jsdom: run npm install');
}
const { JSDOM, ResourceLoader, VirtualConsole } = jsdom;

const { PROJECT, LIBRARIES, library, readText, readProject } = require('./project.js');
const { localeWarnings } = require('../lib/i18n-reads.js');
const { readUploadFile } = require('../lib/upload-set.js');

const live = new Set();

// A widget's uncaught promise rejection surfaces in Node: it goes to the emulators running.
process.on('unhandledRejection', (reason) => {
  if (!live.size) {
    throw reason;
  }
  live.forEach((page) => page.report(reason));
});

// jsdom aborts the requests still open when the window closes: an answer must have abort().
function settled(promise) {
  promise.abort = () => {};
  return promise;
}

// Serves the allowed folders' files to the page (the widget folder first); anything else is refused (no network).
class LocalResources extends ResourceLoader {
  constructor(folders, refused) {
    super();
    this.folders = folders;
    this.refused = refused;
  }

  fetch(url, options) {
    if (url.startsWith('file:')) {
      const file = fileURLToPath(url);
      const [widgetDir] = this.folders;
      if (file.startsWith(widgetDir + path.sep)) {
        // The widget's own files as widget.zip would hold them: never through a link, never a
        // pipe or a device (jsdom's read would wait forever and hold one of Node's few I/O threads).
        const rel = path.relative(widgetDir, file).split(path.sep).join('/');
        let bytes;
        try {
          bytes = readUploadFile(widgetDir, rel);
        } catch (error) {
          return settled(Promise.reject(new Error(error.message)));
        }
        return settled(Promise.resolve(bytes));
      }
      if (this.folders.some((folder) => file.startsWith(folder + path.sep))) {
        return super.fetch(url, options);
      }
    }
    this.refused(url, options && options.element);
    return settled(Promise.reject(new Error(`the emulator has no network: ${url}`)));
  }
}

/**
 * Loads the widget into a fresh page and resolves with the emulator (sdk.js), plus close().
 * Options: those of createEmulator (locale, status, settings, account, user, card, clock, ...),
 * root (the project folder; default the one holding this tools/ folder), test (a node:test
 * context: the emulator closes when that test ends, and its warnings become test diagnostics)
 * and quiet (the widget's console output is dropped: npm run check prints only its own lines).
 */
async function loadWidget(options = {}) {
  const { root, test, quiet, ...settings } = options;
  const project = readProject(root || PROJECT);
  const libraries = Object.keys(LIBRARIES).reduce((found, id) => ({ ...found, [id]: library(id, project.root) }), {});
  // Errors and warnings before the emulator can take them wait here.
  const early = [];
  const earlyWarnings = [];
  let emulator = null;
  const page = { report: (reason) => early.push(reason) };
  const warn = (message) => (emulator ? emulator.warnings : earlyWarnings).push(message);

  const virtualConsole = new VirtualConsole();
  if (!quiet) {
    virtualConsole.sendTo(console, { omitJSDOMErrors: true });
  }
  virtualConsole.on('jsdomError', (error) => {
    if (error.type === 'not implemented') {
      warn(`jsdom does not implement it, the browser would: ${error.message}`);
    } else if (error.type !== 'css parsing' && error.type !== 'resource loading') {
      page.report(error.detail || error);
    }
  });

  const folders = [project.widgetDir, ...Object.values(libraries).map((file) => path.dirname(file))];
  const refused = (url, element) => {
    if (element && element.localName === 'script' && element.hasAttribute('data-requiremodule')) {
      return; // a module RequireJS loads: its error callback says which file requires what (crm-modules.js)
    }
    if (element && element.localName === 'script') {
      page.report(new Error(`the widget added <script src="${url}">: the platform forbids injecting script tags; ` +
        'ship the library in widget/vendor/ and list it in define([...]) by a relative path'));
    } else {
      warn(`the widget loaded ${element ? `<${element.localName}>` : 'a resource'} from ${url}: the emulator has no ` +
        'network, so the page goes without it; ship the file in widget/ to see it here');
    }
  };

  const host = project.platform === 'kommo' ? 'example.kommo.com' : 'example.amocrm.ru';
  const dom = new JSDOM('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>', {
    url: `https://${host}/`,
    runScripts: 'dangerously',
    resources: new LocalResources(folders, refused),
    pretendToBeVisual: true,
    virtualConsole,
  });
  const { window } = dom;

  // No request leaves the page: XMLHttpRequest refuses; fetch goes to the emulator's routes.
  window.XMLHttpRequest = class {
    open(method, url) {
      throw new Error(`XMLHttpRequest ${method} ${url}: the emulator has no network; use $.ajax, fetch, ` +
        'self.crm_post or self.$authorizedAjax (answered by emulator.route)');
    }
  };
  window.fetch = async (input, init = {}) => {
    if (!emulator) {
      throw new Error('fetch: the emulator is not ready yet');
    }
    const request = { kind: 'fetch', url: String(input && input.url || input), method: init.method || 'GET',
      headers: { ...init.headers }, body: init.body === undefined ? null : init.body };
    const response = await emulator.dispatch(request);
    return new Response(response.status === 204 ? null : response.body, { status: response.status, headers: response.headers });
  };

  // A TypeScript widget's development build: stacks name src/ lines.
  mapStacks(window, project.widgetDir);
  window.eval(readText(require.resolve('requirejs/require.js', { paths: [project.root, __dirname] })));
  window.requirejs.config({
    baseUrl: `https://${host}/frontend/build/`,
    paths: Object.fromEntries(Object.entries(libraries).map(([id, file]) => [id, pathToFileURL(file).href.replace(/\.js$/, '')])),
    waitSeconds: 15,
  });

  const [$, Twig] = await new Promise((resolve, reject) => {
    window.require(['jquery', 'twigjs'], (...modules) => resolve(modules), reject);
  });
  live.add(page);
  try {
    emulator = await createEmulator({
      window,
      $,
      Twig,
      rules: project.rules,
      code: project.code,
      platform: project.platform,
      path: pathToFileURL(project.widgetDir).href,
      readWidgetFile: (file) => {
        const full = path.resolve(project.widgetDir, file);
        if (!full.startsWith(project.widgetDir + path.sep)) {
          return Promise.reject(new Error(`${file} is outside widget/: the CRM serves the widget's own files only`));
        }
        return fs.promises.readFile(full, 'utf8');
      },
      clock: {
        setTimeout: (fn, ms) => {
          const timer = setTimeout(fn, ms);
          if (timer && timer.unref) {
            timer.unref();
          }
          return timer;
        },
        clearTimeout: (timer) => clearTimeout(timer),
        now: () => Date.now(),
      },
      defer: (fn) => setImmediate(fn),
      watchErrors: (report) => {
        page.report = report;
        early.splice(0).forEach(report);
        window.addEventListener('error', (event) => {
          event.preventDefault();
          report(event.error || new Error(event.message));
        });
      },
      ...settings,
    });
  } catch (error) {
    live.delete(page);
    window.close();
    throw error;
  }
  emulator.warnings.push(...earlyWarnings);
  // Texts script.js or a template reads that this locale lacks (npm run check's own rule
  // i18n-read reports them there).
  if (!quiet) {
    emulator.warnings.push(...localeWarnings(project.root, emulator.state.locale));
  }
  const stop = emulator.close;
  emulator.close = () => {
    stop();
    live.delete(page);
    window.close();
  };
  if (test) {
    test.after(() => {
      emulator.warnings.forEach((warning) => test.diagnostic(`emulator warning: ${warning}`));
      emulator.close();
    });
  }
  return emulator;
}

module.exports = { loadWidget, readProject, PROJECT };
