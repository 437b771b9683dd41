/**
 * socket.js: an in-memory stand-in for the CRM's socket, behind self.listenSocketChannel.
 *
 * Channels are plain names (`leads:card:42`, `notifications:1:2`, ...). A listener gives the keys
 * a message must hold; emit() hands every matching listener the message, synchronously, so a test
 * can emit and assert on the next line. The preview emits from its UI the same way.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  // The channel families the mechanics page documents; anything else never receives a message.
  var CHANNELS = [
    /^notifications:\d+:\d+$/,
    /^inbox:talks:\d+$/,
    /^system:state:\d+$/,
    /^[a-z_]+:card:\d+$/,
    /^dashboard:events$/,
    /^[a-z_]+:pipeline:\d+$/,
    /^[a-z_]+:events$/
  ];

  // True when `key` is a property of the message or of any object nested in it.
  function holds(value, key, depth) {
    if (!value || typeof value !== 'object' || depth > 32) {
      return false;
    }
    if (Object.prototype.hasOwnProperty.call(value, key)) {
      return true;
    }
    return Object.keys(value).some(function (name) {
      return holds(value[name], key, depth + 1);
    });
  }

  function describe(value) {
    return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
  }

  /**
   * @param {object} hooks  {error(message, cause) → Error, warn(message)}: where misuse is reported;
   *                        toPage(value): the message as the widget's page sees it.
   */
  return function createSocketHub(hooks) {
    var listeners = [];

    var hub = {
      /** self.listenSocketChannel(channel_name, array_keys, callback) → unsubscribe function. */
      listen: function (channel, keys, callback) {
        if (typeof channel !== 'string' || !channel) {
          throw hooks.error('self.listenSocketChannel: the channel name must be a non-empty string, got ' +
            describe(channel) + ' (e.g. `leads:card:${id}`)');
        }
        if (typeof keys === 'function' && callback === undefined) {
          throw hooks.error('self.listenSocketChannel(' + JSON.stringify(channel) + ', callback): the keys come ' +
            'second, the callback third; pass [] for no filtering');
        }
        if (keys === undefined || keys === null) {
          keys = [];
        }
        if (!Array.isArray(keys) || keys.some(function (key) { return typeof key !== 'string'; })) {
          throw hooks.error('self.listenSocketChannel(' + JSON.stringify(channel) + '): array_keys must be an ' +
            'array of strings, got ' + describe(keys));
        }
        if (typeof callback !== 'function') {
          throw hooks.error('self.listenSocketChannel(' + JSON.stringify(channel) + '): the callback must be a ' +
            'function, got ' + describe(callback));
        }
        if (!CHANNELS.some(function (pattern) { return pattern.test(channel); })) {
          hooks.warn('self.listenSocketChannel: "' + channel + '" is none of the documented channels ' +
            '(notifications:ACCOUNT:USER, inbox:talks:ACCOUNT, system:state:ACCOUNT, ENTITY:card:ID, ' +
            'dashboard:events, ENTITY:pipeline:ID, ENTITY:events): it will never receive a message');
        }
        var listener = { channel: channel, keys: Array.from(keys), callback: callback, active: true };
        listeners.push(listener);
        return function unsubscribe() {
          if (listener.active) {
            listener.active = false;
            listeners.splice(listeners.indexOf(listener), 1);
          }
        };
      },

      /**
       * Delivers a message on a channel to every listener whose keys it holds (at any depth).
       * Returns how many listeners received it. A listener that throws fails the emit, with the
       * channel named.
       */
      emit: function (channel, message) {
        var delivered = 0;
        listeners.slice().forEach(function (listener) {
          if (!listener.active || listener.channel !== channel) {
            return;
          }
          var passes = listener.keys.every(function (key) {
            return holds(message, key, 0);
          });
          if (!passes) {
            return;
          }
          delivered += 1;
          try {
            listener.callback(hooks.toPage(message));
          } catch (error) {
            throw hooks.error('the listenSocketChannel callback for "' + channel + '" threw: ' +
              (error && error.message), error);
          }
        });
        return delivered;
      },

      /** Live subscriptions: [{channel, keys}], optionally of one channel. */
      subscriptions: function (channel) {
        return listeners
          .filter(function (listener) { return channel === undefined || listener.channel === channel; })
          .map(function (listener) { return { channel: listener.channel, keys: Array.from(listener.keys) }; });
      }
    };
    return hub;
  };
});
