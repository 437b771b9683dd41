"""Settings a newcomer or a hostile .env can get wrong: each is refused with one line naming the
setting, before anything starts (the command line prints them; see tests/backend in the template)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pathlib import Path

from conftest import CLIENT_ID, REDIRECT_URI, SECRET
from widget_backend.settings import PUBLIC_TEST_SECRET, Settings, unknown_settings


def settings(**values) -> Settings:
    base = {"amo_client_id": CLIENT_ID, "amo_client_secret": SECRET, "amo_redirect_uri": REDIRECT_URI}
    return Settings(_env_file=None, **{**base, **values})


BAD = {
    "a short secret": ({"amo_client_secret": "secret"}, "amo_client_secret", "has 6 characters, fewer than 32"),
    "a database URL that is not one": ({"database_url": "backend.db"}, "database_url", "is not a database URL"),
    "a database without an async driver": ({"database_url": "mysql://u:hunter2@db/app"}, "database_url", "without asyncio support"),
    "a database driver not installed": ({"database_url": "mysql+aiomysql://u:hunter2@db/app"}, "database_url", "driver is not installed"),
    "an unknown database": ({"database_url": "nosuchdb://u:hunter2@db/app"}, "database_url", "SQLAlchemy does not know"),
    "every origin": ({"amo_dev_origins": "*"}, "amo_dev_origins", "'*' is not an origin"),
    "an origin with a path": ({"amo_dev_origins": "http://127.0.0.1:5173/preview"}, "amo_dev_origins", "is not an origin"),
    "a dev account id in other digits": ({"amo_dev_account": "²:example.amocrm.ru"}, "amo_dev_account", "is not id:host"),
    "a dev account id beyond 64 bits": ({"amo_dev_account": "99999999999999999999:example.amocrm.ru"}, "amo_dev_account", "is not id:host"),
}


@pytest.mark.parametrize("values, name, reason", list(BAD.values()), ids=list(BAD))
def test_a_bad_setting_is_refused_with_one_line(values, name, reason):
    with pytest.raises(ValidationError) as refused:
        settings(**values)
    problems = refused.value.errors()
    assert [problem["loc"] for problem in problems] == [(name,)]
    message = problems[0]["msg"]
    assert reason in message and "\n" not in message
    assert "hunter2" not in message  # a database password is never echoed


def test_good_settings_pass():
    good = settings(database_url="postgresql://u:p@db.example.com/widget", amo_dev_origins="http://127.0.0.1:5173, https://localhost:5173/",
                    amo_dev_account="31415926:example.kommo.com")
    assert good.async_database_url == "postgresql+asyncpg://u:p@db.example.com/widget"
    assert good.amo_dev_origins == ["http://127.0.0.1:5173", "https://localhost:5173"]
    assert good.dev_account == (31415926, "example.kommo.com")
    assert settings(database_url="sqlite:///./backend.db").async_database_url == "sqlite+aiosqlite:///./backend.db"


def test_the_public_test_secret_is_refused_off_this_machine():
    """.env.example's secret is the emulator's, public in every generated project: a backend
    reachable from elsewhere that kept it would accept anyone's X-Auth-Token."""
    example = (Path(__file__).parent.parent / ".env.example").read_text(encoding="utf-8")
    assert f"\nAMO_CLIENT_SECRET={PUBLIC_TEST_SECRET}\n" in example
    with pytest.raises(ValidationError) as refused:
        settings(amo_client_secret=PUBLIC_TEST_SECRET, amo_redirect_uri="https://widget.example.com/oauth/callback")
    message = refused.value.errors()[0]["msg"]
    assert "public test secret" in message and "\n" not in message
    for local in ("http://127.0.0.1:8000/oauth/callback", "http://localhost:8000/oauth/callback"):
        assert settings(amo_client_secret=PUBLIC_TEST_SECRET, amo_redirect_uri=local).amo_client_secret == PUBLIC_TEST_SECRET


def test_a_misspelt_name_in_env_is_named_with_the_setting_it_meant(tmp_path):
    env = tmp_path / ".env"
    env.write_text("AMO_CLIENT_ID=x\nAMO_JTI_REPLY=enforce\nDATABASE_UR=postgresql://db/app\nAMO_WHATEVER=1\n"
                   "OTHER_TOOL=1\n", encoding="utf-8")
    lines = unknown_settings(str(env))
    assert lines[0] == "AMO_JTI_REPLY is not a setting, so it is ignored; did you mean AMO_JTI_REPLAY?"
    assert lines[1] == "DATABASE_UR is not a setting, so it is ignored; did you mean DATABASE_URL?"
    assert lines[2].startswith("AMO_WHATEVER is not a setting, so it is ignored; the settings are AMO_CLIENT_ID, ")
    assert len(lines) == 3  # names of other tools are theirs
    assert unknown_settings(str(tmp_path / "missing.env")) == []
