// Requests: crm_post's one-a-second queue, $authorizedAjax's X-Auth-Token, routes, no network.
'use strict';

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { load, script } = require('./fixture.js');

function decode(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

describe('self.crm_post', () => {
  test('sends at most one request a second: the 5th of 5 simultaneous calls leaves 4 s after the first', async (t) => {
    const emulator = await load(t);
    emulator.route('POST', 'https://hooks.example.com/in', (request) => ({ body: { got: request.body } }));
    await emulator.enter('lcard-1');
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
    const received = [];
    for (let n = 1; n <= 5; n += 1) {
      emulator.widget.crm_post('https://hooks.example.com/in', { n }, (response) => received.push(response.got), 'json');
    }
    const sent = () => emulator.requests.filter((request) => request.kind === 'crm_post');
    await emulator.settle();
    assert.equal(sent().length, 1, 'the first leaves at once');
    assert.equal(emulator.queued(), 4);
    for (let second = 1; second <= 4; second += 1) {
      t.mock.timers.tick(999);
      await emulator.settle();
      assert.equal(sent().length, second, `nothing more before ${second} s`);
      t.mock.timers.tick(1);
      await emulator.settle();
      assert.equal(sent().length, second + 1, `one more at ${second} s`);
    }
    assert.deepEqual(sent().map((request) => request.time), [0, 1000, 2000, 3000, 4000]);
    assert.deepEqual(sent().map((request) => [request.method, request.url]), Array(5).fill(['POST', 'https://hooks.example.com/in']));
    assert.deepEqual(received, ['n=1', 'n=2', 'n=3', 'n=4', 'n=5'], 'callbacks get the parsed response, in order');
    assert.equal(emulator.queued(), 0);
  });

  test('refuses a relative URL and a callback that is not a function', async (t) => {
    const emulator = await load(t);
    assert.throws(() => emulator.widget.crm_post('/api/hook', {}), /the full URL of your service/);
    assert.throws(() => emulator.widget.crm_post('https://x.example.com', {}, 'done'), /the success callback/);
  });
});

describe('self.$authorizedAjax', () => {
  test('is $.ajax with an X-Auth-Token header: a fresh JWT with the documented claims', async (t) => {
    const emulator = await load(t);
    emulator.route('GET', 'https://api.example.com/me', (request) => ({ body: { ok: true, own: request.headers['X-Own'] } }));
    const call = () => new Promise((resolve, reject) => {
      emulator.widget.$authorizedAjax({ url: 'https://api.example.com/me?x=1', headers: { 'X-Own': 'kept' }, dataType: 'json' })
        .done(resolve).fail((xhr, status) => reject(new Error(status)));
    });
    const response = await call();
    assert.deepEqual(emulator.plain(response), { ok: true, own: 'kept' });
    await call();
    const [first, second] = emulator.requests;
    assert.equal(first.kind, 'authorizedAjax');
    assert.equal(first.url, 'https://api.example.com/me?x=1');
    const parts = first.headers['X-Auth-Token'].split('.');
    assert.equal(parts.length, 3);
    assert.deepEqual(decode(parts[0]), { alg: 'HS256', typ: 'JWT' });
    // Signed with the test secret of backend/.env.example, as the CRM signs with the client secret.
    const expected = crypto.createHmac('sha256', 'amo-widget-emulator-secret-change-me')
      .update(`${parts[0]}.${parts[1]}`).digest('base64url');
    assert.equal(parts[2], expected);
    const claims = decode(parts[1]);
    assert.equal(claims.iss, 'https://example.amocrm.ru');
    assert.equal(claims.subdomain, 'example');
    // aud: the scheme and host of the integration's redirect URI, whatever URL is called.
    assert.equal(claims.aud, 'http://127.0.0.1');
    assert.equal(claims.account_id, emulator.state.account.id);
    assert.equal(claims.user_id, emulator.state.user.id);
    assert.equal(claims.is_admin, true);
    assert.equal(claims.client_uuid, emulator.widget.get_settings().oauth_client_uuid);
    assert.ok(claims.exp > claims.iat && claims.nbf === claims.iat);
    const again = decode(second.headers['X-Auth-Token'].split('.')[1]);
    assert.notEqual(again.jti, claims.jti, 'one token per request');
  });

  test('signs with the secret, client id and redirect URI it is given', async (t) => {
    const emulator = await load(t, {}, { authToken: { secret: 'another-secret', client_id: 'cid', redirect_uri: 'https://backend.example.com:8443/oauth' } });
    emulator.route('GET', 'https://backend.example.com/me', { body: {} });
    await new Promise((resolve) => emulator.widget.$authorizedAjax({ url: 'https://backend.example.com/me' }).always(resolve));
    const parts = emulator.requests[0].headers['X-Auth-Token'].split('.');
    assert.equal(parts[2], crypto.createHmac('sha256', 'another-secret').update(`${parts[0]}.${parts[1]}`).digest('base64url'));
    const claims = decode(parts[1]);
    assert.deepEqual([claims.aud, claims.client_uuid], ['https://backend.example.com', 'cid']);
  });
});

describe('every request of the page', () => {
  test('is recorded and answered by the routes; an unknown one gets a 404 saying how to add a route', async (t) => {
    const emulator = await load(t);
    const $ = emulator.$;
    emulator.route('GET', '/api/v4/leads', { body: { _embedded: { leads: [{ id: 1 }] } } });
    const leads = await $.getJSON('/api/v4/leads?page=2');
    assert.equal(leads._embedded.leads[0].id, 1);
    // (wrapped: a jqXHR is thenable, and a Promise would adopt its failure)
    const { failure } = await new Promise((resolve) => $.get('https://nowhere.example.com/x').fail((xhr) => resolve({ failure: xhr })));
    assert.equal(failure.status, 404);
    assert.match(failure.responseText, /no route for GET https:\/\/nowhere\.example\.com\/x; add one with emulator\.route/);
    assert.deepEqual(emulator.requests.map((request) => [request.url, request.routed]),
      [['https://example.amocrm.ru/api/v4/leads?page=2', true], ['https://nowhere.example.com/x', false]]);
  });

  test('synchronous AJAX throws where the widget calls it', async (t) => {
    const emulator = await load(t);
    assert.throws(() => emulator.$.ajax({ url: '/api/v4/account', async: false }), /synchronous AJAX \(async: false\).*forbids it/);
  });

  test('fetch is answered by the routes; XMLHttpRequest and remote scripts reach no network', async (t) => {
    const emulator = await load(t, {
      scriptSource: script({
        callbacks: `{ init: function () {
          fetch('https://api.example.com/data', { method: 'POST', body: 'q=1' })
            .then(function (response) { return response.json(); })
            .then(function (data) { self.set_settings({ fetched: data.value }); });
          return true;
        } }`,
      }),
    });
    emulator.route('POST', 'https://api.example.com/data', { body: { value: 42 } });
    await emulator.enter('lcard-1');
    assert.equal(emulator.state.settings.fetched, 42);
    assert.deepEqual(emulator.requests.map((request) => [request.kind, request.method, request.body]), [['fetch', 'POST', 'q=1']]);
    assert.throws(() => new emulator.window.XMLHttpRequest().open('GET', 'https://api.example.com'), /the emulator has no network/);
  });

  test('a script.js that loads a module from the network: a stand-in and a warning saying how to stub it', async (t) => {
    const remote = script({ deps: "['jquery', 'https://cdn.example.com/lib.js']" });
    const standing = await load(t, { scriptSource: remote });
    assert.match(standing.warnings.join('\n'),
      /requires https:\/\/cdn\.example\.com\/lib\.js, which the emulator does not model.*modules: \{'https:\/\/cdn\.example\.com\/lib\.js': value\}/);
    const stubbed = await load(t, { scriptSource: remote }, { modules: { 'https://cdn.example.com/lib.js': { stub: true } } });
    await stubbed.enter('lcard-1');
  });
});

describe('self.listenSocketChannel', () => {
  const listening = script({
    preamble: 'var got = []; var off = null;',
    callbacks: `{
      init: function () {
        off = self.listenSocketChannel('leads:card:7001', ['payload', 'params'], function (message) {
          var payload = message.payload || message.body.payload;
          if (payload.params.value === 'boom') { throw new Error('cannot handle boom'); }
          got.push(payload.params.value);
          self.set_settings({ got: got.slice() });
        });
        return true;
      },
      destroy: function () { if (off) { off(); off(); } }
    }`,
  });

  test('delivers a message holding every key, filters the rest, and stops after unsubscribe', async (t) => {
    const emulator = await load(t, { scriptSource: listening });
    await emulator.enter('lcard-1');
    assert.deepEqual(emulator.sockets.subscriptions(), [{ channel: 'leads:card:7001', keys: ['payload', 'params'] }]);
    assert.equal(emulator.sockets.emit('leads:card:7001', { payload: { params: { value: 1 } } }), 1);
    assert.equal(emulator.sockets.emit('leads:card:7001', { body: { payload: { params: { value: 2 } } } }), 1,
      'the keys may sit at any depth');
    assert.equal(emulator.sockets.emit('leads:card:7001', { payload: { other: 3 } }), 0, 'no "params" key: filtered out');
    assert.equal(emulator.sockets.emit('leads:card:7002', { payload: { params: { value: 4 } } }), 0, 'another channel');
    assert.deepEqual(emulator.state.settings.got, [1, 2]);
    assert.throws(() => emulator.sockets.emit('leads:card:7001', { payload: { params: { value: 'boom' } } }),
      /the listenSocketChannel callback for "leads:card:7001" threw: cannot handle boom/);
    const leftovers = await emulator.leave();
    assert.deepEqual(leftovers, []);
    assert.deepEqual(emulator.sockets.subscriptions(), []);
    assert.equal(emulator.sockets.emit('leads:card:7001', { payload: { params: { value: 5 } } }), 0, 'unsubscribed');
  });

  test('a subscription destroy() keeps is reported as a leftover', async (t) => {
    const emulator = await load(t, { scriptSource: script({
      callbacks: "{ init: function () { self.listenSocketChannel('notifications:31415926:1001', [], function () {}); return true; } }",
    }) });
    await emulator.enter('lcard-1');
    assert.deepEqual(await emulator.leave(), [
      'a subscription to the socket channel notifications:31415926:1001: call the function listenSocketChannel returned, in destroy()',
    ]);
  });

  test('checks its arguments and warns about a channel that never gets messages', async (t) => {
    const emulator = await load(t);
    assert.throws(() => emulator.widget.listenSocketChannel('', [], () => {}), /the channel name must be a non-empty string/);
    assert.throws(() => emulator.widget.listenSocketChannel('dashboard:events', () => {}), /the keys come second/);
    assert.throws(() => emulator.widget.listenSocketChannel('dashboard:events', 'body', () => {}), /array_keys must be an array/);
    assert.throws(() => emulator.widget.listenSocketChannel('dashboard:events', []), /the callback must be a function/);
    emulator.widget.listenSocketChannel('leads/card/1', [], () => {});
    assert.match(emulator.warnings.join('\n'), /"leads\/card\/1" is none of the documented channels/);
  });
});

describe('APP', () => {
  test('tells the entity and the card; a write to it goes through, as in the CRM, with a warning', async (t) => {
    const emulator = await load(t, { scriptSource: script({
      callbacks: `{ render: function () {
        self.set_settings({ entity: APP.getBaseEntity(), card: APP.isCard(), area: APP.getWidgetsArea(),
          account: APP.constant('account').subdomain, card_id: APP.data.current_card && APP.data.current_card.id });
        if (self.system().area === 'llist') { APP.data.current_card = null; }
        return true;
      } }`,
    }) });
    await emulator.enter('lcard-1');
    const { entity, card, area, account, card_id: cardId } = emulator.state.settings;
    assert.deepEqual({ entity, card, area, account, cardId }, { entity: 'leads', card: true, area: 'lcard', account: 'example', cardId: 7001 });
    await emulator.leave();
    await emulator.enter('llist-1');
    assert.match(emulator.warnings.join('\n'), /\[llist-1\] the widget wrote APP\.data\.current_card: the platform forbids writing to APP/);
    assert.equal(emulator.state.settings.card, false);
  });
});
