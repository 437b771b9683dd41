"""CORS: the CRM accounts' pages and the configured development origins may call with X-Auth-Token;
no other origin may."""

from __future__ import annotations

import pytest

from conftest import DEV_ORIGIN

pytestmark = pytest.mark.anyio


async def preflight(client, origin: str):
    return await client.options("/api/widget/me", headers={
        "Origin": origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-auth-token"})


@pytest.mark.parametrize("origin", ["https://example.amocrm.ru", "https://shop.amocrm.com", "https://team.kommo.com", DEV_ORIGIN])
async def test_account_pages_and_dev_origins_are_allowed(client, origin):
    response = await preflight(client, origin)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert "x-auth-token" in response.headers["access-control-allow-headers"].lower()


@pytest.mark.parametrize("origin", [
    "https://evil.example.com", "https://example.amocrm.ru.evil.com", "http://example.amocrm.ru",
    "https://amocrm.ru.evil.com", "https://example.amocrm.ru:8443", "null", "http://127.0.0.1:9999",
])
async def test_other_origins_are_refused(client, origin):
    response = await preflight(client, origin)
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    simple = await client.get("/healthz", headers={"Origin": origin})
    assert "access-control-allow-origin" not in simple.headers


async def test_a_refused_preflight_is_logged_with_the_setting_to_change(client, caplog):
    """The preview on another port (npm run dev moves when 5173 is taken) is refused; the browser
    says only "blocked by CORS policy", so the backend's log names the origin and AMO_DEV_ORIGINS."""
    caplog.set_level("WARNING", logger="widget_backend")
    assert (await preflight(client, "http://127.0.0.1:5174")).status_code == 400
    (line,) = [record.getMessage() for record in caplog.records if "CORS" in record.getMessage()]
    assert "'http://127.0.0.1:5174'" in line and "Disallowed CORS origin" in line and "AMO_DEV_ORIGINS" in line
    caplog.clear()
    assert (await preflight(client, DEV_ORIGIN)).status_code == 200
    assert not [record for record in caplog.records if "CORS" in record.getMessage()]
