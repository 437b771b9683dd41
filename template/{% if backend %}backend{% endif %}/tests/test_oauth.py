"""The OAuth install flow with the CRM's token endpoint stubbed (respx): the redirect endpoint,
tokens per account, the refresh, the uninstall notice."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

import httpx
import pytest
import respx

from conftest import ACCOUNT_ID, CLIENT_ID, HOST, REDIRECT_URI, SECRET, install_account, token_answer
from widget_backend.accounts import get_account
from widget_backend.db import INSTALLED, REVOKED
from widget_backend.install import confirm_revocation
from widget_backend.oauth import NotInstalled, OAuthError, access_token

pytestmark = pytest.mark.anyio

TOKEN_URL = f"https://{HOST}/oauth2/access_token"


async def test_install_exchanges_the_code_at_the_referer_and_stores_tokens_by_account(client, engine):
    with respx.mock(assert_all_called=True) as crm:
        route = crm.post(TOKEN_URL).respond(200, json=token_answer("first"))
        response = await client.get("/oauth/callback", params={
            "code": "the-code", "referer": HOST, "state": "s1", "client_id": CLIENT_ID, "from_widget": "1"})
    assert response.status_code == 200, response.text
    assert "installed for example.amocrm.ru" in response.text
    sent = json.loads(route.calls.last.request.content)
    assert sent == {"client_id": CLIENT_ID, "client_secret": SECRET, "redirect_uri": REDIRECT_URI,
                    "grant_type": "authorization_code", "code": "the-code"}
    account = await get_account(engine, ACCOUNT_ID)
    assert (account.host, account.status, account.refresh_token) == (HOST, INSTALLED, "refresh-first")
    assert account.expires_at == pytest.approx(time.time() + 86400, abs=5)


async def test_an_access_token_without_account_id_is_resolved_with_the_account_endpoint(client, engine):
    answer = {**token_answer("x"), "access_token": "opaque-token"}
    with respx.mock(assert_all_called=True) as crm:
        crm.post("https://shop.kommo.com/oauth2/access_token").respond(200, json=answer)
        account_route = crm.get("https://shop.kommo.com/api/v4/account").respond(200, json={"id": 777})
        response = await client.get("/oauth/callback", params={"code": "c", "referer": "shop.kommo.com"})
    assert response.status_code == 200, response.text
    assert account_route.calls.last.request.headers["authorization"] == "Bearer opaque-token"
    assert (await get_account(engine, 777)).host == "shop.kommo.com"


async def test_two_accounts_keep_their_own_tokens(client, engine):
    with respx.mock() as crm:
        crm.post(TOKEN_URL).respond(200, json=token_answer("a", account_id=1))
        crm.post("https://other.amocrm.com/oauth2/access_token").respond(200, json=token_answer("b", account_id=2))
        assert (await client.get("/oauth/callback", params={"code": "c", "referer": HOST})).status_code == 200
        assert (await client.get("/oauth/callback", params={"code": "c", "referer": "other.amocrm.com"})).status_code == 200
    first, second = await get_account(engine, 1), await get_account(engine, 2)
    assert (first.host, first.refresh_token) == (HOST, "refresh-a")
    assert (second.host, second.refresh_token) == ("other.amocrm.com", "refresh-b")


@pytest.mark.parametrize("referer", [
    "evil.example.com", "example.amocrm.ru.evil.com", "www.amocrm.ru", "amocrm.ru", "kommo.com",
    "https://example.amocrm.ru", "example.amocrm.ru:8443", "example.amocrm.ru/path", "", "exa mple.amocrm.ru",
])
async def test_the_referer_must_be_a_crm_account_host(client, engine, referer):
    with respx.mock() as crm:  # any request leaving would fail: none is stubbed
        response = await client.get("/oauth/callback", params={"code": "c", "referer": referer})
        assert not crm.calls
    assert response.status_code == 400
    assert "is not a CRM account's host" in response.text


async def test_a_callback_without_code_or_for_another_client_is_refused(client):
    with respx.mock() as crm:
        no_code = await client.get("/oauth/callback", params={"referer": HOST})
        other = await client.get("/oauth/callback", params={"code": "c", "referer": HOST, "client_id": "other"})
        assert not crm.calls
    assert no_code.status_code == 400 and "no authorization code" in no_code.text
    assert other.status_code == 400 and "client_id is not" in other.text


async def test_a_refused_code_stores_nothing(client, engine):
    with respx.mock() as crm:
        crm.post(TOKEN_URL).respond(400, json={"hint": "Authorization code has expired", "title": "Bad request"})
        response = await client.get("/oauth/callback", params={"code": "old", "referer": HOST})
    assert response.status_code == 502
    assert "refused the authorization_code request: HTTP 400 Authorization code has expired" in response.text
    assert await get_account(engine, ACCOUNT_ID) is None


async def test_a_fresh_token_is_used_as_is(app, engine):
    account = await install_account(engine, tokens=token_answer("fresh"))
    with respx.mock() as crm:
        token = await access_token(engine, app.state.settings, app.state.http, ACCOUNT_ID)
        assert not crm.calls
    assert token == account.access_token


async def test_an_expiring_token_is_refreshed_and_the_new_pair_stored(app, engine):
    await install_account(engine, tokens=token_answer("old"), expires_in=60)
    with respx.mock(assert_all_called=True) as crm:
        route = crm.post(TOKEN_URL).respond(200, json=token_answer("new"))
        token = await access_token(engine, app.state.settings, app.state.http, ACCOUNT_ID)
    sent = json.loads(route.calls.last.request.content)
    assert (sent["grant_type"], sent["refresh_token"]) == ("refresh_token", "refresh-old")
    account = await get_account(engine, ACCOUNT_ID)
    assert account.access_token == token and account.refresh_token == "refresh-new"
    assert account.expires_at > time.time() + 86000


async def test_a_stale_token_is_refreshed_even_before_expiry(app, engine):
    account = await install_account(engine, tokens=token_answer("old"))
    with respx.mock(assert_all_called=True) as crm:
        crm.post(TOKEN_URL).respond(200, json=token_answer("new"))
        token = await access_token(engine, app.state.settings, app.state.http, ACCOUNT_ID, stale=account.access_token)
    assert token != account.access_token


async def test_a_refused_refresh_token_revokes_the_account(app, engine):
    await install_account(engine, tokens=token_answer("old"), expires_in=0)
    with respx.mock() as crm:
        crm.post(TOKEN_URL).respond(400, json={"hint": "Token has been revoked"})
        with pytest.raises(NotInstalled, match="must install the integration again.*Token has been revoked"):
            await access_token(engine, app.state.settings, app.state.http, ACCOUNT_ID)
    account = await get_account(engine, ACCOUNT_ID)
    assert (account.status, account.refresh_token) == (REVOKED, None)


async def test_a_crm_outage_during_refresh_keeps_the_tokens(app, engine):
    await install_account(engine, tokens=token_answer("old"), expires_in=0)
    with respx.mock() as crm:
        crm.post(TOKEN_URL).mock(side_effect=httpx.ConnectError("down"))
        with pytest.raises(Exception, match="did not answer the token request"):
            await access_token(engine, app.state.settings, app.state.http, ACCOUNT_ID)
    account = await get_account(engine, ACCOUNT_ID)
    assert (account.status, account.refresh_token) == (INSTALLED, "refresh-old")


async def test_an_uninstall_notice_revokes_only_when_the_crm_refuses_the_tokens(client, app, engine):
    await install_account(engine, tokens=token_answer("live"))
    with respx.mock() as crm:
        crm.get(f"https://{HOST}/api/v4/account").respond(200, json={"id": ACCOUNT_ID})
        response = await client.post("/oauth/revoked", data={"account_id": str(ACCOUNT_ID)})
    assert response.status_code == 200
    assert (await get_account(engine, ACCOUNT_ID)).status == INSTALLED  # a forged notice changes nothing

    with respx.mock() as crm:
        crm.get(f"https://{HOST}/api/v4/account").respond(401)
        crm.post(TOKEN_URL).respond(401, json={"hint": "Token has been revoked"})
        response = await client.get("/oauth/revoked", params={"account_id": str(ACCOUNT_ID)})
    assert response.status_code == 200
    assert (await get_account(engine, ACCOUNT_ID)).status == REVOKED
    assert await confirm_revocation(app.state, ACCOUNT_ID) is True


async def test_an_uninstall_notice_never_revokes_an_account_without_tokens(client, app, engine):
    """The preview's account (AMO_DEV_ACCOUNT) has no OAuth tokens: an unsigned notice - the
    samples' or anyone's - must not log it out of the backend."""
    await install_account(engine)
    with respx.mock() as crm:  # nothing to ask the CRM
        response = await client.post("/oauth/revoked", data={"account_id": str(ACCOUNT_ID)})
        assert not crm.calls
    assert response.status_code == 200
    assert (await get_account(engine, ACCOUNT_ID)).status == INSTALLED
    assert await confirm_revocation(app.state, ACCOUNT_ID) is False
    assert await confirm_revocation(app.state, 27182818) is False  # an unknown account: nothing to do


async def test_a_flood_of_uninstall_notices_runs_one_check_at_a_time_across_workers(client, settings, engine):
    """Unsigned notices posted by the hundred for one account, to two worker processes on one
    database (two apps, each with its own engine): while the account's check runs, every other
    notice is answered at once without another call to the CRM (each takes the account's rate limit)."""
    from widget_backend.app import create_app

    await install_account(engine, tokens=token_answer("live"))
    asked, release = asyncio.Event(), asyncio.Event()

    async def slow_crm(request):
        asked.set()
        await release.wait()
        return httpx.Response(200, json={"id": ACCOUNT_ID})

    other_http = httpx.AsyncClient()
    other_app = create_app(settings, http=other_http)
    with respx.mock() as crm:
        route = crm.get(f"https://{HOST}/api/v4/account").mock(side_effect=slow_crm)
        async with other_app.router.lifespan_context(other_app), httpx.AsyncClient(
                transport=httpx.ASGITransport(app=other_app), base_url="http://backend.test") as other:
            first = asyncio.ensure_future(client.post("/oauth/revoked", data={"account_id": str(ACCOUNT_ID)}))
            await asyncio.wait_for(asked.wait(), 10)
            # (Without the guard each notice would wait for its own check behind the first: a timeout.)
            flood = await asyncio.wait_for(asyncio.gather(
                *(worker.post("/oauth/revoked", data={"account_id": str(ACCOUNT_ID)}) for worker in (client, other) * 50)), 30)
            assert {(answer.status_code, answer.json().get("already_checking")) for answer in flood} == {(200, True)}
            # (Both apps share this process's modules; a process of its own finds the lease taken too.)
            assert await _lease_free_in_another_process(settings) is False
            release.set()
            await first
            assert route.call_count == 1
            again = await other.post("/oauth/revoked", data={"account_id": str(ACCOUNT_ID)})  # the check ended: a new one runs
            assert again.json() == {"accepted": True} and route.call_count == 2
    await other_http.aclose()
    assert (await get_account(engine, ACCOUNT_ID)).status == INSTALLED


async def _lease_free_in_another_process(settings) -> bool:
    """Whether a process of its own could take the account's revocation-check lease now."""
    script = ("import asyncio, sys; from widget_backend.accounts import take_lease; from widget_backend.db import make_engine; "
              f"print(asyncio.run(take_lease(make_engine(sys.argv[1]), 'revocation-check:{ACCOUNT_ID}', 300)))")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, settings.async_database_url, stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "src")})
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    return {"True": True, "False": False}[out.decode().strip()]


