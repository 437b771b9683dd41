"""Bodies the CRM posts: JSON, or application/x-www-form-urlencoded with PHP-style bracketed keys
(`leads[status][0][id]=7001&account[subdomain]=example`, amocrm.ru/developers/content/
crm_platform/webhooks-format), turned into nested dicts and lists.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

MAX_BODY = 1024 * 1024
MAX_DEPTH = 10
MAX_FIELDS = 10000

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_DIGITS = re.compile(r"[0-9]+")  # ASCII only: str.isdigit() also takes '²', which int() refuses
# The largest id the database keeps (a signed 64-bit integer).
MAX_ID = 2 ** 63 - 1


class BodyError(ValueError):
    """A body that cannot be read; str(error) is one line."""


def parse_brackets(body: str) -> dict:
    """'a[b][0][c]=1&a[b][0][d]=2' → {'a': {'b': [{'c': '1', 'd': '2'}]}}. Numeric keys make
    lists when they are 0..n-1 in order, dicts otherwise; a key without brackets is plain."""
    root: dict = {}
    try:
        fields = parse_qsl(body, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:
        raise BodyError(f"the form has more than {MAX_FIELDS} fields") from None
    for key, value in fields:
        match = _KEY.match(key)
        if not match:
            raise BodyError(f"form key {key[:80]!r} is not name[part][part]...")
        parts = [match.group(1)] + re.findall(r"\[([^\[\]]*)\]", match.group(2))
        if len(parts) > MAX_DEPTH:
            raise BodyError(f"form key {key[:80]!r} is nested deeper than {MAX_DEPTH}")
        node = root
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if part == "":
                part = str(len(node))
            if last:
                node[part] = value
            else:
                child = node.setdefault(part, {})
                if not isinstance(child, dict):
                    raise BodyError(f"form key {key[:80]!r} uses {part!r} both as a value and as a group")
                node = child
    return _lists(root)


def _lists(node: object) -> object:
    if not isinstance(node, dict):
        return node
    items = {key: _lists(value) for key, value in node.items()}
    if items and all(_DIGITS.fullmatch(key) for key in items) and sorted(int(k) for k in items) == list(range(len(items))):
        return [items[str(i)] for i in range(len(items))]
    return items


def positive_id(value: object) -> int | None:
    """An account id as the CRM posts it (7001 or "7001") → int; None for anything else
    (booleans, signs, non-ASCII digits, 0, more than MAX_ID)."""
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    if not _DIGITS.fullmatch(text) or len(text) > 19 or not 0 < int(text) <= MAX_ID:
        return None
    return int(text)


def parse_body(raw: bytes, content_type: str) -> dict:
    """A JSON object or a bracketed form → dict; raises BodyError (multipart bodies included:
    the CRM sends JSON or application/x-www-form-urlencoded)."""
    if "multipart/" in content_type.lower():
        raise BodyError("multipart bodies are not read: send JSON or application/x-www-form-urlencoded (curl -d, not -F)")
    if len(raw) > MAX_BODY:
        raise BodyError(f"the body has {len(raw)} bytes, more than {MAX_BODY}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyError("the body is not UTF-8") from None
    if "json" in content_type.lower() or text.lstrip().startswith("{"):
        try:
            value = json.loads(text)
        except ValueError as error:
            raise BodyError(f"the body is not JSON: {error}") from None
        except RecursionError:  # the decoder recurses once per level
            raise BodyError("the JSON body is nested too deeply") from None
        if not isinstance(value, dict):
            raise BodyError("the JSON body is not an object")
        return value
    value = parse_brackets(text)
    if not isinstance(value, dict):
        raise BodyError("the form's top-level keys are all numbers: expected names such as leads[...]")
    return value
