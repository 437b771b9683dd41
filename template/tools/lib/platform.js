/**
 * lib/platform.js: the one reader of the platform model (tools/platform.json). Every per-location
 * fact the toolkit uses comes through here: check's rules, the SDK emulator, the preview and
 * npm test. What the fields mean: platform.json "$comment_locations"; the platform's own pages:
 * platform.json "platforms.<platform>.docs.locations".
 *
 *   const platform = require('./lib/platform');           // Node
 *   define(['lib/platform'], function (platform) { ... }); // the preview (RequireJS)
 *   platform.bareLocation('lcard-1')                       // -> 'lcard'
 *   var model = platform.model(rules);                     // rules: the parsed platform.json
 *   model.callbacksOf('tlist-1')                           // -> ['todo.selected', 'calendarSync']
 *
 * Pure functions over the parsed JSON: no file access, so it runs in Node and in a browser page.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  var SUFFIX = /-([01])$/;

  /** A manifest location without its -1/-0 suffix, as self.system().area gives it: 'lcard-1' -> 'lcard'. */
  function bareLocation(location) {
    return String(location).replace(SUFFIX, '');
  }

  /** The suffix of a manifest location: '1' (right panel), '0' (background) or null (none). */
  function suffixOf(location) {
    var found = SUFFIX.exec(String(location));
    return found ? found[1] : null;
  }

  var own = Object.prototype.hasOwnProperty;

  /**
   * Questions about the model.
   * @param {object} rules the parsed tools/platform.json (needs .locations and .callbacks)
   * @returns {object} the functions below; a location may be given with or without its suffix
   * @throws {Error} when rules is not the platform model
   */
  function model(rules) {
    if (!rules || typeof rules.locations !== 'object' || typeof rules.callbacks !== 'object') {
      throw new Error('the platform model (tools/platform.json) needs "locations" and "callbacks"');
    }

    /** The location's entry of platform.json, or null for a name the platform does not know. */
    function location(name) {
      var code = bareLocation(name);
      return own.call(rules.locations, code) ? rules.locations[code] : null;
    }

    /** Whether a location draws: suffixed ones with -1 or no suffix (which means -1), never -0. */
    function draws(name) {
      var spec = location(name);
      return !!spec && (!spec.suffix || suffixOf(name) !== '0');
    }

    var api = {
      rules: rules,
      location: location,

      /** The location codes a platform offers ('amocrm' | 'kommo'), in the model's order. */
      codesOf: function (platform) {
        return Object.keys(rules.locations).filter(function (code) {
          return rules.locations[code].platforms.indexOf(platform) !== -1;
        });
      },

      /** The callback's entry ({doc, params, args, returns, ...}), or null if the model has none. */
      callback: function (name) {
        return own.call(rules.callbacks, name) ? rules.callbacks[name] : null;
      },

      /** The callbacks the CRM calls in a location besides the lifecycle ones (names). */
      callbacksOf: function (name) {
        var spec = location(name);
        return spec ? spec.callbacks.slice() : [];
      },

      /** The location codes whose callbacks include `callback`. */
      ownersOf: function (callback) {
        return Object.keys(rules.locations).filter(function (code) {
          return rules.locations[code].callbacks.indexOf(callback) !== -1;
        });
      },

      /**
       * The callbacks script.js must define for these manifest locations, each with who needs it:
       * the lifecycle ones, then every non-optional callback of each location.
       * @returns {Array<{name: string, who: string}>}
       */
      requiredCallbacks: function (locations) {
        var found = {};
        var list = [];
        function add(name, who) {
          if (!own.call(found, name)) {
            found[name] = true;
            list.push({ name: name, who: who });
          }
        }
        rules.lifecycle_callbacks.forEach(function (name) { add(name, 'every widget'); });
        locations.forEach(function (name) {
          var code = bareLocation(name);
          api.callbacksOf(code).forEach(function (callback) {
            var spec = api.callback(callback);
            if (!spec || !spec.optional) {
              add(callback, 'the ' + code + ' location');
            }
          });
        });
        return list;
      },

      /** The callback the CRM calls by itself right after render/bind_actions/init there, or null. */
      onEnter: function (name) {
        var spec = location(name);
        return (spec && spec.on_enter) || null;
      },

      /**
       * The preview's page of a location: {kind, entity, section}, and on a settings or board page
       * {logo, opens} (the widget's item there: its logo, the callback a click on it calls); a plain
       * page for an unknown location.
       */
      page: function (name) {
        var spec = location(name);
        return (spec && spec.page) || { kind: 'page', entity: 'dashboard', section: 'dashboard' };
      },

      /**
       * The location of the widget's settings modal: the one whose page kind is "settings"
       * (amo-widget-platform.md §3: "settings | the widget's settings modal"), or null.
       */
      settingsLocation: function () {
        return Object.keys(rules.locations).filter(function (code) {
          return (rules.locations[code].page || {}).kind === 'settings';
        })[0] || null;
      },

      /** The Twig template the location draws (name without .twig), or null; -0 locations draw none. */
      twigOf: function (name) {
        var spec = location(name);
        return spec && spec.twig && draws(name) ? spec.twig : null;
      },

      /** Whether the location shows the widget's block in the right panel: a card or list with -1 or no suffix. */
      hasPanel: function (name) {
        var spec = location(name);
        return !!(spec && spec.suffix && draws(name));
      },

      /** Whether system controls can be drawn in the location (its template takes them). */
      drawsControls: function (name) {
        var spec = location(name);
        return !!(spec && spec.controls && draws(name));
      },

      /**
       * Whether the CRM calls this callback by itself: on entering, from the settings modal, a list's
       * menu or the widget's item on its page (page.opens).
       */
      calledByPage: function (callback) {
        var spec = api.callback(callback);
        if (rules.lifecycle_callbacks.indexOf(callback) !== -1 || (spec && spec.list_action)) {
          return true;
        }
        return Object.keys(rules.locations).some(function (code) {
          var loc = rules.locations[code];
          return loc.on_enter === callback || (loc.page || {}).opens === callback;
        });
      },

      /**
       * Whether the CRM's page gives this module id to script.js (platform.json "crm_modules": an
       * exact id or one of its prefixes), e.g. 'jquery', 'lib/components/base/modal', 'text!./a.html'.
       */
      crmModule: function (id) {
        var modules = rules.crm_modules || { ids: [], prefixes: [] };
        return modules.ids.indexOf(String(id)) !== -1 || modules.prefixes.some(function (prefix) {
          return String(id).indexOf(prefix) === 0;
        });
      },

      /** The CRM's modules as a developer reads them, for messages: 'jquery', ..., 'lib/...', 'text!...'. */
      crmModuleNames: function () {
        var modules = rules.crm_modules || { ids: [], prefixes: [] };
        return modules.ids.concat(modules.prefixes.map(function (prefix) { return prefix + '...'; }));
      },

      /** Files the location needs in widget/ beside script.js (relative paths). */
      filesOf: function (name) {
        var spec = location(name);
        return (spec && spec.files) || [];
      },

      /** The location codes that claim a logo of the "logos" table (location "logos"); [] for one every widget needs. */
      logoOwners: function (file) {
        return Object.keys(rules.locations).filter(function (code) {
          return (rules.locations[code].logos || []).indexOf(file) !== -1;
        });
      },

      /** The location codes where a custom setting is drawn (location "custom_setting"). */
      customSettingPlaces: function () {
        return Object.keys(rules.locations).filter(function (code) { return !!rules.locations[code].custom_setting; });
      }
    };
    return api;
  }

  return { bareLocation: bareLocation, suffixOf: suffixOf, model: model };
});
