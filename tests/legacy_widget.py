"""A small widget written the way older hand-made widgets are: several AMD modules, its own CSS
prefix (.lgc-notes), locations without suffixes, a text! template, no build step. Written for the
tests (no public widget's code); used to test bringing an existing widget under the toolkit."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PIL import Image

from variants import RULES, logo_owners

MANIFEST = {
    "widget": {
        "name": "widget.name",
        "description": "widget.description",
        "short_description": "widget.short_description",
        "version": "2.4.1",
        "interface_version": 2,
        "init_once": False,
        "locale": ["ru", "en"],
        "installation": True,
        "support": {"link": "https://notes.example.com/help", "email": "help@notes.example.com"},
    },
    "locations": ["lcard", "ccard", "settings"],
    "settings": {"token": {"name": "settings.token", "type": "text", "required": True}},
}

TEXTS = {
    "ru": {"widget": {"name": "Заметки", "short_description": "Заметки в карточке", "description": "Заметки по сделке"},
           "settings": {"token": "Токен"}, "panel": {"title": "Заметки", "empty": "Заметок нет"}},
    "en": {"widget": {"name": "Notes", "short_description": "Notes in the card", "description": "Notes about the deal"},
           "settings": {"token": "Token"}, "panel": {"title": "Notes", "empty": "No notes yet"}},
}

SCRIPT = """define(['jquery', 'underscore', './js/api.js', './js/panel.js'], function ($, _, Api, Panel) {
  var Widget = function () {
    var self = this;
    var panel = null;

    this.callbacks = {
      render: function () {
        if (self.system().area === 'lcard' || self.system().area === 'ccard') {
          panel = new Panel(self, new Api(self.get_settings().token));
          panel.draw();
        }
        return true;
      },
      init: _.bind(function () {
        return true;
      }, this),
      bind_actions: function () {
        $(document).on('click.lgcNotes', '.lgc-notes__refresh', function () {
          if (panel) { panel.draw(); }
        });
        return true;
      },
      settings: function () {
        return true;
      },
      onSave: function () {
        return true;
      },
      destroy: function () {
        $(document).off('.lgcNotes');
        panel = null;
      }
    };
    return this;
  };
  return Widget;
});
"""

API = """define(['jquery'], function ($) {
  function Api(token) {
    this.token = token;
  }
  Api.prototype.list = function () {
    return $.Deferred().resolve([]).promise();
  };
  return Api;
});
"""

PANEL = """define(['jquery', 'text!./../templates/panel.twig'], function ($, source) {
  function Panel(widget, api) {
    this.widget = widget;
    this.api = api;
  }
  Panel.prototype.draw = function () {
    var widget = this.widget;
    var lang = widget.i18n('panel');
    var html = widget.render({ data: source }, { title: lang.title, empty: lang.empty });
    widget.render_template({ caption: { class_name: 'lgc-notes__caption' }, body: '', render: html });
  };
  return Panel;
});
"""

TEMPLATE = """<div class="lgc-notes">
  <h3 class="lgc-notes__title">{{ title }}</h3>
  <p class="lgc-notes__empty">{{ empty }}</p>
  <button class="lgc-notes__refresh" type="button">&#8635;</button>
</div>
"""

STYLE = """.lgc-notes { padding: 8px; }
.lgc-notes__title { font-weight: bold; }
.lgc-notes__empty,
.lgc-notes__refresh { color: #555; }
"""


def write_legacy_widget(folder: Path, manifest: dict | None = None) -> Path:
    """Writes the widget into folder (created); returns it."""
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(manifest or MANIFEST, indent=4, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "i18n").mkdir()
    for locale in (manifest or MANIFEST)["widget"]["locale"]:
        texts = TEXTS.get(locale, TEXTS["en"])
        (folder / "i18n" / f"{locale}.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    (folder / "js").mkdir()
    (folder / "templates").mkdir()
    for rel, text in {"script.js": SCRIPT, "js/api.js": API, "js/panel.js": PANEL, "templates/panel.twig": TEMPLATE,
                      "style.css": STYLE}.items():
        (folder / rel).write_text(text, encoding="utf-8")
    (folder / "images").mkdir()
    for logo in RULES["logos"]:
        if not logo_owners(logo["file"]):
            Image.new("RGB", (logo["width"], logo["height"]), "#2a7d4f").save(folder / "images" / logo["file"])
    return folder


def fingerprint(folder: Path, only: dict | None = None) -> dict[str, str]:
    """Every file (and link) under folder with a hash of its bytes: equal before and after = untouched.
    With only, just those files (others planted since, such as a pipe, are never read)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if (path.is_file() or path.is_symlink()) and (only is None or path.relative_to(folder).as_posix() in only)
    }


def adopt(template_repo: Path, folder: Path, project: Path, **answers) -> Path:
    """`copier copy --trust --defaults --data existing_widget=<folder>` into project, as the README says."""
    from copier import run_copy

    run_copy(str(template_repo), project, data={"existing_widget": str(folder), **answers}, defaults=True,
             unsafe=True, quiet=True)
    return project
