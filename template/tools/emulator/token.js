/**
 * token.js: the X-Auth-Token self.$authorizedAjax sends, signed as the CRM signs it: a JWT, HS256
 * with the integration's client secret, claims iss, aud, jti, iat, nbf, exp, client_uuid,
 * subdomain, account_id, user_id, is_admin (developers.kommo.com/docs/one-time-tokens; aud is the
 * scheme and host of the integration's redirect URI, as the official PHP SDK compares it).
 *
 * The emulator signs with a test secret, never a real one: backend/.env.example holds the same
 * TEST values, so a backend started with them verifies the preview's tokens.
 * Signing uses WebCrypto (crypto.subtle HMAC): Node 20's global crypto, or the browser's (the
 * preview on 127.0.0.1 is a secure context).
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  var TEST = {
    secret: 'amo-widget-emulator-secret-change-me',
    client_id: '7c1f5a3e-0d6b-4f7a-9b1e-2a8c4d6e8f00',
    redirect_uri: 'http://127.0.0.1:8000/oauth/callback',
    lifetime: 1800
  };

  function base64url(bytes) {
    var binary = '';
    for (var i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return globalThis.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function utf8(text) {
    return new globalThis.TextEncoder().encode(text);
  }

  /** 'https://backend.example.com:8443/oauth/callback' → 'https://backend.example.com'. */
  function audience(redirectUri) {
    var url = new globalThis.URL(redirectUri);
    return url.protocol + '//' + url.hostname;
  }

  /**
   * A JWT of `claims` (object) signed HS256 with `secret` (string); resolves with the token.
   * Rejects when the page has no WebCrypto (an insecure context: open the preview on 127.0.0.1).
   */
  function sign(claims, secret) {
    var subtle = globalThis.crypto && globalThis.crypto.subtle;
    if (!subtle) {
      return Promise.reject(new Error('this page has no WebCrypto (crypto.subtle) to sign X-Auth-Token: ' +
        'open the preview at http://127.0.0.1 or https'));
    }
    var input = base64url(utf8(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))) + '.' + base64url(utf8(JSON.stringify(claims)));
    return subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']).then(function (key) {
      return subtle.sign('HMAC', key, utf8(input));
    }).then(function (signature) {
      return input + '.' + base64url(new Uint8Array(signature));
    });
  }

  /**
   * The claims of one token. `account` {iss, subdomain, account_id, user_id, is_admin};
   * `config` {client_id, redirect_uri, lifetime (s)}; `now` in ms; `jti` a fresh id.
   */
  function claims(account, config, now, jti) {
    var seconds = Math.floor(now / 1000);
    return {
      iss: account.iss,
      aud: audience(config.redirect_uri),
      jti: jti,
      iat: seconds,
      nbf: seconds,
      exp: seconds + config.lifetime,
      client_uuid: config.client_id,
      subdomain: account.subdomain,
      account_id: account.account_id,
      user_id: account.user_id,
      is_admin: account.is_admin
    };
  }

  return { TEST: TEST, audience: audience, sign: sign, claims: claims };
});
