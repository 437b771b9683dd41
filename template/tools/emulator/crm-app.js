/**
 * crm-app.js: members of the CRM's global APP that real widgets read beyond the documented
 * getBaseEntity/isCard/getWidgetsArea/constant/data (amo-widget-platform.md §9):
 *   APP.widgets.system    the same facts as self.system(): {area, amouser_id, amouser, subdomain, domain}
 *   APP.system            the same, for widgets that read APP.system.area or APP.system.subdomain
 *   APP.cf_types          custom field type codes: {text: 1, numeric: 2, checkbox: 3, ...}
 *   APP.element_types     entity type codes: {contacts: 1, leads: 2, companies: 3, todo: 4, customers: 12}
 *   APP.addNotificationCallback(code, fn)  the legacy notification hook (AMOCRM.addNotificationCallback)
 *   APP.notifications     show_message(obj), add_error(obj), add_call(obj): the CRM's notification centre
 *   APP.router            navigate(url, options): the CRM's page router
 * The last two are recorded no-ops here: the emulator has no notification centre and does not leave the page.
 * app.js makes all of it read-only, as the rest of APP.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  // amocrm.ru/developers/content/crm_platform/custom-fields (type codes of the API v2 era).
  var CF_TYPES = {
    text: 1, numeric: 2, checkbox: 3, select: 4, multiselect: 5, date: 6, url: 7, multitext: 8,
    textarea: 9, radiobutton: 10, streetaddress: 11, smart_address: 13, birthday: 14, legal_entity: 15,
    date_time: 19, price: 20, category: 21, items: 22, tracking_data: 23, linked_entity: 24, chained_list: 25,
    monetary: 26, file: 27, payer: 28, supplier: 29
  };
  var ELEMENT_TYPES = { contacts: 1, leads: 2, companies: 3, todo: 4, customers: 12 };

  /**
   * @param {object} context {state, area(): string|null, toPage(value)}
   * @returns {object} property descriptors to add to APP's target
   */
  return function crmApp(context) {
    var callbacks = [];
    // What the widget asked of APP.notifications and APP.router: [{member, args}].
    var recorded = [];
    function recorder(member) {
      return function () {
        recorded.push({ member: member, args: Array.prototype.slice.call(arguments) });
      };
    }
    var notifications = {
      show_message: recorder('notifications.show_message'),
      add_error: recorder('notifications.add_error'),
      add_call: recorder('notifications.add_call')
    };
    var router = { navigate: recorder('router.navigate') };
    function system() {
      return context.toPage({
        area: context.area(),
        amouser_id: String(context.state.user.id),
        amouser: context.state.user.login,
        subdomain: context.state.account.subdomain,
        domain: context.state.account.domain
      });
    }
    return {
      widgets: { enumerable: true, get: function () { return { system: system() }; } },
      system: { enumerable: true, get: system },
      cf_types: { enumerable: true, get: function () { return context.toPage(CF_TYPES); } },
      element_types: { enumerable: true, get: function () { return context.toPage(ELEMENT_TYPES); } },
      notifications: { enumerable: true, get: function () { return notifications; } },
      router: { enumerable: true, get: function () { return router; } },
      addNotificationCallback: {
        enumerable: true,
        value: function (code, callback) {
          callbacks.push({ code: code, callback: callback });
        }
      }
    };
  };
});
