"""Posts sample CRM requests to a running backend and says what each got back: a digital pipeline
action (JSON and form), an entity webhook twice (the second is a duplicate), a Salesbot
widget_request with a token signed like the CRM's, twice (the second continues nothing), an sms request, an install with a refused
referer and one from the development account, and an uninstall notice.

The samples are for the account in AMO_DEV_ACCOUNT (the preview's). The install sample's code is
made up: the CRM refuses it, so the backend answers 502 - that is the expected outcome.
"""

from __future__ import annotations

import time
import uuid

import httpx
import jwt

from widget_backend.settings import Settings


def salesbot_token(settings: Settings, account_id: int, host: str, lifetime: int = 300) -> str:
    """A Salesbot widget_request token as the CRM signs it (HS512, client secret)."""
    now = int(time.time())
    claims = {"iss": f"https://{host}", "subdomain": host.split(".")[0], "account_id": account_id,
              "client_uuid": settings.amo_client_id, "entity_id": 7001, "entity_type": "lead",
              "bot_type": "salesbot", "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, settings.amo_client_secret, algorithm="HS512")


def requests_for(settings: Settings, account_id: int, host: str) -> list[tuple[str, str, str, str, dict, int]]:
    """(kind, name, method, path, httpx keyword arguments, expected status) for each sample."""
    sub = host.split(".")[0]
    dp = {"event": {"type": 1, "type_code": "lead_status_changed", "data": {"id": 7001, "element_type": 2,
          "status_id": 142, "pipeline_id": 4242}, "time": int(time.time())},
          "action": {"settings": {"widget": {"settings": {}}}}, "subdomain": sub, "account_id": account_id}
    hook = {"leads[status][0][id]": "7001", "leads[status][0][status_id]": "142",
            "leads[status][0][pipeline_id]": "4242", "account[id]": str(account_id), "account[subdomain]": sub,
            "sample": uuid.uuid4().hex}
    form_dp = {"event[type]": "1", "event[data][id]": "7001", "subdomain": sub, "account_id": str(account_id)}
    # A step of its own per run: a run in the same second as the last is not taken for a resend.
    bot = {"token": salesbot_token(settings, account_id, host), "data": {"phone": "+15550100"},
           "return_url": f"https://{host}/api/v4/salesbot/11/continue/{uuid.uuid4().int % 10**9}"}
    return [
        ("dp", "digital pipeline (JSON)", "POST", "/api/dp", {"json": dp}, 202),
        ("dp", "digital pipeline (form)", "POST", "/api/dp", {"data": form_dp}, 202),
        ("webhook", "webhook", "POST", "/api/webhooks", {"data": hook}, 200),
        ("webhook", "webhook again (duplicate)", "POST", "/api/webhooks", {"data": hook}, 200),
        ("salesbot", "Salesbot widget_request", "POST", "/api/salesbot", {"json": bot}, 200),
        ("salesbot", "Salesbot widget_request again (duplicate)", "POST", "/api/salesbot", {"json": bot}, 200),
        ("sms", "sms", "POST", "/api/sms", {"json": {"phone": "+15550100", "message": "Hello"}}, 200),
        ("install", "install from a host that is not a CRM account", "GET", "/oauth/callback",
         {"params": {"code": "sample", "referer": "evil.example.com"}}, 400),
        ("exchange", "install (made-up code: the CRM refuses it)", "GET", "/oauth/callback",
         {"params": {"code": "sample-code", "referer": host, "state": "sample", "from_widget": "1"}}, 502),
        ("uninstall", "uninstall notice", "POST", "/oauth/revoked", {"data": {"account_id": str(account_id)}}, 200),
    ]


def post_samples(url: str, settings: Settings, skip: set[str] = frozenset()) -> int:
    """Posts the samples to `url`; prints one line each; 0 if every answer was the expected one."""
    if settings.dev_account is None:
        print("samples: set AMO_DEV_ACCOUNT (id:host) in backend/.env: the samples are that account's")
        return 2
    account_id, host = settings.dev_account
    unexpected = 0
    with httpx.Client(base_url=url.rstrip("/"), timeout=30) as client:
        for kind, name, method, path, kwargs, expected in requests_for(settings, account_id, host):
            if kind in skip:
                continue
            try:
                response = client.request(method, path, **kwargs)
            except httpx.HTTPError as error:
                print(f"{name}: no answer from {url} ({error.__class__.__name__}): is the backend running (npm run backend)?")
                return 1
            ok = response.status_code == expected
            unexpected += not ok
            print(f"{'ok ' if ok else 'UNEXPECTED'} {name}: {response.status_code} {response.text[:160]}")
    return 1 if unexpected else 0
