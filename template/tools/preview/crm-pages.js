/**
 * crm-pages.js: the preview's pages around the widget, by the kind of page the platform model
 * gives a location (platform.json "page_kinds"): a card's record, fields and feed; a list's rows,
 * checkboxes and "More" menu; the integrations page behind the settings modal; a pipeline's board
 * (the digital pipeline's); a plain page. The widget's item on the last two, its logo and the
 * callback it opens, are the model's too (page.logo, page.opens). The emulator draws the elements widgets use
 * (tools/emulator/page.js); this adds the rest, and chooses the record a card or list shows.
 */
globalThis.define(['preview/dom'], function (dom) {
  'use strict';

  // The page's globals, read from globalThis: tools/ lints as Node code.
  var document = globalThis.document;

  var el = dom.el;

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

  /**
   * @param {object} host the widget hosting's shared parts (crm.js): {ctx, emulator, manifest, rules, model,
   *                      state, mount, widgetName(), image(file, className), money(amount), userName(),
   *                      nav: {callbackButtons(area)}}
   * @returns {object} {prepare(info), decorate(page, area, info), entityNames(entity) -> [one, many],
   *                    listTools(area, names)}
   */
  return function createPages(host) {
    var ctx = host.ctx;
    var state = host.state;
    var leadRows = state.rows;

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
          field('Position', 'Purchasing manager'), field('Company', CARDS.companies.name), field('Responsible', host.userName())];
      }
      if (entity === 'companies') {
        return [field('Phone', '+15550199'), field('Web', 'example.com'), field('Address', '1 Example Street'),
          field('Responsible', host.userName()), contactsBlock()];
      }
      if (entity === 'customers') {
        return [field('Next purchase', '12.06'), field('Expected amount', host.money(4200)), field('Responsible', host.userName()),
          contactsBlock()];
      }
      return [field('Responsible', host.userName()), field('Budget', host.money(12500)), field('Pipeline', 'Sales'), contactsBlock()];
    }

    function feed(entity) {
      var items = [
        ['09:12', 'System', (ENTITY_NAMES[entity] || ENTITY_NAMES.leads)[0] + ' created'],
        ['09:40', host.userName(), 'Called ' + ((state.card.contacts[0] || {}).name || 'the client') + ': asked for a quote'],
        ['10:05', host.userName(), 'Task: send the quote by Friday']
      ];
      return el('section', { class: 'crm-feed', 'aria-label': 'Feed' }, [
        el('ol', { class: 'crm-feed__list' }, items.map(function (item) {
          return el('li', { class: 'crm-feed__item' }, [el('span', { class: 'crm-feed__time' }, item[0] + ' · ' + item[1]),
            el('span', { class: 'crm-feed__text' }, item[2])]);
        })),
        el('div', { class: 'crm-feed__composer' }, 'Note: type here…')
      ]);
    }

    // A location whose page is a tab of the widget's own in cards (the model's page.tab: card_sdk,
    // amo-widget-platform.md §3 "a tab in cards (Card SDK)").
    function hasCardTab() {
      return host.manifest.locations.some(function (location) { return !!host.model.page(location).tab; });
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
          hasCardTab() ? el('span', { class: 'crm-card__tab' }, host.widgetName()) : null])
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
      return Array.prototype.map.call(host.mount.querySelectorAll('.crm-row-check:checked'), function (box) {
        return Number(box.value);
      });
    }

    // The list's tools: search, the selection's count, and "More" with the widget's item.
    function listTools(area, names) {
      var selectedCallback = host.model.callbacksOf(area).filter(function (name) {
        return (host.model.callback(name) || {}).list_action;
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
        }, [host.image('logo_min.png', 'crm-more__logo'), host.widgetName()]) : null
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
      var all = host.mount.querySelector('.crm-check-all');
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
            Array.prototype.forEach.call(host.mount.querySelectorAll('.crm-row-check'), function (box) {
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
          el('span', { class: 'crm-cell' }, host.userName())]);
      });
      onSelection();
    }

    // ---- Settings, own pages, pages without a place of the widget's --------------------------

    function tile(title, subtitle, logo, onclick, extra) {
      return el('button', { type: 'button', class: 'crm-tile' + (extra ? ' ' + extra : ''), onclick: onclick }, [
        logo, el('span', { class: 'crm-tile__title' }, title), el('span', { class: 'crm-tile__subtitle' }, subtitle)
      ]);
    }

    // The widget's logo on its page (the model's page.logo, a file of the "logos" table), or a blank one.
    function pageLogo(info, className) {
      return info.logo ? host.image(info.logo, 'crm-tile__logo ' + className)
        : el('span', { class: 'crm-tile__logo crm-tile__logo_blank ' + className });
    }

    // The integrations page: the widget's item (logo.png, amo-widget-platform.md §4: "older
    // versions, settings") opens the settings modal.
    function decorateSettings(page, info) {
      var installed = host.emulator.widget.get_install_status() !== 'install';
      dom.append(page, el('div', { class: 'crm-tiles' }, [
        tile(host.widgetName(), installed ? 'Installed' : 'Not installed', pageLogo(info, ''),
          function () { ctx.actions.openSettings(); }, 'crm-tile_widget'),
        tile('Mail', 'Installed', el('span', { class: 'crm-tile__logo crm-tile__logo_blank' }), null, 'crm-tile_muted'),
        tile('Telephony', 'Available', el('span', { class: 'crm-tile__logo crm-tile__logo_blank' }), null, 'crm-tile_muted'),
        tile('Forms', 'Available', el('span', { class: 'crm-tile__logo crm-tile__logo_blank' }), null, 'crm-tile_muted')
      ]));
    }

    // A pipeline's board, the widget's item in its second stage: the digital pipeline shows
    // logo_dp.png there (amo-widget-platform.md §4) and opens the action's settings, dpSettings (§5).
    function decorateBoard(page, area, info) {
      var title = (host.rules.locations[area] || {}).title || area;
      var open = info.opens ? function () { ctx.actions.run(info.opens); } : null;
      dom.append(page, el('div', { class: 'crm-board' }, STAGES.map(function (stage, index) {
        return el('div', { class: 'crm-board__stage' }, [
          el('div', { class: 'crm-board__title' }, stage),
          index === 1 ? tile(host.widgetName(), title, pageLogo(info, 'crm-tile__logo_board'), open, 'crm-tile_widget') : null,
          el('div', { class: 'crm-board__task' }, index === 0 ? 'Send an e-mail' : index === 2 ? 'Create a task' : '+ Add')
        ]);
      })));
    }

    function decoratePage(page, area) {
      var title = (host.rules.locations[area] || {}).title || area;
      dom.append(page, el('div', { class: 'crm-panel' }, [
        el('h2', { class: 'crm-panel__title' }, title),
        el('p', { class: 'crm-panel__text' }, 'The CRM loads the widget here without a place of its own to draw: it called ' +
          'render, bind_actions and init (see Callbacks). ' + (host.nav.callbackButtons(area) ? 'Trigger what the CRM calls here with the buttons above.' : ''))
      ]));
    }

    return {
      /** Before entering: the record of the card, the rows of the list. */
      prepare: function (info) {
        if (info.kind === 'card' && CARDS[info.entity]) {
          Object.assign(state.card, CARDS[info.entity]);
        }
        if (info.kind === 'list') {
          state.rows = info.entity === 'leads' ? leadRows : ROWS[info.entity] || leadRows;
          host.emulator.select([]);
        }
      },

      /** After entering: the page's chrome around the emulator's page, by the page's kind. */
      decorate: function (page, area, info) {
        if (info.kind === 'card') {
          decorateCard(page, info);
        } else if (info.kind === 'list') {
          decorateList(page);
        } else if (info.kind === 'settings') {
          decorateSettings(page, info);
        } else if (info.kind === 'board') {
          decorateBoard(page, area, info);
        } else {
          decoratePage(page, area);
        }
      },

      /** A record's names, singular and plural ('Lead', 'Leads'), by the entity APP reports; ['', ''] if unknown. */
      entityNames: function (entity) {
        return ENTITY_NAMES[entity] || ['', ''];
      },

      listTools: listTools
    };
  };
});
