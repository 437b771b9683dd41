"""Which hosts are CRM accounts: the one rule CORS, the OAuth referer, `iss` and Salesbot's
return_url share.

Account pages live at https://<subdomain>.amocrm.ru, .amocrm.com or .kommo.com
(developers.kommo.com/docs/oauth-20, amocrm.ru/developers/content/oauth/step-by-step).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

CRM_DOMAINS = ("amocrm.ru", "amocrm.com", "kommo.com")

_HOST = re.compile(r"^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.(amocrm\.ru|amocrm\.com|kommo\.com)$")
# For Starlette's CORSMiddleware: an account's page origin.
CRM_ORIGIN_REGEX = r"^https://[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.(?:amocrm\.ru|amocrm\.com|kommo\.com)$"


def account_host(host: str) -> tuple[str, str] | None:
    """'example.amocrm.ru' → ('example', 'amocrm.ru'); None for any host that is not a CRM
    account's (www.amocrm.ru and the bare domains included)."""
    match = _HOST.match(host.strip().lower()) if isinstance(host, str) else None
    if not match or match.group(1) == "www":
        return None
    return match.group(1), match.group(2)


def account_origin(url: str) -> tuple[str, str] | None:
    """'https://example.amocrm.ru' (no path, query, port or user) → (subdomain, domain); None
    otherwise."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme != "https" or port is not None or parts.username or parts.password:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    return account_host(parts.hostname or "")
