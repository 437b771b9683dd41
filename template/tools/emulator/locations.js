/**
 * locations.js: what the CRM's page looks like in each location, and how it calls the widget
 * there. The list of locations and their callbacks comes from tools/platform.json (the one source
 * of truth); this file adds what only the emulator needs: the page (a card, a list, a work area,
 * a modal), the entity APP reports, the arguments the CRM passes to each location callback and
 * what the CRM expects back.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  // kind: card (right panel with -1), list (widgets panel with -1), work_area (#work-area-<code>),
  // settings (the settings modal), page (nothing of the widget's own).
  var PAGES = {
    lcard: { kind: 'card', entity: 'leads' },
    ccard: { kind: 'card', entity: 'contacts' },
    comcard: { kind: 'card', entity: 'companies' },
    cucard: { kind: 'card', entity: 'customers' },
    card_sdk: { kind: 'card', entity: 'leads' },
    llist: { kind: 'list', entity: 'leads' },
    clist: { kind: 'list', entity: 'contacts' },
    tlist: { kind: 'list', entity: 'todo' },
    culist: { kind: 'list', entity: 'customers' },
    settings: { kind: 'settings', entity: 'widgetsSettings' },
    advanced_settings: { kind: 'work_area', entity: 'widgetsSettings' },
    widget_page: { kind: 'work_area', entity: 'widget_page' },
    digital_pipeline: { kind: 'page', entity: 'leads' },
    lead_sources: { kind: 'page', entity: 'leads' },
    salesbot_designer: { kind: 'page', entity: 'salesbot' },
    catalogs: { kind: 'page', entity: 'catalogs' }
  };
  var DEFAULT_PAGE = { kind: 'page', entity: 'dashboard' };

  // Callbacks the CRM calls by itself right after render/bind_actions/init in that location.
  var ON_ENTER = {
    settings: 'settings',
    advanced_settings: 'advancedSettings',
    widget_page: 'initMenuPage',
    digital_pipeline: 'dpSettings'
  };

  function isThenable(value) {
    return !!value && typeof value.then === 'function';
  }

  function mustPromise(name) {
    return function (result) {
      return isThenable(result) ? null : name + '() must return a Promise (Card SDK), got ' + typeof result;
    };
  }

  /**
   * Each location callback: the arguments the CRM passes (built from the emulator `emu`, which
   * gives the open modals, the card and the selection) and a check of what it returned (a message
   * when the CRM would not accept it).
   */
  var CALLBACKS = {
    settings: { args: function (emu) { return [emu.openSettingsModal().$body]; } },
    onSave: {
      args: function (emu) { return [{ fields: emu.settingsFields(), active: 'Y' }]; },
      check: function (result) {
        return result === true || isThenable(result) ? null :
          'onSave() must return true or a Promise, got ' + JSON.stringify(result);
      }
    },
    advancedSettings: { args: function () { return []; } },
    initMenuPage: {
      args: function (emu) {
        return [{ location: 'widget_page', item_code: emu.menuItem(), subitem_code: undefined }];
      }
    },
    dpSettings: { args: function (emu) { emu.openDpModal(); return []; } },
    'leads.selected': { args: function () { return []; } },
    'contacts.selected': { args: function () { return []; } },
    'todo.selected': { args: function () { return []; } },
    onAddAsSource: { args: function (emu) { return [emu.state.pipeline_id]; } },
    loadPreloadedData: { args: function () { return []; }, check: mustPromise('loadPreloadedData') },
    loadElements: {
      args: function (emu) { return [emu.page().entity, emu.state.card.id]; },
      check: mustPromise('loadElements')
    },
    linkCard: {
      args: function (emu) {
        return [[{ from: emu.page().entity, from_id: emu.state.card.id, to: 'catalog_elements', to_id: 101, quantity: 1 }]];
      },
      check: mustPromise('linkCard')
    },
    searchDataInCard: {
      args: function (emu) { return ['query', emu.page().entity, emu.state.card.id]; },
      check: mustPromise('searchDataInCard')
    },
    loadCatalogElement: {
      args: function () { return [{ id: 101, catalog_id: 1, name: 'Catalog element', custom_fields: [] }]; }
    },
    salesbotDesignerSettings: {
      args: function (emu) {
        var handler = emu.salesbotHandler();
        var modal = emu.openSalesbotModal();
        return [modal.$body, modal.renderRow, handler.values];
      }
    },
    onSalesbotDesignerSave: {
      args: function (emu) {
        var handler = emu.salesbotHandler();
        return [handler.code, handler.values];
      },
      check: function (result) {
        if (typeof result !== 'string') {
          return 'onSalesbotDesignerSave() must return the bot steps as a JSON string, got ' + typeof result;
        }
        try {
          JSON.parse(result);
          return null;
        } catch (error) {
          return 'onSalesbotDesignerSave() returned a string that is not JSON: ' + error.message;
        }
      }
    }
  };

  return {
    page: function (area) {
      return PAGES[area] || DEFAULT_PAGE;
    },
    onEnter: function (area) {
      return ON_ENTER[area] || null;
    },
    callback: function (name) {
      return CALLBACKS[name] || null;
    },
    isThenable: isThenable
  };
});
