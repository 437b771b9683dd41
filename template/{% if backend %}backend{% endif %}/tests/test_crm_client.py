"""The REST client: requests per account spaced to the rate limit, 429 backed off, 401 refreshed once."""

from __future__ import annotations

import httpx
import pytest
import respx

from conftest import ACCOUNT_ID, HOST, install_account, token_answer
from widget_backend.crm import CrmClient, CrmError, RateLimiter

pytestmark = pytest.mark.anyio


class FakeTime:
    def __init__(self):
        self.now, self.sleeps = 1000.0, []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


async def test_the_limiter_spaces_requests_per_account():
    time = FakeTime()
    limiter = RateLimiter(4, clock=time.clock, sleep=time.sleep)
    for _ in range(3):
        await limiter.acquire(1)
    await limiter.acquire(2)  # another account has its own budget
    assert time.sleeps == [0.25, 0.25]


@pytest.fixture
def crm_client(app, engine):
    time = FakeTime()
    client = CrmClient(engine, app.state.settings, app.state.http, sleep=time.sleep)
    client.limiter = RateLimiter(1000, clock=time.clock, sleep=time.sleep)
    client.time = time
    return client


async def test_429_waits_retry_after_or_backs_off(crm_client, engine):
    await install_account(engine, tokens=token_answer("live"))
    with respx.mock() as crm:
        crm.get(f"https://{HOST}/api/v4/leads").mock(side_effect=[
            httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(429), httpx.Response(429),
            httpx.Response(200, json={"ok": True})])
        assert await crm_client.request(ACCOUNT_ID, "GET", "/api/v4/leads") == {"ok": True}
    assert [s for s in crm_client.time.sleeps if s >= 1] == [3.0, 2.0, 4.0]


async def test_429_forever_gives_up_with_one_line(crm_client, engine):
    await install_account(engine, tokens=token_answer("live"))
    with respx.mock() as crm:
        crm.get(f"https://{HOST}/api/v4/leads").respond(429)
        with pytest.raises(CrmError, match="still HTTP 429 after 4 retries"):
            await crm_client.request(ACCOUNT_ID, "GET", "/api/v4/leads")


async def test_401_refreshes_once_and_retries_with_the_new_token(crm_client, engine):
    await install_account(engine, tokens=token_answer("old"))
    with respx.mock() as crm:
        leads = crm.get(f"https://{HOST}/api/v4/leads").mock(side_effect=[httpx.Response(401), httpx.Response(200, json={})])
        crm.post(f"https://{HOST}/oauth2/access_token").respond(200, json=token_answer("new"))
        await crm_client.request(ACCOUNT_ID, "GET", "/api/v4/leads")
    first, second = (call.request.headers["authorization"] for call in leads.calls)
    assert first != second


async def test_a_url_on_another_host_is_never_called_with_the_account_s_token(crm_client, engine):
    await install_account(engine, tokens=token_answer("live"))
    with respx.mock() as crm:
        with pytest.raises(CrmError, match="is not on account"):
            await crm_client.request(ACCOUNT_ID, "POST", "https://evil.example.com/api/v4/salesbot/1/continue/2")
        assert not crm.calls