async def test_a_revoked_account_installs_again(client, engine):
    await install_account(engine, tokens=token_answer("old"))
    from widget_backend.accounts import revoke

    await revoke(engine, ACCOUNT_ID)
    with respx.mock() as crm:
        crm.post(TOKEN_URL).respond(200, json=token_answer("again"))
        assert (await client.get("/oauth/callback", params={"code": "c", "referer": HOST})).status_code == 200
    account = await get_account(engine, ACCOUNT_ID)
    assert (account.status, account.refresh_token) == (INSTALLED, "refresh-again")


async def test_installs_and_uninstalls_of_one_account_at_once_all_succeed(settings, engine):
    """Workers starting together each register AMO_DEV_ACCOUNT, and the CRM may deliver one
    install twice: the second insert of a new account must not fail on the first one's row; nor
    may uninstalls at once fail on each other's lock."""
    import asyncio

    from widget_backend.accounts import revoke, save_install
    from widget_backend.db import make_engine

    engines = [make_engine(settings.async_database_url) for _ in range(4)]  # one connection pool per "worker"
    try:
        await asyncio.gather(*(save_install(other, ACCOUNT_ID, HOST, token_answer(str(n)))
                               for n, other in enumerate(engines * 2)))
        account = await get_account(engine, ACCOUNT_ID)
        assert account.status == INSTALLED and account.refresh_token.startswith("refresh-")
        assert await asyncio.gather(*(revoke(other, ACCOUNT_ID) for other in engines * 2)) == [True] * 8
    finally:
        for other in engines:
            await other.dispose()
    assert (await get_account(engine, ACCOUNT_ID)).status == REVOKED


