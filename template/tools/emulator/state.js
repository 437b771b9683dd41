/**
 * state.js: what the CRM knows in a page session (account, user, managers, the open card, a list's
 * rows and selection, the install form's values), from the defaults below and the emulator's
 * options (sdk.js createEmulator: account, user, managers, card, rows, selected, status,
 * settings, locale).
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})(['./settings', './realm'], function (installForm, cloneInto) {
  'use strict';

  var copy = cloneInto({ Array: Array, Object: Object });

  function defaultState(options, manifest, platform) {
    var kommo = platform === 'kommo';
    var managers = {
      1001: { id: 1001, title: 'Alex Manager', login: 'alex@example.com', active: true, is_admin: 'Y' },
      1002: { id: 1002, title: 'Sam Seller', login: 'sam@example.com', active: true, is_admin: 'N' }
    };
    var contacts = [
      { id: 501, name: 'John Smith', first_name: 'John', last_name: 'Smith',
        phones: ['+15550100'], emails: ['john.smith@example.com'] },
      { id: 502, name: 'Maria Garcia', first_name: 'Maria', last_name: 'Garcia',
        phones: ['+15550101'], emails: ['maria@example.com'] }
    ];
    return {
      platform: platform,
      locale: options.locale || manifest.widget.locale[0],
      installed: true,
      settings: {},
      account: {
        id: 31415926, name: 'Example account', subdomain: 'example',
        domain: kommo ? 'kommo.com' : 'amocrm.ru', currency: kommo ? 'USD' : 'RUB',
        timezone: kommo ? 'America/New_York' : 'Europe/Moscow'
      },
      user: { id: 1001, name: 'Alex Manager', login: 'alex@example.com' },
      managers: managers,
      card: { id: 7001, name: 'Deal #7001', element_type: 2, contacts: contacts },
      rows: [
        { id: 7001, name: 'Deal #7001', type: 'lead', emails: ['john.smith@example.com'], phones: ['+15550100'] },
        { id: 7002, name: 'Deal #7002', type: 'lead', emails: [], phones: ['+15550101'] },
        { id: 7003, name: 'Deal #7003', type: 'lead', emails: ['maria@example.com'], phones: [] }
      ],
      selected: [7001, 7002],
      pipeline_id: 4242,
      client_uuid: '7c1f5a3e-0d6b-4f7a-9b1e-2a8c4d6e8f00'
    };
  }

  /**
   * @param {object} options   createEmulator's options
   * @param {object} manifest  widget/manifest.json
   * @param {string} platform  'amocrm' | 'kommo'
   * @returns {object} the session's state (the caller's realm); status in state.installed
   * @throws {Error} for a status other than installed, install or not_configured
   */
  return function createState(options, manifest, platform) {
    var state = defaultState(options, manifest, platform);
    ['account', 'user', 'managers', 'card', 'rows', 'selected'].forEach(function (key) {
      if (options[key] !== undefined) {
        state[key] = typeof options[key] === 'object' && !Array.isArray(options[key]) && state[key]
          ? Object.assign(state[key], copy(options[key])) : copy(options[key]);
      }
    });
    var fields = manifest.settings || {};
    var status = options.status || 'installed';
    if (['installed', 'install', 'not_configured'].indexOf(status) === -1) {
      throw new Error('createEmulator: status must be installed, install or not_configured, got ' + JSON.stringify(status));
    }
    state.installed = status !== 'install';
    Object.keys(fields).forEach(function (field) {
      var given = options.settings && options.settings[field];
      if (given !== undefined) {
        state.settings[field] = copy(given);
      } else if (status === 'installed' && fields[field].required) {
        state.settings[field] = installForm.sampleValue(field, fields[field], state.managers);
      }
    });
    Object.keys(options.settings || {}).forEach(function (key) {
      if (!(key in state.settings)) {
        state.settings[key] = copy(options.settings[key]);
      }
    });
    return state;
  };
});
