"""The answer matrix: every variant the suite generates, named once for all test groups."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = json.loads((ROOT / "template" / "tools" / "platform.json").read_text(encoding="utf-8"))

# Characters that break naive generators: Cyrillic, guillemets, emoji, quotes, backslashes,
# Jinja/Twig delimiters, a closing script tag.
TRICKY_NAME = 'Мой «виджет» 🚀 "quoted" \'single\' back\\slash {{ name }} {% if %} </script>'
TRICKY_DESCRIPTION = 'Первая строка: «кавычки», "quotes", \\n and {{ braces }}\nSecond line 🚀 {# comment #}'


def locations(platform: str, suffix: str) -> list[str]:
    """Every location of a platform; card and list areas with the given suffix."""
    return [
        f"{code}-{suffix}" if loc["suffix"] else code
        for code, loc in RULES["locations"].items()
        if platform in loc["platforms"]
    ]


ALL_SETTINGS = [
    {"code": "api_key", "type": "pass", "required": True, "label": "Ключ API «секрет»"},
    {"code": "login", "type": "text", "required": False},
    {"code": "managers", "type": "users"},
    {"code": "lp_users", "type": "users_lp", "required": True},
    {"code": "mapping", "type": "custom", "required": False, "label": "Mapping \"fields\""},
]


def everything(platform: str, suffix: str) -> dict:
    return {
        "platform": platform,
        "widget_name": f"{RULES['platforms'][platform]['title']} widget, everything on",
        "locales": RULES["platforms"][platform]["locales"],
        "areas": locations(platform, suffix),
        "controls": RULES["controls"],
        "settings_fields": ALL_SETTINGS,
        "init_once": True,
    }


VARIANTS: dict[str, dict] = {
    "defaults": {},
    "kommo-defaults": {"platform": "kommo"},
    "amocrm-everything-panel": everything("amocrm", "1"),
    "amocrm-everything-background": everything("amocrm", "0"),
    "kommo-everything-panel": everything("kommo", "1"),
    "kommo-everything-background": everything("kommo", "0"),
    "tricky-texts": {
        "widget_name": TRICKY_NAME,
        "short_description": TRICKY_NAME,
        "description": TRICKY_DESCRIPTION,
        "company": 'ООО "Рога & копыта" \\ {{ x }}',
        "settings_fields": [{"code": "token", "type": "text", "label": TRICKY_NAME}],
    },
    # The companion backend (backend/), with the areas whose URLs default to its routes.
    "backend": {
        "backend": True,
        "areas": ["lcard-1", "settings", "digital_pipeline", "sms", "salesbot_designer"],
    },
    "bare-minimum": {
        "areas": ["everywhere"],
        "controls": [],
        "settings_fields": [],
        "locales": ["en"],
        "installation": False,
    },
}


# The TypeScript variant (language: typescript) of each answer set the toolkit tests run on: the
# defaults, every location of both platforms and the backend (tests/toolkit/test_typescript.py;
# ts-backend also in tests/browser/test_backend_preview.py).
TS_VARIANTS: dict[str, dict] = {
    f"ts-{name}": {**VARIANTS[name], "language": "typescript"}
    for name in ("defaults", "kommo-defaults", "amocrm-everything-panel", "amocrm-everything-background",
                 "kommo-everything-panel", "kommo-everything-background", "bare-minimum", "backend")
}

ALL_VARIANTS: dict[str, dict] = {**VARIANTS, **TS_VARIANTS}
