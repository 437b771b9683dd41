/**
 * preview.js: the live preview. Loads widget/script.js into this page through the SDK emulator of
 * `npm test` (tools/emulator/browser.js), enters an area of the manifest, and wires the bar:
 * the area switcher (leaving an area calls destroy, entering one render, bind_actions, init), the
 * language switcher, the settings modal, light and dark themes. The area and language live in
 * the URL and the saved settings in localStorage, so the reload after every change of a file
 * comes back to the same place with the same settings.
 *
 * window.preview exposes the emulator and the page's state (loading, ready, error) to tests.
 */
globalThis.define(['emulator/browser', 'lib/platform', 'preview/crm', 'preview/panel', 'preview/backend', 'preview/problems'], function (browser, platform, createCrm, createPanel, backend, problems) {
  'use strict';

  // The page's globals, read from globalThis: tools/ lints as Node code.
  var window = globalThis;
  var document = window.document;

  var THEME_KEY = 'amo-widget-preview:theme';
  var started = window.performance.now();
  var status = document.getElementById('pv-status');
  var alertBox = document.getElementById('crm-alert');
  // The dev server's own fetch: the emulator answers the widget's.
  var serverFetch = window.fetch.bind(window);

  // A TypeScript widget's error: where its first frame in widget/script.js comes from in src/
  // (the dev server reads the development build's source map); '' when nothing maps.
  function locate(stack) {
    var frame = /\/widget\/script\.js(?:\?[^\s:)]*)?:(\d+):(\d+)/.exec(stack);
    if (!frame) {
      return Promise.resolve('');
    }
    return serverFetch('/__preview/source?line=' + frame[1] + '&col=' + frame[2], { cache: 'no-store' }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      var source = answer && answer.source;
      return source ? ' (' + source.file + ':' + source.line + ':' + source.col + ')' : '';
    }, function () {
      return '';
    });
  }

  var panel = createPanel({ locate: locate });
  var preview = window.preview = { state: 'loading', busy: false, emulator: null, error: null };

  var bare = platform.bareLocation;

  function setState(state, message) {
    preview.state = state;
    document.documentElement.setAttribute('data-preview', state);
    if (message !== undefined) {
      status.textContent = message;
    }
  }

  function showAlert(message, level) {
    alertBox.hidden = !message;
    alertBox.textContent = message || '';
    alertBox.className = 'crm-alert' + (level ? ' crm-alert_' + level : '');
  }

  // ---- Theme -----------------------------------------------------------------------------------

  function applyTheme(theme) {
    document.documentElement.setAttribute('data-theme', theme);
    var button = document.getElementById('pv-theme');
    button.setAttribute('aria-pressed', String(theme === 'dark'));
    button.textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
  }

  function storedTheme() {
    try {
      return localStorage.getItem(THEME_KEY) === 'dark' ? 'dark' : 'light';
    } catch {
      return 'light';
    }
  }

  applyTheme(storedTheme());
  document.getElementById('pv-theme').addEventListener('click', function () {
    var theme = document.documentElement.getAttribute('data-theme') === 'dark' ? 'light' : 'dark';
    applyTheme(theme);
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // Private windows may refuse storage: the theme lasts until the next reload.
    }
  });

  // ---- The console of the page -------------------------------------------------------------------

  // The widget's console output goes to the panel too (and still to the browser's console).
  ['log', 'info', 'warn', 'error', 'debug'].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      var parts = Array.prototype.slice.call(arguments);
      if (!(typeof parts[0] === 'string' && /^\[vite\]/.test(parts[0]))) {
        panel.consoleEntry(level, parts);
      }
      return original.apply(console, arguments);
    };
  });

  // Where an uncaught error happened (a syntax error in script.js has no stack to tell it).
  window.addEventListener('error', function (event) {
    if (event.filename) {
      var at = event.filename.replace(window.location.origin, '').split('?')[0] + ':' + event.lineno + ':' + event.colno;
      locate(at).then(function (where) {
        panel.consoleEntry('error', [event.message + ' (' + at + ')' + where], 'page');
      });
    }
  });

  // ---- Saved settings ------------------------------------------------------------------------------

  function settingsStore(code) {
    var key = 'amo-widget-preview:' + code + ':settings';
    var last = null;
    return {
      read: function () {
        try {
          var saved = JSON.parse(localStorage.getItem(key));
          return saved && typeof saved === 'object' ? saved : null;
        } catch {
          return null;
        }
      },
      // Keeps what the CRM keeps: the values saved in the modal, and whether the widget is installed.
      write: function (state) {
        var text = JSON.stringify({ installed: state.installed, settings: state.settings });
        if (text !== last) {
          last = text;
          try {
            localStorage.setItem(key, text);
          } catch {
            // No storage: settings last until the next reload.
          }
        }
      },
      forget: function () {
        localStorage.removeItem(key);
      }
    };
  }

  // ---- Start -------------------------------------------------------------------------------------

  function start(project) {
    var manifest = project.manifest;
    var params = new window.URLSearchParams(window.location.search);
    var locales = manifest.widget.locale;
    var locale = locales.indexOf(params.get('locale')) !== -1 ? params.get('locale') : locales[0];
    var store = settingsStore(project.code);
    var saved = store.read();
    document.getElementById('pv-name').textContent = project.code;
    document.documentElement.setAttribute('data-platform', project.platform);

    document.getElementById('pv-reset').addEventListener('click', function () {
      store.forget();
      window.location.reload();
    });
    var localeSelect = document.getElementById('pv-locale');
    locales.forEach(function (code) {
      localeSelect.appendChild(new window.Option((project.rules.locale_names || {})[code] || code, code, false, code === locale));
    });
    localeSelect.disabled = locales.length < 2;
    localeSelect.addEventListener('change', function () {
      var url = new window.URL(window.location.href);
      url.searchParams.set('locale', localeSelect.value);
      window.location.assign(url.href);
    });

    // A file that does not parse: say where, as acorn does (RequireJS only sees a failed script).
    problems.syntaxErrors().then(function (found) {
      if (!found.length) {
        return load();
      }
      var lines = found.map(problems.syntaxLine);
      setState('error', 'Not loaded');
      preview.error = lines.join('\n');
      showAlert('The widget did not load: ' + (found.length === 1 ? 'a syntax error' : found.length + ' syntax errors') +
        '\n' + lines.join('\n') + '\nFix it and save: the page reloads by itself.', 'error');
      lines.forEach(function (line) {
        panel.consoleEntry('error', ['SyntaxError: ' + line], 'page');
      });
    });

    function load() {
      return browser.loadWidget({
        path: project.widget,
        rules: project.rules,
        code: project.code,
        platform: project.platform,
        locale: locale,
        status: saved ? (saved.installed ? 'installed' : 'install') : 'installed',
        settings: saved ? saved.settings : undefined,
        mount: document.getElementById('crm-page')
      }).then(function (emulator) {
        ready(emulator, project, params, store);
      }, function (error) {
        setState('error', 'Not loaded');
        preview.error = error.message;
        showAlert('The widget did not load: ' + problems.describe(error) + '\nFix it and save: the page reloads by itself.', 'error');
        panel.consoleEntry('error', [problems.describe(error)], 'emulator');
      });
    }
  }

  function ready(emulator, project, params, store) {
    var manifest = project.manifest;
    var rules = project.rules;
    var model = platform.model(rules);
    // The settings modal's location (platform.json: the one whose page kind is "settings").
    var settingsArea = model.settingsLocation();
    var areaSelect = document.getElementById('pv-area');
    var settingsButton = document.getElementById('pv-settings');
    var busy = Promise.resolve();
    preview.emulator = emulator;
    backend.forward(emulator, project.backend);

    // When each crm_post was made: the panel shows how long each one waited in the queue.
    var crmPostCalls = [];
    var crmPost = emulator.widget.crm_post;
    emulator.widget.crm_post = function () {
      var called = Date.now();
      var result = crmPost.apply(this, arguments);
      crmPostCalls.push(called);
      return result;
    };

    // The CRM loads the widget's style.css with the widget.
    document.head.appendChild(Object.assign(document.createElement('link'), {
      rel: 'stylesheet', href: emulator.widget.params.path + '/style.css?preview=' + Date.now()
    }));
    document.getElementById('pv-name').textContent = (emulator.widget.langs.widget || {}).name || project.code;

    var crm = createCrm({
      emulator: emulator, project: project, path: emulator.widget.params.path,
      actions: {
        run: function (name) { queue(function () { return runCallback(name); }); },
        select: function (ids) { emulator.select(ids); },
        openSettings: function () { queue(openSettings); }
      }
    });
    crm.watchModals();
    panel.attach(emulator, crmPostCalls);

    manifest.locations.forEach(function (location) {
      var info = rules.locations[bare(location)] || {};
      var suffix = platform.suffixOf(location);
      var label = location + ' · ' + (info.title || bare(location)) + (suffix ? ', ' + rules.suffixes[suffix] : '');
      areaSelect.appendChild(new window.Option(label, location));
    });
    areaSelect.disabled = false;
    settingsButton.disabled = false;

    // One change of area at a time, in the order asked; preview.busy while any is running.
    var running = 0;
    // The area the preview last saw the widget in, outside its own changes of area.
    var seen = null;
    function queue(job) {
      running += 1;
      preview.busy = true;
      busy = busy.then(job).then(function () {
        panel.tick();
        store.write(emulator.state);
      }, function (error) {
        panel.tick();
        showAlert(problems.describe(error), 'error');
      }).then(function () {
        running -= 1;
        preview.busy = running > 0;
        seen = emulator.location;
      });
      return busy;
    }

    function remember(location) {
      var url = new window.URL(window.location.href);
      url.searchParams.set('area', location);
      window.history.replaceState(null, '', url.href);
      areaSelect.value = location;
    }

    function leave() {
      if (!emulator.location) {
        return Promise.resolve();
      }
      var location = emulator.location;
      return emulator.leave().then(function (leftovers) {
        panel.note('left ' + location + (leftovers.length ? ': destroy() left ' + leftovers.join('; ') : ''),
          leftovers.length && !manifest.widget.init_once ? 'warn' : '');
      });
    }

    function enter(location) {
      showAlert('');
      return leave().then(function () {
        remember(location);
        if (emulator.widget.get_install_status() === 'install' && bare(location) !== settingsArea) {
          crm.blank((rules.locations[bare(location)] || {}).title || location);
          showAlert('The widget is not installed, so the CRM does not load it here: open Settings and press Install.', 'info');
          return undefined;
        }
        var info = model.page(bare(location));
        crm.prepare(info);
        panel.note('entering ' + location);
        return emulator.enter(location).then(function () {
          crm.decorate(location, info);
        }, function (error) {
          crm.decorate(location, info);
          throw error;
        });
      });
    }

    // Opening the settings modal is entering the settings area (render, settings()); a widget
    // without that area still gets the CRM's install form, with none of its callbacks called.
    function openSettings() {
      if (manifest.locations.indexOf(settingsArea) !== -1) {
        return enter(settingsArea);
      }
      showAlert('');
      return leave().then(function () {
        areaSelect.value = '';
        return emulator.settings();
      }).then(function () {
        crm.decorate(settingsArea, model.page(settingsArea));
      });
    }

    // A callback the CRM calls on demand; what a returned Promise resolved with goes to the panel.
    function runCallback(name) {
      return emulator.run(name).then(function (result) {
        var call = emulator.history.filter(function (entry) { return entry.callback === name; }).pop();
        if (call && call.result && typeof call.result.then === 'function') {
          panel.note(name + '() resolved: ' + (result === undefined ? 'undefined' : JSON.stringify(result)));
        }
      });
    }

    areaSelect.addEventListener('change', function () {
      var location = areaSelect.value;
      queue(function () { return enter(location); });
    });
    settingsButton.addEventListener('click', function () {
      queue(openSettings);
    });
    document.addEventListener('keydown', function (event) {
      var modals = emulator.modals();
      if (event.key === 'Escape' && modals.length) {
        modals[modals.length - 1].destroy();
      }
    });
    // The digital pipeline modal's Done closes it, as in the CRM.
    document.getElementById('crm-page').addEventListener('click', function (event) {
      var done = event.target.closest && event.target.closest('.digital-pipeline__edit-footer .js-trigger-save');
      if (done) {
        emulator.modals().filter(function (modal) { return modal.$modal[0].contains(done); }).forEach(function (modal) {
          modal.destroy();
        });
      }
    });

    // Disable in the settings modal leaves the area by itself: say so; keep what the modal saved.
    (function watch() {
      panel.tick();
      store.write(emulator.state);
      if (!preview.busy) {
        if (seen && !emulator.location && !emulator.state.installed) {
          crm.blank('Settings');
          showAlert('The widget is disabled: the CRM called onSave and destroy. Open Settings and press Install to enable it.', 'info');
          areaSelect.value = '';
        }
        seen = emulator.location;
      }
      window.setTimeout(watch, 150);
    })();

    var wanted = params.get('area');
    var first = manifest.locations.indexOf(wanted) !== -1 ? wanted
      : manifest.locations.filter(function (location) { return model.hasPanel(location) && model.page(location).kind === 'card'; })[0] ||
        manifest.locations.filter(model.hasPanel)[0] || manifest.locations[0];
    queue(function () { return enter(first); }).then(function () {
      var took = Math.round(window.performance.now() - started);
      setState('ready', 'Loaded ' + new Date().toLocaleTimeString() + ' in ' + took + ' ms');
    });
  }

  return { start: start };
});