ODD_TOKEN_ANSWERS = {
    "a JSON list": (200, {"json": [1, 2]}, "without access_token, refresh_token and expires_in"),
    "a JSON string": (200, {"json": "ok"}, "without access_token, refresh_token and expires_in"),
    "an HTML page": (200, {"text": "<html>maintenance</html>"}, "without access_token, refresh_token and expires_in"),
    "expires_in true": (200, {"json": {**token_answer("x"), "expires_in": True}}, "without access_token"),
    "a refusal as a list": (400, {"json": ["invalid_grant"]}, "refused the authorization_code request: HTTP 400"),
    "a refusal as HTML": (503, {"text": "<html>\nbusy\n</html>"}, "refused the authorization_code request: HTTP 503"),
    "a refusal with a multi-line hint": (400, {"json": {"hint": "Code\nhas been\nused"}}, "HTTP 400 Code has been used"),
}


@pytest.mark.parametrize("status, answer, reason", list(ODD_TOKEN_ANSWERS.values()), ids=list(ODD_TOKEN_ANSWERS))
async def test_an_odd_token_answer_fails_the_install_with_one_line(client, engine, status, answer, reason):
    with respx.mock() as crm:
        crm.post(TOKEN_URL).respond(status, **answer)
        response = await client.get("/oauth/callback", params={"code": "c", "referer": HOST})
    assert response.status_code == 502, response.text
    text = response.text.split("<p>", 1)[1]
    assert reason in text and "\n" not in text
    assert await get_account(engine, ACCOUNT_ID) is None


