/**
 * locations.js: how the CRM calls the widget in each location. What each location is (its page,
 * the callback it opens with, its callbacks and what they take and return) is the platform model,
 * tools/platform.json, read through lib/platform.js; this file holds only what the model names
 * and the emulator has to do in code:
 *   - BUILDERS, the argument builders (platform.json callbacks.<name>.args): the arguments the CRM
 *     passes, built from the emulator's page (modals, card, selection);
 *   - RESULTS, the result checks (callbacks.<name>.returns): a message when the CRM would not
 *     accept what the callback returned;
 *   - RUNNERS, the runners of a location's entry file (locations.<code>.entry.runner), e.g.
 *     amoforms.js and personal_page.js.
 * Platform pages: platform.json platforms.<platform>.docs.locations and docs.mechanics.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})(['../lib/platform'], function (platform) {
  'use strict';

  function isThenable(value) {
    return !!value && typeof value.then === 'function';
  }

  function describe(value) {
    return value === undefined ? 'undefined' : typeof value === 'function' ? 'a function' : JSON.stringify(value);
  }

  /**
   * Argument builders, by the name platform.json gives them: (emu) -> the argument list. emu is
   * the emulator's inside: state, page(), openSettingsModal(), settingsFields(), menuItem(),
   * openDpModal(), salesbotHandler(), openSalesbotModal().
   */
  var BUILDERS = {
    none: function () { return []; },
    settingsModal: function (emu) { return [emu.openSettingsModal().$body]; },
    settingsForm: function (emu) { return [{ fields: emu.settingsFields(), active: 'Y' }]; },
    menuPage: function (emu) {
      return [{ location: 'widget_page', item_code: emu.menuItem(), subitem_code: undefined }];
    },
    dpModal: function (emu) { emu.openDpModal(); return []; },
    pipeline: function (emu) { return [emu.state.pipeline_id]; },
    cardEntity: function (emu) { return [emu.page().entity, emu.state.card.id]; },
    cardLinks: function (emu) {
      return [[{ from: emu.page().entity, from_id: emu.state.card.id, to: 'catalog_elements', to_id: 101, quantity: 1 }]];
    },
    cardSearch: function (emu) { return ['query', emu.page().entity, emu.state.card.id]; },
    catalogElement: function () {
      return [{ id: 101, catalog_id: 1, name: 'Catalog element', custom_fields: [] }];
    },
    salesbotModal: function (emu) {
      var handler = emu.salesbotHandler();
      var modal = emu.openSalesbotModal();
      return [modal.$body, modal.renderRow, handler.values];
    },
    salesbotSave: function (emu) {
      var handler = emu.salesbotHandler();
      return [handler.code, handler.values];
    }
  };

  /** Result checks, by platform.json's "returns": (name, result) -> a message, or null when accepted. */
  var RESULTS = {
    any: function () { return null; },
    true: function (name, result) {
      return result === true ? null : name + '() must return true, got ' + describe(result);
    },
    true_or_promise: function (name, result) {
      return result === true || isThenable(result) ? null : name + '() must return true or a Promise, got ' + describe(result);
    },
    promise: function (name, result) {
      return isThenable(result) ? null : name + '() must return a Promise, got ' + typeof result;
    },
    json_string: function (name, result) {
      if (typeof result !== 'string') {
        return name + '() must return the bot steps as a JSON string, got ' + typeof result;
      }
      try {
        JSON.parse(result);
        return null;
      } catch (error) {
        return name + '() returned a string that is not JSON: ' + error.message;
      }
    },
    calendar_sync: function (name, result) {
      if (!result || typeof result !== 'object') {
        return name + '() must return {name, description, enabled, onEnable(), onDisable()}, got ' + describe(result);
      }
      var wrong = [];
      ['name', 'description'].forEach(function (key) {
        if (typeof result[key] !== 'string') { wrong.push(key + ' (a string)'); }
      });
      if (typeof result.enabled !== 'boolean') { wrong.push('enabled (true or false)'); }
      ['onEnable', 'onDisable'].forEach(function (key) {
        if (typeof result[key] !== 'function') { wrong.push(key + ' (a function)'); }
      });
      if (result.onSetup !== undefined && typeof result.onSetup !== 'function') { wrong.push('onSetup (a function, if given)'); }
      return wrong.length ? name + '() returned an object without ' + wrong.join(', ') : null;
    }
  };

  /**
   * Runners of a location's entry file, by platform.json's entry.runner: (emu, file) -> Promise,
   * rejected with a message when the file does not do what the CRM expects. emu gives
   * loadScript(file, globals) (runs a plain script of widget/ with the given page globals),
   * requireModule(file) (loads an AMD module of widget/), track(promise), mount (the page) and
   * state.
   */
  var RUNNERS = {
    // amoforms.js calls amoFormsWidget(fn); fn(params) gives the function called per form request.
    amoforms: function (emu, file) {
      var given = [];
      return emu.loadScript(file, {
        amoFormsWidget: function (fn) { given.push(fn); }
      }).then(function () {
        if (given.length !== 1 || typeof given[0] !== 'function') {
          throw new Error('widget/' + file + ' must call amoFormsWidget(function (params) { ... }) once, with a ' +
            'function; it called it ' + given.length + ' time' + (given.length === 1 ? '' : 's'));
        }
        var perRequest = given[0]({ widget_code: emu.code, form_id: 4101 });
        if (typeof perRequest !== 'function') {
          throw new Error('the function widget/' + file + ' gives amoFormsWidget must return a function ' +
            '(FORM_REQUEST_ID) -> Promise, got ' + describe(perRequest));
        }
        var answer = perRequest('form-request-1');
        if (!isThenable(answer)) {
          throw new Error('the per-request function of widget/' + file + ' must return a Promise, got ' + describe(answer));
        }
        return answer;
      });
    },
    // personal_page.js is an AMD module: {initLead(params), registerWidgetsBarSlot(el)}.
    personalPage: function (emu, file) {
      return emu.requireModule(file).then(function (module) {
        var missing = ['initLead', 'registerWidgetsBarSlot'].filter(function (key) {
          return !module || typeof module[key] !== 'function';
        });
        if (missing.length) {
          throw new Error('widget/' + file + ' must return {initLead(params), registerWidgetsBarSlot(el)}: ' +
            missing.join(' and ') + ' missing');
        }
        var slot = emu.document.createElement('div');
        slot.className = 'widgets-bar__slot';
        emu.mount.appendChild(slot);
        var cleanups = [
          module.initLead({ id: emu.state.card.id, name: emu.state.card.name }),
          module.registerWidgetsBarSlot(slot)
        ];
        cleanups.forEach(function (cleanup) {
          if (typeof cleanup === 'function') {
            cleanup();
          }
        });
        slot.remove();
      });
    }
  };

  /**
   * The emulator's view of the platform model.
   * @param {object} rules the parsed tools/platform.json
   * @returns {{model, page(area), onEnter(area), callback(name), entry(area), isThenable(value)}}
   *   callback(name): {args(emu) -> [], check(result) -> message|null} or null when the model
   *   does not know the callback; it throws when the model names a builder or result check this
   *   file lacks.
   */
  function create(rules) {
    var model = platform.model(rules);
    return {
      model: model,
      page: model.page,
      onEnter: model.onEnter,
      callback: function (name) {
        var spec = model.callback(name);
        if (!spec) {
          return null;
        }
        var build = Object.prototype.hasOwnProperty.call(BUILDERS, spec.args) ? BUILDERS[spec.args] : null;
        var result = Object.prototype.hasOwnProperty.call(RESULTS, spec.returns || 'any') ? RESULTS[spec.returns || 'any'] : null;
        if (!build || !result) {
          throw new Error('tools/platform.json: callback ' + name + ' names ' + (build ? 'the result check "' + spec.returns
            : 'the argument builder "' + spec.args) + '", which tools/emulator/locations.js lacks: add it there');
        }
        return {
          args: build,
          check: function (value) { return result(name, value); }
        };
      },
      entry: function (area) {
        var spec = model.location(area);
        var entry = spec && spec.entry;
        if (!entry) {
          return null;
        }
        if (!Object.prototype.hasOwnProperty.call(RUNNERS, entry.runner)) {
          throw new Error('tools/platform.json: location ' + area + ' names the runner "' + entry.runner +
            '", which tools/emulator/locations.js lacks: add it there');
        }
        return { file: entry.file, run: RUNNERS[entry.runner] };
      },
      isThenable: isThenable
    };
  }

  return {
    create: create,
    isThenable: isThenable,
    builders: Object.keys(BUILDERS),
    results: Object.keys(RESULTS),
    runners: Object.keys(RUNNERS)
  };
});
