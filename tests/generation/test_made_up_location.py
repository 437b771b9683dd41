"""Every per-location fact the questions and the generated files use comes from the platform model:
a made-up location written into a copy of template/tools/platform.json, and nowhere else, is the
default area, is the place of a custom setting, asks the questions of the manifest block it needs,
gets the logo and the files it claims, and passes npm run check. (tests/browser/test_made_up_location.py
follows a made-up location's callback through the emulator, npm test and the preview.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from copier import run_copy

from npm_cache import install_packages
from template_copy import copy_template_with_model
from toolkit.helpers import node

pytestmark = pytest.mark.npm

LOCATION = {
    "title": "Made-up place", "platforms": ["amocrm", "kommo"], "suffix": False,
    "page": {"kind": "page", "entity": "leads", "section": "leads"}, "callbacks": [],
    "custom_setting": True, "block": "sms", "logos": ["logo_dp.png"],
    "template_files": ["images/menu_icon.svg"],
}


def add_madeup(model: dict) -> None:
    model["locations"]["madeup"] = LOCATION
    for platform in model["platforms"].values():
        platform["default_areas"] = ["madeup"]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return copy_template_with_model(tmp_path_factory.mktemp("template"), add_madeup)


def test_a_made_up_location_brings_its_defaults_questions_logos_and_files(template, tmp_path):
    project = tmp_path / "widget"
    custom = [{"code": "layout", "type": "custom", "label": "Layout"}]
    run_copy(str(template), project, data={"settings_fields": custom}, defaults=True, unsafe=True, quiet=True)

    manifest = json.loads((project / "widget" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["locations"] == ["madeup"]  # the model's default areas
    assert manifest["settings"]["layout"]["type"] == "custom"  # the validator took madeup as its place
    assert manifest["sms"]["endpoint"].startswith("https://")  # the block's question was asked
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["sms_endpoint"] == manifest["sms"]["endpoint"]
    assert "dp_webhook_url" not in answers and "mobile_frame_url" not in answers
    images = sorted(p.name for p in (project / "widget" / "images").iterdir())
    assert "logo_dp.png" in images and "menu_icon.svg" in images

    (project / "node_modules").symlink_to(install_packages(project), target_is_directory=True)
    check = node(project, "check")
    # The icon is written, but only widget_page's manifest block (left_menu) names it: for a made-up
    # location whose block does not, check says nothing uses it, and nothing else.
    assert check.returncode == 0, check.stdout
    assert check.stdout.splitlines() == [
        "widget/images/menu_icon.svg: warning unused-file (moderation): nothing in the widget uses it (no file names it, "
        "and the platform does not load it): delete it, as Marketplace moderation wants no unused files, or name it where it is loaded",
        "check: 0 errors, 1 warning in widget/",
    ], check.stdout

    # Without its place, the custom setting is refused, naming the model's places.
    refused = tmp_path / "refused"
    with pytest.raises(ValueError, match=r"add the madeup or settings area"):
        run_copy(str(template), refused, data={"settings_fields": custom, "areas": ["lcard-1"]},
                 defaults=True, unsafe=True, quiet=True)
