"""What the `backend` question adds, and that nothing of it appears without it."""

from __future__ import annotations

import json
import re
from pathlib import Path


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def env_example(project: Path) -> dict[str, str]:
    text = (project / "backend" / ".env.example").read_text(encoding="utf-8")
    return dict(re.findall(r"(?m)^([A-Z_]+)=(.*)$", text))


def test_without_backend_there_is_none(variant_dirs):
    project = variant_dirs["defaults"]
    assert not (project / "backend").exists()
    package = read_json(project / "package.json")
    assert not [name for name in package["scripts"] if name.startswith("backend")]
    assert "backend_url" not in package["widget"]
    assert "BACKEND_URL" not in (project / "widget" / "script.js").read_text(encoding="utf-8")


def test_the_backend_variant_points_the_widget_and_the_manifest_at_its_routes(variant_dirs):
    project = variant_dirs["backend"]
    answers = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    url = re.search(r"(?m)^backend_url: (\S+)$", answers).group(1)
    assert url == "https://my-widget.example.com"
    manifest = read_json(project / "widget" / "manifest.json")
    assert manifest["dp"]["webhook_url"] == f"{url}/api/dp"
    assert manifest["sms"]["endpoint"] == f"{url}/api/sms"
    script = (project / "widget" / "script.js").read_text(encoding="utf-8")
    assert f"var BACKEND_URL = {json.dumps(url)};" in script
    assert "BACKEND_URL + '/api/widget/me'" in script
    package = read_json(project / "package.json")
    assert package["widget"]["backend_url"] == url
    assert {"backend:install", "backend", "backend:test", "backend:samples"} <= set(package["scripts"])
    pyproject = (project / "backend" / "pyproject.toml").read_text(encoding="utf-8")
    assert 'name = "my-widget-backend"' in pyproject and 'requires-python = ">=3.10"' in pyproject
    for ignored in (".venv/", ".env", "*.db"):
        assert ignored in (project / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_emulator_signs_with_the_values_of_env_example(variant_dirs):
    """The preview's tokens pass a backend started with .env.example: both name the same test
    secret, client id and redirect URI (the emulator's client_uuid too)."""
    project = variant_dirs["backend"]
    env = env_example(project)
    token_js = (project / "tools" / "emulator" / "token.js").read_text(encoding="utf-8")
    test = dict(re.findall(r"^    (secret|client_id|redirect_uri): '([^']*)'", token_js, re.M))
    assert test == {"secret": env["AMO_CLIENT_SECRET"], "client_id": env["AMO_CLIENT_ID"], "redirect_uri": env["AMO_REDIRECT_URI"]}
    # The emulator's account and client id, wherever in tools/emulator/ its default state lives.
    sdk = "\n".join(path.read_text(encoding="utf-8") for path in sorted((project / "tools" / "emulator").rglob("*.js")))
    assert f"client_uuid: '{env['AMO_CLIENT_ID']}'" in sdk
    assert env["AMO_DEV_ACCOUNT"] == "31415926:example.amocrm.ru"
    assert "id: 31415926, name: 'Example account', subdomain: 'example'" in sdk


def test_every_variable_the_backend_reads_is_documented(variant_dirs):
    """Each setting of settings.py is in .env.example and the README; each variable the backend's
    tests read (the PostgreSQL to run them on) is in the README."""
    project = variant_dirs["backend"]
    backend = project / "backend"
    settings = (backend / "src" / "widget_backend" / "settings.py").read_text(encoding="utf-8")
    fields = re.findall(r"(?m)^    ((?:amo|database)_\w+): ", settings)
    assert len(fields) >= 9, fields
    readme = (project / "README.md").read_text(encoding="utf-8")
    example = env_example(project)
    for name in (field.upper() for field in fields):
        assert name in example, f"{name} is a setting, but not in .env.example"
        assert f"`{name}`" in readme, f"{name} is a setting, but the README does not name it"
    tests = "\n".join(path.read_text(encoding="utf-8") for path in sorted((backend / "tests").glob("*.py")))
    variables = set(re.findall(r"os\.environ(?:\.get\(|\[)\"([A-Z_]+)\"", tests))
    assert "BACKEND_TEST_DATABASE_URL" in variables
    for name in variables:
        assert f"{name}=" in readme, f"the backend's tests read {name}, but the README does not say how to set it"


def test_an_existing_widget_s_readme_does_not_promise_the_generated_run_button(template_repo, tmp_path):
    """With existing_widget the widget's code is the developer's own: there is no BACKEND_URL in a
    generated script.js and no run button, so the README says to point widget.backend_url at the
    address that code calls."""
    from legacy_widget import adopt, write_legacy_widget

    legacy = write_legacy_widget(tmp_path / "old-notes")
    project = adopt(template_repo, legacy, tmp_path / "old-notes-toolkit", backend=True)
    backend_part = (project / "README.md").read_text(encoding="utf-8").split("## Backend", 1)[1].split("\n### ", 1)[0]
    assert "BACKEND_URL" not in backend_part and "run button" not in backend_part, backend_part
    assert "set it to the address your widget's code" in backend_part
