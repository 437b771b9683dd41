/**
 * browser.js: the SDK emulator in a browser tab, for the live preview (`npm run dev`). The tab is
 * the CRM's page: RequireJS with the CRM's modules (jquery, underscore, moment, twigjs) loads
 * tools/emulator/sdk.js, which loads widget/script.js as the CRM does. Every page load gets the
 * widget's files fresh: script.js and the modules it requires by a cache-busting query, the
 * manifest, texts and templates with `cache: 'no-store'`.
 *
 *   require(['emulator/browser'], function (browser) {
 *     browser.loadWidget({path: '/widget', rules: rules, code: 'my_widget', mount: element})
 *       .then(function (emulator) { return emulator.enter('lcard-1'); });
 *   });
 *
 * Options: those of sdk.js createEmulator (path, rules, code, platform, locale, status, settings,
 * mount, ...); window, $ and Twig are the page's own.
 */
// The preview's page is a browser's: its globals are read from globalThis (this folder lints as Node code).
globalThis.define(['jquery', 'twigjs', './sdk'], function ($, Twig, sdk) {
  'use strict';

  var window = globalThis;

  /** The widget folder's absolute URL, without a trailing slash. */
  function widgetUrl(path) {
    return new window.URL(String(path), window.location.href).href.replace(/\/+$/, '');
  }

  // The CRM asks for script.js by the widget's version; the preview wants this page load's files.
  function bustWidgetModules(base, stamp) {
    window.requirejs.config({
      urlArgs: function (id, url) {
        return url.indexOf(base + '/') === 0 ? (url.indexOf('?') === -1 ? '?' : '&') + 'preview=' + stamp : '';
      }
    });
  }

  function readWidgetFile(base) {
    return function (file) {
      return fetch(base + '/' + file, { cache: 'no-store' }).then(function (response) {
        if (!response.ok) {
          throw new Error(response.status + ' ' + response.statusText);
        }
        return response.text();
      });
    };
  }

  /** Loads widget/script.js into this page; resolves with the emulator (sdk.js). */
  function loadWidget(options) {
    var base = widgetUrl(options.path);
    bustWidgetModules(base, Date.now());
    return sdk.createEmulator(Object.assign({ readWidgetFile: readWidgetFile(base) }, options, {
      window: window,
      $: $,
      Twig: Twig,
      path: base
    }));
  }

  return { loadWidget: loadWidget, widgetUrl: widgetUrl };
});
