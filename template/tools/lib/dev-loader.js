#!/usr/bin/env node
/**
 * dev-loader.js: the development upload. Its script.js loads widget/script.js from `npm run dev`
 * on your machine, so your real amoCRM / Kommo account runs your local code: after a change,
 * reload the CRM's page instead of packing and uploading. The modules script.js requires
 * (./templates.js) and style.css come from the dev server too; manifest.json, i18n/, images/ and
 * templates/*.twig come from the upload (the CRM serves them from self.params.path): pack and
 * upload again when they change.
 *
 *   npm run pack -- --dev [--url http://127.0.0.1:5173]     writes dist/widget-dev.zip
 *
 * The CRM's page is https, the dev server http on your machine: Chrome and Firefox allow that
 * for http://127.0.0.1 (Chrome 142+ asks once per account to let it reach the local network);
 * Safari does not: use `npm run dev -- --https` there. README, "Live preview", has the details.
 */
'use strict';

const DEFAULT_URL = 'http://127.0.0.1:5173';

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
 * fresh on every page load. Made by tools/lib/dev-loader.js; upload it to a test account only.
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
module.exports = { devLoaderScript, devServerUrl, DEFAULT_URL };
