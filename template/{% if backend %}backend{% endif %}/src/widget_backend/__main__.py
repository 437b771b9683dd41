"""The backend's command line (`python -m widget_backend ...`, from backend/ where .env is):

    serve [--host 127.0.0.1] [--port 8000] [--workers 1] [--reload]   run it (uvicorn)
    samples [--url http://127.0.0.1:8000] [--skip exchange,...]          post sample CRM requests
    register-account ID HOST      mark an account installed without OAuth (development only)
    revoke ID                     forget an account's tokens

Bad settings print one line per setting and exit 2; so do a database that cannot be opened and
an address that cannot be listened on (a port in use).
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import socket
import sys
from functools import cache
from pathlib import Path

from pydantic import ValidationError


@cache  # read once: its warnings print once
def _settings():
    from widget_backend.settings import get_settings, unknown_settings

    try:
        for line in unknown_settings():
            print(f"widget_backend: backend/.env: {line}", file=sys.stderr)
        return get_settings()
    except UnicodeDecodeError:
        print("widget_backend: backend/.env is not UTF-8 text: save it as UTF-8 (see .env.example)", file=sys.stderr)
        sys.exit(2)
    except ValidationError as error:
        if not Path(".env").is_file() and Path("backend", ".env").is_file():
            # settings.py reads .env from the current folder: the project's root is one too high.
            print("widget_backend: there is no .env in this folder: run the backend from backend/ (cd backend), "
                  "where its .env is, or with npm run backend", file=sys.stderr)
        elif not Path(".env").is_file():
            print("widget_backend: backend/.env does not exist: copy .env.example to .env (npm run backend:install does)", file=sys.stderr)
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"]).upper()
            message = problem["msg"].removeprefix("Value error, ")
            where = f"setting {name}: " if name else ""
            print(f"widget_backend: {where}{message} (set it in backend/.env or the environment; see .env.example)", file=sys.stderr)
        sys.exit(2)


def _check_port(host: str, port: int) -> None:
    """Exits 2 with one line when `host`:`port` cannot be listened on (most often: a backend still
    running there), before uvicorn would start the app and then fail with its own error."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind((host, port))
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.EADDRINUSE:
            reason = "the port is in use (a backend still running? stop it, or take another port: " \
                     f"npm run backend -- --port {port + 1}, then BACKEND_DEV_URL=http://127.0.0.1:{port + 1} npm run dev)"
        print(f"widget_backend: cannot listen on {host}:{port}: {reason}", file=sys.stderr)
        sys.exit(2)


def _database(job=None) -> None:  # noqa: ANN001
    """Opens the database (creating its tables) and runs `job(engine)`; a database that cannot be
    opened prints one line and exits 2 instead of a traceback from every worker."""
    from sqlalchemy.engine import make_url

    try:
        asyncio.run(_on_db(job or _nothing))
    except Exception as error:  # noqa: BLE001  (the driver's own errors: OSError, DBAPIError, ...)
        where = make_url(_settings().database_url).render_as_string(hide_password=True)
        cause = getattr(error, "orig", None) or error
        reason = " ".join(str(cause).split()) or cause.__class__.__name__
        print(f"widget_backend: setting DATABASE_URL: the database {where} cannot be opened: {reason[:300]}", file=sys.stderr)
        sys.exit(2)


async def _nothing(_engine) -> None:  # noqa: ANN001
    return None


async def _on_db(job) -> None:  # noqa: ANN001
    from widget_backend.db import create_tables, make_engine

    engine = make_engine(_settings().async_database_url)
    try:
        await create_tables(engine)
        await job(engine)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widget_backend", description="The widget's backend.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the backend with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--reload", action="store_true")
    samples = commands.add_parser("samples", help="post sample CRM requests to a running backend")
    samples.add_argument("--url", default="http://127.0.0.1:8000")
    samples.add_argument("--skip", default="", help="comma-separated: dp, webhook, salesbot, sms, install, exchange, uninstall")
    register = commands.add_parser("register-account", help="mark an account installed without OAuth (development)")
    register.add_argument("account_id", type=int)
    register.add_argument("host")
    revoke = commands.add_parser("revoke", help="forget an account's tokens")
    revoke.add_argument("account_id", type=int)
    args = parser.parse_args(argv)

    settings = _settings()
    if args.command == "serve":
        import uvicorn

        _database()
        _check_port(args.host, args.port)
        uvicorn.run("widget_backend.asgi:app", host=args.host, port=args.port, workers=args.workers,
                    reload=args.reload, proxy_headers=True)
        return 0
    if args.command == "samples":
        from widget_backend.samples import post_samples

        return post_samples(args.url, settings, skip={item.strip() for item in args.skip.split(",") if item.strip()})
    if args.command == "register-account":
        from widget_backend.accounts import save_install
        from widget_backend.domains import account_host

        if not account_host(args.host):
            print(f"widget_backend: {args.host!r} is not a CRM account's host, e.g. example.amocrm.ru", file=sys.stderr)
            return 2
        _database(lambda engine: save_install(engine, args.account_id, args.host.lower(), None))
        print(f"account {args.account_id} ({args.host}) registered as installed")
        return 0
    from widget_backend.accounts import revoke as revoke_account

    _database(lambda engine: revoke_account(engine, args.account_id))
    print(f"account {args.account_id}: revoked, tokens forgotten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
