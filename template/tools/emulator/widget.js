/**
 * widget.js: the Widget object, `self` in script.js: the self.* methods of the mechanics page
 * (system, get_settings, set_settings, get_install_status, i18n, langs, get_version,
 * get_accounts_current, crm_post, render, render_template, get_current_card_contacts_data,
 * $authorizedAjax, listenSocketChannel), self.params and, in lists, list_selected; and the documented
 * registrations add_action, add_source, set_status, widgetsOverlay, set_lang, recorded and otherwise no-ops
 * (developers.kommo.com/docs/script-js, amocrm.ru/developers/content/integrations/script_js).
 * Every method checks its arguments and says what is wrong, where the CRM would fail silently.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  /**
   * @param {object} ctx {state, manifest, langs (in the page's realm), code, area(), page(), hasPanel(),
   *                      settings(), syncParams(), installStatus(), renderer, dom, requests, sockets,
   *                      Promise (the page's), toPage(value), toCaller(value), fail(message) → Error, warn(message)}
   * @returns {object} the widget's methods, the prototype of the object script.js gets as `this`
   */
  return function createWidget(ctx) {
    var state = ctx.state;
    var toPage = ctx.toPage;

    function where() {
      return ctx.area() || 'no area';
    }

    // What the widget registered through the recorded no-ops below: [{method, args}].
    var registered = [];
    function record(method, args) {
      registered.push({ method: method, args: Array.prototype.slice.call(args) });
    }
    function handler(method, type, fn, example) {
      if (typeof type !== 'string' || !type || typeof fn !== 'function') {
        throw ctx.fail('self.' + method + ': pass a type and a function, e.g. self.' + method + example);
      }
    }

    var widget = {
      // developers.kommo.com/docs/script-js: the widget's action in a digital pipeline / a list's menu.
      add_action: function (type, fn) {
        handler('add_action', type, fn, '(\'phone\', function (data) { ... })');
        record('add_action', arguments);
      },

      // developers.kommo.com/docs/script-js: a source of messages (e.g. 'sms') the CRM sends through the widget.
      add_source: function (type, fn) {
        handler('add_source', type, fn, '(\'sms\', function (params) { ... })');
        record('add_source', arguments);
      },

      // developers.kommo.com/docs/script-js: the status shown on the widget's tile ('install', 'installed', 'error').
      set_status: function (status) {
        if (typeof status !== 'string' || !status) {
          throw ctx.fail('self.set_status: pass a status string, e.g. self.set_status(\'error\')');
        }
        record('set_status', arguments);
      },

      // developers.kommo.com/docs/script-js: shows or hides the overlay over the widgets area.
      widgetsOverlay: function (show) {
        record('widgetsOverlay', arguments);
      },

      // developers.kommo.com/docs/script-js: replaces the widget's language texts at run time.
      set_lang: function (texts) {
        if (!texts || typeof texts !== 'object' || Array.isArray(texts)) {
          throw ctx.fail('self.set_lang: pass an object of texts, e.g. {widget: {name: \'...\'}}');
        }
        record('set_lang', arguments);
      },

      system: function () {
        return toPage({
          area: ctx.area(),
          amouser_id: String(state.user.id),
          amouser: state.user.login,
          subdomain: state.account.subdomain,
          domain: state.account.domain
        });
      },

      get_settings: function () {
        return toPage(ctx.settings());
      },

      set_settings: function (values) {
        if (!values || typeof values !== 'object' || Array.isArray(values)) {
          throw ctx.fail('self.set_settings: pass an object of properties, e.g. {par1: \'text\'}');
        }
        Object.assign(state.settings, ctx.toCaller(values));
        ctx.syncParams();
      },

      get_install_status: function () {
        return ctx.installStatus();
      },

      i18n: function (key) {
        if (!Object.prototype.hasOwnProperty.call(ctx.langs, key)) {
          ctx.warn('self.i18n(' + JSON.stringify(key) + '): i18n/' + state.locale + '.json has no such key ' +
            '(it has ' + Object.keys(ctx.langs).join(', ') + ')');
        }
        return ctx.langs[key];
      },

      get_version: function () {
        return ctx.manifest.widget.version;
      },

      get_accounts_current: function () {
        return toPage(Object.assign({}, state.account, { users: state.managers, language: state.locale }));
      },

      crm_post: function (url, data, callback, type) {
        return ctx.requests.crmPost(url, data, callback, type);
      },

      $authorizedAjax: function (options) {
        return ctx.requests.authorizedAjax(options);
      },

      render: function (options, params) {
        return ctx.renderer.render(options, params);
      },

      render_template: function (options, params) {
        if (!options || typeof options !== 'object') {
          throw ctx.fail('self.render_template: pass {caption: {class_name, html}, body, render}');
        }
        if (options.render === undefined || options.render === null) {
          throw ctx.fail('self.render_template: options.render (the block\'s HTML, a Twig template) is missing; ' +
            'draw the HTML first, e.g. with a template from templates.js, then pass it as render');
        }
        var info = ctx.page();
        if (!ctx.area()) {
          throw ctx.fail('self.render_template was called after the widget left its area (after destroy): stop ' +
            'drawing late, e.g. check in the callback that the widget is still in the area it drew for');
        }
        if (!ctx.hasPanel()) {
          throw ctx.fail('self.render_template draws the widget\'s block in the right panel, and ' + where() +
            (info.kind === 'card' || info.kind === 'list'
              ? ' here has none (the location ends in -0); list the area with -1 in manifest.json'
              : ' has no right panel; draw elsewhere (e.g. #work-area-' + ctx.code + ' or a modal)'));
        }
        var caption = options.caption || {};
        var html = ctx.renderer.compile(String(options.body || '') + String(options.render), 'self.render_template')
          .render(params || {});
        ctx.dom.drawBlock(caption.class_name, caption.html, html);
        return true;
      },

      list_selected: function () {
        if (ctx.page().kind !== 'list') {
          throw ctx.fail('self.list_selected() works in lists (llist, clist, tlist, culist); the widget is in ' + where());
        }
        var selected = state.rows.filter(function (row) { return state.selected.indexOf(row.id) !== -1; });
        return toPage({
          selected: selected.map(function (row) {
            return { id: row.id, type: row.type, emails: row.emails, phones: row.phones };
          }),
          summary: {
            items: selected.length,
            emails: selected.reduce(function (sum, row) { return sum + row.emails.length; }, 0),
            phones: selected.reduce(function (sum, row) { return sum + row.phones.length; }, 0)
          }
        });
      },

      get_current_card_contacts_data: function () {
        if (ctx.page().kind !== 'card') {
          ctx.warn('self.get_current_card_contacts_data() gives the contacts of the open card; the widget is in ' +
            where() + ', so it gets []');
          return ctx.Promise.resolve([]);
        }
        return ctx.Promise.resolve(toPage(state.card.contacts));
      },

      listenSocketChannel: function (channel, keys, callback) {
        return ctx.sockets.listen(channel, keys, callback);
      }
    };
    return widget;
  };
});
