"""The web application: `create_app()` → FastAPI app.

Routes: GET /healthz, GET /api/widget/me (the widget's example route, X-Auth-Token verified),
install.py (OAuth), inbound.py (digital pipeline, webhooks, Salesbot, sms). CORS answers only the
CRM accounts' pages (https://*.amocrm.ru, *.amocrm.com, *.kommo.com) and AMO_DEV_ORIGINS, and
allows the X-Auth-Token header.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import text

from widget_backend import inbound, install
from widget_backend.accounts import get_account, save_install
from widget_backend.auth import WidgetClaims
from widget_backend.crm import CrmClient
from widget_backend.db import create_tables, make_engine
from widget_backend.domains import CRM_ORIGIN_REGEX
from widget_backend.settings import Settings, get_settings

log = logging.getLogger("widget_backend")


class LoggedCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware that also logs why it refused a preflight: the browser shows the
    widget only "blocked by CORS policy", and the access log only a 400."""

    def preflight_response(self, request_headers):  # noqa: ANN001, ANN201
        response = super().preflight_response(request_headers)
        if response.status_code == 400:
            log.warning("CORS: refused the preflight of %r (%s): allowed are CRM account pages and AMO_DEV_ORIGINS "
                        "(backend/.env; add the preview's address when npm run dev runs on another port)",
                        request_headers.get("origin", "")[:100], bytes(response.body).decode(errors="replace"))
        return response


def create_app(settings: Settings | None = None, http: httpx.AsyncClient | None = None) -> FastAPI:
    """The app for these settings (default: the environment's). `http` replaces the client used
    for the CRM (tests pass one); the database's tables are created at start."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        engine = make_engine(settings.async_database_url)
        client = http or httpx.AsyncClient()
        await create_tables(engine)
        if settings.dev_account:
            account_id, host = settings.dev_account
            existing = await get_account(engine, account_id)
            if existing is None or existing.status != "installed":
                await save_install(engine, account_id, host, None)
                log.warning("AMO_DEV_ACCOUNT: account %s (%s) registered as installed, without tokens", account_id, host)
        app.state.settings, app.state.engine, app.state.http = settings, engine, client
        app.state.crm = CrmClient(engine, settings, client)
        try:
            yield
        finally:
            if http is None:
                await client.aclose()
            await engine.dispose()

    app = FastAPI(title="Widget backend", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(
        LoggedCORSMiddleware,
        allow_origin_regex=CRM_ORIGIN_REGEX,
        allow_origins=settings.amo_dev_origins,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["X-Auth-Token", "Content-Type"],
        max_age=600,
    )

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return JSONResponse({"detail": f"{where}: {first.get('msg', 'invalid request')}"}, status_code=422)

    @app.get("/healthz")
    async def healthz(request: Request):
        """200 when the database answers; 503 with one line otherwise (for a load balancer)."""
        engine = request.app.state.engine
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:  # noqa: BLE001  (any driver's failure means "not healthy")
            cause = getattr(error, "orig", None) or error
            log.warning("healthz: the database does not answer: %s", " ".join(str(cause).split())[:300])
            return JSONResponse({"status": "error", "database": engine.dialect.name,
                                 "detail": "the database does not answer (see the backend's log)"}, status_code=503)
        return {"status": "ok", "database": engine.dialect.name}

    @app.get("/api/widget/me")
    async def me(claims: WidgetClaims):
        """The verified claims of the caller's X-Auth-Token (the widget's scaffold calls this)."""
        return {"claims": claims}

    app.include_router(install.router)
    app.include_router(inbound.router)
    return app
