"""The backend's settings, read from the environment and backend/.env (environment wins).

Names: AMO_CLIENT_ID, AMO_CLIENT_SECRET, AMO_REDIRECT_URI, DATABASE_URL, AMO_JTI_REPLAY,
AMO_TOKEN_LEEWAY, AMO_DEV_ORIGINS, AMO_DEV_ACCOUNT, AMO_RATE_LIMIT (see .env.example).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from widget_backend.domains import account_host


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
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("amo_dev_account")
    @classmethod
    def _dev_account(cls, value: str) -> str:
        if value and not (len(value.split(":")) == 2 and value.split(":")[0].isdigit() and account_host(value.split(":")[1])):
            raise ValueError(f"{value!r} is not id:host, e.g. 31415926:example.amocrm.ru")
        return value

    @property
    def audience(self) -> str:
        """The `aud` of every X-Auth-Token: the redirect URI's scheme and host, no port or path
        (as the official PHP SDK compares it)."""
        parts = urlsplit(self.amo_redirect_uri)
        return f"{parts.scheme}://{parts.hostname}"

    @property
    def async_database_url(self) -> str:
        """DATABASE_URL with an async driver: sqlite → aiosqlite, postgresql → asyncpg."""
        url = self.database_url
        for plain, driver in (("sqlite://", "sqlite+aiosqlite://"), ("postgresql://", "postgresql+asyncpg://"),
                              ("postgres://", "postgresql+asyncpg://")):
            if url.startswith(plain):
                return driver + url[len(plain):]
        return url

    @property
    def dev_account(self) -> tuple[int, str] | None:
        if not self.amo_dev_account:
            return None
        account_id, host = self.amo_dev_account.split(":")
        return int(account_id), host


@lru_cache
def get_settings() -> Settings:
    """The settings, read once; a missing or bad value raises pydantic's ValidationError, which
    the command line (widget_backend.__main__) turns into one line per setting."""
    return Settings()
