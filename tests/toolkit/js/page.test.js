// The emulator as the preview uses it: loaded by RequireJS inside a page, not by Node's require.
// The page here is jsdom; a browser tab loads the same files the same way.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { PROJECT } = require('./fixture.js');

const { JSDOM } = require(require.resolve('jsdom', { paths: [PROJECT] }));

test('sdk.js runs in a page through RequireJS and drives the generated widget', async (t) => {
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    url: 'https://example.amocrm.ru/', runScripts: 'dangerously', resources: 'usable',
  });
  t.after(() => dom.window.close());
  const { window } = dom;
  const lib = (id) => pathToFileURL(require.resolve(id, { paths: [PROJECT] })).href.replace(/\.js$/, '');
  window.eval(fs.readFileSync(require.resolve('requirejs/require.js', { paths: [PROJECT] }), 'utf8'));
  window.requirejs.config({
    paths: {
      jquery: lib('jquery/dist/jquery.js'), underscore: lib('underscore/underscore-umd.js'),
      moment: lib('moment/moment.js'), twigjs: lib('twig/twig.min.js'),
      emulator: pathToFileURL(path.join(PROJECT, 'tools', 'emulator')).href,
      'lib/platform': pathToFileURL(path.join(PROJECT, 'tools', 'lib', 'platform')).href,
    },
  });
  const [$, Twig, sdk] = await new Promise((resolve, reject) => {
    window.require(['jquery', 'twigjs', 'emulator/sdk'], (...modules) => resolve(modules), reject);
  });
  assert.equal(typeof window.module, 'undefined', 'no CommonJS in the page: the modules went through define()');
  const widgetDir = path.join(PROJECT, 'widget');
  const manifest = JSON.parse(fs.readFileSync(path.join(widgetDir, 'manifest.json'), 'utf8'));
  const events = [];
  const emulator = await sdk.createEmulator({
    window, $, Twig,
    observe: (type, detail) => events.push(type === 'callback' ? detail.callback : type),
    rules: JSON.parse(fs.readFileSync(path.join(PROJECT, 'tools', 'platform.json'), 'utf8')),
    path: pathToFileURL(widgetDir).href,
    readWidgetFile: (file) => fs.promises.readFile(path.join(widgetDir, file), 'utf8'),
  });
  const location = manifest.locations.find((candidate) => candidate.endsWith('-1')) || manifest.locations[0];
  await emulator.enter(location);
  if (location.endsWith('-1')) {
    assert.ok(emulator.panel().querySelector('.card-widgets__widget__body').children.length, 'the panel block is drawn');
  }
  const leftovers = await emulator.leave(); // made in the page's realm here: compare its length
  assert.equal(leftovers.length, 0, leftovers.join('\n'));
  assert.deepEqual(events.slice(0, 3), ['render', 'bind_actions', 'init'], 'observe() hears each call as it happens');
  assert.equal(events.at(-1), 'destroy');
});
