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

  /**
   * Nothing the widget sends leaves the page, as in npm test: its fetch calls go to the emulator's
   * routes, XMLHttpRequest refuses ($.ajax, crm_post and $authorizedAjax reach the routes anyway).
   * The page's own files still come from the dev server: the widget's folder, the preview and the
   * emulator (tools/), Vite's live reload. Returns the page's own fetch.
   */
  function isolate(base, emulator) {
    var pageFetch = window.fetch.bind(window);
    var own = function (url) {
      return url.indexOf(base + '/') === 0 || (url.indexOf(window.location.origin + '/') === 0 &&
        /^\/(?:$|@vite\/|__preview\/|tools\/)/.test(url.slice(window.location.origin.length)));
    };
    window.fetch = function (input, init) {
      init = init || {};
      var url = new window.URL(String(input && input.url || input), window.location.href).href;
      if (own(url)) {
        return pageFetch(input, init);
      }
      if (!emulator.current) {
        return Promise.reject(new TypeError('fetch ' + url + ': the emulator is not ready yet'));
      }
      var headers = init.headers instanceof window.Headers ? Object.fromEntries(init.headers.entries()) : Object.assign({}, init.headers);
      return emulator.current.dispatch({
        kind: 'fetch', url: url, method: init.method || (input && input.method) || 'GET', headers: headers,
        body: init.body === undefined ? null : init.body
      }).then(function (response) {
        return new window.Response(response.status === 204 ? null : response.body, { status: response.status, headers: response.headers });
      });
    };
    window.XMLHttpRequest = function () {
      this.open = function (method, url) {
        throw new Error('XMLHttpRequest ' + method + ' ' + url + ': the preview has no network; use $.ajax, fetch, ' +
          'self.crm_post or self.$authorizedAjax (answered by the emulator\'s routes)');
      };
    };
    return pageFetch;
  }

  function readWidgetFile(base, fetch) {
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
    var emulator = { current: null };
    var pageFetch = isolate(base, emulator);
    bustWidgetModules(base, Date.now());
    return sdk.createEmulator(Object.assign({ readWidgetFile: readWidgetFile(base, pageFetch) }, options, {
      window: window,
      $: $,
      Twig: Twig,
      path: base
    })).then(function (loaded) {
      emulator.current = loaded;
      return loaded;
    });
  }

  return { loadWidget: loadWidget, widgetUrl: widgetUrl };
});
