/**
 * crm.js: what a person sees of the CRM around the widget, so the preview looks like an account:
 * the left menu, the page's header, a card's fields and feed, a list's columns, checkboxes and
 * "More" menu, the integrations page behind the settings modal, the pipeline board of a digital
 * pipeline action, a close button on modals. The emulator draws the elements widgets use
 * (tools/emulator/page.js: #widgets_block, .list-row, #work-area-<code>, the modals); this adds
 * the rest once the widget has entered the area, and chooses the record a card or list shows.
 */
globalThis.define(['preview/dom', 'lib/platform'], function (dom, platform) {
  'use strict';

  // The page's globals, read from globalThis: tools/ lints as Node code.
  var window = globalThis;
  var document = window.document;

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

  // The record a card shows and the rows a list shows, by the entity APP reports there.
  var CARDS = {
    leads: { id: 7001, name: 'Deal #7001', element_type: 2 },
    contacts: { id: 501, name: 'John Smith', element_type: 1 },
    companies: { id: 901, name: 'Example Ltd', element_type: 3 },
    customers: { id: 3001, name: 'Customer #3001', element_type: 12 }
  };
  var ROWS = {
    contacts: [
      { id: 501, name: 'John Smith', type: 'contact', emails: ['john.smith@example.com'], phones: ['+15550100'] },
      { id: 502, name: 'Maria Garcia', type: 'contact', emails: ['maria@example.com'], phones: ['+15550101'] },
      { id: 503, name: 'Wei Chen', type: 'contact', emails: ['wei.chen@example.com'], phones: [] }
    ],
    todo: [
      { id: 8001, name: 'Call John Smith back', type: 'task', emails: [], phones: ['+15550100'] },
      { id: 8002, name: 'Send the quote to Maria Garcia', type: 'task', emails: ['maria@example.com'], phones: [] },
      { id: 8003, name: 'Meeting with Example Ltd', type: 'task', emails: [], phones: [] }
    ],
    customers: [
      { id: 3001, name: 'Customer #3001', type: 'customer', emails: ['john.smith@example.com'], phones: ['+15550100'] },
      { id: 3002, name: 'Customer #3002', type: 'customer', emails: [], phones: ['+15550101'] }
    ]
  };
  var ENTITY_NAMES = {
    leads: ['Lead', 'Leads'], contacts: ['Contact', 'Contacts'], companies: ['Company', 'Companies'],
    customers: ['Customer', 'Customers'], todo: ['Task', 'Tasks']
  };
  var STAGES = ['Incoming leads', 'Initial contact', 'Negotiation', 'Decision making'];

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
   * @param {object} ctx {emulator, project, path (widget folder URL), actions: {run(name),
   *                      select(ids), openSettings()}}
   */
  return function createCrm(ctx) {
    var emulator = ctx.emulator;
    var manifest = ctx.project.manifest;
    var rules = ctx.project.rules;
    // Where each location sits (its page and menu section) and how the CRM calls it: the platform model.
    var model = platform.model(rules);
    var state = emulator.state;
    var leadRows = state.rows;
    var nav = document.getElementById('crm-nav');
    var head = document.getElementById('crm-head');
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

    // ---- The left menu ----------------------------------------------------------------------

    function drawNav(area) {
      var crm = rules.platforms[ctx.project.platform] || { title: ctx.project.platform };
      var section = area ? model.page(area).section : 'dashboard';
      var items = rules.menu_sections.filter(function (id) { return id !== 'widget_page'; }).map(function (id) {
        return [id, LABELS[id] || id];
      });
      var menu = manifest.left_menu && Object.keys(manifest.left_menu)[0];
      if (menu) {
        items.splice(items.length - 1, 0, ['widget_page', text('widget', 'name', menu)]);
        section = area === 'widget_page' ? 'widget_page' : section;
      }
      dom.fill(nav, [el('div', { class: 'crm-nav__brand', title: crm.title }, crm.title)].concat(items.map(function (item) {
        var own = item[0] === 'widget_page';
        var iconFile = own && manifest.left_menu[menu].icon;
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
      var names = model.callbacksOf(area).filter(function (name) {
        return !model.calledByPage(name) && emulator.location;
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
      var names = ENTITY_NAMES[info.entity] || ['', ''];
      var title = (rules.locations[area] || {}).title || area;
      var parts;
      if (info.kind === 'card') {
        parts = [names[1], state.card.name];
      } else if (info.kind === 'list') {
        parts = [names[1]];
      } else if (area === 'settings') {
        parts = ['Settings', 'Integrations'];
      } else if (area === 'advanced_settings') {
        parts = ['Settings', 'Integrations', widgetName()];
      } else if (area === 'widget_page') {
        parts = [widgetName()];
      } else {
        parts = [title];
      }
      dom.fill(head, [crumbs(parts), info.kind === 'list' ? listTools(area, names) : null, callbackButtons(area)]);
    }

    // ---- Cards ---------------------------------------------------------------------------------

    function field(label, value) {
      return el('div', { class: 'crm-field' }, [el('span', { class: 'crm-field__label' }, label),
        el('span', { class: 'crm-field__value' }, value)]);
    }

    function contactsBlock() {
      return el('div', { class: 'crm-contacts' }, state.card.contacts.map(function (contact) {
        return el('div', { class: 'crm-contact' }, [
          el('span', { class: 'crm-contact__avatar', 'aria-hidden': 'true' }, contact.name.charAt(0)),
          el('div', { class: 'crm-contact__body' }, [
            el('div', { class: 'crm-contact__name' }, contact.name),
            el('div', { class: 'crm-contact__line' }, [contact.phones[0], contact.emails[0]].filter(Boolean).join(' · '))
          ])
        ]);
      }));
    }

    function cardFields(entity) {
      var first = state.card.contacts[0] || { phones: [], emails: [] };
      if (entity === 'contacts') {
        return [field('Phone', first.phones[0] || '—'), field('E-mail', first.emails[0] || '—'),
          field('Position', 'Purchasing manager'), field('Company', CARDS.companies.name), field('Responsible', userName())];
      }
      if (entity === 'companies') {
        return [field('Phone', '+15550199'), field('Web', 'example.com'), field('Address', '1 Example Street'),
          field('Responsible', userName()), contactsBlock()];
      }
      if (entity === 'customers') {
        return [field('Next purchase', '12.06'), field('Expected amount', money(4200)), field('Responsible', userName()),
          contactsBlock()];
      }
      return [field('Responsible', userName()), field('Budget', money(12500)), field('Pipeline', 'Sales'), contactsBlock()];
    }

    function feed(entity) {
      var items = [
        ['09:12', 'System', (ENTITY_NAMES[entity] || ENTITY_NAMES.leads)[0] + ' created'],
        ['09:40', userName(), 'Called ' + ((state.card.contacts[0] || {}).name || 'the client') + ': asked for a quote'],
        ['10:05', userName(), 'Task: send the quote by Friday']
      ];
      return el('section', { class: 'crm-feed', 'aria-label': 'Feed' }, [
        el('ol', { class: 'crm-feed__list' }, items.map(function (item) {
          return el('li', { class: 'crm-feed__item' }, [el('span', { class: 'crm-feed__time' }, item[0] + ' · ' + item[1]),
            el('span', { class: 'crm-feed__text' }, item[2])]);
        })),
        el('div', { class: 'crm-feed__composer' }, 'Note: type here…')
      ]);
    }

    function decorateCard(page, info) {
      var form = page.querySelector('.card-entity-form');
      var name = form && form.querySelector('.card-entity-form__name');
      if (!form || !name) {
        return;
      }
      form.insertBefore(el('div', { class: 'crm-card__entity' }, (ENTITY_NAMES[info.entity] || [''])[0]), name);
      var after = [
        info.entity === 'leads' ? el('div', { class: 'crm-stages', title: 'Stage: ' + STAGES[1] }, STAGES.map(function (stage, index) {
          return el('span', { class: 'crm-stages__step' + (index <= 1 ? ' crm-stages__step_done' : '') });
        })) : null,
        el('div', { class: 'crm-card__tabs' }, [el('span', { class: 'crm-card__tab crm-card__tab_active' }, 'Main'),
          el('span', { class: 'crm-card__tab' }, 'Statistics'),
          manifest.locations.indexOf('card_sdk') !== -1 ? el('span', { class: 'crm-card__tab' }, widgetName()) : null])
      ].concat(cardFields(info.entity));
      after.forEach(function (node) {
        if (node) {
          form.appendChild(node);
        }
      });
      var holder = page.querySelector('.card-holder');
      holder.insertBefore(feed(info.entity), page.querySelector('#widgets_block'));
    }

    // ---- Lists ---------------------------------------------------------------------------------

    function selectedIds() {
      return Array.prototype.map.call(mount.querySelectorAll('.crm-row-check:checked'), function (box) {
        return Number(box.value);
      });
    }

    // The list's tools: search, the selection's count, and "More" with the widget's item.
    function listTools(area, names) {
      var selectedCallback = model.callbacksOf(area).filter(function (name) {
        return (model.callback(name) || {}).list_action;
      })[0] || null;
      var menu = el('div', { class: 'crm-more__menu', hidden: true }, [
        el('button', { type: 'button', class: 'crm-more__item', disabled: true }, 'Change stage'),
        el('button', { type: 'button', class: 'crm-more__item', disabled: true }, 'Export'),
        selectedCallback ? el('button', {
          type: 'button', class: 'crm-more__item crm-more__item_widget', 'data-callback': selectedCallback,
          onclick: function () {
            menu.hidden = true;
            ctx.actions.run(selectedCallback);
          }
        }, [image('logo_min.png', 'crm-more__logo'), widgetName()]) : null
      ]);
      return el('div', { class: 'crm-list-tools' }, [
        el('input', { type: 'search', class: 'crm-list-tools__search', placeholder: 'Search and filter', 'aria-label': 'Search' }),
        el('span', { class: 'crm-list-tools__count', id: 'crm-selection' }, state.rows.length + ' ' + names[1].toLowerCase()),
        el('div', { class: 'crm-more' }, [el('button', {
          type: 'button', class: 'button-input crm-more__button', id: 'crm-more', disabled: true,
          onclick: function () { menu.hidden = !menu.hidden; }
        }, 'More ▾'), menu])
      ]);
    }

    function onSelection() {
      var ids = selectedIds();
      ctx.actions.select(ids);
      var count = document.getElementById('crm-selection');
      var more = document.getElementById('crm-more');
      if (count) {
        count.textContent = ids.length ? ids.length + ' selected' : state.rows.length + ' in the list';
      }
      if (more) {
        more.disabled = !ids.length;
      }
      var all = mount.querySelector('.crm-check-all');
      if (all) {
        all.checked = ids.length === state.rows.length;
      }
    }

    function decorateList(page) {
      var body = page.querySelector('.list__body');
      if (!body) {
        return;
      }
      body.insertBefore(el('div', { class: 'crm-list__head' }, [
        el('label', { class: 'crm-list__check' }, el('input', {
          type: 'checkbox', class: 'crm-check-all', 'aria-label': 'Select all',
          onchange: function (event) {
            Array.prototype.forEach.call(mount.querySelectorAll('.crm-row-check'), function (box) {
              box.checked = event.target.checked;
            });
            onSelection();
          }
        })),
        el('span', {}, 'Name'), el('span', {}, 'Phone'), el('span', {}, 'E-mail'), el('span', {}, 'Responsible')
      ]), body.firstChild);
      Array.prototype.forEach.call(page.querySelectorAll('.list-row'), function (row) {
        var data = state.rows.filter(function (item) { return String(item.id) === row.getAttribute('data-id'); })[0] || {};
        row.insertBefore(el('label', { class: 'crm-list__check' }, el('input', {
          type: 'checkbox', class: 'crm-row-check', value: row.getAttribute('data-id'),
          'aria-label': 'Select ' + (data.name || ''), onchange: onSelection
        })), row.firstChild);
        dom.append(row, [el('span', { class: 'crm-cell' }, (data.phones || [])[0] || '—'),
          el('span', { class: 'crm-cell' }, (data.emails || [])[0] || '—'),
          el('span', { class: 'crm-cell' }, userName())]);
      });
      onSelection();
    }

    // ---- Settings, own pages, pages without a place of the widget's --------------------------

    function tile(title, subtitle, logo, onclick, extra) {
      return el('button', { type: 'button', class: 'crm-tile' + (extra ? ' ' + extra : ''), onclick: onclick }, [
        logo, el('span', { class: 'crm-tile__title' }, title), el('span', { class: 'crm-tile__subtitle' }, subtitle)
      ]);
    }

    function decorateSettings(page) {
      var installed = emulator.widget.get_install_status() !== 'install';
      dom.append(page, el('div', { class: 'crm-tiles' }, [
        tile(widgetName(), installed ? 'Installed' : 'Not installed', image('logo.png', 'crm-tile__logo'),
          function () { ctx.actions.openSettings(); }, 'crm-tile_widget'),
        tile('Mail', 'Installed', el('span', { class: 'crm-tile__logo crm-tile__logo_blank' }), null, 'crm-tile_muted'),
        tile('Telephony', 'Available', el('span', { class: 'crm-tile__logo crm-tile__logo_blank' }), null, 'crm-tile_muted'),
        tile('Forms', 'Available', el('span', { class: 'crm-tile__logo crm-tile__logo_blank' }), null, 'crm-tile_muted')
      ]));
    }

    function decoratePipeline(page) {
      dom.append(page, el('div', { class: 'crm-board' }, STAGES.map(function (stage, index) {
        return el('div', { class: 'crm-board__stage' }, [
          el('div', { class: 'crm-board__title' }, stage),
          index === 1 ? tile(widgetName(), 'Digital pipeline action', image('logo_dp.png', 'crm-tile__logo crm-tile__logo_dp'),
            function () { ctx.actions.run('dpSettings'); }, 'crm-tile_widget') : null,
          el('div', { class: 'crm-board__task' }, index === 0 ? 'Send an e-mail' : index === 2 ? 'Create a task' : '+ Add')
        ]);
      })));
    }

    function decoratePage(page, area) {
      var title = (rules.locations[area] || {}).title || area;
      dom.append(page, el('div', { class: 'crm-panel' }, [
        el('h2', { class: 'crm-panel__title' }, title),
        el('p', { class: 'crm-panel__text' }, 'The CRM loads the widget here without a place of its own to draw: it called ' +
          'render, bind_actions and init (see Callbacks). ' + (callbackButtons(area) ? 'Trigger what the CRM calls here with the buttons above.' : ''))
      ]));
    }

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
      prepare: function (info) {
        if (info.kind === 'card' && CARDS[info.entity]) {
          Object.assign(state.card, CARDS[info.entity]);
        }
        if (info.kind === 'list') {
          state.rows = info.entity === 'leads' ? leadRows : ROWS[info.entity] || leadRows;
          emulator.select([]);
        }
      },

      /** After entering: the CRM's chrome around the emulator's page. */
      decorate: function (location, info) {
        var area = platform.bareLocation(location);
        drawNav(area);
        drawHead(location, info);
        var page = mount.querySelector('.emulator-page');
        // A work area (#work-area-<code>) is the widget's own: nothing to add.
        if (!page || info.kind === 'work_area') {
          return;
        }
        if (info.kind === 'card') {
          decorateCard(page, info);
        } else if (info.kind === 'list') {
          decorateList(page);
        } else if (info.kind === 'settings') {
          decorateSettings(page);
        } else if (area === 'digital_pipeline') {
          decoratePipeline(page);
        } else {
          decoratePage(page, area);
        }
      },

      /** No area (the widget disabled, or not loaded): the menu and a plain header. */
      blank: function (title) {
        drawNav('');
        dom.fill(head, crumbs([title]));
      },

      watchModals: watchModals
    };
  };
});
