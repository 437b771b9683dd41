"""X-Auth-Token as a FastAPI dependency: any route that takes `claims: WidgetClaims` runs only
for a request the widget made with self.$authorizedAjax, and gets the token's verified claims.

    @router.get("/api/widget/leads")
    async def leads(claims: WidgetClaims): ...      # claims["account_id"], claims["user_id"], ...

Refused requests get 401 {"detail": "<one line: why>"}. Checks: tokens.verify_widget_token, then
the account is installed and not revoked, then the jti replay check (AMO_JTI_REPLAY: off / warn /
enforce; the platform does not document whether $authorizedAjax reuses a token across calls).
"""

from __future__ import annotations

import logging
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Header, HTTPException, Request

from widget_backend.accounts import get_account, remember_jti
from widget_backend.db import INSTALLED
from widget_backend.tokens import TokenError, verify_widget_token

log = logging.getLogger("widget_backend.auth")


def refuse(reason: str) -> HTTPException:
    return HTTPException(status_code=401, detail=reason, headers={"WWW-Authenticate": "X-Auth-Token"})


async def widget_claims(request: Request, x_auth_token: Annotated[str | None, Header()] = None) -> dict:
    """The verified claims of the request's X-Auth-Token; raises a 401 HTTPException."""
    settings, engine = request.app.state.settings, request.app.state.engine
    if not x_auth_token:
        raise refuse("no X-Auth-Token header: call this route with self.$authorizedAjax")
    try:
        claims = verify_widget_token(x_auth_token, settings)
    except TokenError as error:
        raise refuse(f"X-Auth-Token refused: {error}") from None
    account = await get_account(engine, claims["account_id"])
    if account is None:
        raise refuse(f"account {claims['account_id']} has not installed the integration")
    if account.status != INSTALLED:
        raise refuse(f"account {claims['account_id']} revoked the integration")
    if urlsplit(claims["iss"]).hostname != account.host:
        raise refuse(f"iss {claims['iss']!r} is not account {claims['account_id']}'s address ({account.host})")
    mode = settings.amo_jti_replay
    if mode != "off" and not await remember_jti(engine, claims["jti"], int(claims["exp"])):
        if mode == "enforce":
            raise refuse("X-Auth-Token reused (its jti was seen before); AMO_JTI_REPLAY=enforce refuses it")
        log.warning("X-Auth-Token reused: jti %s of account %s seen before", claims["jti"], claims["account_id"])
    return claims


WidgetClaims = Annotated[dict, Depends(widget_claims)]
