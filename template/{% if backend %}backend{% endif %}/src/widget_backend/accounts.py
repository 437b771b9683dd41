"""The accounts table's operations: install, look up, revoke, register a development account.

Each function takes the engine (and plain values) and returns plain values or Account rows.
"""

from __future__ import annotations

import time

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from widget_backend.db import INSTALLED, REVOKED, Account, ReceivedEvent, SeenToken, locked, session_factory


async def get_account(engine: AsyncEngine, account_id: int) -> Account | None:
    async with session_factory(engine)() as session:
        return await session.get(Account, account_id)


async def save_install(engine: AsyncEngine, account_id: int, host: str, tokens: dict | None) -> Account:
    """Records an install (or a reinstall: a revoked account comes back). `tokens` is the CRM's
    token answer {access_token, refresh_token, expires_in} or None (a development account).
    Safe when workers record the same account at once: db.locked serialises them, and on
    PostgreSQL the loser of the race to insert a new account's row runs once more and finds it."""
    try:
        return await _save_install(engine, account_id, host, tokens)
    except IntegrityError:
        return await _save_install(engine, account_id, host, tokens)


async def _save_install(engine: AsyncEngine, account_id: int, host: str, tokens: dict | None) -> Account:
    async with locked(engine) as session:
        account = await session.get(Account, account_id, with_for_update=True)
        if account is None:
            account = Account(account_id=account_id, host=host)
            session.add(account)
        account.host = host
        account.status = INSTALLED
        if tokens is not None:
            account.access_token = tokens["access_token"]
            account.refresh_token = tokens["refresh_token"]
            account.expires_at = int(time.time()) + int(tokens["expires_in"])
        account.updated_at = int(time.time())
    return account


async def revoke(engine: AsyncEngine, account_id: int) -> bool:
    """Marks an account revoked and forgets its tokens; False if it was not known."""
    async with locked(engine) as session:
        account = await session.get(Account, account_id, with_for_update=True)
        if account is None:
            return False
        account.status = REVOKED
        account.access_token = account.refresh_token = None
        account.expires_at = 0
        account.updated_at = int(time.time())
    return True


async def remember_jti(engine: AsyncEngine, jti: str, expires_at: int) -> bool:
    """Records a token id; False if it had been seen before. Forgets expired ones on the way."""
    async with session_factory(engine)() as session:
        try:
            async with session.begin():
                await session.execute(delete(SeenToken).where(SeenToken.expires_at < int(time.time()) - 3600))
                session.add(SeenToken(jti=jti, expires_at=expires_at))
        except IntegrityError:
            return False
    return True


async def remember_event(engine: AsyncEngine, key: str, kind: str, keep_seconds: int = 7 * 86400) -> bool:
    """Records a webhook delivery or a Salesbot step; False if the same one was accepted before (the CRM resends
    until it gets a 2xx). Forgets deliveries older than keep_seconds."""
    now = int(time.time())
    async with session_factory(engine)() as session:
        try:
            async with session.begin():
                await session.execute(delete(ReceivedEvent).where(ReceivedEvent.received_at < now - keep_seconds))
                session.add(ReceivedEvent(key=key, kind=kind, received_at=now))
        except IntegrityError:
            return False
    return True


async def take_lease(engine: AsyncEngine, key: str, seconds: int) -> bool:
    """Takes the lease named `key` (at most 64 characters) for `seconds`: True for one caller at a
    time across every process on the database, False while another holds it. end_lease gives it
    back; a holder that died without doing so loses it after `seconds`."""
    now = int(time.time())
    async with session_factory(engine)() as session:
        try:
            async with session.begin():
                await session.execute(delete(ReceivedEvent).where(ReceivedEvent.key == key, ReceivedEvent.received_at < now - seconds))
                session.add(ReceivedEvent(key=key, kind="lease", received_at=now))
        except IntegrityError:
            return False
    return True


async def end_lease(engine: AsyncEngine, key: str) -> None:
    async with session_factory(engine)() as session, session.begin():
        await session.execute(delete(ReceivedEvent).where(ReceivedEvent.key == key, ReceivedEvent.kind == "lease"))


async def installed_ids(engine: AsyncEngine) -> list[int]:
    async with session_factory(engine)() as session:
        rows = await session.execute(select(Account.account_id).where(Account.status == INSTALLED))
        return [row[0] for row in rows]
