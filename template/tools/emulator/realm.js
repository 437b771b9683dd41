/**
 * realm.js: copies of plain data between realms. In `npm test` the widget runs in the jsdom page
 * (its own Array and Object) while the emulator and the test run in Node: the widget gets data made
 * with the page's constructors, the test gets data made with its own, so `instanceof Array` holds
 * in the widget and assert.deepStrictEqual holds in the test. In a browser both are the same realm.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  // An object made by Object (of any realm), not by a class: copied; the rest (functions, DOM
  // nodes, jQuery objects, promises, errors) is shared as it is.
  function isPlainObject(value) {
    if (!value || typeof value !== 'object' || Object.prototype.toString.call(value) !== '[object Object]') {
      return false;
    }
    var proto = Object.getPrototypeOf(value);
    return proto === null || Object.getPrototypeOf(proto) === null;
  }

  /** A deep copy of arrays and plain objects, made with the given realm's Array and Object. */
  return function cloneInto(realm) {
    return function clone(value) {
      if (Array.isArray(value)) {
        return realm.Array.from(value, function (item) { return clone(item); });
      }
      if (isPlainObject(value)) {
        var out = new realm.Object();
        Object.keys(value).forEach(function (key) { out[key] = clone(value[key]); });
        return out;
      }
      return value;
    };
  };
});
