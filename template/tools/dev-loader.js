#!/usr/bin/env node
/**
 * dev-loader.js: the development upload. Its script.js loads widget/script.js from `npm run dev`
 * on your machine, so your real amoCRM / Kommo account runs your local code: after a change,
 * reload the CRM's page instead of packing and uploading. The modules script.js requires
 * (./templates.js) and style.css come from the dev server too; manifest.json, i18n/, images/ and
 * templates/*.twig come from the upload (the CRM serves them from self.params.path): pack and
 * upload again when they change.
 *
 *   node tools/dev-loader.js [--url http://127.0.0.1:5173]     writes dist/widget-dev.zip
 *
 * The CRM's page is https, the dev server http on your machine: Chrome and Firefox allow that
 * for http://127.0.0.1 (Chrome 142+ asks once per account to let it reach the local network);
 * Safari does not: use `npm run dev -- --https` there. README, "Live preview", has the details.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const DEFAULT_URL = 'http://127.0.0.1:5173';
const USAGE = 'usage: node tools/dev-loader.js [--url http://127.0.0.1:5173]';
// Zip entries get this date (the earliest a zip holds), so the same files give the same bytes.
const FIXED_DATE = new Date(1980, 0, 1, 0, 0, 0);
// Already compressed: stored as they are.
const STORED = /\.(png|jpe?g|gif|webp|zip)$/i;

/** The dev server's address without a trailing slash; a clear error for anything else. */
function devServerUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash) {
    throw new Error(`--url takes the address npm run dev prints, e.g. ${DEFAULT_URL}, not "${url}"`);
  }
  return parsed.href.replace(/\/+$/, '');
}

/**
 * The script.js of the development upload: an AMD module that loads the widget's own script.js
 * from the dev server (fresh on every page load) and gives the CRM its function, so the CRM calls
 * the widget's callbacks as usual.
 * @param {{url: string}} options  the dev server, e.g. http://127.0.0.1:5173
 * @returns {string} JavaScript source
 */
function devLoaderScript({ url }) {
  const base = devServerUrl(url);
  return `/**
 * Development upload: loads widget/script.js from the dev server at ${base} (npm run dev),
 * fresh on every page load. Made by tools/dev-loader.js; upload it to a test account only.
 * Nothing loads while npm run dev is stopped: start it, then reload the CRM's page.
 */
define([${JSON.stringify(`${base}/widget/script.js?dev=`)} + Date.now()], function (Widget) {
  'use strict';

  // The widget's styles from the dev server too, over the uploaded style.css.
  var style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = ${JSON.stringify(`${base}/widget/style.css?dev=`)} + Date.now();
  document.head.appendChild(style);

  return Widget;
});
`;
}

/** widget/'s files, as paths relative to it with / separators, sorted; hidden files left out. */
function widgetFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => (entry.isDirectory()
      ? widgetFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`]))
    .sort();
}

/** The zip of widget/ with the loader in place of script.js: identical inputs, identical bytes. */
function devZip(widgetDir, url) {
  const { zipSync, strToU8 } = require('fflate');
  const entries = {};
  for (const rel of widgetFiles(widgetDir)) {
    const bytes = rel === 'script.js' ? strToU8(devLoaderScript({ url })) : fs.readFileSync(path.join(widgetDir, rel));
    entries[rel] = [bytes, { mtime: FIXED_DATE, level: STORED.test(rel) ? 0 : 9 }];
  }
  if (!entries['script.js']) {
    throw new Error(`${path.join(widgetDir, 'script.js')} is missing: the development upload replaces it with the loader`);
  }
  return zipSync(entries);
}

function main() {
  let url;
  try {
    const { values } = parseArgs({ options: { url: { type: 'string', default: DEFAULT_URL } } });
    url = devServerUrl(values.url);
  } catch (error) {
    process.stderr.write(`dev-loader: ${error.message}; ${USAGE}\n`);
    return 2;
  }
  const project = path.resolve(__dirname, '..');
  const bytes = devZip(path.join(project, 'widget'), url);
  const out = path.join(project, 'dist', 'widget-dev.zip');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const temporary = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, out);
  process.stdout.write(`dev-loader: ${path.relative(process.cwd(), out) || out} (${bytes.length} bytes): its script.js loads ` +
    `widget/script.js from ${url}; upload it to a test account and keep npm run dev running\n`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (error) {
    process.stderr.write(`dev-loader: ${error.message}\n`);
    process.exitCode = 1;
  }
}

module.exports = { devLoaderScript, devServerUrl, DEFAULT_URL };