@pytest.mark.parametrize("answer", [{"text": "<html>"}, {"json": [1]}, {"json": {"id": 2 ** 70}}, {"json": {"id": "7"}},
                                    {"side_effect": httpx.ConnectError("down")}], ids=str)
async def test_an_account_endpoint_that_does_not_name_the_account_fails_the_install(client, engine, answer):
    opaque = {"token_type": "Bearer", "expires_in": 86400, "access_token": "opaque", "refresh_token": "r"}
    with respx.mock() as crm:
        crm.post(TOKEN_URL).respond(200, json=opaque)
        route = crm.get(f"https://{HOST}/api/v4/account")
        route.mock(side_effect=answer["side_effect"]) if "side_effect" in answer else route.respond(200, **answer)
        response = await client.get("/oauth/callback", params={"code": "c", "referer": HOST})
    assert response.status_code == 502, response.text
    assert "/api/v4/account" in response.text
    assert await get_account(engine, ACCOUNT_ID) is None


async def test_a_replayed_code_keeps_the_first_install(client, engine):
    """The CRM answers a code once; the same callback replayed (a reload, a hostile copy) is
    refused by the CRM and changes nothing stored."""
    with respx.mock() as crm:
        crm.post(TOKEN_URL).mock(side_effect=[
            httpx.Response(200, json=token_answer("first")),
            httpx.Response(400, json={"hint": "Authorization code has been revoked"}),
        ])
        first = await client.get("/oauth/callback", params={"code": "c", "referer": HOST, "state": "<script>"})
        again = await client.get("/oauth/callback", params={"code": "c", "referer": HOST, "state": "<script>"})
    assert first.status_code == 200 and again.status_code == 502
    assert "Authorization code has been revoked" in again.text and "<script>" not in again.text + first.text
    account = await get_account(engine, ACCOUNT_ID)
    assert (account.status, account.refresh_token) == (INSTALLED, "refresh-first")


@pytest.mark.parametrize("status, answer", [(200, {"text": "<html>"}), (200, {"json": [1]}), (500, {"json": ["busy"]}),
                                            (502, {"text": "bad gateway"})], ids=str)
async def test_a_refresh_that_fails_halfway_keeps_the_old_pair(app, engine, status, answer):
    await install_account(engine, tokens=token_answer("old"), expires_in=0)
    with respx.mock() as crm:
        crm.post(TOKEN_URL).respond(status, **answer)
        with pytest.raises(OAuthError) as failed:
            await access_token(engine, app.state.settings, app.state.http, ACCOUNT_ID)
    assert "\n" not in str(failed.value) and HOST in str(failed.value)
    account = await get_account(engine, ACCOUNT_ID)
    assert (account.status, account.refresh_token) == (INSTALLED, "refresh-old")
    # The old pair is still there for the next try, which succeeds.
    with respx.mock() as crm:
        crm.post(TOKEN_URL).respond(200, json=token_answer("new"))
        assert await access_token(engine, app.state.settings, app.state.http, ACCOUNT_ID)
        assert json.loads(crm.calls[0].request.content)["refresh_token"] == "refresh-old"
