"""Verifies the two tokens the CRM signs with the integration's client secret.

- X-Auth-Token, the header `self.$authorizedAjax` adds: a JWT, HS256; claims iss, aud, jti, iat,
  nbf, exp, client_uuid, subdomain, account_id, user_id, is_admin
  (developers.kommo.com/docs/one-time-tokens; amocrm-api-php parseDisposableToken).
- The Salesbot widget_request token: a JWT, HS512; claims client_uuid, iss, subdomain,
  account_id, entity_id, entity_type, bot_type, exp
  (developers.kommo.com/reference/salesbot-widget-block-execution-confirmation;
  amocrm-api-php parseBotDisposableToken).

Both functions take the raw token and Settings and return the verified claims (dict), or raise
TokenError with a one-line reason. They check only what the token itself says; whether the
account is installed and the jti is fresh is checked by auth.py against the database.
"""

from __future__ import annotations

import time

import jwt

from widget_backend.domains import account_origin
from widget_backend.forms import MAX_ID
from widget_backend.settings import Settings


# The CRM's tokens live 30 minutes (X-Auth-Token) or less; a later exp is not the CRM's, and would
# keep its jti in the database for ever.
MAX_LIFETIME = 86400


class TokenError(Exception):
    """A token refused; str(error) is one line saying why."""


def _decode(token: str, secret: str, algorithm: str, *, leeway: int, audience: str | None,
            required: list[str]) -> dict:
    if not token or not isinstance(token, str):
        raise TokenError("no token")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        raise TokenError("the token is not a JWT (three base64url parts)") from None
    # The list is pinned: "none", RS*/ES* (key confusion) and the other HS sizes are refused
    # before any key is used.
    if header.get("alg") != algorithm:
        raise TokenError(f"algorithm {header.get('alg')!r} refused: only {algorithm} is accepted")
    try:
        return jwt.decode(
            token, secret, algorithms=[algorithm], audience=audience, leeway=leeway,
            options={"require": required, "verify_aud": audience is not None},
        )
    except jwt.MissingRequiredClaimError as error:
        raise TokenError(f"the token has no {error.claim!r} claim") from None
    except jwt.ExpiredSignatureError:
        raise TokenError("the token has expired (exp is past)") from None
    except jwt.ImmatureSignatureError:
        raise TokenError("the token is not valid yet (iat or nbf is in the future)") from None
    except jwt.InvalidAudienceError:
        raise TokenError(f"the token's aud is not {audience!r} (the scheme and host of AMO_REDIRECT_URI)") from None
    except jwt.InvalidSignatureError:
        raise TokenError("bad signature: the token was not signed with AMO_CLIENT_SECRET") from None
    except jwt.InvalidTokenError as error:
        raise TokenError(f"invalid token: {error}") from None


def _check_account_claims(claims: dict, settings: Settings) -> None:
    if isinstance(claims["exp"], bool) or not isinstance(claims["exp"], (int, float)):
        raise TokenError("exp is not a number (seconds since 1970)")
    if claims["exp"] > time.time() + MAX_LIFETIME:
        raise TokenError(f"exp is more than {MAX_LIFETIME // 3600} hours away: the CRM's tokens live 30 minutes")
    origin = account_origin(claims.get("iss"))
    if origin is None:
        raise TokenError(f"iss {claims.get('iss')!r} is not a CRM account's address (https://<subdomain>.amocrm.ru, .amocrm.com or .kommo.com)")
    if claims.get("subdomain") != origin[0]:
        raise TokenError(f"subdomain {claims.get('subdomain')!r} does not agree with iss {claims.get('iss')!r}")
    if claims.get("client_uuid") != settings.amo_client_id:
        raise TokenError("client_uuid is not this integration's id (AMO_CLIENT_ID)")
    account_id = claims.get("account_id")
    if isinstance(account_id, bool) or not isinstance(account_id, int) or not 0 < account_id <= MAX_ID:
        raise TokenError("account_id is missing or not a positive integer")


def verify_widget_token(token: str, settings: Settings) -> dict:
    """The verified claims of an X-Auth-Token; raises TokenError."""
    claims = _decode(
        token, settings.amo_client_secret, "HS256", leeway=settings.amo_token_leeway,
        audience=settings.audience,
        required=["exp", "iat", "jti", "iss", "aud", "client_uuid", "subdomain", "account_id"],
    )
    _check_account_claims(claims, settings)
    if not isinstance(claims["jti"], str) or not claims["jti"] or len(claims["jti"]) > 255:
        raise TokenError("jti is not a non-empty string")
    return claims


def verify_salesbot_token(token: str, settings: Settings) -> dict:
    """The verified claims of a Salesbot widget_request token; raises TokenError."""
    claims = _decode(
        token, settings.amo_client_secret, "HS512", leeway=settings.amo_token_leeway, audience=None,
        required=["exp", "iss", "client_uuid", "subdomain", "account_id"],
    )
    _check_account_claims(claims, settings)
    return claims
