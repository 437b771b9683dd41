"""Refresh tokens are single-use: however many workers want a fresh access token at once, exactly
one refresh request leaves, and every worker ends with the token it brought back."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import respx

from conftest import ACCOUNT_ID, HOST, database_name, install_account, token_answer
from widget_backend.accounts import get_account
from widget_backend.oauth import access_token

pytestmark = pytest.mark.anyio

WORKER = Path(__file__).parent / "refresh_worker.py"


def run_workers(database_url: str, folder: Path, *flags: str, count: int = 2) -> list[dict]:
    workers = [subprocess.Popen([sys.executable, str(WORKER), database_url, str(folder), str(count), *flags],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(count)]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


async def test_two_worker_processes_send_exactly_one_refresh(engine, database_url, tmp_path):
    await install_account(engine, tokens=token_answer("old"), expires_in=10)
    results = await asyncio.to_thread(run_workers, database_url, tmp_path)
    print(f"database: {database_name()}; refreshes per worker: {[r['refreshes'] for r in results]}")
    assert sum(r["refreshes"] for r in results) == 1, results
    assert [r["error"] for r in results] == [None, None]
    stored = await get_account(engine, ACCOUNT_ID)
    assert [r["token"] for r in results] == [stored.access_token] * 2
    assert stored.refresh_token.startswith("refresh-new-1-")


async def test_without_the_lock_both_workers_would_refresh(engine, database_url, tmp_path):
    """The control: the same two workers without the database lock both send the old refresh
    token (and on SQLite one of them then fails to store its pair) - the race the lock prevents is
    real in this setup."""
    await install_account(engine, tokens=token_answer("old"), expires_in=10)
    results = await asyncio.to_thread(run_workers, database_url, tmp_path, "--no-lock")
    assert sum(r["refreshes"] for r in results) == 2, results
    assert [r["refresh_tokens_sent"] for r in results] == [["refresh-old"], ["refresh-old"]]


async def test_concurrent_calls_in_one_process_send_one_refresh(app, engine):
    await install_account(engine, tokens=token_answer("old"), expires_in=10)
    calls = []

    async def refresh(request):  # noqa: ANN001
        calls.append(request)
        await asyncio.sleep(0.3)
        return httpx.Response(200, json=token_answer("new"))

    with respx.mock() as crm:
        crm.post(f"https://{HOST}/oauth2/access_token").mock(side_effect=refresh)
        tokens = await asyncio.gather(*(access_token(engine, app.state.settings, app.state.http, ACCOUNT_ID) for _ in range(5)))
    assert len(calls) == 1
    assert len(set(tokens)) == 1
