"""X-Auth-Token: GET /api/widget/me answers the verified claims, and 401 with a one-line reason for
every token the platform would not have sent."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time

import pytest

from conftest import ACCOUNT_ID, AUDIENCE, HOST, SECRET, install_account, widget_token
from widget_backend.accounts import revoke

pytestmark = pytest.mark.anyio


def b64(data: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def signed(header: dict, payload: object) -> str:
    """A token with any header and payload, signed HS256 with the integration's secret."""
    body = f"{b64(header)}.{b64(payload)}"
    digest = hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).digest()
    return f"{body}.{base64.urlsafe_b64encode(digest).rstrip(b'=').decode()}"


def forged(header: dict, signature: str = "") -> str:
    """A token with any header, the CRM's claims and a made-up signature."""
    now = int(time.time())
    claims = {"iss": f"https://{HOST}", "aud": AUDIENCE, "jti": "forged", "iat": now, "exp": now + 600,
              "client_uuid": "7c1f5a3e-0d6b-4f7a-9b1e-2a8c4d6e8f00", "subdomain": "example", "account_id": ACCOUNT_ID}
    return f"{b64(header)}.{b64(claims)}.{signature}"


async def me(client, token: str | None):
    headers = {} if token is None else {"X-Auth-Token": token}
    return await client.get("/api/widget/me", headers=headers)


async def test_a_valid_token_answers_its_claims(client, engine):
    await install_account(engine)
    response = await me(client, widget_token(user_id=1002))
    assert response.status_code == 200, response.text
    claims = response.json()["claims"]
    assert (claims["account_id"], claims["user_id"], claims["subdomain"]) == (ACCOUNT_ID, 1002, "example")


async def test_clock_skew_within_the_leeway_is_accepted(client, engine):
    await install_account(engine)
    now = int(time.time())
    response = await me(client, widget_token(exp=now - 20, iat=now + 20, nbf=now + 20))
    assert response.status_code == 200, response.text


NOW = int(time.time())

REJECTED = {
    "no header": (None, "no X-Auth-Token header"),
    "not a JWT": ("not-a-token", "not a JWT"),
    "alg none": (forged({"alg": "none", "typ": "JWT"}), "algorithm 'none' refused"),
    "alg RS256 (key confusion)": (forged({"alg": "RS256", "typ": "JWT"}, "c2lnbmF0dXJl"), "algorithm 'RS256' refused"),
    "alg HS512": (widget_token(algorithm="HS512"), "algorithm 'HS512' refused"),
    "another secret": (widget_token(secret="someone-else-s-secret-0123456789abcdef0123456789"), "bad signature"),
    "expired beyond the leeway": (widget_token(exp=NOW - 120), "expired"),
    "issued in the future": (widget_token(iat=NOW + 600, nbf=NOW), "not valid yet"),
    "nbf in the future": (widget_token(nbf=NOW + 600), "not valid yet"),
    "no exp": (widget_token(drop=("exp",)), "no 'exp' claim"),
    "no iat": (widget_token(drop=("iat",)), "no 'iat' claim"),
    "no jti": (widget_token(drop=("jti",)), "no 'jti' claim"),
    "empty jti": (widget_token(jti=""), "jti is not a non-empty string"),
    "aud of another host": (widget_token(aud="https://other.example.com"), "aud is not 'https://backend.example.com'"),
    "aud with the port": (widget_token(aud="https://backend.example.com:8443"), "aud is not"),
    "aud over http": (widget_token(aud="http://backend.example.com"), "aud is not"),
    "iss not a CRM account": (widget_token(iss="https://example.evil.com", subdomain="example"), "is not a CRM account's address"),
    "iss over http": (widget_token(iss="http://example.amocrm.ru"), "is not a CRM account's address"),
    "iss a lookalike host": (widget_token(iss="https://example.amocrm.ru.evil.com"), "is not a CRM account's address"),
    "iss with a path": (widget_token(iss="https://example.amocrm.ru/evil"), "is not a CRM account's address"),
    "subdomain disagrees with iss": (widget_token(subdomain="other"), "does not agree with iss"),
    "another integration's client_uuid": (widget_token(client_uuid="00000000-0000-4000-8000-000000000000"), "client_uuid is not"),
    "account_id a string": (widget_token(account_id=str(ACCOUNT_ID)), "account_id is missing or not a positive integer"),
    "account_id beyond 64 bits": (widget_token(account_id=2 ** 70), "account_id is missing or not a positive integer"),
    "payload not an object, signed": (signed({"alg": "HS256", "typ": "JWT"}, [1, 2]), "invalid token"),
    "header not an object": (f"{b64([1])}.{b64({})}.c2ln", "not a JWT"),
    "a megabyte of dots": ("." * 8000, "not a JWT"),
    "exp in a thousand years": (widget_token(exp=NOW + 1000 * 365 * 86400), "exp is more than 24 hours away"),
    "exp beyond 64 bits": (widget_token(exp=10 ** 30), "exp is more than 24 hours away"),
    "exp 1e300": (widget_token(exp=1e300), "exp is more than 24 hours away"),
    "exp a string": (widget_token(exp=str(NOW + 600)), "exp is not a number"),
    "account not installed": (widget_token(account_id=27182818), "account 27182818 has not installed"),
    "iss of another account than account_id's": (widget_token(iss="https://other.amocrm.ru", subdomain="other"), "is not account 31415926's address"),
}


