"""What the CRM posts: digital pipeline actions, entity webhooks (bracketed keys, deduplicated),
Salesbot widget_request (verified, answered, the bot continued on the token's own account), sms."""

from __future__ import annotations

import asyncio
import json

import pytest
import respx

from conftest import ACCOUNT_ID, HOST, bot_token, install_account, token_answer
from widget_backend import handlers
from widget_backend.forms import BodyError, parse_brackets

pytestmark = pytest.mark.anyio


@pytest.fixture
def calls(monkeypatch):
    """What each handler was called with."""
    seen: dict[str, list] = {"dp": [], "webhook": [], "sms": [], "salesbot": []}

    async def dp(crm, account_id, payload):
        seen["dp"].append((account_id, payload))

    async def webhook(crm, account_id, payload):
        seen["webhook"].append((account_id, payload))

    async def sms(payload):
        seen["sms"].append(payload)

    async def salesbot(crm, claims, data):
        seen["salesbot"].append((claims, data))
        return {"data": {"echo": data.get("phone")}, "execute_handlers": []}

    monkeypatch.setattr(handlers, "on_dp_action", dp)
    monkeypatch.setattr(handlers, "on_webhook", webhook)
    monkeypatch.setattr(handlers, "on_sms", sms)
    monkeypatch.setattr(handlers, "on_salesbot_request", salesbot)
    return seen


DP = {"event": {"type": 1, "type_code": "lead_status_changed", "data": {"id": 7001, "element_type": 2, "status_id": 142,
      "pipeline_id": 4242}, "time": 1700000000}, "action": {"settings": {"widget": {"settings": {"a": "b"}}}},
      "subdomain": "example", "account_id": ACCOUNT_ID}


async def test_a_dp_action_in_json_is_accepted_and_handled(client, engine, calls):
    await install_account(engine)
    response = await client.post("/api/dp", json=DP)
    assert response.status_code == 202, response.text
    assert calls["dp"] == [(ACCOUNT_ID, DP)]


async def test_a_dp_action_as_a_form_is_parsed(client, engine, calls):
    await install_account(engine)
    form = {"event[type]": "1", "event[data][id]": "7001", "action[settings][widget][settings][a]": "b",
            "subdomain": "example", "account_id": str(ACCOUNT_ID)}
    response = await client.post("/api/dp", data=form)
    assert response.status_code == 202, response.text
    payload = calls["dp"][0][1]
    assert payload["event"] == {"type": "1", "data": {"id": "7001"}}
    assert payload["action"]["settings"]["widget"]["settings"] == {"a": "b"}


