/**
 * dom.js: building the preview's elements without HTML strings, so texts from the widget (names,
 * messages, URLs) always land as text.
 *
 *   el('button', {class: 'pv-bar__button', type: 'button', onclick: run}, ['Run ', name])
 */
globalThis.define([], function () {
  'use strict';

  var document = globalThis.document; // tools/ lints as Node code

  /** An element: attrs are attributes (on* are listeners, hidden a flag), children texts or nodes. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === undefined || value === null || value === false) {
        return;
      }
      if (/^on/.test(name)) {
        node.addEventListener(name.slice(2), value);
      } else if (name === 'hidden') {
        node.hidden = true;
      } else {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    });
    append(node, children);
    return node;
  }

  function append(node, children) {
    (Array.isArray(children) ? children : children === undefined ? [] : [children]).forEach(function (child) {
      if (child === undefined || child === null || child === false) {
        return;
      }
      node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  /** Replaces the node's children. */
  function fill(node, children) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
    return append(node, children);
  }

  /** A short, readable text of any value: strings as they are, the rest as JSON. */
  function describe(value, limit) {
    var text;
    if (typeof value === 'string') {
      text = value;
    } else if (value && typeof value.jquery === 'string') {
      text = '$(' + value.length + ' element' + (value.length === 1 ? '' : 's') + ')';
    } else if (value instanceof Error) {
      text = value.name + ': ' + value.message;
    } else if (value === undefined) {
      text = 'undefined';
    } else if (typeof value === 'function') {
      text = 'function ' + (value.name || '') + '()';
    } else {
      try {
        text = JSON.stringify(value, function (key, item) {
          if (item && typeof item === 'object' && typeof item.jquery === 'string') {
            return '$(' + item.length + ')';
          }
          return typeof item === 'function' ? 'function ' + (item.name || '') + '()' : item;
        });
      } catch {
        text = String(value);
      }
      text = text === undefined ? String(value) : text;
    }
    return limit && text.length > limit ? text.slice(0, limit - 1) + '…' : text;
  }

  /** HH:MM:SS.mmm of a time in milliseconds. */
  function clock(time) {
    var date = new Date(time);
    var pad = function (number, size) { return String(number).padStart(size || 2, '0'); };
    return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) + '.' +
      pad(date.getMilliseconds(), 3);
  }

  return { el: el, append: append, fill: fill, describe: describe, clock: clock };
});
