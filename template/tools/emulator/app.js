/**
 * app.js: the CRM's global APP, as much of it as widgets read (environment variables page):
 * APP.getBaseEntity(), APP.isCard(), APP.getWidgetsArea(), APP.constant(name), APP.data.
 *
 * The platform forbids writing to APP: here every write, however deep, throws an error naming
 * the property, and is recorded, so a test fails where the widget did it.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})(['./crm-app'], function (crmApp) {
  'use strict';

  /**
   * @param {object} context  {state, page(): {kind, entity}, area(): string|null, constants(): object,
   *                           toPage(value): a copy in the page's realm}
   * @param {function} fail   (message) → Error, recorded by the emulator.
   * @returns {object} the read-only APP
   */
  return function createApp(context, fail) {
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

    function readOnly(value, path) {
      if (!value || (typeof value !== 'object' && typeof value !== 'function')) {
        return value;
      }
      if (proxies.has(value)) {
        return proxies.get(value);
      }
      function refuse(what, key) {
        throw fail('the widget ' + what + ' ' + path + '.' + String(key) + ': the platform forbids writing to APP; ' +
          'keep your own state in script.js (e.g. a variable in its module)');
      }
      var proxy = new Proxy(value, {
        get: function (object, key, receiver) {
          var result = Reflect.get(object, key, receiver);
          return typeof result === 'function' ? result : readOnly(result, path + '.' + String(key));
        },
        set: function (object, key) { return refuse('wrote', key); },
        defineProperty: function (object, key) { return refuse('defined', key); },
        deleteProperty: function (object, key) { return refuse('deleted', key); },
        setPrototypeOf: function () { return refuse('replaced the prototype of', '__proto__'); }
      });
      proxies.set(value, proxy);
      return proxy;
    }

    return readOnly(target, 'APP');
  };
});
