"""Fixtures for the backend's tests: settings, a fresh database, the app behind an httpx client
(no network: the CRM's endpoints are stubbed with respx), and tokens signed like the CRM's.

The database: BACKEND_TEST_DATABASE_URL (e.g. postgresql://user:pass@127.0.0.1/widget_test) when
set, else a SQLite file per test. The header of the run names the one in use.
"""

from __future__ import annotations

import os
import time
import uuid

import httpx
import jwt
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from widget_backend.app import create_app
from widget_backend.db import Base, make_engine
from widget_backend.settings import Settings

CLIENT_ID = "7c1f5a3e-0d6b-4f7a-9b1e-2a8c4d6e8f00"
SECRET = "test-secret-of-the-integration-0123456789abcdef0123456789abcdef01"
REDIRECT_URI = "https://backend.example.com:8443/oauth/callback"
AUDIENCE = "https://backend.example.com"
ACCOUNT_ID = 31415926
HOST = "example.amocrm.ru"
DEV_ORIGIN = "http://127.0.0.1:5173"

DATABASE = os.environ.get("BACKEND_TEST_DATABASE_URL", "")


def database_name() -> str:
    return "PostgreSQL" if DATABASE.startswith("postgres") else "SQLite"


def pytest_report_header(config):  # noqa: ANN001
    where = DATABASE.split("@")[-1] if DATABASE else "a file per test (BACKEND_TEST_DATABASE_URL not set)"
    return f"backend database: {database_name()} at {where}"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def database_url(tmp_path) -> str:
    return DATABASE or f"sqlite:///{tmp_path / 'backend.db'}"


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(
        _env_file=None, amo_client_id=CLIENT_ID, amo_client_secret=SECRET, amo_redirect_uri=REDIRECT_URI,
        database_url=database_url, amo_jti_replay="warn", amo_token_leeway=30,
        amo_dev_origins=DEV_ORIGIN, amo_dev_account="", amo_rate_limit=1000,
    )


_schema_fresh = False


@pytest.fixture
async def engine(settings) -> AsyncEngine:
    """The test's database, empty: a new SQLite file; on PostgreSQL the tables are created afresh
    once per run, then emptied for each test."""
    global _schema_fresh
    engine = make_engine(settings.async_database_url)
    async with engine.begin() as connection:
        if DATABASE and _schema_fresh:
            await connection.execute(text("TRUNCATE " + ", ".join(Base.metadata.tables)))
        else:
            await connection.run_sync(Base.metadata.drop_all)
            await connection.run_sync(Base.metadata.create_all)
            _schema_fresh = True
    yield engine
    await engine.dispose()


@pytest.fixture
async def app(settings, engine):
    """The running app (lifespan entered); its CRM client is a plain httpx client that respx stubs."""
    crm_http = httpx.AsyncClient()
    application = create_app(settings, http=crm_http)
    async with application.router.lifespan_context(application):
        yield application
    await crm_http.aclose()


@pytest.fixture
async def client(app):
    """Requests to the app; background tasks have finished when a response comes back."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://backend.test") as client:
        yield client


def widget_token(secret: str = SECRET, algorithm: str = "HS256", headers: dict | None = None, drop: tuple = (), **claims) -> str:
    """An X-Auth-Token as the CRM signs it; keyword arguments replace claims, `drop` removes some."""
    now = int(time.time())
    payload = {
        "iss": f"https://{HOST}", "aud": AUDIENCE, "jti": str(uuid.uuid4()), "iat": now, "nbf": now,
        "exp": now + 1800, "client_uuid": CLIENT_ID, "subdomain": "example", "account_id": ACCOUNT_ID,
        "user_id": 1001, "is_admin": True,
    }
    payload.update(claims)
    for name in drop:
        payload.pop(name)
    return jwt.encode(payload, secret, algorithm=algorithm, headers=headers)


def bot_token(secret: str = SECRET, algorithm: str = "HS512", **claims) -> str:
    now = int(time.time())
    payload = {"iss": f"https://{HOST}", "subdomain": "example", "account_id": ACCOUNT_ID, "client_uuid": CLIENT_ID,
               "entity_id": 7001, "entity_type": "lead", "bot_type": "salesbot", "iat": now, "exp": now + 300}
    payload.update(claims)
    return jwt.encode(payload, secret, algorithm=algorithm)


def access_token_jwt(account_id: int = ACCOUNT_ID, marker: str = "1") -> str:
    """An access token shaped like the CRM's (a JWT naming its account); signed with a key the
    backend never checks (it trusts the CRM's TLS answer, as the official SDK does)."""
    return jwt.encode({"account_id": account_id, "base_domain": "amocrm.ru", "api_domain": "api-b.amocrm.ru",
                       "marker": marker, "jti": str(uuid.uuid4())}, "the-crm-s-own-key-never-seen-by-the-backend", algorithm="HS256")


def token_answer(marker: str, account_id: int = ACCOUNT_ID, expires_in: int = 86400) -> dict:
    return {"token_type": "Bearer", "expires_in": expires_in, "access_token": access_token_jwt(account_id, marker),
            "refresh_token": f"refresh-{marker}"}


async def install_account(engine, account_id: int = ACCOUNT_ID, host: str = HOST, tokens: dict | None = None,
                          expires_in: int | None = None):
    """Stores an installed account (with a token pair when given)."""
    from widget_backend.accounts import save_install

    if tokens is not None and expires_in is not None:
        tokens = {**tokens, "expires_in": expires_in}
    return await save_install(engine, account_id, host, tokens)
