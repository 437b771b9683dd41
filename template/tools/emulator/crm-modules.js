/**
 * crm-modules.js: the RequireJS modules and plugins the CRM's page has beyond jquery, underscore,
 * moment and twigjs (those and backbone come from node_modules, project.js LIBRARIES):
 *   text!<file>, json!<file>   the widget's own files as text / parsed JSON (RequireJS plugins)
 *   es6promise                 the es6-promise library's module: {Promise, polyfill()}
 * and the loader's message when a module cannot be loaded: which widget file requires which
 * module, without RequireJS's internal names (`json!file:///..._unnormalized2`). Which modules the
 * CRM's page has is platform.json "crm_modules" (the TypeScript build keeps the same ones external).
 * Real widgets load these (amo-widget-platform.md §9).
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})(['../lib/platform'], function (platform) {
  'use strict';

  function messageOf(error) {
    return String(error && error.message || error).split('\n')[0];
  }

  // RequireJS marks names it could not normalise yet: 'json!./x.json_unnormalized2'.
  function clean(id) {
    return String(id).replace(/_unnormalized\d+$/, '');
  }

  /**
   * The widget-relative path of a URL of the widget's folder ('templates/x.twig'), or null.
   * @param {string} url    absolute URL (query string ignored)
   * @param {string} base   the widget folder's URL, no trailing slash
   */
  function widgetFile(url, base) {
    var bare = String(url).split('?')[0].split('#')[0];
    return bare.indexOf(base + '/') === 0 ? decodeURIComponent(bare.slice(base.length + 1)) : null;
  }

  /** A module id as a developer reads it: widget/<file> for the widget's own, the id otherwise. */
  function display(id, base) {
    var plugin = /^([^!]+)!(.*)$/.exec(clean(id));
    if (plugin) {
      return plugin[1] + '!' + display(plugin[2], base);
    }
    var own = widgetFile(clean(id), base);
    return own === null ? clean(id) : 'widget/' + own;
  }

  /**
   * Defines the plugins and stand-ins on the page's RequireJS.
   * @param {object} ctx {window (the page), path (widget folder URL), readWidgetFile(rel) → Promise<string>,
   *                     warn(message, rule) (the emulator's warning)}
   */
  function install(ctx) {
    var win = ctx.window;
    var base = String(ctx.path).replace(/\/+$/, '');

    function filePlugin(kind, parse) {
      return {
        load: function (name, req, onload) {
          var url = req.toUrl(name);
          var rel = widgetFile(new win.URL(url, win.location.href).href, base);
          if (rel === null) {
            onload.error(new Error(kind + '!' + name + ' is not a file of widget/: the emulator serves the widget\'s own files only; ' +
              'ship it in widget/ and load it by a relative path (' + kind + '!./file)'));
            return;
          }
          Promise.resolve().then(function () { return ctx.readWidgetFile(rel); }).then(function (text) {
            var value;
            try {
              value = parse(text);
            } catch (error) {
              onload.error(new Error(kind + '!./' + rel + ': widget/' + rel + ' is not valid JSON: ' + error.message));
              return;
            }
            onload(value);
          }, function () {
            onload.error(new Error(kind + '!./' + rel + ': widget/' + rel + ' does not exist: add it, or fix the path'));
          });
        }
      };
    }

    // A module unmodelled() names: an empty stand-in (a function, so both calling and `new` work) and a
    // warning naming it, once per module (a URL's query, e.g. ?v=<time>, aside).
    var warned = {};
    var load = win.requirejs.load;
    win.requirejs.load = function (context, id, url) {
      // The widget's own files and the page's own origin load as they are: only what the emulator
      // cannot serve (the CRM's modules, another host's libraries) stands in.
      if (!unmodelled(id) || widgetFile(id, base) !== null || sameOrigin(id, win)) {
        return load.apply(this, arguments);
      }
      var bare = id.split('?')[0];
      if (!warned[bare] && typeof ctx.warn === 'function') {
        warned[bare] = true;
        var requirers = requirersOf(id, win);
        var who = requirers.length ? requirers.map(function (r) { return display(r, base); }).join(', ') : 'widget/script.js';
        ctx.warn(who + ' requires ' + id + ', which the emulator does not model (' +
          (/^lib\//.test(id) ? 'the CRM\'s page has it' : 'the CRM\'s page loads it from the network') +
          '): it stands in as an empty function here, so what the widget does with it is not checked' +
          (id === bare ? '; stub it in the test with the option modules: {\'' + id + '\': value} to check it' : ''), 'script-amd');
      }
      win.define(id, [], function () {
        return function standInModule() {};
      });
      context.completeLoad(id);
    };

    win.define('text', [], function () { return filePlugin('text', function (text) { return text; }); });
    win.define('json', [], function () { return filePlugin('json', function (text) { return JSON.parse(text); }); });
    win.define('es6promise', [], function () {
      return { Promise: win.Promise, polyfill: function () {} };
    });
  }

  /**
   * The loader's message for a RequireJS error while loading script.js: which module could not be
   * loaded, which widget file requires it, and what to do; one line, no loader internals.
   * @param {Error} error    RequireJS's error (requireType, requireModules, originalError)
   * @param {object} ctx     {window, path (widget folder URL), script (script.js's module id),
   *                         rules (tools/platform.json: "crm_modules" names what the page has)}
   * @returns {string}
   */
  function explain(error, ctx) {
    var base = String(ctx.path).replace(/\/+$/, '');
    var modules = ((error && error.requireModules) || []).map(clean).filter(function (id) { return id !== ctx.script; });
    if (!modules.length) {
      var cause = error && (error.originalError || error);
      return 'widget/script.js could not be loaded: ' + String(cause && cause.message || cause)
        .replace(/_unnormalized\d+/g, '').split(base + '/').join('widget/').split('\n')[0];
    }
    var id = modules[0];
    var requirers = requirersOf(id, ctx.window);
    var who = requirers.length ? requirers.map(function (r) { return display(r, base); }).join(', ') : 'widget/script.js';
    var plugin = /^(text|json)!(.*)$/.exec(id);
    if (plugin) {
      var own0 = widgetFile(plugin[2], base);
      // The plugin's own error (filePlugin above), as RequireJS passes it on.
      var why = String(error && error.message) + ' ' + String(error && error.originalError && error.originalError.message);
      return who + ' requires ' + plugin[1] + '!' + (own0 === null ? plugin[2] : './' + own0) + ': ' +
        (own0 === null ? 'the CRM serves the widget\'s own files only; ship it in widget/ and load it by a relative path'
          : why && why.indexOf('not valid JSON') !== -1 ? 'widget/' + own0 + ' is not valid JSON: fix it'
            : why.indexOf('does not exist') !== -1 ? 'widget/' + own0 + ' does not exist: add it, or fix the path'
              : 'widget/' + own0 + ' could not be loaded (' + messageOf(error).replace(/_unnormalized\d+/g, '').split(base + '/').join('widget/') + ')');
    }
    var own = widgetFile(id, base);
    if (own !== null || /^\.\.?\//.test(id)) {
      return who + ' requires ' + display(id, base) + ', which is not in widget/: add the file, or fix the path';
    }
    if (/^(https?:)?\/\//.test(id)) {
      var changing = id.indexOf('?') !== -1;
      return who + ' loads ' + id + ' from the network, which the emulator does not reach: ' + (changing
        ? 'ship the library in widget/vendor/ and require it by a relative path (a URL with a query such as ?v= changes, so it cannot be stubbed)'
        : 'ship it in widget/vendor/ and require it by a relative path, or stub it in the test with the option modules: {\'' + id + '\': value}');
    }
    return who + ' requires ' + id + ', which the CRM\'s page does not provide here (it has ' +
      platform.model(ctx.rules).crmModuleNames().join(', ') + ' and the widget\'s own files as ./name.js): ship it in widget/vendor/ and require ' +
      'it by a relative path, or stub it in the test with the option modules: {\'' + id + '\': value}';
  }

  /**
   * True for a module the platform runs but the emulator does not model: a module of the CRM's own
   * page (lib/components/..., e.g. lib/components/base/confirm) or one loaded from an absolute URL
   * (https://cdn...). The emulator stands in for it (install) instead of failing the load.
   * @param {string} id  a module id as RequireJS loads it
   */
  function sameOrigin(id, win) {
    var origin = win.location && win.location.origin;
    // The page's own origin, or the dev server the development upload loads the widget from.
    return (Boolean(origin) && origin !== 'null' && String(id).indexOf(origin + '/') === 0) ||
      /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(String(id));
  }

  function unmodelled(id) {
    return /^lib\/components\//.test(id) || /^(https?:)?\/\//.test(id);
  }

  // The modules whose dependencies include id (RequireJS's registry of the default context).
  function requirersOf(id, win) {
    var context = win.requirejs && win.requirejs.s && win.requirejs.s.contexts && win.requirejs.s.contexts._;
    var registry = (context && context.registry) || {};
    return Object.keys(registry).filter(function (key) {
      return (registry[key].depMaps || []).some(function (map) { return map && clean(map.id) === id; });
    }).map(function (key) { return registry[key].map && registry[key].map.url || key; });
  }

  return {
    install: install, explain: explain, display: display,
    unmodelled: unmodelled
  };
});
