/**
 * sdk.js: the SDK emulator. It loads widget/script.js into a page as the CRM does (RequireJS, the
 * widget object as `this`) and plays the CRM around it: areas and their callbacks, the settings
 * modal, requests, sockets. The page is jsdom in `npm test` (tools/emulator/node.js builds it) and
 * a browser tab in the preview; the emulator itself runs where it is loaded from: require() in
 * Node, RequireJS in a browser.
 *
 *   require(['jquery', 'twigjs', 'emulator/sdk'], function ($, Twig, sdk) {
 *     sdk.createEmulator({window: window, $: $, Twig: Twig, rules: rules, path: path, readWidgetFile: read})
 *       .then(function (emulator) { return emulator.enter('lcard-1'); });
 *   });
 *
 * The page needs RequireJS with the CRM's modules: jquery, underscore, moment, twigjs. The emulator
 * adds lib/components/base/modal and the global APP. Data the widget gets is copied into the page's
 * realm; data the emulator gives back (history, requests, results) into the caller's, so tests
 * compare it with plain literals.
 *
 * The session's parts, one job each: state.js (what the CRM knows), problems.js (errors, warnings,
 * settling), lifecycle.js (the current location, calling callbacks, entering and leaving),
 * locations.js (the CRM's arguments, result checks and entry files, by the platform model),
 * widget.js (self.*), app.js (APP), page.js (the page's elements), settings.js (the settings
 * modal), render.js, requests.js, socket.js, leftovers.js. This file wires them together and
 * gives the emulator's API.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([
  './widget', './app', './render', './requests', './socket', './page', './locations', './leftovers', './realm',
  './settings', './state', './problems', './lifecycle', './crm-modules'
], function (createWidget, createApp, createRenderer, createRequests, createSocketHub, createPage, createLocations,
  createLeftovers, cloneInto, installForm, createState, session, createLifecycle, crmModules) {
  'use strict';

  var copy = cloneInto({ Array: Array, Object: Object });

  var createProblems = session.createProblems;
  var emulatorError = session.emulatorError;
  var messageOf = session.messageOf;

  /**
   * Creates the emulator and loads the widget. Options:
   *   window, $, Twig  the page, its jQuery and twig.js (RequireJS modules jquery, twigjs)  required
   *   rules            tools/platform.json (object)                        required
   *   path             the widget folder's URL: self.params.path, where script.js is loaded from
   *   readWidgetFile   (relative path) → Promise<string>: manifest, i18n and templates
   *   code             self.params.widget_code                              default 'my_widget'
   *   platform         'amocrm' | 'kommo'                                    default 'amocrm'
   *   locale           which i18n file the widget gets                       default the first of manifest
   *   status           'installed' | 'install' | 'not_configured'           default 'installed'
   *   settings         the install form's values (required ones get sample values when missing)
   *   account, user, managers, card, rows, selected: what APP, system() and the SDK report
   *   mount            where the CRM's page is drawn                         default document.body
   *   clock            {setTimeout, clearTimeout, now} for the crm_post queue and tokens
   *   authToken        {secret, client_id, redirect_uri, lifetime}: how X-Auth-Token is signed
   *                    (default tools/emulator/token.js TEST, the values of backend/.env.example)
   *   defer            (fn) → runs fn after pending I/O (a macrotask)        default setTimeout 0
   *   modules          {id: value}: extra AMD modules the widget may require (stubs)
   *   watchErrors      (report) → wires uncaught errors to report(error)     default window events
   *   observe          (type, detail): told of each 'callback' (history entry), 'request', 'error' and
   *                    'warning' as it happens (the preview's log)
   * @returns {Promise<object>} the emulator (see the README section "Tests and the SDK emulator")
   */
  function createEmulator(options) {
    options = options || {};
    var win = options.window;
    var $ = options.$;
    var Twig = options.Twig;
    if (!win || !win.document || typeof $ !== 'function' || !Twig || typeof Twig.twig !== 'function') {
      return Promise.reject(new Error('createEmulator: pass window (the page), $ (its jQuery) and Twig (its twigjs)'));
    }
    var doc = win.document;
    var toPage = cloneInto(win);
    if (!options.rules || !options.rules.locations) {
      return Promise.reject(new Error('createEmulator: pass rules, the object in tools/platform.json'));
    }
    if (typeof options.readWidgetFile !== 'function' || !options.path) {
      return Promise.reject(new Error('createEmulator: pass path (the widget folder\'s URL) and readWidgetFile(path)'));
    }
    if (win.__amoWidgetEmulator) {
      return Promise.reject(new Error('createEmulator: this page already runs an emulator; use one page per emulator'));
    }
    win.__amoWidgetEmulator = true;
    var rules = options.rules;
    var locations;
    try {
      locations = createLocations.create(rules);
    } catch (error) {
      return Promise.reject(error);
    }
    var code = options.code || 'my_widget';
    var path = String(options.path).replace(/\/+$/, '');
    var clock = options.clock || {
      setTimeout: function (fn, ms) { return win.setTimeout(fn, ms); },
      clearTimeout: function (id) { return win.clearTimeout(id); },
      now: function () { return Date.now(); }
    };
    var defer = options.defer || function (fn) { win.setTimeout(fn, 0); };
    var mount = options.mount || doc.body;

    function readJson(file) {
      return Promise.resolve(options.readWidgetFile(file)).then(function (text) {
        try {
          return JSON.parse(text);
        } catch (error) {
          throw new Error('widget/' + file + ' is not valid JSON: ' + error.message);
        }
      }, function (error) {
        throw new Error('cannot read widget/' + file + ': ' + messageOf(error));
      });
    }

    return readJson('manifest.json').then(function (manifest) {
      var platform = options.platform || 'amocrm';
      var locale = options.locale || manifest.widget.locale[0];
      if (manifest.widget.locale.indexOf(locale) === -1) {
        throw new Error('createEmulator: locale "' + locale + '" is not in manifest.json widget.locale (' +
          manifest.widget.locale.join(', ') + ')');
      }
      return readJson('i18n/' + locale + '.json').then(function (langs) {
        return build(manifest, langs, platform);
      });
    });

    function build(manifest, langs, platform) {
      var state = createState(options, manifest, platform);
      var fields = manifest.settings || {};

      var history = [];
      // Where the widget is: lifecycle.current(), {location, area, info, panel, loaded, snapshot} or null.
      var lifecycle;
      function current() {
        return lifecycle ? lifecycle.current() : null;
      }

      // Reads of APP members the CRM lacks, for explaining the TypeError that may follow (app.js).
      var unknownReads = [];
      var problems = createProblems({
        where: function () { return current() ? '[' + current().location + '] ' : ''; },
        observe: options.observe,
        defer: defer,
        explain: function (cause) { return createApp.explain(unknownReads, cause); }
      });
      var errors = problems.errors;
      var warnings = problems.warnings;
      var warningsByRule = problems.warningsByRule;
      var fail = problems.fail;
      var warn = problems.warn;
      var notify = problems.notify;
      var report = problems.report;
      var track = problems.track;
      var settle = problems.settle;
      var step = problems.step;

      // ---- What the CRM knows ----------------------------------------------------------------

      function text(ref) {
        var value = String(ref).split('.').reduce(function (node, key) {
          return node && typeof node === 'object' ? node[key] : undefined;
        }, langs);
        if (typeof value !== 'string') {
          warn('i18n/' + state.locale + '.json has no text "' + ref + '"');
          return ref;
        }
        return value;
      }

      function settings() {
        return Object.assign({
          widget_code: code,
          widget_active: state.installed ? 'Y' : 'N',
          path: path,
          images_path: path + '/images',
          version: manifest.widget.version,
          oauth_client_uuid: state.client_uuid
        }, copy(state.settings));
      }

      function pageInfo() {
        return current() ? current().info : { kind: 'page', entity: 'dashboard' };
      }

      var params = {};
      function syncParams() {
        Object.keys(params).forEach(function (key) { delete params[key]; });
        Object.assign(params, settings());
      }
      syncParams();

      var dom = createPage({
        window: win, $: $, mount: mount, code: code, path: path,
        state: state, text: text, fail: fail
      });
      var sockets = createSocketHub({ error: fail, warn: warn, toPage: toPage });
      var leftovers = createLeftovers({ window: win, $: $, mount: mount, sockets: sockets });
      var requests = createRequests({
        window: win, $: $, clock: clock, defer: defer, track: track, fail: fail, notify: notify,
        authToken: Object.assign({ client_id: state.client_uuid }, options.authToken),
        claims: function () {
          var manager = state.managers[state.user.id];
          return {
            iss: 'https://' + state.account.subdomain + '.' + state.account.domain,
            subdomain: state.account.subdomain,
            account_id: state.account.id,
            user_id: state.user.id,
            is_admin: !!manager && manager.is_admin === 'Y'
          };
        }
      });
      var renderer = createRenderer({
        Twig: Twig, Promise: win.Promise, readWidgetFile: options.readWidgetFile,
        path: function () { return path; }, track: track, fail: fail, warn: warn
      });

      // ---- The page's globals and modules ---------------------------------------------------

      var app = createApp({
        state: state,
        toPage: toPage,
        unknownReads: unknownReads,
        page: pageInfo,
        area: function () { return current() ? current().area : null; },
        constants: function () {
          return {
            account: state.account,
            user: state.user,
            managers: state.managers,
            user_rights: { is_admin: 'Y', is_free_user: 'N' },
            groups: { 0: 'Managers' },
            task_types: { 1: { id: 1, option: 'Follow-up' }, 2: { id: 2, option: 'Meeting' } }
          };
        }
      }, warn);
      Object.defineProperty(win, 'APP', {
        configurable: true,
        get: function () { return app; },
        set: function () {
          throw fail('the widget replaced the global APP: the platform forbids writing to APP');
        }
      });
      Object.defineProperty(win, 'AMOCRM', {
        configurable: true,
        get: function () {
          warn('AMOCRM is the old name of APP: use APP in new code');
          return app;
        }
      });
      win.define('lib/components/base/modal', [], function () { return dom.Modal; });
      crmModules.install({ window: win, path: path, readWidgetFile: options.readWidgetFile, warn: warn });
      renderer.controls.behave($, doc);
      Object.keys(options.modules || {}).forEach(function (id) {
        var value = options.modules[id];
        win.define(id, [], function () { return value; });
      });

      (options.watchErrors || function (reportError) {
        win.addEventListener('error', function (event) {
          event.preventDefault();
          reportError(event.error || new Error(event.message));
        });
        win.addEventListener('unhandledrejection', function (event) {
          event.preventDefault();
          reportError(event.reason);
        });
      })(report);

      // ---- The widget object and its callbacks ----------------------------------------------

      var pageLangs = toPage(langs);
      var proto = createWidget({
        state: state, manifest: manifest, langs: pageLangs, code: code, Promise: win.Promise,
        toPage: toPage, toCaller: copy,
        area: function () { return current() ? current().area : null; },
        page: pageInfo,
        hasPanel: function () { return !!(current() && current().panel && dom.element()); },
        settings: settings, syncParams: syncParams, installStatus: function () { return form.status(); },
        renderer: renderer, dom: dom, requests: requests, sockets: sockets, fail: fail, warn: warn
      });
      var widget = Object.create(proto);
      widget.params = params;
      widget.langs = pageLangs;

      // The widget as a test sees it: the same object, its data copied into the caller's realm.
      var DATA = ['params', 'langs', 'system', 'get_settings', 'get_accounts_current', 'list_selected', 'i18n'];
      var facade = new Proxy(widget, {
        get: function (target, key) {
          var value = target[key];
          if (key === 'get_current_card_contacts_data') {
            return function () { return value.apply(target, arguments).then(copy); };
          }
          if (DATA.indexOf(key) === -1) {
            return value;
          }
          return typeof value === 'function' ? function () { return copy(value.apply(target, arguments)); } : copy(value);
        }
      });

      lifecycle = createLifecycle({
        win: win, manifest: manifest, rules: rules, locations: locations, history: history, copy: copy,
        toPage: toPage, dom: dom, leftovers: leftovers, fail: fail, warn: warn, notify: notify, settle: settle,
        track: track,
        widget: function () { return widget; },
        internal: function () { return internal; },
        form: function () { return form; },
        leftoversFound: function (found) { emulator.leftovers = found; }
      });
      var call = lifecycle.call;
      var enterArea = lifecycle.enterArea;
      var leaveArea = lifecycle.leaveArea;

      var form = installForm.create({
        fields: fields, state: state, dom: dom, text: text, fail: fail, track: track, copy: copy,
        syncParams: syncParams, call: call, leave: leaveArea,
        loaded: function () { return !!(current() && current().loaded); }
      });

      // What locations.js's argument builders may use.
      var internal = {
        state: state,
        page: pageInfo,
        openSettingsModal: function () { return form.open(); },
        settingsFields: function () { return form.read(); },
        menuItem: function () { return Object.keys(manifest.left_menu || {})[0] || code; },
        openDpModal: function () {
          return dom.dpModal((manifest.dp && manifest.dp.settings) || {}, state.dp || {});
        },
        salesbotHandler: function () {
          var handlers = manifest.salesbot_designer || {};
          // Handlers are objects; "logo" beside them is a string (amoCRM's Salesbot page).
          var handler = Object.keys(handlers).filter(function (key) {
            return handlers[key] && typeof handlers[key] === 'object';
          })[0];
          var values = {};
          Object.keys((handlers[handler] || {}).settings || {}).forEach(function (field) {
            var spec = handlers[handler].settings[field];
            values[field] = spec.default_value === undefined ? '' : spec.default_value;
          });
          return { code: handler, values: values };
        },
        openSalesbotModal: function () { return dom.salesbotModal(); },
        code: code,
        document: doc,
        mount: mount,
        // Runs a plain script of widget/ in the page, with extra globals the CRM defines there.
        loadScript: function (file, globals) {
          return Promise.resolve(options.readWidgetFile(file)).then(function (source) {
            var names = Object.keys(globals || {});
            names.forEach(function (key) { win[key] = globals[key]; });
            try {
              win.eval(source + '\n//# sourceURL=' + path + '/' + file);
            } finally {
              names.forEach(function (key) { delete win[key]; });
            }
          });
        },
        // Loads an AMD module of widget/ with the page's RequireJS, as the CRM loads script.js.
        requireModule: function (file) {
          return new Promise(function (resolveModule, rejectModule) {
            win.require([path + '/' + file], resolveModule, function (error) {
              rejectModule(new Error('could not be loaded: ' + messageOf(error && error.originalError || error)));
            });
          });
        }
      };

      var ownerOf = locations.model.ownersOf;

      var emulator = {
        /** The widget (self): its methods' results come back as plain data of the caller. */
        widget: facade,
        /** this.callbacks of script.js, as the widget set them (call them through run()). */
        get callbacks() { return widget.callbacks; },
        window: win,
        document: doc,
        $: $,
        manifest: manifest,
        state: state,
        get location() { return current() ? current().location : null; },
        get area() { return current() ? current().area : null; },
        history: history,
        requests: requests.log,
        sockets: sockets,
        errors: errors,
        warnings: warnings,
        /** The warnings npm run check reports under a rule of its own: [{rule, message}]. */
        warningsByRule: warningsByRule,
        leftovers: [],

        /** Enters a location: render → bind_actions → init (each must return true), then what the CRM opens there. */
        enter: function (location) {
          return step('enter(\'' + location + '\')', function () { return enterArea(location); });
        },

        /** Leaves the area: destroy(); resolves with what the widget left behind. */
        leave: function () {
          return step('leave()', leaveArea);
        },

        /** Calls a callback of the current location with the CRM's arguments (or yours); resolves with its result. */
        run: function (name) {
          var args = Array.prototype.slice.call(arguments, 1);
          return step('run(\'' + name + '\')', function () {
            var owners = ownerOf(name);
            if (!current()) {
              throw fail('run(\'' + name + '\'): enter() a location first' + (owners.length ? ' (' + owners.join(', ') + ')' : ''));
            }
            if (owners.length && owners.indexOf(current().area) === -1) {
              throw fail('run(\'' + name + '\'): the CRM calls ' + name + ' in ' + owners.join(', ') + ', not in ' + current().area);
            }
            return call(name, args);
          });
        },

        /**
         * Opens the settings modal (its area: the model's location of page kind "settings"):
         * resolves with {$body, modal, fields(), fill(values)}.
         */
        settings: function () {
          var area = locations.model.settingsLocation();
          return step('settings()', function () {
            if (current() && current().area !== area) {
              throw fail('settings(): the widget is in ' + current().location + '; leave() it first, the settings modal is an area of its own');
            }
            var opened = current() ? Promise.resolve() : manifest.locations.indexOf(area) !== -1
              ? enterArea(area)
              : Promise.resolve().then(function () {
                lifecycle.setCurrent({ location: area, area: area, info: locations.page(area), panel: false, loaded: false });
                form.open();
              });
            return opened.then(function () {
              var modal = form.open();
              return { modal: modal.modal, $body: modal.$body, fields: form.read, fill: form.fill };
            });
          });
        },

        /** Fills the settings modal with `fields` and presses Save; resolves with {saved, result, fields}. */
        save: function (values) {
          return emulator.settings().then(function () {
            return step('save()', function () {
              form.fill(values);
              return form.save();
            });
          });
        },

        /** Presses Disable in the settings modal: onSave({fields, active: 'N'}), then destroy. */
        disable: function () {
          return emulator.settings().then(function () {
            return step('disable()', form.disable);
          });
        },

        /** Selects list rows by id (lists); the next run('leads.selected') sees them in list_selected(). */
        select: function (ids) {
          state.selected = ids.slice();
        },

        route: requests.route,
        settle: settle,
        /** A copy of data made in the page (e.g. an object the widget built) as the caller's plain data. */
        plain: copy,
        queued: requests.queued,

        /** The widget's block in the right panel (render_template), or null. */
        panel: function () { return dom.block(); },
        /** #work-area-<code> of advanced_settings and widget_page, or null. */
        workArea: function () { return dom.workArea(); },
        /** Open modals (instances of lib/components/base/modal), the newest last. */
        modals: function () { return dom.modals(); },
        /** True when the CRM called the callback (e.g. 'advancedSettings') since the emulator started. */
        called: function (name) {
          return history.some(function (entry) { return entry.callback === name; });
        },

        /** Handles a request made outside jQuery (the Node page's fetch). */
        dispatch: requests.dispatch,

        /** Ends the session: requests are no longer answered, crm_post's queue stops. */
        close: function () {
          requests.close();
        }
      };

      // ---- Load script.js as the CRM does ------------------------------------------------------

      var mark = errors.length;
      // The CRM's page also has its libraries as globals: $ and jQuery, _ (underscore), moment.
      return new Promise(function (resolveGlobals, rejectGlobals) {
        win.require(['underscore', 'moment'], function (underscore, moment) {
          [['$', $], ['jQuery', $], ['_', underscore], ['moment', moment]].forEach(function (pair) {
            if (win[pair[0]] === undefined) {
              win[pair[0]] = pair[1];
            }
          });
          resolveGlobals();
        }, rejectGlobals);
      }).then(function () {
        return new Promise(function (resolveFactory, rejectFactory) {
          win.require([path + '/script.js'], resolveFactory, function (error) {
            rejectFactory(fail(crmModules.explain(error, { window: win, path: path, script: path + '/script.js', rules: rules }), error, 'script-amd'));
          });
        });
      }).then(function (Factory) {
        if (errors.length > mark) {
          throw fail('widget/script.js failed while loading: ' + errors[mark].message, errors[mark]);
        }
        if (Factory === undefined) {
          throw fail('widget/script.js did not call define(): the CRM loads it with RequireJS, as ' +
            'define([\'jquery\'], function ($) { return function () { ...; return this; }; })', undefined, 'script-amd');
        }
        if (typeof Factory !== 'function') {
          throw fail('widget/script.js defines ' + typeof Factory + ': its module must be the function the CRM ' +
            'calls with the widget as this', undefined, 'script-amd');
        }
        var returned;
        try {
          returned = Factory.call(widget);
        } catch (error) {
          throw fail('the function of widget/script.js threw: ' + messageOf(error), error);
        }
        if (returned !== widget) {
          throw fail('the function of widget/script.js must end with `return this;` (it returned ' +
            (returned === undefined ? 'nothing' : typeof returned) + ')', undefined, 'script-amd');
        }
        return emulator;
      });
    }
  }

  return { createEmulator: createEmulator, emulatorError: emulatorError };
});
