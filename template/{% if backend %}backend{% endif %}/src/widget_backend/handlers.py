"""Your widget's server-side work: edit these functions. Each runs in the background, after the
CRM has had its answer, so it may take its time; what it raises is logged, never sent to the CRM.

`crm` is a CrmClient (crm.py): `await crm.request(account_id, "GET", "/api/v4/leads/1")`.
"""

from __future__ import annotations

import logging

from widget_backend.crm import CrmClient

log = logging.getLogger("widget_backend.handlers")


async def on_dp_action(crm: CrmClient, account_id: int, payload: dict) -> None:
    """A digital pipeline action fired: payload {event: {type, type_code, data: {id,
    element_type, status_id, pipeline_id, ...}, time}, action: {settings: {widget: {settings}}},
    subdomain, account_id}. Sent once, never retried."""
    event = payload.get("event") or {}
    log.info("account %s: digital pipeline %s for %s", account_id, event.get("type"), (event.get("data") or {}).get("id"))


async def on_webhook(crm: CrmClient, account_id: int, payload: dict) -> None:
    """An entity webhook (duplicates are already dropped): payload such as
    {leads: {status: [{id, status_id, pipeline_id, ...}]}, account: {id, subdomain}}."""
    log.info("account %s: webhook %s", account_id, sorted(key for key in payload if key != "account"))


async def on_salesbot_request(crm: CrmClient, claims: dict, data: dict) -> dict:
    """A Salesbot widget_request: `claims` are the verified token's (account_id, entity_id,
    entity_type, bot_type, ...), `data` what the bot's step sends. Returns the body the bot is
    continued with: {data: {...} (the bot reads it as {{json.*}}), execute_handlers: [...]}."""
    return {
        "data": {"status": "ok", "entity_id": claims.get("entity_id")},
        "execute_handlers": [{"handler": "show", "params": {"type": "text", "value": "Done"}}],
    }


async def on_sms(payload: dict) -> None:
    """The sms location's request. Its format is not documented by the platform: log it first,
    then write the sending here."""
    log.info("sms request with keys %s", sorted(payload))
