"""The install and uninstall routes.

    GET /oauth/callback   the integration's redirect URI (AMO_REDIRECT_URI): ?code, referer,
                          state, client_id, from_widget. The referer must be a CRM account's
                          host; the code is exchanged at that host and the tokens stored under
                          the account's id.
    GET|POST /oauth/revoked?account_id=N   the "access revoked" notification. Its parameters
                          are not documented and it is unsigned, so it only triggers a check: the
                          account is marked revoked when the CRM itself refuses its tokens.

About `state`: the tokens are stored under the account they belong to, so a forged callback can
only install the forger's own account; state is logged, not required (the platform sends none for
installs from the account's settings, and the official example skips it with from_widget).
"""

from __future__ import annotations

import html
import logging

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse

from widget_backend.accounts import end_lease, get_account, revoke, take_lease
from widget_backend.db import INSTALLED
from widget_backend.domains import account_host
from widget_backend.forms import BodyError, parse_body, positive_id
from widget_backend.inbound import read_raw
from widget_backend.oauth import NotInstalled, OAuthError, install

log = logging.getLogger("widget_backend.install")
router = APIRouter()


def page(status: int, text: str) -> HTMLResponse:
    body = f"<!doctype html><meta charset=utf-8><title>Integration</title><p>{html.escape(text, quote=False)}</p>"
    return HTMLResponse(body, status_code=status)


@router.get("/oauth/callback")
async def callback(request: Request, code: str = "", referer: str = "", state: str = "",
                   client_id: str = "", from_widget: str = ""):
    settings = request.app.state.settings
    host = referer.strip().lower()
    if not account_host(host):
        return page(400, f"referer {referer[:100]!r} is not a CRM account's host (<subdomain>.amocrm.ru, .amocrm.com or .kommo.com)")
    if client_id and client_id != settings.amo_client_id:
        return page(400, "client_id is not this integration's id (AMO_CLIENT_ID)")
    if not code or len(code) > 4096:
        return page(400, "no authorization code: open the install from the CRM again")
    try:
        account = await install(request.app.state.engine, settings, request.app.state.http, code, host)
    except OAuthError as error:
        log.warning("install from %s failed: %s", host, error)
        return page(502, f"The install did not complete: {error}")
    log.info("install: account %s from %s (state %r, from_widget %r)", account.account_id, host, state[:64], from_widget[:8])
    return page(200, f"The integration is installed for {host}. You can close this window.")


@router.api_route("/oauth/revoked", methods=["GET", "POST"])
async def revoked(request: Request, background: BackgroundTasks):
    values = dict(request.query_params)
    if request.method == "POST":
        try:
            body = parse_body(await read_raw(request), request.headers.get("content-type", ""))
        except BodyError as problem:
            return page(400, f"revocation notice: {problem}")
        values.update({key: value for key, value in body.items() if isinstance(value, (str, int))})
    account_id = positive_id(values.get("account_id"))
    if account_id is None:
        return page(400, "account_id is missing or not a number")
    # The notice is unsigned: a flood of them for one account must not queue a check each (every
    # check takes a slot of the account's REST rate limit): one at a time across every worker
    # process, the rest answered at once.
    if not await take_lease(request.app.state.engine, _lease(account_id), CHECK_LEASE):
        return {"accepted": True, "already_checking": True}
    background.add_task(_confirm_once, request.app.state, account_id)
    return {"accepted": True}


# Seconds a revocation check may hold its account's lease; one that dies frees it after this.
CHECK_LEASE = 300


def _lease(account_id: int) -> str:
    return f"revocation-check:{account_id}"


async def _confirm_once(state, account_id: int) -> None:  # noqa: ANN001
    try:
        await confirm_revocation(state, account_id)
    finally:
        await end_lease(state.engine, _lease(account_id))


async def confirm_revocation(state, account_id: int) -> bool:  # noqa: ANN001
    """Asks the CRM whether the account's tokens still work; when it refuses them, the account is
    marked revoked (oauth.access_token does that when the refresh token is refused). True if revoked.
    An account without OAuth tokens (AMO_DEV_ACCOUNT, register-account) has nothing the CRM could
    refuse: the unsigned notice is ignored, or anyone could log the preview's account out."""
    account = await get_account(state.engine, account_id)
    if account is None or account.status != INSTALLED:
        return account is not None  # unknown: nothing to revoke; revoked already: nothing to ask
    if not account.refresh_token:
        log.warning("revocation notice for account %s, which has no OAuth tokens (a development account): ignored", account_id)
        return False
    try:
        await state.crm.request(account_id, "GET", "/api/v4/account")
    except NotInstalled:
        await revoke(state.engine, account_id)
        log.info("account %s revoked the integration", account_id)
        return True
    except Exception as error:  # noqa: BLE001  (the CRM unreachable: nothing changes)
        log.warning("revocation check for account %s failed: %s", account_id, error)
        return False
    log.warning("revocation notice for account %s, but the CRM still accepts its token: ignored", account_id)
    return False
