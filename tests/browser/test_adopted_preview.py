"""The live preview of an existing widget brought under the toolkit (README, "An existing
widget"): package.json widget.dir names the team's folder, and the preview runs its own modules as the CRM would."""

from __future__ import annotations

import pytest

from browser.preview_page import assert_clean, calls, choose_area
from browser.test_dev_server import get
from legacy_widget import adopt, fingerprint, write_legacy_widget

pytestmark = [pytest.mark.browser, pytest.mark.npm]


def test_the_preview_runs_the_legacy_widget(template_repo, node_modules, dev_server, open_preview, tmp_path):
    legacy = write_legacy_widget(tmp_path / "old-notes")
    before = fingerprint(legacy)
    project = adopt(template_repo, legacy, tmp_path / "old-notes-toolkit")
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    server = dev_server(project, npm=False)
    page = open_preview(server.url)
    choose_area(page, "lcard")
    assert page.locator(".lgc-notes__title").first.text_content() in ("Заметки", "Notes")
    assert "render@lcard" in calls(page)
    assert_clean(page)
    assert fingerprint(legacy) == before


def test_the_dev_server_serves_the_widgets_files_but_not_its_dot_folders(template_repo, node_modules, dev_server, tmp_path):
    legacy = write_legacy_widget(tmp_path / "old-notes")
    (legacy / ".git").mkdir()
    (legacy / ".git" / "config").write_text('[remote "origin"]\n\turl = https://user:secret@git.example.com/notes.git\n')
    (legacy / ".env").write_text("TOKEN=secret\n")
    project = adopt(template_repo, legacy, tmp_path / "old-notes-toolkit")
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    server = dev_server(project, npm=False)
    status, _, body = get(server.url + "widget/js/api.js")
    assert status == 200 and b"Api.prototype.list" in body
    for rel in (".git/config", ".env", "js/../.git/config", "%2Egit/config"):
        status, _, body = get(server.url + "widget/" + rel)
        assert status == 404 and b"secret" not in body, rel
