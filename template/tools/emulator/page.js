/**
 * page.js: the CRM's page around the widget, with the CRM's element ids and class names:
 * the card's right panel where render_template draws (-1 card and list areas), #work-area-<code>
 * (advanced_settings, widget_page), the settings modal with the install form built from
 * manifest.json "settings" (a custom field gets #<code>_custom_content and its hidden input), the
 * digital pipeline and Salesbot modals, and the Modal class widgets get as
 * 'lib/components/base/modal'.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  /**
   * @param {object} ctx {window, $, mount: Element, code: widget code, text(ref): i18n text,
   *                      path: widget folder URL, state, fail(message) → Error}
   */
  return function createPage(ctx) {
    var $ = ctx.$;
    var $mount = $(ctx.mount);
    var modals = [];
    var $page = null;

    function escape(text) {
      return $('<div>').text(text === undefined || text === null ? '' : String(text)).html();
    }

    // ---- The Modal class ('lib/components/base/modal') -------------------------------------

    function Modal(options) {
      if (!(this instanceof Modal)) {
        throw ctx.fail('lib/components/base/modal: create it with new Modal({class_name, init, destroy})');
      }
      options = options || {};
      var modal = this;
      this.options = options;
      this.destroyed = false;
      this.$modal = $('<div class="modal ' + escape(options.class_name || '') + '">' +
        '<div class="modal-overlay"></div>' +
        '<div class="modal-scroller custom-scroll"><div class="modal-body"></div></div></div>').appendTo($mount);
      this.$modal_body = this.$modal.find('.modal-body');
      this.$modal.on('click', '.modal-body__close, .js-modal-close', function () {
        modal.destroy();
      });
      modals.push(this);
      if (typeof options.init === 'function') {
        options.init.call(this, this.$modal_body);
      }
    }

    Modal.prototype.destroy = function () {
      if (this.destroyed) {
        return;
      }
      this.destroyed = true;
      if (typeof this.options.destroy === 'function') {
        this.options.destroy.call(this);
      }
      this.$modal.remove();
      modals.splice(modals.indexOf(this), 1);
    };

    // ---- Install-form fields (settings modal, digital pipeline modal) ----------------------

    function managers() {
      return Object.keys(ctx.state.managers).map(function (id) { return ctx.state.managers[id]; });
    }

    function fieldRow(code, field, value) {
      var label = escape(ctx.text(field.name)) + (field.required ? ' <span class="widget_settings_block__required">*</span>' : '');
      var input;
      if (field.type === 'users' || field.type === 'users_lp') {
        input = managers().map(function (user) {
          var own = value && typeof value === 'object' ? value[user.id] : undefined;
          var name = code + '[' + user.id + ']';
          var inputs = field.type === 'users'
            ? '<input type="text" class="text-input" name="' + escape(name) + '" value="' + escape(own || '') + '">'
            : '<input type="text" class="text-input" name="' + escape(name + '[login]') + '" value="' +
              escape(own && own.login || '') + '" placeholder="login">' +
              '<input type="password" class="text-input" name="' + escape(name + '[password]') + '" value="' +
              escape(own && own.password || '') + '" placeholder="password">';
          return '<div class="widget_settings_block__user" data-id="' + escape(user.id) + '">' +
            '<span class="widget_settings_block__user_name">' + escape(user.title) + '</span>' + inputs + '</div>';
        }).join('');
      } else if (field.type === 'custom') {
        input = '<div id="' + escape(ctx.code + '_custom_content') + '" class="widget_settings_block__custom"></div>' +
          '<input type="hidden" name="' + escape(code) + '" value="' + escape(value === undefined ? '' : value) + '">';
      } else {
        input = '<input type="' + (field.type === 'pass' ? 'password' : 'text') + '" ' +
          'class="widget_settings_block__controls__ text-input" name="' + escape(code) + '" value="' +
          escape(value === undefined ? '' : value) + '">';
      }
      return '<div class="widget_settings_block__item_field" data-code="' + escape(code) + '" data-type="' +
        escape(field.type) + '"><div class="widget_settings_block__title_field">' + label + '</div>' +
        '<div class="widget_settings_block__input_field">' + input + '</div></div>';
    }

    // A form of fields {code: {name, type, required}}: draws them and reads them back.
    function form(fields, values) {
      var html = Object.keys(fields).map(function (code) {
        return fieldRow(code, fields[code], values[code]);
      }).join('');
      var $fields = $('<div class="widget_settings_block__fields" id="widget_settings__fields_wrapper">' + html + '</div>');

      function read() {
        var out = {};
        Object.keys(fields).forEach(function (code) {
          var type = fields[code].type;
          if (type === 'users' || type === 'users_lp') {
            out[code] = {};
            managers().forEach(function (user) {
              var name = code + '[' + user.id + ']';
              out[code][user.id] = type === 'users'
                ? $fields.find('input[name="' + name + '"]').val()
                : { login: $fields.find('input[name="' + name + '[login]"]').val(),
                  password: $fields.find('input[name="' + name + '[password]"]').val() };
            });
          } else {
            out[code] = $fields.find('input[name="' + code + '"]').val();
          }
        });
        return out;
      }

      function write(given) {
        Object.keys(given).forEach(function (code) {
          if (!fields[code]) {
            throw ctx.fail('no setting "' + code + '" in this form; manifest.json has ' +
              (Object.keys(fields).join(', ') || 'none'));
          }
          var value = given[code];
          var type = fields[code].type;
          if (type === 'users' || type === 'users_lp') {
            Object.keys(value || {}).forEach(function (id) {
              var name = code + '[' + id + ']';
              if (type === 'users') {
                $fields.find('input[name="' + name + '"]').val(value[id]).trigger('change');
              } else {
                $fields.find('input[name="' + name + '[login]"]').val(value[id].login).trigger('change');
                $fields.find('input[name="' + name + '[password]"]').val(value[id].password).trigger('change');
              }
            });
          } else {
            var text = type === 'custom' && typeof value !== 'string' ? JSON.stringify(value) : value;
            $fields.find('input[name="' + code + '"]').val(text).trigger('change');
          }
        });
      }

      return { $fields: $fields, read: read, write: write };
    }

    function button(text, classes, attributes) {
      return '<button type="button" class="button-input ' + classes + '"' + (attributes || '') + '>' +
        '<span class="button-input-inner">' +
        '<span class="button-input-inner__text">' + escape(text) + '</span></span></button>';
    }

    // ---- The page of a location ------------------------------------------------------------

    var page = {
      Modal: Modal,

      modals: function () {
        return modals.slice();
      },

      /** Draws the CRM page of a location: {kind, entity} from locations.js, panel for -1. */
      show: function (location, area, info, panel) {
        page.clear();
        var html = '<div class="emulator-page emulator-page_' + escape(info.kind) + '" data-location="' +
          escape(location) + '" data-area="' + escape(area) + '">';
        if (info.kind === 'card') {
          html += '<div id="card_holder" class="card-holder"><div class="card-entity-form">' +
            '<h1 class="card-entity-form__name">' + escape(ctx.state.card.name) + '</h1></div>' +
            (panel ? '<div class="card-widgets js-widgets-list" id="widgets_block"></div>' : '') + '</div>';
        } else if (info.kind === 'list') {
          html += '<div class="list" id="list_page_holder"><div class="list__body">' +
            ctx.state.rows.map(function (row) {
              return '<div class="list-row js-list-row" data-id="' + escape(row.id) + '">' + escape(row.name) + '</div>';
            }).join('') + '</div>' +
            (panel ? '<div class="list-widgets card-widgets js-widgets-list" id="widgets_block"></div>' : '') + '</div>';
        } else if (info.kind === 'work_area') {
          html += '<div id="work-area-' + escape(ctx.code) + '" class="work-area"></div>';
        }
        $page = $(html + '</div>').appendTo($mount);
        return $page;
      },

      /** Removes the page and every modal (leaving the area). */
      clear: function () {
        modals.slice().forEach(function (modal) { modal.destroy(); });
        if ($page) {
          $page.remove();
          $page = null;
        }
      },

      /** The element the emulator's page occupies (the rest of the mount is the widget's). */
      element: function () {
        return $page ? $page[0] : null;
      },

      /** render_template: the widget's block in the right panel, drawn again on each call. */
      drawBlock: function (captionClass, captionHtml, bodyHtml) {
        var $panel = $page && $page.find('#widgets_block');
        if (!$panel || !$panel.length) {
          return false;
        }
        var caption = captionHtml || '<span class="card-widgets__widget__caption__logo">' +
          '<img src="' + escape(ctx.path + '/images/logo_medium.png') + '" alt=""></span>' +
          '<span class="card-widgets__widget__caption__name">' + escape(ctx.text('widget.name')) + '</span>';
        var $block = $('<div class="card-widgets__widget card-widgets__widget-' + escape(ctx.code) + '" data-code="' +
          escape(ctx.code) + '"><div class="card-widgets__widget__caption ' + escape(captionClass || '') + '">' +
          caption + '</div><div class="card-widgets__widget__body">' + bodyHtml + '</div></div>');
        var $old = $panel.find('.card-widgets__widget-' + ctx.code);
        if ($old.length) {
          $old.replaceWith($block);
        } else {
          $panel.append($block);
        }
        return true;
      },

      block: function () {
        var $block = $page && $page.find('.card-widgets__widget-' + ctx.code);
        return $block && $block.length ? $block[0] : null;
      },

      workArea: function () {
        var $area = $page && $page.find('#work-area-' + ctx.code);
        return $area && $area.length ? $area[0] : null;
      },

      /**
       * The settings modal: header, the install form, Save (Install while not installed) and
       * Disable. Returns {modal, $body, form, $save, $disable}.
       */
      settingsModal: function (fields, values, installed, description) {
        var result = {};
        result.form = form(fields, values);
        result.modal = new Modal({
          class_name: 'modal-list widget-settings widget-settings_' + ctx.code,
          init: function ($body) {
            $body.append('<div class="widget_settings_block"><div class="widget_settings_block__head">' +
              '<img class="widget_settings_block__logo" src="' + escape(ctx.path + '/images/logo.png') + '" alt="">' +
              '<h2 class="widget_settings_block__name">' + escape(ctx.text('widget.name')) + '</h2>' +
              '<div class="widget_settings_block__descr">' + escape(description) + '</div></div></div>');
            $body.find('.widget_settings_block').append(result.form.$fields)
              .append('<div class="widget_settings_block__controls">' +
                button(installed ? 'Save' : 'Install', 'button-input_blue js-widget-save') +
                (installed ? button('Disable', 'js-widget-uninstall') : '') + '</div>');
          }
        });
        result.$body = result.modal.$modal_body;
        result.$save = result.$body.find('.js-widget-save');
        result.$disable = result.$body.find('.js-widget-uninstall');
        return result;
      },

      /** The digital pipeline action's modal, with manifest dp.settings as fields. */
      dpModal: function (fields, values) {
        var result = { form: form(fields, values) };
        result.modal = new Modal({
          class_name: 'digital-pipeline__edit-modal digital-pipeline__short-task_widget-style_' + ctx.code,
          init: function ($body) {
            $body.append(result.form.$fields).append('<div class="digital-pipeline__edit-footer">' +
              button('Done', 'button-input_blue js-trigger-save', ' data-action="send_widget"') + '</div>');
          }
        });
        result.$body = result.modal.$modal_body;
        return result;
      },

      /** The Salesbot designer's step modal; renderRow(title, html) gives a row of the CRM's form. */
      salesbotModal: function () {
        var modal = new Modal({ class_name: 'salesbot-designer__widget-modal' });
        return {
          modal: modal,
          $body: modal.$modal_body,
          renderRow: function (title, html) {
            return '<div class="widget_settings_block__item_field"><div class="widget_settings_block__title_field">' +
              escape(title) + '</div><div class="widget_settings_block__input_field">' + (html || '') + '</div></div>';
          }
        };
      }
    };
    return page;
  };
});
