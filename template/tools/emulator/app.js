/**
 * app.js: the CRM's global APP, as much of it as widgets read (environment variables page):
 * APP.getBaseEntity(), APP.isCard(), APP.getWidgetsArea(), APP.constant(name), APP.data.
 *
 * The platform forbids writing to APP, yet the CRM's APP takes a write: here every write, however
 * deep, goes through and is recorded as a warning naming the property (npm run check warns too).
 *
 * The emulator invents no member the CRM lacks: reading an unknown APP.x gives undefined, as on a
 * CRM page, and is an app-member warning naming the member and the widget's line (guarded code,
 * `if (APP.x)`, then runs on); when the widget goes on to use it (APP.x.y, APP.x()), explain(reads,
 * error) turns the TypeError into one line naming the member and that line.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})(['./crm-app'], function (crmApp) {
  'use strict';

  // The widget's frame in a stack: {file: 'script.js', line: 12}, or null (the emulator's and the
  // libraries' frames are not the widget's; a widget file is served from widget/).
  function widgetFrame(stack) {
    var lines = String(stack || '').split('\n');
    for (var i = 0; i < lines.length; i += 1) {
      var frame = /\/widget\/([^\s()]+?\.js):(\d+):\d+\)?$/.exec(lines[i]);
      if (frame && !/[\\/](tools[\\/]emulator|node_modules)[\\/]/.test(lines[i])) {
        return { file: decodeURIComponent(frame[1]), line: Number(frame[2]) };
      }
    }
    return null;
  }

  /**
   * @param {object} context  {state, page(): {kind, entity}, area(): string|null, constants(): object,
   *                           toPage(value): a copy in the page's realm, unknownReads: [] (optional:
   *                           each read of an unknown member is pushed there as {member, file, line})}
   * @param {function} warn   (message, rule): a warning recorded by the emulator.
   * @returns {object} APP; every write to it, however deep, is a warning
   */
  function createApp(context, warn) {
    var target = {
      getBaseEntity: function () {
        return context.page().entity;
      },
      isCard: function () {
        return context.page().kind === 'card';
      },
      getWidgetsArea: function () {
        return context.area();
      },
      constant: function (name) {
        // A copy: what the widget does with it cannot change the CRM's own.
        return context.toPage(context.constants()[name]);
      },
      data: {}
    };
    Object.defineProperty(target, 'data', {
      enumerable: true,
      get: function () {
        var page = context.page();
        var card = page.kind === 'card' ? context.state.card : null;
        return context.toPage({
          current_entity: page.entity,
          current_card: card ? { id: card.id, element_type: card.element_type, model: { id: card.id } } : undefined,
          current_view: page.kind
        });
      }
    });

    Object.defineProperties(target, crmApp(context));

    var proxies = new WeakMap();
    var warned = {};
    // Names that code asks of any object (promise and JSON checks, inspectors): not the widget's doing.
    var PROBES = /^(then|toJSON|inspect|nodeType|asymmetricMatch|\$\$typeof|@@.*|__.*)$/;

    // A member the CRM's APP lacks (as far as the platform's docs and real widgets show): named once
    // per widget line, so that a later TypeError there can say which member it was.
    function unknown(key, object) {
      var at = widgetFrame(new Error().stack);
      var where = at ? at.file + ':' + at.line : '';
      if (!warned['?' + key + '@' + where]) {
        warned['?' + key + '@' + where] = true;
        // Once per member and line: a widget reading it in a loop keeps one record.
        if (context.unknownReads) {
          context.unknownReads.push({ member: 'APP.' + key, file: at && at.file, line: at && at.line });
        }
        warn((where ? where + ': ' : '') + 'APP.' + key + ' is not a member of the CRM\'s APP (it has ' +
          Object.keys(object).join(', ') + '): it reads as undefined; guard it (if (APP.' + key + ') ...) or use a member APP has', 'app-member');
      }
    }

    function readOnly(value, path) {
      if (!value || (typeof value !== 'object' && typeof value !== 'function')) {
        return value;
      }
      if (proxies.has(value)) {
        return proxies.get(value);
      }
      // The CRM's APP takes the write (it is a plain object there), so the emulator does too,
      // and warns once per property: the platform's rules forbid it (moderation).
      function written(what, key) {
        var where = path + '.' + String(key);
        if (!warned[where]) {
          warned[where] = true;
          warn('the widget ' + what + ' ' + where + ': the platform forbids writing to APP; ' +
            'keep your own state in script.js (e.g. a variable in its module)');
        }
      }
      var proxy = new Proxy(value, {
        get: function (object, key, receiver) {
          if (path === 'APP' && typeof key === 'string' && !(key in object) && !PROBES.test(key)) {
            unknown(key, object);
          }
          var result = Reflect.get(object, key, receiver);
          return typeof result === 'function' ? result : readOnly(result, path + '.' + String(key));
        },
        set: function (object, key, next) {
          written('wrote', key);
          return Reflect.set(object, key, next);
        },
        defineProperty: function (object, key, descriptor) {
          written('defined', key);
          return Reflect.defineProperty(object, key, descriptor);
        },
        deleteProperty: function (object, key) {
          written('deleted', key);
          return Reflect.deleteProperty(object, key);
        },
        setPrototypeOf: function (object, proto) {
          written('replaced the prototype of', '__proto__');
          return Reflect.setPrototypeOf(object, proto);
        }
      });
      proxies.set(value, proxy);
      return proxy;
    }

    return readOnly(target, 'APP');
  }

  /**
   * The TypeError of a widget that used an unknown APP member, as one line naming the member and
   * the widget's line: "script.js:12: APP.x is not a member of the CRM's APP, so APP.x.y() fails".
   * @param {Array} reads   the unknownReads of createApp's context
   * @param {*} error       what the widget threw
   * @returns {string|null} the line, or null when the error is no use of an unknown member
   */
  function explain(reads, error) {
    var message = error && typeof error.message === 'string' ? error.message : '';
    var undefinedRead = /^Cannot (?:read|set) propert(?:y|ies) of undefined \(\w+ '([^']*)'\)/.exec(message);
    var notFunction = /^APP\.([\w$]+) is not a function/.exec(message);
    var at = error && error.name === 'TypeError' && (undefinedRead || notFunction) ? widgetFrame(error.stack) : null;
    if (!at) {
      return null;
    }
    for (var i = reads.length - 1; i >= 0; i -= 1) {
      var read = reads[i];
      if (read.file === at.file && read.line === at.line && (!notFunction || read.member === 'APP.' + notFunction[1])) {
        var use = notFunction ? read.member + '()' : read.member + '.' + undefinedRead[1];
        return at.file + ':' + at.line + ': ' + read.member + ' is not a member of the CRM\'s APP, so ' + use +
          ' fails (TypeError): use a member APP has, or guard it (if (' + read.member + ') ...)';
      }
    }
    return null;
  }

  createApp.explain = explain;
  return createApp;
});
