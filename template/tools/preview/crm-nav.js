/**
 * crm-nav.js: the preview's navigation around the widget: the CRM's left menu (its sections from
 * the platform model, platform.json "menu_sections", with the widget's own item, manifest
 * left_menu) and the page header (where we are, and buttons for the callbacks the CRM calls on a
 * person's action there).
 */
globalThis.define(['preview/dom', 'lib/platform'], function (dom, platform) {
  'use strict';

  // The page's globals, read from globalThis: tools/ lints as Node code.
  var document = globalThis.document;

  var el = dom.el;

  // 20×20 stroke icons of the left menu.
  var ICONS = {
    dashboard: 'M3 3h6v6H3zM11 3h6v6h-6zM3 11h6v6H3zM11 11h6v6h-6z',
    leads: 'M3 4h14l-5 6v6l-4-2v-4z',
    chats: 'M3 4h14v9H8l-4 3v-3H3z',
    mail: 'M3 5h14v10H3zM3 5l7 6 7-6',
    contacts: 'M10 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM4 17c1-3 3.5-4.5 6-4.5s5 1.5 6 4.5',
    tasks: 'M4 4h12v12H4zM7 10l2 2 4-4',
    lists: 'M4 5h12M4 10h12M4 15h12',
    stats: 'M4 16V9M9 16V4M14 16v-5',
    settings: 'M10 7a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM10 2v3M10 15v3M2 10h3M15 10h3M4.3 4.3l2.1 2.1M13.6 13.6l2.1 2.1M4.3 15.7l2.1-2.1M13.6 6.4l2.1-2.1',
    widget: 'M4 4h5v5H4zM11 4h5v5h-5zM4 11h5v5H4zM13.5 11v5M11 13.5h5'
  };

  // The left menu's labels, by the sections of the platform model (platform.json "menu_sections");
  // widget_page's item is the widget's own (manifest left_menu).
  var LABELS = {
    dashboard: 'Dashboard', leads: 'Leads', chats: 'Chats', mail: 'Mail', contacts: 'Contacts', tasks: 'Tasks',
    lists: 'Lists', stats: 'Stats', settings: 'Settings'
  };

  function icon(name) {
    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 20 20');
    svg.setAttribute('class', 'crm-icon');
    svg.setAttribute('aria-hidden', 'true');
    var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  /**
   * @param {object} host the widget hosting's shared parts (crm.js): {ctx, emulator, manifest, rules,
   *                      model, state, text(group, key, fallback), widgetName(),
   *                      pages: {entityNames(entity), listTools(area, names)}}
   * @returns {object} {drawNav(area), drawHead(location, info), crumbs(parts), callbackButtons(area)}
   */
  return function createNav(host) {
    var ctx = host.ctx;
    var nav = document.getElementById('crm-nav');
    var head = document.getElementById('crm-head');

    // ---- The left menu ----------------------------------------------------------------------

    function drawNav(area) {
      var crm = host.rules.platforms[ctx.project.platform] || { title: ctx.project.platform };
      var section = area ? host.model.page(area).section : 'dashboard';
      var items = host.rules.menu_sections.filter(function (id) { return id !== 'widget_page'; }).map(function (id) {
        return [id, LABELS[id] || id];
      });
      var menu = host.manifest.left_menu && Object.keys(host.manifest.left_menu)[0];
      if (menu) {
        items.splice(items.length - 1, 0, ['widget_page', host.text('widget', 'name', menu)]);
      }
      dom.fill(nav, [el('div', { class: 'crm-nav__brand', title: crm.title }, crm.title)].concat(items.map(function (item) {
        var own = item[0] === 'widget_page';
        var iconFile = own && host.manifest.left_menu[menu].icon;
        return el('div', { class: 'crm-nav__item' + (item[0] === section ? ' crm-nav__item_active' : '') }, [
          iconFile ? el('img', { class: 'crm-icon', src: ctx.path + '/' + iconFile, alt: '' }) : icon(own || !ICONS[item[0]] ? 'widget' : item[0]),
          el('span', { class: 'crm-nav__label' }, item[1])
        ]);
      })));
    }

    // ---- The page header: where we are, and the callbacks the developer can trigger ----------

    function crumbs(parts) {
      return el('div', { class: 'crm-head__crumbs' }, parts.map(function (part, index) {
        return el('span', { class: index === parts.length - 1 ? 'crm-head__title' : 'crm-head__crumb' }, part);
      }));
    }

    function callbackButtons(area) {
      // Callbacks the CRM calls by itself (on entering, from the modal or the list's menu) get no button.
      var names = host.model.callbacksOf(area).filter(function (name) {
        return !host.model.calledByPage(name) && host.emulator.location;
      });
      if (!names.length) {
        return null;
      }
      return el('div', { class: 'crm-head__actions' }, [el('span', { class: 'crm-head__hint' }, 'The CRM calls:')]
        .concat(names.map(function (name) {
          return el('button', { type: 'button', class: 'button-input crm-head__run', 'data-callback': name,
            onclick: function () { ctx.actions.run(name); } }, name + '()');
        })));
    }

    function drawHead(location, info) {
      var area = platform.bareLocation(location);
      var names = host.pages.entityNames(info.entity);
      var title = (host.rules.locations[area] || {}).title || area;
      var parts;
      if (info.kind === 'card') {
        parts = [names[1], host.state.card.name];
      } else if (info.kind === 'list') {
        parts = [names[1]];
      } else if (info.kind === 'settings') {
        parts = ['Settings', 'Integrations'];
      } else if (info.kind === 'work_area') {
        // The widget's own page: under Settings' integrations (advanced_settings) or in the left menu (widget_page).
        parts = info.section === 'settings' ? ['Settings', 'Integrations', host.widgetName()] : [host.widgetName()];
      } else {
        parts = [title];
      }
      dom.fill(head, [crumbs(parts), info.kind === 'list' ? host.pages.listTools(area, names) : null, callbackButtons(area)]);
    }

    return { drawNav: drawNav, drawHead: drawHead, crumbs: crumbs, callbackButtons: callbackButtons };
  };
});
