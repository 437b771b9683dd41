"""The database: accounts with their OAuth tokens, seen X-Auth-Token ids, received webhooks.

SQLAlchemy 2 (async): SQLite through aiosqlite by default, PostgreSQL through asyncpg by URL.
`locked(session_factory)` opens the transaction the token refresh runs in: on PostgreSQL the
caller takes a row lock (SELECT ... FOR UPDATE); on SQLite the transaction starts with
BEGIN IMMEDIATE, which holds the database's write lock until commit - across processes too.
"""

from __future__ import annotations

import time
from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy import BigInteger, Integer, String, Text, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

INSTALLED = "installed"
REVOKED = "revoked"


class Base(DeclarativeBase):
    pass


class Account(Base):
    """One CRM account that installed the integration; tokens are kept per account id (the
    client id is the same for every account)."""

    __tablename__ = "accounts"

    account_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    host: Mapped[str] = mapped_column(String(255))          # example.amocrm.ru
    status: Mapped[str] = mapped_column(String(16), default=INSTALLED)
    access_token: Mapped[str | None] = mapped_column(Text, default=None)
    refresh_token: Mapped[str | None] = mapped_column(Text, default=None)
    expires_at: Mapped[int] = mapped_column(BigInteger, default=0)  # unix seconds
    updated_at: Mapped[int] = mapped_column(BigInteger, default=lambda: int(time.time()))


class SeenToken(Base):
    """X-Auth-Token ids (jti) already presented, kept until the token expires."""

    __tablename__ = "seen_tokens"

    jti: Mapped[str] = mapped_column(String(255), primary_key=True)
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)


class ReceivedEvent(Base):
    """Webhook deliveries already accepted (key: a hash of account and body), for deduplication."""

    __tablename__ = "received_events"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[int] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=1)


def make_engine(url: str) -> AsyncEngine:
    """An async engine for a SQLAlchemy URL with an async driver (Settings.async_database_url)."""
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 60})

        # pysqlite's own transaction handling would defer BEGIN and cannot say IMMEDIATE:
        # SQLAlchemy's documented recipe takes it over.
        @event.listens_for(engine.sync_engine, "connect")
        def _connect(dbapi_connection, _record):  # noqa: ANN001
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=60000")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _begin(connection):  # noqa: ANN001
            immediate = connection.get_execution_options().get("sqlite_immediate", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_async_engine(url, pool_pre_ping=True)


async def create_tables(engine: AsyncEngine) -> None:
    """Creates the tables that do not exist yet (a fresh database needs nothing else). Workers
    starting together may race to create them: the loser finds them made and tries once more."""
    for attempt in range(2):
        try:
            async with engine.begin() as connection:
                await connection.run_sync(Base.metadata.create_all)
            return
        except DBAPIError:
            if attempt:
                raise


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


@asynccontextmanager
async def locked(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session in one transaction that takes the database's write lock at once on SQLite
    (BEGIN IMMEDIATE); on PostgreSQL the caller's SELECT ... FOR UPDATE takes the row lock.
    Commits on success, rolls back on error."""
    options = {"sqlite_immediate": True} if is_sqlite(engine) else {}
    async with engine.connect() as connection:
        connection = await connection.execution_options(**options)
        async with connection.begin():
            session = AsyncSession(bind=connection, expire_on_commit=False)
            try:
                yield session
                await session.flush()
            finally:
                await session.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
