/**
 * leftovers.js: what the widget leaves behind after destroy(). The CRM's page lives on from area
 * to area, so a handler, socket subscription, interval or element the widget forgets to remove is
 * still there in the next card, and again in the one after. A snapshot is taken on entering an
 * area; leaving compares the page with it.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  /**
   * @param {object} ctx {window, $, mount: the element the page is drawn in, sockets}
   * Wraps window.setInterval/clearInterval to know the running intervals.
   */
  return function createLeftovers(ctx) {
    var win = ctx.window;
    var $ = ctx.$;
    var intervals = [];
    var setInterval = win.setInterval;
    var clearInterval = win.clearInterval;
    win.setInterval = function () {
      var id = setInterval.apply(win, arguments);
      intervals.push(id);
      return id;
    };
    win.clearInterval = function (id) {
      if (intervals.indexOf(id) !== -1) {
        intervals.splice(intervals.indexOf(id), 1);
      }
      return clearInterval.call(win, id);
    };

    // jQuery handlers on the page's long-lived targets, except the emulator's own ('emulator' namespace).
    function handlers() {
      var out = [];
      [[win.document, 'document'], [win, 'window'], [win.document.body, 'body']].forEach(function (pair) {
        var events = $._data(pair[0], 'events') || {};
        Object.keys(events).forEach(function (type) {
          events[type].forEach(function (handler) {
            if (handler.namespace !== 'emulator') {
              out.push({ on: pair[1], type: type, handler: handler });
            }
          });
        });
      });
      return out;
    }

    return {
      /** What the page holds now. */
      snapshot: function () {
        return {
          handlers: handlers().map(function (item) { return item.handler; }),
          subscriptions: ctx.sockets.subscriptions().length,
          intervals: intervals.slice(),
          children: Array.prototype.slice.call(ctx.mount.children)
        };
      },

      /** What was added since the snapshot, each with how to remove it. */
      since: function (before) {
        var found = [];
        handlers().forEach(function (item) {
          if (before.handlers.indexOf(item.handler) === -1) {
            found.push('a \'' + item.type + '\' handler on ' + item.on +
              (item.handler.selector ? ' (for ' + item.handler.selector + ')' : '') +
              ': remove it in destroy() with .off()');
          }
        });
        ctx.sockets.subscriptions().slice(before.subscriptions).forEach(function (subscription) {
          found.push('a subscription to the socket channel ' + subscription.channel + ': call the function ' +
            'listenSocketChannel returned, in destroy()');
        });
        intervals.forEach(function (id) {
          if (before.intervals.indexOf(id) === -1) {
            found.push('an interval (setInterval) still running: clearInterval it in destroy()');
          }
        });
        Array.prototype.slice.call(ctx.mount.children).forEach(function (element) {
          if (before.children.indexOf(element) === -1 && element.tagName !== 'SCRIPT') {
            found.push('an element <' + element.tagName.toLowerCase() + (element.className ? ' class="' +
              element.className + '"' : '') + '> the widget added to the page: remove it in destroy()');
          }
        });
        return found;
      }
    };
  };
});