async def test_a_dp_action_of_an_unknown_account_or_a_bad_body_is_refused(client, engine, calls):
    unknown = await client.post("/api/dp", json={**DP, "account_id": 99})
    assert unknown.status_code == 403 and "has not installed" in unknown.json()["detail"]
    bad = await client.post("/api/dp", content=b"{not json", headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and bad.json()["detail"].startswith("digital pipeline request: the body is not JSON")
    assert calls["dp"] == []


HOOK = (f"leads%5Bstatus%5D%5B0%5D%5Bid%5D=7001&leads%5Bstatus%5D%5B0%5D%5Bstatus_id%5D=142"
        f"&leads%5Bstatus%5D%5B1%5D%5Bid%5D=7002&account%5Bid%5D={ACCOUNT_ID}&account%5Bsubdomain%5D=example")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


async def test_a_webhook_is_parsed_and_a_resent_one_dropped(client, engine, calls):
    await install_account(engine)
    first = await client.post("/api/webhooks", content=HOOK, headers=FORM)
    again = await client.post("/api/webhooks", content=HOOK, headers=FORM)
    assert (first.status_code, first.json()) == (200, {"accepted": True})
    assert (again.status_code, again.json()) == (200, {"accepted": False, "duplicate": True})
    assert calls["webhook"] == [(ACCOUNT_ID, {
        "leads": {"status": [{"id": "7001", "status_id": "142"}, {"id": "7002"}]},
        "account": {"id": str(ACCOUNT_ID), "subdomain": "example"}})]
    other = await client.post("/api/webhooks", content=HOOK.replace("7002", "7003"), headers=FORM)
    assert other.json() == {"accepted": True} and len(calls["webhook"]) == 2


async def test_a_webhook_for_an_unknown_account_is_refused(client, calls):
    response = await client.post("/api/webhooks", content=HOOK, headers=FORM)
    assert response.status_code == 403
    assert calls["webhook"] == []


def test_bracketed_keys():
    assert parse_brackets("a[b][0][c]=1&a[b][0][d]=2&a[b][1][c]=3&x=y") == {"a": {"b": [{"c": "1", "d": "2"}, {"c": "3"}]}, "x": "y"}
    assert parse_brackets("tags[]=a&tags[]=b") == {"tags": ["a", "b"]}
    assert parse_brackets("ids[5]=a&ids[7]=b") == {"ids": {"5": "a", "7": "b"}}
    with pytest.raises(BodyError, match="both as a value and as a group"):
        parse_brackets("a=1&a[b]=2")
    with pytest.raises(BodyError, match="nested deeper"):
        parse_brackets("a" + "[x]" * 20 + "=1")


RETURN_URL = f"https://{HOST}/api/v4/salesbot/11/continue/22"


async def test_a_salesbot_request_is_answered_then_the_bot_continued(client, engine, calls):
    account = await install_account(engine, tokens=token_answer("live"))
    with respx.mock(assert_all_called=True) as crm:
        route = crm.post(RETURN_URL).respond(200, json={})
        response = await client.post("/api/salesbot", json={"token": bot_token(), "data": {"phone": "+1555"}, "return_url": RETURN_URL})
    assert (response.status_code, response.json()) == (200, {"accepted": True})
    sent = route.calls.last.request
    assert sent.headers["authorization"] == f"Bearer {account.access_token}"
    assert json.loads(sent.content) == {"data": {"echo": "+1555"}, "execute_handlers": []}
    assert calls["salesbot"][0][0]["entity_id"] == 7001


async def test_a_salesbot_step_is_continued_once_however_often_its_token_is_posted(client, engine, calls):
    """The token has no jti and `data` is outside it: posting a captured token again with other
    data (or a resend) must not continue the bot a second time. Another step (another return_url)
    that happens to carry an identical token is continued."""
    await install_account(engine, tokens=token_answer("live"))
    token = bot_token()
    other_step = f"https://{HOST}/api/v4/salesbot/11/continue/23"
    with respx.mock() as crm:
        first_step = crm.post(RETURN_URL).respond(200, json={})
        second_step = crm.post(other_step).respond(200, json={})
        first = await client.post("/api/salesbot", json={"token": token, "data": {"phone": "+1555"}, "return_url": RETURN_URL})
        replay = await client.post("/api/salesbot", json={"token": token, "data": {"phone": "+666"}, "return_url": RETURN_URL})
        other = await client.post("/api/salesbot", json={"token": token, "data": {"phone": "+1777"}, "return_url": other_step})
    assert first.json() == {"accepted": True} and other.json() == {"accepted": True}
    assert (replay.status_code, replay.json()) == (200, {"accepted": False, "duplicate": True})
    assert (first_step.call_count, second_step.call_count) == (1, 1)
    assert [data["phone"] for _claims, data in calls["salesbot"]] == ["+1555", "+1777"]


@pytest.mark.parametrize("return_url", [
    "https://other.amocrm.ru/api/v4/salesbot/11/continue/22",
    "https://example.amocrm.ru.evil.com/api/v4/salesbot/11/continue/22",
    "http://example.amocrm.ru/api/v4/salesbot/11/continue/22",
    "https://example.amocrm.ru:444/api/v4/salesbot/11/continue/22",
    "https://example.amocrm.ru/api/v4/leads",
    "https://evil.example.com/collect",
    "https://example.amocrm.ru:99999/api/v4/salesbot/11/continue/22",
    "https://example.amocrm.ru:x/api/v4/salesbot/11/continue/22",
    "https://[example.amocrm.ru/api/v4/salesbot/11/continue/22",
    "https://user@example.amocrm.ru/api/v4/salesbot/11/continue/22",
    "https://example.amocrm.ru/api/v4/salesbot/11/continue/22\n",
    None, 42, ["https://example.amocrm.ru/api/v4/salesbot/11/continue/22"],
])
async def test_the_bot_is_continued_only_on_the_token_s_account(client, engine, calls, return_url):
    await install_account(engine, tokens=token_answer("live"))
    with respx.mock() as crm:
        response = await client.post("/api/salesbot", json={"token": bot_token(), "data": {}, "return_url": return_url})
        assert not crm.calls
    assert response.status_code == 400 and "return_url" in response.json()["detail"]
    assert calls["salesbot"] == []


@pytest.mark.parametrize("token, reason", [
    (bot_token(algorithm="HS256"), "algorithm 'HS256' refused"),
    (bot_token(secret="another-secret-0123456789abcdef0123456789abcdef0123456789abcdef0123"), "bad signature"),
    (bot_token(exp=1), "expired"),
    (bot_token(client_uuid="another"), "client_uuid is not"),
    (bot_token(iss="https://evil.example.com"), "is not a CRM account's address"),
    ("", "no token"),
])
async def test_a_salesbot_request_with_a_bad_token_is_refused(client, engine, calls, token, reason):
    await install_account(engine, tokens=token_answer("live"))
    with respx.mock() as crm:
        response = await client.post("/api/salesbot", json={"token": token, "data": {}, "return_url": RETURN_URL})
        assert not crm.calls
    assert response.status_code == 401 and reason in response.json()["detail"]


async def test_sms_and_healthz(client, calls, settings):
    response = await client.post("/api/sms", json={"phone": "+1555", "message": "hi"})
    assert (response.status_code, response.json()) == (200, {"accepted": True})
    assert calls["sms"] == [{"phone": "+1555", "message": "hi"}]
    health = await client.get("/healthz")
    assert health.json() == {"status": "ok", "database": "postgresql" if settings.database_url.startswith("postgres") else "sqlite"}


async def test_the_answer_leaves_before_the_work_is_done(settings, engine, monkeypatch):
    """On a real server (uvicorn), a webhook is answered while its handler still works: the
    handler waits for the test to have read the answer, so an answer held back would time out."""
    import socket

    import httpx
    import uvicorn

    from widget_backend.app import create_app

    await install_account(engine)
    answered, done = asyncio.Event(), asyncio.Event()

    async def slow_webhook(crm, account_id, payload):
        await asyncio.wait_for(answered.wait(), 10)
        done.set()

    monkeypatch.setattr(handlers, "on_webhook", slow_webhook)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:
            await asyncio.sleep(0.05)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            response = await client.post("/api/webhooks", content=HOOK, headers=FORM)
        assert response.status_code == 200 and not done.is_set()
        answered.set()
        await asyncio.wait_for(done.wait(), 10)
    finally:
        server.should_exit = True
        await serving


async def test_a_body_larger_than_the_limit_is_refused_without_being_kept(client, engine, calls):
    await install_account(engine)
    big = b"a=" + b"x" * (1024 * 1024 + 10)
    for path in ("/api/webhooks", "/api/dp", "/api/sms", "/oauth/revoked"):
        response = await client.post(path, content=big, headers=FORM)
        assert response.status_code == 400 and "larger than 1048576 bytes" in response.text, path
    assert calls == {"dp": [], "webhook": [], "sms": [], "salesbot": []}


HOSTILE_BODIES = {
    "JSON nested 100000 deep": ('{"a":' * 100000 + "1" + "}" * 100000, "application/json", "nested too deeply"),
    "a form of 20000 fields": ("&".join(f"x{i}=1" for i in range(20000)), FORM["Content-Type"], "more than 10000 fields"),
    "multipart (curl -F)": ('--b\r\nContent-Disposition: form-data; name="account_id"\r\n\r\n1\r\n--b--\r\n',
                            "multipart/form-data; boundary=b", "multipart bodies are not read"),
    "not UTF-8": (b"account_id=\xff\xfe", FORM["Content-Type"], "not UTF-8"),
    "a JSON list": ("[1, 2]", "application/json", "not an object"),
}


@pytest.mark.parametrize("path", ["/api/dp", "/api/webhooks", "/api/salesbot", "/api/sms", "/oauth/revoked"])
@pytest.mark.parametrize("body, content_type, reason", list(HOSTILE_BODIES.values()), ids=list(HOSTILE_BODIES))
async def test_hostile_bodies_get_400_with_one_line(client, engine, calls, path, body, content_type, reason):
    await install_account(engine)
    response = await client.post(path, content=body, headers={"Content-Type": content_type})
    assert response.status_code == 400, response.text
    assert reason in response.text and "\n" not in response.text.strip()
    assert calls == {"dp": [], "webhook": [], "sms": [], "salesbot": []}


@pytest.mark.parametrize("account_id", ["²", "٣", "-1", "0", "1e3", " 31415926", "99999999999999999999999",
                                        99999999999999999999999, "9" * 5000, True, None, [ACCOUNT_ID]])
async def test_an_account_id_that_is_not_an_id_is_refused_not_crashed(client, engine, calls, account_id):
    await install_account(engine)
    dp = await client.post("/api/dp", json={**DP, "account_id": account_id})
    assert dp.status_code == 403 and "has not installed the integration" in dp.json()["detail"], dp.text
    assert len(dp.json()["detail"]) < 200
    hook = await client.post("/api/webhooks", json={"account": {"id": account_id}, "leads": {}})
    assert hook.status_code == 403, hook.text
    notice = await client.post("/oauth/revoked", data={"account_id": str(account_id)})
    assert notice.status_code == 400 and "account_id is missing or not a number" in notice.text
    assert calls == {"dp": [], "webhook": [], "sms": [], "salesbot": []}


def test_bracketed_keys_with_non_ascii_digits_stay_names():
    assert parse_brackets("a[²]=1&a[٣]=2") == {"a": {"²": "1", "٣": "2"}}


async def test_a_webhook_flood_of_one_delivery_is_handled_once(client, engine, calls):
    """The CRM resends until it gets a 2xx, and may resend while the first delivery is in flight:
    fifty copies at once are handled once, and every copy gets a 2xx."""
    await install_account(engine)
    answers = await asyncio.gather(*(client.post("/api/webhooks", content=HOOK, headers=FORM) for _ in range(50)))
    assert {answer.status_code for answer in answers} == {200}
    assert sum(answer.json()["accepted"] for answer in answers) == 1
    assert len(calls["webhook"]) == 1


async def test_healthz_says_503_when_the_database_does_not_answer(client, app, tmp_path):
    from widget_backend.db import make_engine

    healthy = app.state.engine
    app.state.engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    try:
        response = await client.get("/healthz")
    finally:
        await app.state.engine.dispose()
        app.state.engine = healthy
    assert response.status_code == 503, response.text
    assert response.json() == {"status": "error", "database": "sqlite", "detail": "the database does not answer (see the backend's log)"}
