/**
 * settings.js: the widget's settings modal as the CRM runs it: the install form of manifest.json
 * "settings", Save (checks, onSave({fields, active: 'Y'}), the values kept) and Disable
 * (onSave({fields, active: 'N'}), then destroy), and the install status these decide.
 * On Save the CRM refuses an empty required field; a custom field's value must be JSON or a number,
 * announced to the CRM with trigger('change').
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  var PLACEHOLDERS = /#(HOST|SUBDOMAIN|LOGIN|ACCOUNT_ID|USER_ID)#/g;

  function isPerUser(field) {
    return field.type === 'users' || field.type === 'users_lp';
  }

  function isEmpty(field, value) {
    if (value === undefined || value === null || value === '') {
      return true;
    }
    if (isPerUser(field)) {
      return !Object.keys(value).some(function (id) {
        var own = value[id];
        return field.type === 'users' ? !!own : !!(own && own.login && own.password);
      });
    }
    return false;
  }

  function isJsonOrNumber(text) {
    try {
      var value = JSON.parse(text);
      return value !== null && (typeof value === 'object' || typeof value === 'number');
    } catch {
      return false;
    }
  }

  /** A value of the field's shape, so a widget can start installed and configured. */
  function sampleValue(code, field, managers) {
    if (isPerUser(field)) {
      var value = {};
      Object.keys(managers).forEach(function (id) {
        value[id] = field.type === 'users' ? code + '-' + id : { login: 'login-' + id, password: 'password-' + id };
      });
      return value;
    }
    return field.type === 'custom' ? '{}' : code + '-value';
  }

  /**
   * @param {object} ctx {fields: manifest settings, state, dom (page.js), text(ref), fail(message) → Error,
   *                      track(promise), copy(value), syncParams(), loaded(): the widget runs in the modal,
   *                      call(name, args) → Promise of the callback's result, leave() → Promise}
   */
  function createSettings(ctx) {
    var fields = ctx.fields;
    var state = ctx.state;
    var modal = null;

    function open() {
      if (modal && !modal.modal.destroyed) {
        return modal;
      }
      var account = state.account;
      var description = ctx.text('widget.description').replace(PLACEHOLDERS, function (match, key) {
        return {
          HOST: account.subdomain + '.' + account.domain, SUBDOMAIN: account.subdomain,
          LOGIN: state.user.login, ACCOUNT_ID: account.id, USER_ID: state.user.id
        }[key];
      });
      var values = {};
      Object.keys(fields).forEach(function (field) {
        values[field] = state.settings[field];
      });
      modal = ctx.dom.settingsModal(fields, values, state.installed, description);
      // The CRM enables Save on 'change': a custom field's value must be announced that way.
      modal.custom = Object.keys(fields).filter(function (field) {
        return fields[field].type === 'custom';
      }).map(function (field) {
        var $input = modal.$body.find('input[name="' + field + '"]');
        var watch = { code: field, $input: $input, announced: $input.val() };
        $input.on('change.emulator', function () { watch.announced = $input.val(); });
        return watch;
      });
      modal.$save.on('click.emulator', function () { ctx.track(save().then(null, function () {})); });
      // Not tracked: disable() leaves the area, which waits for everything tracked to settle.
      modal.$disable.on('click.emulator', function () { disable().then(null, function () {}); });
      return modal;
    }

    function check(values) {
      Object.keys(fields).forEach(function (field) {
        if (fields[field].required && isEmpty(fields[field], values[field])) {
          throw ctx.fail('Save: the required setting "' + field + '" (' + ctx.text(fields[field].name) + ') is empty; ' +
            'the CRM does not save until it is filled');
        }
      });
      open().custom.forEach(function (watch) {
        var value = watch.$input.val();
        if (value !== watch.announced) {
          throw ctx.fail('the widget wrote input[name="' + watch.code + '"] without .trigger(\'change\'): the CRM ' +
            'does not see the new value and keeps Save disabled');
        }
        if (value !== '' && !isJsonOrNumber(value)) {
          throw ctx.fail('the custom setting "' + watch.code + '" holds ' + JSON.stringify(value) + ': the CRM ' +
            'stores it only as JSON or a number; write JSON.stringify(value) to its input');
        }
      });
    }

    // Save: check the form, onSave({fields, active: 'Y'}), keep the values.
    function save() {
      var values = open().form.read();
      return Promise.resolve().then(function () {
        check(values);
        return ctx.loaded() ? ctx.call('onSave', [{ fields: values, active: 'Y' }]) : true;
      }).then(function (result) {
        Object.assign(state.settings, ctx.copy(values));
        state.installed = true;
        ctx.syncParams();
        return { saved: true, result: result, fields: values };
      });
    }

    // Disable: onSave({fields, active: 'N'}), then destroy (leaving the modal).
    function disable() {
      var values = open().form.read();
      return (ctx.loaded() ? ctx.call('onSave', [{ fields: values, active: 'N' }]) : Promise.resolve()).then(function () {
        state.installed = false;
        ctx.syncParams();
        return ctx.leave();
      });
    }

    return {
      open: open,
      save: save,
      disable: disable,
      /** Types the values into the form, as the user would (each announced with 'change'). */
      fill: function (values) {
        open().form.write(values || {});
      },
      read: function () {
        return open().form.read();
      },
      /** The modal closed with its area. */
      forget: function () {
        modal = null;
      },
      /** self.get_install_status(): install, not_configured (a required field empty) or installed. */
      status: function () {
        if (!state.installed) {
          return 'install';
        }
        var missing = Object.keys(fields).some(function (field) {
          return fields[field].required && isEmpty(fields[field], state.settings[field]);
        });
        return missing ? 'not_configured' : 'installed';
      }
    };
  }

  return { create: createSettings, sampleValue: sampleValue };
});
