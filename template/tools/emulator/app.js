/**
 * app.js: the CRM's global APP, as much of it as widgets read (environment variables page):
 * APP.getBaseEntity(), APP.isCard(), APP.getWidgetsArea(), APP.constant(name), APP.data.
 *
 * The platform forbids writing to APP, yet the CRM's APP takes a write: here every write, however
 * deep, goes through and is recorded as a warning naming the property (npm run check warns too).
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})(['./crm-app'], function (crmApp) {
  'use strict';

  /**
   * @param {object} context  {state, page(): {kind, entity}, area(): string|null, constants(): object,
   *                           toPage(value): a copy in the page's realm}
   * @param {function} warn   (message): a warning recorded by the emulator.
   * @returns {object} APP; every write to it, however deep, is a warning
   */
  return function createApp(context, warn) {
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

    // A member of APP the emulator does not model: named once, so a later "Cannot read properties of
    // undefined" says which member it was.
    function unknown(key, object) {
      if (!warned['?' + key]) {
        warned['?' + key] = true;
        warn('APP.' + key + ' is not a member of APP the emulator models (it has ' + Object.keys(object).join(', ') +
          '): it reads as undefined here; if the CRM has it, guard the call (if (APP.' + key + ') ...) or stub it in the test');
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
  };
});
