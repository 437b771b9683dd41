"""The CRM's REST API for one account: bearer token from oauth.access_token(), at most
AMO_RATE_LIMIT requests a second per account (amoCRM and Kommo allow 7), backing off on 429.

    client = CrmClient(engine, settings, http)
    lead = await client.request(account_id, "GET", "/api/v4/leads/7001")   # parsed JSON or None

A 401 refreshes the token once (it may have been revoked early) and retries; a 429 waits
Retry-After (or 1, 2, 4, 8 s) and retries up to 4 times; anything else non-2xx raises CrmError.
The limiter counts per process: with several workers, divide the limit by their number.
(developers.kommo.com/docs/limitations)
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from urllib.parse import urlsplit

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from widget_backend.accounts import get_account
from widget_backend.oauth import NotInstalled, access_token
from widget_backend.settings import Settings

MAX_RETRIES = 4


class CrmError(Exception):
    """A REST call that failed; str(error) is one line."""


class RateLimiter:
    """At most `rate` starts a second per key, spaced evenly; await acquire(key) before each call."""

    def __init__(self, rate: float, clock=time.monotonic, sleep=asyncio.sleep):
        self.interval = 1.0 / rate
        self.clock, self.sleep = clock, sleep
        self._next: defaultdict[int, float] = defaultdict(float)
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def acquire(self, key: int) -> None:
        async with self._locks[key]:
            now = self.clock()
            start = max(now, self._next[key])
            self._next[key] = start + self.interval
            if start > now:
                await self.sleep(start - now)


class CrmClient:
    def __init__(self, engine: AsyncEngine, settings: Settings, http: httpx.AsyncClient, sleep=asyncio.sleep):
        self.engine, self.settings, self.http, self.sleep = engine, settings, http, sleep
        self.limiter = RateLimiter(settings.amo_rate_limit, sleep=sleep)

    async def request(self, account_id: int, method: str, path_or_url: str, **kwargs) -> object:
        """Calls the account's API: a path (/api/v4/...) on the account's host, or a full URL on
        that host (Salesbot's return_url). Returns the JSON answer (None for an empty one);
        raises NotInstalled or CrmError."""
        account = await get_account(self.engine, account_id)
        if account is None:
            raise NotInstalled(f"account {account_id} has not installed the integration")
        url = path_or_url if path_or_url.startswith("https://") else f"https://{account.host}{path_or_url}"
        if urlsplit(url).hostname != account.host:
            raise CrmError(f"{url} is not on account {account_id}'s host {account.host}")
        token = await access_token(self.engine, self.settings, self.http, account_id)
        refreshed = False
        for attempt in range(MAX_RETRIES + 1):
            await self.limiter.acquire(account_id)
            try:
                response = await self.http.request(method, url, headers={"Authorization": f"Bearer {token}"}, timeout=30, **kwargs)
            except httpx.HTTPError as error:
                raise CrmError(f"{method} {url}: {error.__class__.__name__}") from None
            if response.status_code == 401 and not refreshed:
                refreshed = True
                token = await access_token(self.engine, self.settings, self.http, account_id, stale=token)
                continue
            if response.status_code == 429:
                if attempt == MAX_RETRIES:
                    break
                await self.sleep(_retry_after(response, attempt))
                continue
            if response.status_code >= 300:
                raise CrmError(f"{method} {url}: HTTP {response.status_code}")
            return response.json() if response.content else None
        raise CrmError(f"{method} {url}: still HTTP 429 after {MAX_RETRIES} retries")


def _retry_after(response: httpx.Response, attempt: int) -> float:
    try:
        return min(60.0, max(0.0, float(response.headers["Retry-After"])))
    except (KeyError, ValueError):
        return float(2 ** attempt)
