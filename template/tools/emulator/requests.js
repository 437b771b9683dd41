/**
 * requests.js: every request the widget makes, with no network.
 *
 * A jQuery transport catches each $.ajax call (and so $.get, $.post, self.$authorizedAjax and
 * self.crm_post), records it and answers it from the routes a test or the preview registers:
 *   emulator.route('POST', 'https://example.com/api', {status: 200, body: {ok: true}})
 *   emulator.route('GET', /\/api\/v4\/leads/, function (request) { return {body: {...}}; })
 * A request no route answers gets a 404 whose body says how to add one.
 *
 * self.crm_post goes through the CRM's queue: at most one request a second (the 5th of five
 * simultaneous calls leaves 4 s after the first). The clock is injectable so tests need not wait.
 * self.$authorizedAjax adds X-Auth-Token: a JWT signed HS256 with a test secret (token.js), sent once
 * the signature is ready, as the CRM's own method first fetches its token.
 * Synchronous AJAX (async: false) throws: the platform forbids it.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})(['./token'], function (authToken) {
  'use strict';

  var CRM_POST_INTERVAL = 1000;

  function uuid(win) {
    if (win.crypto && typeof win.crypto.randomUUID === 'function') {
      return win.crypto.randomUUID();
    }
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = Math.floor(Math.random() * 16);
      return (c === 'x' ? r : (r % 4) + 8).toString(16);
    });
  }

  function statusText(status) {
    return { 200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized',
      403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' }[status] || 'Status ' + status;
  }

  // A route's answer → {status, body (text), headers}; objects and arrays become JSON.
  function normalise(answer) {
    answer = answer || {};
    var headers = Object.assign({}, answer.headers);
    var body = answer.body === undefined ? '' : answer.body;
    if (typeof body !== 'string') {
      body = JSON.stringify(body);
      if (!Object.keys(headers).some(function (name) { return name.toLowerCase() === 'content-type'; })) {
        headers['Content-Type'] = 'application/json';
      }
    }
    return { status: answer.status === undefined ? 200 : answer.status, body: body, headers: headers };
  }

  /**
   * @param {object} ctx {window, $, clock: {setTimeout, now}, defer(fn): a later task, track(promise),
   *                      fail(message, cause), notify(type, detail), claims(): {iss, subdomain, account_id, user_id, is_admin},
   *                      authToken: {secret, client_id, redirect_uri, lifetime} (default token.js TEST)}
   */
  return function createRequests(ctx) {
    var win = ctx.window;
    var $ = ctx.$;
    var log = [];
    var routes = [];
    var queue = [];
    var queueBusy = false;
    var closed = false;

    function absolute(url) {
      return new win.URL(String(url), win.location.href).href;
    }

    function matches(route, request) {
      if (route.method !== '*' && route.method !== request.method) {
        return false;
      }
      if (typeof route.url === 'function') {
        return !!route.url(request);
      }
      if (route.url instanceof RegExp || Object.prototype.toString.call(route.url) === '[object RegExp]') {
        return route.url.test(request.url);
      }
      var wanted = absolute(route.url);
      // A route without a query string answers whatever the query.
      return wanted.indexOf('?') === -1 ? request.url.split('?')[0] === wanted : request.url === wanted;
    }

    // Answers come in a later task, as from a network: a widget that asks again on every answer
    // cannot starve the page. Once closed, nothing is answered any more.
    function later() {
      return new Promise(function (resolve) {
        if (!closed) {
          ctx.defer(resolve);
        }
      });
    }

    function answer(request) {
      return later().then(function () { return respond(request); });
    }

    function respond(request) {
      var route = routes.filter(function (candidate) { return matches(candidate, request); }).pop();
      if (!route) {
        request.routed = false;
        return Promise.resolve(normalise({
          status: 404,
          body: 'amo-widget emulator: no route for ' + request.method + ' ' + request.url +
            '; add one with emulator.route(\'' + request.method + '\', \'' + request.url + '\', {body: ...})'
        }));
      }
      request.routed = true;
      return new Promise(function (resolve) {
        resolve(typeof route.respond === 'function' ? route.respond(request) : route.respond);
      }).then(normalise);
    }

    function headerLines(headers) {
      return Object.keys(headers).map(function (name) { return name + ': ' + headers[name]; }).join('\r\n');
    }

    // Every $.ajax: refuse synchronous calls before anything is sent.
    $.ajaxPrefilter(function (options) {
      if (options.async === false) {
        throw ctx.fail('synchronous AJAX (async: false) to ' + options.url + ': the platform forbids it; ' +
          'use the callbacks or the promise $.ajax returns');
      }
    });

    // Every $.ajax, whatever its dataType (script included): recorded and answered by the routes.
    $.ajaxTransport('+* +script', function (options) {
      var aborted = false;
      return {
        send: function (headers, complete) {
          var request = {
            kind: options.emulatorKind || 'ajax',
            method: String(options.type || 'GET').toUpperCase(),
            url: absolute(options.url),
            headers: Object.assign({}, headers),
            body: options.data === undefined ? null : options.data,
            time: ctx.clock.now(),
            response: null,
            routed: null
          };
          if (options.contentType && request.body !== null) {
            request.headers['Content-Type'] = request.headers['Content-Type'] || options.contentType;
          }
          log.push(request);
          ctx.notify('request', request);
          ctx.track(answer(request).then(function (response) {
            request.response = response;
            if (aborted) {
              return;
            }
            try {
              complete(response.status, statusText(response.status), { text: response.body }, headerLines(response.headers));
            } catch (error) {
              ctx.fail('a callback of the widget\'s request to ' + request.url + ' threw: ' + (error && error.message), error);
            }
          }, function (error) {
            ctx.fail('the route for ' + request.method + ' ' + request.url + ' threw: ' + (error && error.message), error);
            if (!aborted) {
              complete(500, statusText(500), { text: '' }, '');
            }
          }));
        },
        abort: function () {
          aborted = true;
        }
      };
    });

    function pump() {
      if (queueBusy || !queue.length || closed) {
        return;
      }
      queueBusy = true;
      queue.shift()();
      ctx.clock.setTimeout(function () {
        queueBusy = false;
        pump();
      }, CRM_POST_INTERVAL);
    }

    var tokenConfig = Object.assign({}, authToken.TEST, ctx.authToken);

    function token() {
      return authToken.sign(authToken.claims(ctx.claims(), tokenConfig, ctx.clock.now(), uuid(win)), tokenConfig.secret);
    }

    return {
      log: log,

      route: function (method, url, respond) {
        if (typeof method !== 'string' || url === undefined || respond === undefined) {
          throw new Error('emulator.route(method, url, response): method is \'GET\', \'POST\'... or \'*\'; url a ' +
            'string, RegExp or function(request); response {status, body, headers} or function(request)');
        }
        routes.push({ method: method.toUpperCase(), url: url, respond: respond });
      },

      /** Stops answering requests and sending crm_post's queue (the page is closing). */
      close: function () {
        closed = true;
      },

      /** How many crm_post calls wait in the queue. */
      queued: function () {
        return queue.length;
      },

      /** self.crm_post(url, data, callback, type): a POST through the CRM, one a second. */
      crmPost: function (url, data, callback, type) {
        if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
          throw ctx.fail('self.crm_post: the first argument must be the full URL of your service (https://...), got ' +
            JSON.stringify(url));
        }
        if (callback !== undefined && callback !== null && typeof callback !== 'function') {
          throw ctx.fail('self.crm_post: the third argument is the success callback, got ' + typeof callback);
        }
        var deferred = $.Deferred();
        queue.push(function () {
          $.ajax({ url: url, type: 'POST', data: data, dataType: type || 'text', emulatorKind: 'crm_post' })
            .done(function (response) {
              if (callback) {
                callback(response);
              }
              deferred.resolve(response);
            })
            .fail(function (xhr, status, error) {
              deferred.reject(xhr, status, error);
            });
        });
        pump();
        return deferred.promise();
      },

      /** self.$authorizedAjax(options): $.ajax with an X-Auth-Token header. */
      authorizedAjax: function (options) {
        if (!options || typeof options !== 'object' || typeof options.url !== 'string') {
          throw ctx.fail('self.$authorizedAjax: pass the $.ajax options, with url, e.g. {url: \'https://example.com/api\'}');
        }
        var settings = $.extend(true, {}, options, { emulatorKind: 'authorizedAjax' });
        var deferred = $.Deferred();
        ctx.track(token().then(function (signed) {
          settings.headers = Object.assign({}, options.headers, { 'X-Auth-Token': signed });
          $.ajax(settings).then(function () {
            deferred.resolveWith(this, arguments);
          }, function () {
            deferred.rejectWith(this, arguments);
          });
        }, function (error) {
          ctx.fail('self.$authorizedAjax: ' + error.message, error);
          deferred.reject(null, 'error', error.message);
        }));
        return deferred.promise();
      },

      /** A request made outside jQuery (window.fetch in Node): recorded and answered the same way. */
      dispatch: function (request) {
        request = Object.assign({ kind: 'fetch', headers: {}, body: null, response: null, routed: null }, request);
        request.method = String(request.method || 'GET').toUpperCase();
        request.url = absolute(request.url);
        request.time = ctx.clock.now();
        log.push(request);
        ctx.notify('request', request);
        var pending = answer(request).then(function (response) {
          request.response = response;
          return response;
        });
        ctx.track(pending);
        return pending;
      }
    };
  };
});
