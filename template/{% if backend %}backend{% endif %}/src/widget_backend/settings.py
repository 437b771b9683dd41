"""The backend's settings, read from the environment and backend/.env (environment wins).

Names: AMO_CLIENT_ID, AMO_CLIENT_SECRET, AMO_REDIRECT_URI, DATABASE_URL, AMO_JTI_REPLAY,
AMO_TOKEN_LEEWAY, AMO_DEV_ORIGINS, AMO_DEV_ACCOUNT, AMO_RATE_LIMIT (see .env.example).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from widget_backend.domains import account_host
from widget_backend.forms import positive_id

# The CRM's secret keys have 64 characters; a short one would let anyone sign X-Auth-Token.
MIN_SECRET = 32
# The secret the emulator signs with (tools/emulator/token.js, .env.example): public, so it is for a
# backend on this machine only.
PUBLIC_TEST_SECRET = "amo-widget-emulator-secret-change-me"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    amo_client_id: str = Field(min_length=1)
    amo_client_secret: str = Field(min_length=1)
    amo_redirect_uri: str
    database_url: str = "sqlite:///./backend.db"
    amo_jti_replay: Literal["off", "warn", "enforce"] = "warn"
    amo_token_leeway: int = Field(30, ge=0, le=300)
    amo_dev_origins: Annotated[list[str], NoDecode] = []
    amo_dev_account: str = ""
    amo_rate_limit: float = Field(7.0, gt=0)

    @field_validator("amo_client_secret")
    @classmethod
    def _secret(cls, value: str) -> str:
        if len(value) < MIN_SECRET:
            raise ValueError(f"has {len(value)} characters, fewer than {MIN_SECRET}: use the integration's secret key "
                             "(the CRM's integration page, \"Keys and scopes\"; it has 64)")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        example = "e.g. sqlite:///./backend.db or postgresql://user:password@host/db"
        try:
            url = make_url(_async_url(value))
        except ArgumentError:
            raise ValueError(f"it is not a database URL, {example}") from None
        shown = make_url(value).render_as_string(hide_password=True)  # never echo a password
        try:
            dialect = url.get_dialect()
        except NoSuchModuleError:
            raise ValueError(f"{shown[:80]!r} names a database SQLAlchemy does not know, {example}") from None
        if not getattr(dialect, "is_async", False):
            raise ValueError(f"{shown[:80]!r} names a driver without asyncio support, {example}")
        try:
            dialect.import_dbapi()
        except ImportError as error:
            raise ValueError(f"the database driver is not installed ({error.name or error}): pip install it into backend/.venv") from None
        return value

    @field_validator("amo_redirect_uri")
    @classmethod
    def _redirect_uri(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL: use the integration's redirect URI, e.g. https://example.com/oauth/callback")
        return value

    @field_validator("amo_dev_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if isinstance(value, str):
            value = [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        for origin in value if isinstance(value, list) else ():
            parts = urlsplit(str(origin))
            # "*" would let every site call the backend with its visitors' tokens.
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
                raise ValueError(f"{str(origin)[:80]!r} is not an origin such as http://127.0.0.1:5173 (scheme, host, port; no '*')")
        return value

    @field_validator("amo_dev_account")
    @classmethod
    def _dev_account(cls, value: str) -> str:
        if value and not (len(value.split(":")) == 2 and positive_id(value.split(":")[0]) and account_host(value.split(":")[1])):
            raise ValueError(f"{value!r} is not id:host, e.g. 31415926:example.amocrm.ru")
        return value

    @model_validator(mode="after")
    def _no_public_secret_in_production(self) -> "Settings":
        if self.amo_client_secret == PUBLIC_TEST_SECRET and urlsplit(self.amo_redirect_uri).hostname not in LOCAL_HOSTS:
            raise ValueError("AMO_CLIENT_SECRET is the emulator's public test secret, but AMO_REDIRECT_URI is not on this "
                             "machine: anyone could sign X-Auth-Token; set the integration's secret key")
        return self

    @property
    def audience(self) -> str:
        """The `aud` of every X-Auth-Token: the redirect URI's scheme and host, no port or path
        (as the official PHP SDK compares it)."""
        parts = urlsplit(self.amo_redirect_uri)
        return f"{parts.scheme}://{parts.hostname}"

    @property
    def async_database_url(self) -> str:
        """DATABASE_URL with an async driver: sqlite → aiosqlite, postgresql → asyncpg."""
        return _async_url(self.database_url)

    @property
    def dev_account(self) -> tuple[int, str] | None:
        if not self.amo_dev_account:
            return None
        account_id, host = self.amo_dev_account.split(":")
        return int(account_id), host


def _async_url(url: str) -> str:
    for plain, driver in (("sqlite://", "sqlite+aiosqlite://"), ("postgresql://", "postgresql+asyncpg://"),
                          ("postgres://", "postgresql+asyncpg://")):
        if url.startswith(plain):
            return driver + url[len(plain):]
    return url


def unknown_settings(env_file: str = ".env") -> list[str]:
    """One line for each AMO_* or DATABASE_* name in `env_file` that is not a setting (a typo
    would otherwise be ignored silently), with the setting it most likely meant; [] without the
    file. Raises UnicodeDecodeError for a file that is not UTF-8."""
    from difflib import get_close_matches

    from dotenv import dotenv_values

    if not Path(env_file).is_file():
        return []
    known = [name.upper() for name in Settings.model_fields]
    lines = []
    for name in dotenv_values(env_file, encoding="utf-8"):
        upper = name.upper()
        if upper.startswith(("AMO_", "DATABASE_")) and upper not in known:
            guess = get_close_matches(upper, known, n=1)
            hint = f"; did you mean {guess[0]}?" if guess else f"; the settings are {', '.join(known)}"
            lines.append(f"{name[:60]} is not a setting, so it is ignored{hint}")
    return lines


@lru_cache
def get_settings() -> Settings:
    """The settings, read once; a missing or bad value raises pydantic's ValidationError, which
    the command line (widget_backend.__main__) turns into one line per setting."""
    return Settings()
