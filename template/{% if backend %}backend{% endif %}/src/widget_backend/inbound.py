"""What the CRM posts to the backend. Each route answers at once and leaves the work to
handlers.py in the background (the CRM waits a few seconds at most; webhooks are resent until
they get a 2xx).

    POST /api/dp        digital pipeline action (manifest dp.webhook_url), JSON or form
    POST /api/webhooks  entity webhooks, bracketed form keys, deduplicated
    POST /api/salesbot  Salesbot widget_request {token, data, return_url}, each step continued once
    POST /api/sms       the sms location (manifest sms.endpoint): a stub, format undocumented
"""

from __future__ import annotations

import hashlib
import logging
import re
from urllib.parse import urlsplit

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse

from widget_backend import handlers
from widget_backend.accounts import get_account, remember_event
from widget_backend.crm import CrmError
from widget_backend.db import INSTALLED
from widget_backend.forms import MAX_BODY, BodyError, parse_body, positive_id
from widget_backend.oauth import OAuthError
from widget_backend.tokens import TokenError, verify_salesbot_token

log = logging.getLogger("widget_backend.inbound")
router = APIRouter()

# The only URL a bot is continued at: the account's own host, this path, nothing else (no port,
# user, query or trailing whitespace - the URL is compared as text, never parsed leniently).
_CONTINUE_PATH = re.compile(r"/api/v4/salesbot/[0-9]+/continue/[0-9]+")


def error(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"detail": reason}, status_code=status)


async def read_raw(request: Request) -> bytes:
    """The request's body, read no further than MAX_BODY bytes; raises BodyError beyond."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise BodyError(f"the body is larger than {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _read(request: Request) -> dict:
    return parse_body(await read_raw(request), request.headers.get("content-type", ""))


class Refused(Exception):
    """A request refused: status and a one-line reason."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


async def _installed_account(request: Request, kind: str) -> tuple[dict, int, bytes]:
    """Reads a digital pipeline action ("dp") or a webhook ("webhook") and finds the account it is
    for: (payload, account id, raw body); raises Refused (400 for a body that cannot be read, 403
    for an account that has not installed the integration)."""
    what = {"dp": "digital pipeline request", "webhook": "webhook"}[kind]
    try:
        raw = await read_raw(request)
        payload = parse_body(raw, request.headers.get("content-type", ""))
    except BodyError as problem:
        raise Refused(400, f"{what}: {problem}") from None
    # The digital pipeline names the account at the top; webhooks in account[id].
    holder = payload if kind == "dp" else payload.get("account")
    claimed = holder.get("account_id" if kind == "dp" else "id") if isinstance(holder, dict) else None
    account_id = positive_id(claimed)
    account = await get_account(request.app.state.engine, account_id) if account_id else None
    if account is None or account.status != INSTALLED:
        raise Refused(403, f"{what} for account {repr(claimed)[:40]}, which has not installed the integration")
    return payload, account_id, raw


async def _run(what: str, job) -> None:  # noqa: ANN001
    try:
        await job
    except (OAuthError, CrmError) as failure:  # the CRM's refusal: one line says it all
        log.warning("%s failed: %s", what, failure)
    except Exception:  # a handler's own failure is logged with its traceback; the CRM already has its answer
        log.exception("%s failed", what)


@router.post("/api/dp", status_code=202)
async def dp_action(request: Request, background: BackgroundTasks):
    try:
        payload, account_id, _raw = await _installed_account(request, "dp")
    except Refused as refused:
        return error(refused.status, refused.reason)
    background.add_task(_run, "digital pipeline action", handlers.on_dp_action(request.app.state.crm, account_id, payload))
    return {"accepted": True}


@router.post("/api/webhooks")
async def webhook(request: Request, background: BackgroundTasks):
    try:
        payload, account_id, raw = await _installed_account(request, "webhook")
    except Refused as refused:
        return error(refused.status, refused.reason)
    # A resent delivery carries the same body: one hash per account and body.
    key = hashlib.sha256(b"%d\n" % account_id + raw).hexdigest()
    if not await remember_event(request.app.state.engine, key, "webhook"):
        return {"accepted": False, "duplicate": True}
    background.add_task(_run, "webhook", handlers.on_webhook(request.app.state.crm, account_id, payload))
    return {"accepted": True}


@router.post("/api/salesbot")
async def salesbot(request: Request, background: BackgroundTasks):
    try:
        payload = await _read(request)
        token = str(payload.get("token") or "")
        claims = verify_salesbot_token(token, request.app.state.settings)
    except BodyError as problem:
        return error(400, f"Salesbot request: {problem}")
    except TokenError as problem:
        return error(401, f"Salesbot token refused: {problem}")
    account = await get_account(request.app.state.engine, claims["account_id"])
    if account is None or account.status != INSTALLED:
        return error(403, f"Salesbot request for account {claims['account_id']}, which has not installed the integration")
    return_url = payload.get("return_url")
    account_host = urlsplit(claims["iss"]).hostname
    # The bot is continued with the account's OAuth token: only ever on that account's own host.
    prefix = f"https://{account_host}"
    if not (isinstance(return_url, str) and return_url.startswith(prefix) and _CONTINUE_PATH.fullmatch(return_url[len(prefix):])):
        return error(400, f"Salesbot return_url {repr(return_url)[:120]} is not https://{account_host}/api/v4/salesbot/<bot>/continue/<id>")
    # The token has no jti and the body's data is not signed: the same token posted again for the
    # same step (a replay with other data, or a resend) continues the bot once, not twice.
    key = hashlib.sha256(f"{return_url}\n{token}".encode()).hexdigest()
    if not await remember_event(request.app.state.engine, key, "salesbot"):
        return {"accepted": False, "duplicate": True}
    data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
    background.add_task(_continue_bot, request.app.state.crm, claims, data, return_url)
    return {"accepted": True}


async def _continue_bot(crm, claims: dict, data: dict, return_url: str) -> None:  # noqa: ANN001
    async def job() -> None:
        body = await handlers.on_salesbot_request(crm, claims, data)
        await crm.request(claims["account_id"], "POST", return_url, json=body)
    await _run(f"Salesbot continue for account {claims['account_id']}", job())


@router.post("/api/sms")
async def sms(request: Request, background: BackgroundTasks):
    try:
        payload = await _read(request)
    except BodyError as problem:
        return error(400, f"sms request: {problem}")
    background.add_task(_run, "sms", handlers.on_sms(payload))
    return {"accepted": True}
