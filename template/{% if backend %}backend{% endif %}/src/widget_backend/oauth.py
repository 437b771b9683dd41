"""OAuth 2.0 tokens per account: the code exchange at install, the refresh, the revocation check.

The CRM's token endpoint is POST https://<account host>/oauth2/access_token with {client_id,
client_secret, grant_type, code | refresh_token, redirect_uri}; it answers {token_type,
expires_in, access_token, refresh_token} (developers.kommo.com/reference/get-token,
amocrm.ru/developers/content/oauth/step-by-step). Access tokens live 24 hours; refresh tokens
rotate and are single-use, so two workers refreshing the same account at once would leave one
of them (and then the account) with a revoked token. `access_token()` therefore refreshes under a
per-account lock that holds across processes (db.locked: a row lock on PostgreSQL, BEGIN IMMEDIATE
on SQLite), re-reads the row once it holds the lock, and commits the new pair before anyone uses it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict

import httpx
import jwt
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from widget_backend.accounts import get_account, save_install
from widget_backend.db import INSTALLED, REVOKED, Account, locked
from widget_backend.forms import positive_id
from widget_backend.settings import Settings

log = logging.getLogger("widget_backend.oauth")

# An access token this close to its expiry (seconds) is refreshed before use.
REFRESH_MARGIN = 300

# One refresh at a time per account inside this process; the database lock covers the others.
_process_locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)


class OAuthError(Exception):
    """The CRM refused or failed a token request; str(error) is one line."""


class NotInstalled(OAuthError):
    """The account has not installed the integration, or revoked it."""


async def _token_request(http: httpx.AsyncClient, host: str, settings: Settings, **grant: str) -> dict:
    body = {"client_id": settings.amo_client_id, "client_secret": settings.amo_client_secret,
            "redirect_uri": settings.amo_redirect_uri, **grant}
    try:
        response = await http.post(f"https://{host}/oauth2/access_token", json=body, timeout=20)
    except httpx.HTTPError as error:
        raise OAuthError(f"{host} did not answer the token request: {error.__class__.__name__}") from None
    answer = _json_object(response)
    if response.status_code != 200:
        hint = " ".join(str(answer.get("hint") or answer.get("title") or "").split())[:200]
        raise OAuthError(f"{host} refused the {grant['grant_type']} request: HTTP {response.status_code} {hint}".rstrip())
    if not (isinstance(answer.get("access_token"), str) and isinstance(answer.get("refresh_token"), str)
            and isinstance(answer.get("expires_in"), int) and not isinstance(answer.get("expires_in"), bool)):
        raise OAuthError(f"{host} answered the token request without access_token, refresh_token and expires_in")
    return answer


async def _account_id(http: httpx.AsyncClient, host: str, access_token: str) -> int:
    """The account id: the access token's own account_id claim (a JWT), else GET /api/v4/account."""
    try:
        claims = jwt.decode(access_token, options={"verify_signature": False})
        if isinstance(claims.get("account_id"), int) and positive_id(claims["account_id"]):
            return claims["account_id"]  # bool and out-of-range ids fall through to the endpoint
    except jwt.InvalidTokenError:
        pass
    try:
        response = await http.get(f"https://{host}/api/v4/account", headers={"Authorization": f"Bearer {access_token}"}, timeout=20)
    except httpx.HTTPError as error:
        raise OAuthError(f"{host} did not answer GET /api/v4/account: {error.__class__.__name__}") from None
    named = _json_object(response).get("id")
    account_id = positive_id(named) if isinstance(named, int) else None
    if response.status_code != 200 or account_id is None:
        raise OAuthError(f"{host} did not say which account the new token is for (GET /api/v4/account: HTTP {response.status_code})")
    return account_id


def _json_object(response: httpx.Response) -> dict:
    """The response's JSON object; {} for any other answer (an HTML error page, a list)."""
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


async def install(engine: AsyncEngine, settings: Settings, http: httpx.AsyncClient, code: str, host: str) -> Account:
    """Exchanges an authorization code (valid 20 minutes) for the account's first token pair
    and stores it under the account's id. Raises OAuthError."""
    tokens = await _token_request(http, host, settings, grant_type="authorization_code", code=code)
    account_id = await _account_id(http, host, tokens["access_token"])
    account = await save_install(engine, account_id, host, tokens)
    log.info("account %s (%s) installed the integration", account_id, host)
    return account


async def access_token(engine: AsyncEngine, settings: Settings, http: httpx.AsyncClient, account_id: int,
                       *, stale: str | None = None) -> str:
    """A valid access token for the account, refreshed first when it expires within
    REFRESH_MARGIN seconds, or when it is `stale` (the token the CRM just answered 401 to).
    Raises NotInstalled, or OAuthError when the refresh fails (a refused refresh token marks the
    account revoked: it must be installed again)."""
    account = await get_account(engine, account_id)
    if account is None or account.status != INSTALLED:
        raise NotInstalled(f"account {account_id} has not installed the integration")
    if not _needs_refresh(account, stale):
        return account.access_token
    async with _process_locks[account_id]:
        refused: OAuthError | None = None
        async with locked(engine) as session:
            row = (await session.execute(
                select(Account).where(Account.account_id == account_id).with_for_update()
            )).scalar_one_or_none()
            # Re-read under the lock: another worker may have refreshed while this one waited.
            if row is None or row.status != INSTALLED:
                raise NotInstalled(f"account {account_id} has not installed the integration")
            if not row.refresh_token:
                raise NotInstalled(f"account {account_id} has no OAuth tokens: install the integration in the account")
            if not _needs_refresh(row, stale):
                return row.access_token
            try:
                tokens = await _token_request(http, row.host, settings, grant_type="refresh_token",
                                              refresh_token=row.refresh_token)
            except OAuthError as error:
                if "HTTP 400" in str(error) or "HTTP 401" in str(error):
                    row.status, row.access_token, row.refresh_token = REVOKED, None, None
                    refused = error
                else:
                    raise
            else:
                row.access_token, row.refresh_token = tokens["access_token"], tokens["refresh_token"]
                row.expires_at = int(time.time()) + tokens["expires_in"]
                row.updated_at = int(time.time())
        # Committed: the new pair is stored before it is used.
        if refused is not None:
            log.warning("account %s: refresh token refused, the account must install again: %s", account_id, refused)
            raise NotInstalled(f"account {account_id} must install the integration again: {refused}")
        log.info("account %s: access token refreshed", account_id)
        return tokens["access_token"]


def _needs_refresh(account: Account, stale: str | None) -> bool:
    if not account.access_token:
        return True
    if stale is not None and account.access_token == stale:
        return True
    return account.expires_at - time.time() < REFRESH_MARGIN
