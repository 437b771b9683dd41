/**
 * backend.js: the preview's link to the widget's local backend (npm run backend). Requests the
 * widget makes to package.json "widget.backend_url" (the production address script.js calls) go
 * to "widget.backend_dev_url" (or BACKEND_DEV_URL given to npm run dev) instead of the emulator's
 * routes, with their X-Auth-Token, so the local backend verifies the preview's tokens. Every
 * other request still stays in the page.
 */
globalThis.define([], function () {
  'use strict';

  // The page's own fetch, taken before the emulator isolates the page (browser.js replaces it).
  var pageFetch = globalThis.fetch.bind(globalThis);

  function headersOf(response) {
    var headers = {};
    response.headers.forEach(function (value, name) {
      headers[name] = value;
    });
    return headers;
  }

  /**
   * Adds the route that forwards requests for `backend.url` to `backend.dev_url`.
   * `emulator` the loaded emulator (its route()); `backend` {url, dev_url} or null (no backend).
   */
  function forward(emulator, backend) {
    if (!backend || !backend.url || !backend.dev_url) {
      return;
    }
    var from = backend.url.replace(/\/+$/, '');
    var to = backend.dev_url.replace(/\/+$/, '');
    var mine = function (request) {
      return request.url === from || request.url.indexOf(from + '/') === 0 || request.url.indexOf(from + '?') === 0;
    };
    emulator.route('*', mine, function (request) {
      var target = to + request.url.slice(from.length);
      var hasBody = request.body !== null && request.method !== 'GET' && request.method !== 'HEAD';
      return pageFetch(target, { method: request.method, headers: request.headers, body: hasBody ? request.body : undefined })
        .then(function (response) {
          return response.text().then(function (text) {
            return { status: response.status, body: text, headers: headersOf(response) };
          });
        }, function (error) {
          return {
            status: 502,
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ detail: 'preview: the local backend at ' + to + ' did not answer (' + error.message +
              '): start it with npm run backend, and keep ' + globalThis.location.origin + ' in AMO_DEV_ORIGINS (backend/.env)' })
          };
        });
    });
  }

  return { forward: forward };
});
