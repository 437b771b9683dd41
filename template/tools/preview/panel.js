/**
 * panel.js: the preview's side panel, what the widget did as it happens.
 *   Callbacks  every call the CRM made (area, arguments, result), and the preview's notes
 *   Requests   crm_post, $authorizedAjax, $.ajax and fetch: status, X-Auth-Token, and for crm_post
 *              how long it waited in the CRM's queue (one request a second)
 *   Console    the page's console output, the emulator's errors and warnings
 *   Socket     emit a message on a channel to the widget's listenSocketChannel subscriptions
 * It reads the emulator's records (history, requests, errors, warnings) on every tick.
 */
globalThis.define(['preview/dom', 'preview/problems'], function (dom, problems) {
  'use strict';

  var document = globalThis.document; // tools/ lints as Node code

  var el = dom.el;

  function isThenable(value) {
    return !!value && typeof value.then === 'function';
  }

  // options.locate(stack): a Promise of ' (src/<file>:<line>:<col>)' for an error's first frame in
  // a built widget/script.js (TypeScript), '' otherwise.
  return function createPanel(options) {
    var locate = options && options.locate;
    var emulator = null;
    var crmPostCalls = [];
    var seen = { history: 0, errors: 0, warnings: 0 };
    var requestRows = [];
    var consoleCount = 0;
    var errorCount = 0;
    var subscriptionsShown = null;
    var channelTyped = false;
    var lists = {
      events: document.getElementById('pv-events'),
      requests: document.getElementById('pv-requests'),
      console: document.getElementById('pv-console')
    };

    function count(name, value, alarm) {
      var badge = document.getElementById('pv-count-' + name);
      badge.textContent = String(value);
      badge.classList.toggle('pv-count_error', !!alarm);
    }

    function add(list, node) {
      var box = list.parentNode;
      var atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
      list.appendChild(node);
      if (atBottom) {
        box.scrollTop = box.scrollHeight;
      }
    }

    // ---- Tabs ------------------------------------------------------------------------------------

    Array.prototype.forEach.call(document.querySelectorAll('.pv-tab'), function (tab) {
      tab.addEventListener('click', function () {
        Array.prototype.forEach.call(document.querySelectorAll('.pv-tab'), function (other) {
          other.setAttribute('aria-selected', String(other === tab));
          document.getElementById('pv-pane-' + other.getAttribute('data-tab')).hidden = other !== tab;
        });
      });
    });

    // ---- Callbacks -------------------------------------------------------------------------------

    function callbackEntry(entry) {
      var args = entry.args && entry.args.length ? entry.args.map(function (arg) { return dom.describe(arg, 160); }).join(', ') : '';
      var result = isThenable(entry.result) ? 'Promise' : dom.describe(entry.result, 160);
      var outcome = entry.threw ? 'threw ' + entry.threw : '→ ' + result;
      return el('li', { class: 'pv-entry pv-entry_callback' + (entry.threw ? ' pv-entry_error' : ''), 'data-callback': entry.callback, 'data-location': entry.location || '' }, [
        el('span', { class: 'pv-entry__time' }, dom.clock(Date.now())),
        entry.location ? el('span', { class: 'pv-entry__tag' }, entry.location) : null,
        el('code', { class: 'pv-entry__main' }, entry.callback + '(' + args + ')'),
        entry.callback === 'destroy' && entry.result === undefined && !entry.threw ? null : el('span', { class: 'pv-entry__result' }, outcome)
      ]);
    }

    function syncHistory() {
      if (!emulator) {
        return;
      }
      emulator.history.slice(seen.history).forEach(function (entry) {
        add(lists.events, callbackEntry(entry));
      });
      seen.history = emulator.history.length;
      count('events', seen.history);
    }

    /** A line of the preview's own in Callbacks (entered an area, what destroy left behind). */
    function note(text, level) {
      syncHistory();
      add(lists.events, el('li', { class: 'pv-entry pv-entry_note' + (level ? ' pv-entry_' + level : '') }, [
        el('span', { class: 'pv-entry__time' }, dom.clock(Date.now())), el('span', { class: 'pv-entry__main' }, text)
      ]));
    }

    // ---- Requests --------------------------------------------------------------------------------

    function queueWait(request) {
      if (request.kind !== 'crm_post') {
        return null;
      }
      var index = emulator.requests.filter(function (item) { return item.kind === 'crm_post'; }).indexOf(request);
      var called = crmPostCalls[index];
      return called === undefined ? null : Math.max(0, request.time - called);
    }

    function requestEntry(request) {
      var response = request.response;
      var wait = queueWait(request);
      var status = response ? String(response.status) : 'pending';
      return el('li', { class: 'pv-entry pv-entry_request' + (response && response.status >= 400 ? ' pv-entry_error' : ''),
        'data-kind': request.kind }, [
        el('details', {}, [
          el('summary', {}, [
            el('span', { class: 'pv-entry__time' }, dom.clock(request.time)),
            el('span', { class: 'pv-entry__tag pv-entry__tag_' + request.kind }, request.kind),
            el('code', { class: 'pv-entry__main' }, request.method + ' ' + request.url),
            el('span', { class: 'pv-entry__status' }, status),
            wait === null ? null : el('span', { class: 'pv-entry__queue', title: 'Time in the CRM\'s crm_post queue' },
              'queued ' + (wait / 1000).toFixed(1) + ' s'),
            request.headers && request.headers['X-Auth-Token'] ? el('span', { class: 'pv-entry__token' }, 'X-Auth-Token') : null
          ]),
          el('pre', { class: 'pv-entry__detail' }, [
            'Headers: ' + dom.describe(request.headers || {}, 2000) + '\n',
            'Body: ' + dom.describe(request.body, 2000) + '\n',
            response ? 'Response ' + response.status + ': ' + dom.describe(response.body, 2000) : 'Waiting for the answer',
            request.routed === false ? '\nNo route answers this URL in the preview: it got a 404.' : ''
          ])
        ])
      ]);
    }

    function syncRequests() {
      emulator.requests.forEach(function (request, index) {
        var row = requestRows[index];
        if (!row) {
          requestRows[index] = { node: requestEntry(request), answered: !!request.response };
          add(lists.requests, requestRows[index].node);
        } else if (!row.answered && request.response) {
          var fresh = requestEntry(request);
          lists.requests.replaceChild(fresh, row.node);
          requestRows[index] = { node: fresh, answered: true };
        }
      });
      count('requests', emulator.requests.length);
      var waiting = emulator.queued();
      document.getElementById('pv-queue').textContent = waiting
        ? 'crm_post queue: ' + waiting + ' waiting (the CRM sends one a second)'
        : 'crm_post sends one request a second; the others wait in a queue.';
    }

    // ---- Console ---------------------------------------------------------------------------------

    /** A line of console output or a problem; level: log, info, warn, error, debug. */
    function consoleEntry(level, parts, source) {
      consoleCount += 1;
      if (level === 'error') {
        errorCount += 1;
      }
      var text = el('span', { class: 'pv-entry__main pv-entry__text' }, parts.map(function (part) { return dom.describe(part, 2000); }).join(' '));
      add(lists.console, el('li', { class: 'pv-entry pv-entry_' + level }, [
        el('span', { class: 'pv-entry__time' }, dom.clock(Date.now())),
        source ? el('span', { class: 'pv-entry__tag' }, source) : null,
        text
      ]));
      count('console', consoleCount, errorCount > 0);
      return text;
    }

    function syncProblems() {
      emulator.errors.slice(seen.errors).forEach(function (error) {
        var text = consoleEntry('error', [problems.describe(error)], 'emulator');
        if (locate && error && error.stack) {
          locate(String(error.stack)).then(function (where) {
            text.textContent += where;
          });
        }
      });
      seen.errors = emulator.errors.length;
      emulator.warnings.slice(seen.warnings).forEach(function (warning) {
        consoleEntry('warn', [warning], 'emulator');
      });
      seen.warnings = emulator.warnings.length;
    }

    // ---- Socket ----------------------------------------------------------------------------------

    function channels() {
      var state = emulator.state;
      var entity = emulator.window.APP.getBaseEntity();
      return [
        entity + ':card:' + state.card.id, 'notifications:' + state.account.id + ':' + state.user.id,
        'inbox:talks:' + state.account.id, 'system:state:' + state.account.id, 'dashboard:events',
        entity + ':pipeline:' + state.pipeline_id, entity + ':events'
      ];
    }

    function useSubscription(subscription) {
      document.getElementById('pv-channel').value = subscription.channel;
      var message = {};
      subscription.keys.forEach(function (key) { message[key] = 'Hello from the preview'; });
      document.getElementById('pv-message').value = JSON.stringify(subscription.keys.length ? message : { text: 'Hello from the preview' }, null, 2);
    }

    function syncSubscriptions() {
      var subscriptions = emulator.sockets.subscriptions();
      var key = emulator.location + JSON.stringify(subscriptions);
      if (key === subscriptionsShown) {
        return;
      }
      subscriptionsShown = key;
      dom.fill(document.getElementById('pv-channels'), channels().map(function (channel) {
        return el('option', { value: channel });
      }));
      dom.fill(document.getElementById('pv-subscriptions'), subscriptions.length ? subscriptions.map(function (subscription) {
        return el('li', { class: 'pv-entry pv-entry_subscription' }, [
          el('code', { class: 'pv-entry__main' }, subscription.channel),
          el('span', { class: 'pv-entry__result' }, subscription.keys.length ? 'keys: ' + subscription.keys.join(', ') : 'any message'),
          el('button', { type: 'button', class: 'pv-link', onclick: function () { useSubscription(subscription); } }, 'Use')
        ]);
      }) : el('li', { class: 'pv-note' }, 'None yet: the widget subscribes with self.listenSocketChannel(channel, keys, callback).'));
      // Until the developer types a channel, offer the widget's first subscription.
      if (!channelTyped) {
        if (subscriptions.length) {
          useSubscription(subscriptions[0]);
        } else {
          document.getElementById('pv-channel').value = channels()[0];
          document.getElementById('pv-message').value = JSON.stringify({ text: 'Hello from the preview' }, null, 2);
        }
      }
    }

    document.getElementById('pv-channel').addEventListener('input', function () {
      channelTyped = true;
    });

    document.getElementById('pv-socket').addEventListener('submit', function (event) {
      event.preventDefault();
      var result = document.getElementById('pv-socket-result');
      var channel = document.getElementById('pv-channel').value.trim();
      var message;
      try {
        message = JSON.parse(document.getElementById('pv-message').value);
      } catch (error) {
        result.textContent = 'The message is not JSON: ' + error.message;
        return;
      }
      if (!emulator || !channel) {
        result.textContent = emulator ? 'Give a channel, e.g. ' + channels()[0] : 'The widget is not loaded.';
        return;
      }
      try {
        var delivered = emulator.sockets.emit(channel, message);
        result.textContent = 'Delivered to ' + delivered + ' listener' + (delivered === 1 ? '' : 's') + ' on ' + channel +
          (delivered ? '' : ' (none of them subscribes to it with keys the message holds)');
        note('socket ' + channel + ' → ' + delivered + ' listener' + (delivered === 1 ? '' : 's'));
      } catch (error) {
        result.textContent = error.message;
      }
      tick();
    });

    // ---- Every tick --------------------------------------------------------------------------------

    function tick() {
      if (!emulator) {
        return;
      }
      syncHistory();
      syncRequests();
      syncProblems();
      syncSubscriptions();
    }

    return {
      /** Starts reading the emulator's records; calls: when each crm_post was made (ms). */
      attach: function (loaded, calls) {
        emulator = loaded;
        crmPostCalls = calls;
        tick();
      },
      tick: tick,
      note: note,
      consoleEntry: consoleEntry
    };
  };
});
