"""One worker process of the concurrent-refresh test (test_refresh_race.py):

    python refresh_worker.py DATABASE_URL BARRIER_DIR WORKERS [--no-lock]

Once imported, says so in BARRIER_DIR and waits until all WORKERS have (so the processes start
together however long each took to start), then asks for the account's access token (its stored one is about to
expire, so the worker wants a refresh), with the CRM's token endpoint stubbed by respx: a refresh
takes 1 s, so two unsynchronised workers would both send one. Prints JSON {"token": the access
token it got (or null and "error"), "refreshes": how many refresh requests this process sent}. --no-lock removes the
database lock (the control run that shows the test can fail).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from contextlib import asynccontextmanager
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parent.parent / "src")]

import httpx  # noqa: E402
import respx  # noqa: E402

from conftest import CLIENT_ID, HOST, REDIRECT_URI, SECRET, token_answer  # noqa: E402
from widget_backend import oauth  # noqa: E402
from widget_backend.db import make_engine, session_factory  # noqa: E402
from widget_backend.settings import Settings  # noqa: E402


def without_lock() -> None:
    from sqlalchemy.sql import Select

    Select.with_for_update = lambda self, *args, **kwargs: self

    @asynccontextmanager
    async def plain(engine):  # noqa: ANN001
        async with session_factory(engine)() as session, session.begin():
            yield session

    oauth.locked = plain


def barrier(folder: Path, workers: int) -> None:
    (folder / f"ready-{os.getpid()}").touch()
    deadline = time.time() + 60
    while len(list(folder.glob("ready-*"))) < workers and time.time() < deadline:
        time.sleep(0.01)


async def main(url: str, folder: Path, workers: int) -> dict:
    settings = Settings(_env_file=None, amo_client_id=CLIENT_ID, amo_client_secret=SECRET,
                        amo_redirect_uri=REDIRECT_URI, database_url=url)
    engine = make_engine(settings.async_database_url)
    refreshes = []

    async def refresh(request: httpx.Request) -> httpx.Response:
        refreshes.append(json.loads(request.content)["refresh_token"])
        await asyncio.sleep(1.0)
        return httpx.Response(200, json=token_answer(f"new-{len(refreshes)}-{id(refreshes)}"))

    async with httpx.AsyncClient() as http:
        with respx.mock(assert_all_called=False) as crm:
            crm.post(f"https://{HOST}/oauth2/access_token").mock(side_effect=refresh)
            barrier(folder, workers)
            try:
                token, error = await oauth.access_token(engine, settings, http, 31415926), None
            except Exception as problem:  # noqa: BLE001  (reported: the control run expects some)
                token, error = None, f"{problem.__class__.__name__}: {str(problem).splitlines()[0]}"
    await engine.dispose()
    return {"token": token, "error": error, "refreshes": len(refreshes), "refresh_tokens_sent": refreshes}


if __name__ == "__main__":
    if "--no-lock" in sys.argv:
        without_lock()
    print(json.dumps(asyncio.run(main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])))))