@pytest.mark.parametrize("token, reason", list(REJECTED.values()), ids=list(REJECTED))
async def test_refused_tokens_get_401_with_one_line(client, engine, token, reason):
    await install_account(engine)
    response = await me(client, token)
    assert response.status_code == 401, response.text
    detail = response.json()["detail"]
    assert reason in detail and "\n" not in detail
    assert response.headers["www-authenticate"] == "X-Auth-Token"


async def test_a_revoked_account_is_refused(client, engine):
    await install_account(engine)
    await revoke(engine, ACCOUNT_ID)
    response = await me(client, widget_token())
    assert response.status_code == 401
    assert response.json()["detail"] == f"account {ACCOUNT_ID} revoked the integration"


@pytest.mark.parametrize("mode, second_status, warned", [("off", 200, False), ("warn", 200, True), ("enforce", 401, False)])
async def test_jti_replay_modes(client, app, engine, caplog, mode, second_status, warned):
    app.state.settings.amo_jti_replay = mode
    await install_account(engine)
    token = widget_token()
    with caplog.at_level(logging.WARNING, logger="widget_backend.auth"):
        assert (await me(client, token)).status_code == 200
        second = await me(client, token)
    assert second.status_code == second_status, second.text
    assert ("X-Auth-Token reused" in caplog.text) is warned
    if mode == "enforce":
        assert "reused" in second.json()["detail"]
    # A fresh token is never a replay.
    assert (await me(client, widget_token())).status_code == 200


@pytest.mark.parametrize("raw", [b"\xff\xfe\xfd", "тест.тест.тест".encode(), b"eyJhbGciOiJIUzI1NiJ9.\xc3\x28.x"])
async def test_a_token_that_is_not_ascii_gets_401_with_one_line(client, engine, raw):
    await install_account(engine)
    response = await client.get("/api/widget/me", headers={b"X-Auth-Token": raw})
    assert response.status_code == 401, response.text
    assert "not a JWT" in response.json()["detail"] and "\n" not in response.json()["detail"]


async def test_one_account_s_token_never_passes_for_another_account(client, engine):
    """A user of account B holds a valid token for B; rewriting its account_id to A's breaks the
    signature, and a token the CRM signed for B is refused where A's address is expected."""
    await install_account(engine)
    await install_account(engine, account_id=27182818, host="other.amocrm.ru")
    theirs = widget_token(account_id=27182818, iss="https://other.amocrm.ru", subdomain="other")
    assert (await me(client, theirs)).json()["claims"]["account_id"] == 27182818
    header, payload, signature = theirs.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    rewritten = f"{header}.{b64({**claims, 'account_id': ACCOUNT_ID})}.{signature}"
    refused = await me(client, rewritten)
    assert refused.status_code == 401 and "bad signature" in refused.json()["detail"]
    mixed = await me(client, widget_token(account_id=27182818))  # A's address, B's id
    assert mixed.status_code == 401 and "is not account 27182818's address (other.amocrm.ru)" in mixed.json()["detail"]
