/**
 * lifecycle.js: the CRM's side of the widget's lifecycle: where the widget is (the current
 * location), calling its callbacks as the CRM does (this = the callbacks object, the CRM's
 * arguments from locations.js, the result checked), entering a location (render, bind_actions,
 * init, the callback it opens with, its entry file) and leaving it (destroy, then what the widget
 * left behind). Docs: platform.json platforms.<platform>.docs.mechanics.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})(['../lib/platform', './problems'], function (platform, problems) {
  'use strict';

  var bare = platform.bareLocation;
  var messageOf = problems.messageOf;

  /**
   * @param {object} ctx {win, manifest, rules, locations (locations.js create()), history, copy,
   *   toPage, dom, leftovers, fail, warn, notify, settle, track, widget() (the widget object),
   *   app() (APP), internal() (what argument builders use), form() (the settings modal),
   *   leftoversFound(list): told what the widget left behind on leaving}
   * @returns {object} {current(), setCurrent(value), callbackOf, invoke, call, enterArea, leaveArea}
   */
  return function createLifecycle(ctx) {
    var current = null;      // {location, area, info, panel, loaded, snapshot}
    var bound = false;       // init_once: bind_actions and init ran in this page session

    function callbackOf(name) {
      var callbacks = ctx.widget().callbacks;
      if (!callbacks || typeof callbacks !== 'object') {
        throw ctx.fail('script.js set no this.callbacks: its function must assign this.callbacks = {render, init, ' +
          'bind_actions, ...} and return this', undefined, 'callback-missing');
      }
      var parts = name.split('.');
      var holder = parts.length === 2 ? callbacks[parts[0]] : callbacks;
      var fn = holder && holder[parts[parts.length - 1]];
      return typeof fn === 'function' ? { holder: holder, fn: fn } : null;
    }

    // Calls a callback as the CRM does (this = the callbacks object) and records the call.
    function invoke(name, args) {
      var callback = callbackOf(name);
      if (!callback) {
        var owners = ctx.locations.model.ownersOf(name);
        throw ctx.fail('callbacks.' + name + ' is missing from script.js: the CRM calls it ' +
          (owners.length ? 'in ' + owners.join(', ') : 'in every area') + '; add it to this.callbacks', undefined, 'callback-missing');
      }
      var entry = { callback: name, location: current ? current.location : null, args: ctx.copy(args), result: undefined };
      ctx.history.push(entry);
      ctx.notify('callback', entry);
      var result;
      try {
        result = callback.fn.apply(callback.holder, args.map(ctx.toPage));
      } catch (error) {
        entry.threw = (error && error.name || 'Error') + ': ' + messageOf(error); // the side panel says so
        throw ctx.fail('callbacks.' + name + '() threw ' + (error && error.name || 'an error') + ': ' + messageOf(error) +
          unknownMember(error, callback.holder), error);
      }
      entry.result = ctx.copy(result);
      return result;
    }

    // A hint for "x.y is not a function" when x is the widget or the callbacks and the
    // CRM's object has no y (APP's: problems.js explains them, app.js): the emulator answers no member the CRM lacks, so this is the
    // widget's own mistake (e.g. an arrow function, whose `this` is the widget, not the callbacks).
    function unknownMember(error, holder) {
      var found = /([\w$]+)\.([\w$]+) is not a function/.exec(messageOf(error));
      if (!found || !(error instanceof ctx.win.TypeError || error instanceof TypeError)) {
        return '';
      }
      var member = found[2];
      if ((found[1] === 'self' || found[1] === 'this') && !(member in ctx.widget()) && !(member in holder)) {
        return ' (neither the widget object nor this.callbacks has ' + member + ': define it, or call the function ' +
          'the widget defines itself)';
      }
      return '';
    }

    // What a callback returned, in words: an async callback's Promise is "a Promise", never "{}".
    function described(result) {
      return result === undefined ? 'undefined' : ctx.locations.isThenable(result) ? 'a Promise'
        : typeof result === 'function' ? 'a function' : JSON.stringify(result);
    }

    // The CRM goes on after a truthy value (an async callback's Promise too); true is the documented one.
    function expectTrue(name) {
      var result = invoke(name, []);
      if (!result) {
        throw ctx.fail('callbacks.' + name + '() returned ' + described(result) +
          ': it must return true' + (name === 'render' ? ', or the CRM calls neither bind_actions nor init' : ''), undefined, 'returns-true');
      }
      if (result !== true) {
        ctx.warn('callbacks.' + name + '() returned ' + described(result) + ', not true: the CRM goes on, but return true to be sure', 'returns-true');
      }
    }

    // Calls a location callback with the CRM's arguments (or the given ones) and checks its result.
    function call(name, args) {
      var spec = ctx.locations.callback(name);
      if (!spec && ctx.rules.lifecycle_callbacks.indexOf(name) === -1) {
        ctx.warn('the platform model (tools/platform.json) names no callback ' + name + ': the CRM never calls it');
      }
      var result = invoke(name, args && args.length ? args : spec ? spec.args(ctx.internal()) : []);
      var problem = spec && spec.check && spec.check(result);
      if (problem) {
        throw ctx.fail(problem, undefined, 'callback-result');
      }
      if (!ctx.locations.isThenable(result)) {
        return Promise.resolve(ctx.copy(result));
      }
      return Promise.resolve(result).then(ctx.copy, function (reason) {
        throw ctx.fail(name + '() returned a Promise that rejected: ' + messageOf(reason), reason, 'callback-result');
      });
    }

    // ---- Areas --------------------------------------------------------------------------------

    function resolve(location) {
      if (ctx.manifest.locations.indexOf(location) !== -1) {
        return location;
      }
      var matching = ctx.manifest.locations.filter(function (candidate) { return bare(candidate) === location; });
      if (matching.length === 1) {
        return matching[0];
      }
      throw ctx.fail('manifest.json does not list the location "' + location + '" (it lists ' +
        ctx.manifest.locations.join(', ') + '): the CRM would not load the widget there');
    }

    function enterArea(name) {
      if (current) {
        throw ctx.fail('enter(\'' + name + '\'): the widget is still in ' + current.location + '; leave() it first');
      }
      var location = resolve(name);
      var area = bare(location);
      current = {
        // "lcard" is "lcard-1" to the platform: the suffix defaults to the right panel.
        location: location, area: area, info: ctx.locations.page(area),
        panel: ctx.locations.model.hasPanel(location),
        loaded: true, snapshot: null
      };
      current.snapshot = ctx.leftovers.snapshot();
      ctx.dom.show(location, area, current.info, current.panel);
      expectTrue('render');
      if (!(ctx.manifest.widget.init_once && bound)) {
        expectTrue('bind_actions');
        expectTrue('init');
        bound = true;
      }
      return ctx.settle().then(function () {
        var opening = ctx.locations.onEnter(area);
        if (opening && !callbackOf(opening)) {
          // The CRM calls only what is there (e.g. digital_pipeline without dpSettings).
          ctx.warn('script.js has no callbacks.' + opening + ': the CRM calls it on entering ' + area + ', so the widget shows nothing there');
          return undefined;
        }
        return opening ? call(opening) : undefined;
      }).then(function (opened) {
        var entry = ctx.locations.entry(area);
        return entry ? runEntry(entry) : opened;
      });
    }

    // The location's entry file (amoforms.js, personal_page.js), run as the CRM runs it there.
    // The history records it under the file's name, as a call the CRM made.
    function runEntry(entry) {
      var label = 'widget/' + entry.file;
      var record = { callback: entry.file, location: current ? current.location : null, args: [], result: undefined };
      ctx.history.push(record);
      ctx.notify('callback', record);
      var run = ctx.track(Promise.resolve().then(function () {
        return entry.run(ctx.internal(), entry.file);
      }));
      return run.then(function (result) {
        record.result = ctx.copy(result);
        return record.result;
      }, function (reason) {
        var message = messageOf(reason);
        record.threw = (reason && reason.name || 'Error') + ': ' + message;
        throw ctx.fail(message.indexOf(label) === -1 ? label + ': ' + message : message, reason, 'location-entry', label);
      });
    }

    function leaveArea() {
      if (!current) {
        throw ctx.fail('leave(): the widget is in no area; enter() one first');
      }
      if (current.loaded) {
        if (callbackOf('destroy')) {
          invoke('destroy', []);
        } else {
          ctx.warn('script.js has no callbacks.destroy: the CRM calls it on leaving an area and on disabling');
        }
      }
      return ctx.settle().then(function () {
        ctx.dom.clear();
        ctx.form().forget();
        var found = current.loaded ? ctx.leftovers.since(current.snapshot) : [];
        current = null;
        ctx.leftoversFound(found);
        return found;
      });
    }

    return {
      current: function () { return current; },
      setCurrent: function (value) { current = value; },
      callbackOf: callbackOf,
      invoke: invoke,
      call: call,
      enterArea: enterArea,
      leaveArea: leaveArea
    };
  };
});
