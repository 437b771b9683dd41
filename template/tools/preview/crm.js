/**
 * crm.js: the CRM around the widget, so the preview looks like an account: it hosts the widget's
 * page session (tools/emulator) in the CRM's chrome, built by two parts that share what this
 * gives them: crm-nav.js (the left menu and the page header) and crm-pages.js (a card, a list,
 * the integrations page, the pipeline board, a plain page). The emulator draws the elements
 * widgets use (tools/emulator/page.js); this adds the rest once the widget has entered the area,
 * and a close button on modals.
 */
globalThis.define(['preview/dom', 'lib/platform', 'preview/crm-nav', 'preview/crm-pages'], function (dom, platform, createNav, createPages) {
  'use strict';

  // The page's globals, read from globalThis: tools/ lints as Node code.
  var window = globalThis;
  var document = window.document;

  var el = dom.el;

  /**
   * @param {object} ctx {emulator, project, path (widget folder URL), actions: {run(name),
   *                      select(ids), openSettings()}}
   * @returns {object} {prepare(info), decorate(location, info), blank(title), watchModals()}
   */
  return function createCrm(ctx) {
    var emulator = ctx.emulator;
    var state = emulator.state;
    var mount = document.getElementById('crm-page');

    function text(group, key, fallback) {
      var langs = emulator.widget.langs || {};
      var value = langs[group] && langs[group][key];
      return typeof value === 'string' ? value : fallback;
    }

    function widgetName() {
      return text('widget', 'name', ctx.project.code);
    }

    function image(file, className) {
      return el('img', { class: className, src: ctx.path + '/images/' + file, alt: '' });
    }

    function money(amount) {
      var currency = state.account.currency || 'USD';
      try {
        return new Intl.NumberFormat(state.locale, { style: 'currency', currency: currency, maximumFractionDigits: 0 }).format(amount);
      } catch {
        return amount + ' ' + currency;
      }
    }

    function userName() {
      return state.user.name;
    }

    // What the navigation and the pages share. Where each location sits (its page and menu
    // section) and how the CRM calls it: the platform model.
    var host = {
      ctx: ctx, emulator: emulator, manifest: ctx.project.manifest, rules: ctx.project.rules,
      model: platform.model(ctx.project.rules), state: state, mount: mount,
      text: text, widgetName: widgetName, image: image, money: money, userName: userName
    };
    host.nav = createNav(host);
    host.pages = createPages(host);

    /** A close button on every modal, as the CRM's have. */
    function watchModals() {
      new window.MutationObserver(function () {
        Array.prototype.forEach.call(mount.querySelectorAll('.modal > .modal-scroller > .modal-body'), function (body) {
          if (!body.querySelector(':scope > .modal-body__close')) {
            body.insertBefore(el('button', { type: 'button', class: 'modal-body__close', 'aria-label': 'Close' }, '×'), body.firstChild);
          }
        });
      }).observe(mount, { childList: true });
    }

    return {
      /** Before entering: the record of the card, the rows of the list. */
      prepare: host.pages.prepare,

      /** After entering: the CRM's chrome around the emulator's page. */
      decorate: function (location, info) {
        var area = platform.bareLocation(location);
        host.nav.drawNav(area);
        host.nav.drawHead(location, info);
        var page = mount.querySelector('.emulator-page');
        // A work area (#work-area-<code>) is the widget's own: nothing to add.
        if (page && info.kind !== 'work_area') {
          host.pages.decorate(page, area, info);
        }
      },

      /** No area (the widget disabled, or not loaded): the menu and a plain header. */
      blank: function (title) {
        host.nav.drawNav('');
        dom.fill(document.getElementById('crm-head'), host.nav.crumbs([title]));
      },

      watchModals: watchModals
    };
  };
});
