"""One validity: the same corpus of URLs, e-mails and versions fed to copier.yml's validators
(rendered by Copier's own Jinja environment) and to a generated widget's own check (its manifest
schema) and pack --bump (npm's semver): what one accepts, the other accepts. The patterns are one
definition (platform.json "formats"); this test makes sure both engines read them alike."""

from __future__ import annotations

import json
import subprocess
import warnings

import copier
import pytest
import yaml

pytestmark = pytest.mark.npm

VERSIONS = ["0.1.0", "1.2.3", "1.0.0-01", "1.0.0-0a", "1.0.0-alpha.1", "1.0.0-rc.1", "1.2.3-0", "1.2.3-00",
            "1.0.0-alpha..1", "1.0.0-", "1.0.0+build", "v1.0.0", " 1.0.0", "1.0.0 ", "1.0.0\n", "01.0.0", "1.0",
            "1.0.0-x-y", "999999999999999.0.0", "9999999999999999.0.0", "1.0.0-" + "a" * 300, "1.0.0-ß"]
EMAILS = ["support@example.com", 'a@b.c"<x>', "a@b.c", "a.b+tag@sub.example.co", "a@b", "a@@b.c", "a b@c.d",
          "a@b.c\n", ".a@b.c", "a..b@c.d", "a@-b.c", "a@b-.c", "o'brien@example.com", "user@xn--80ak6aa92e.com",
          "юзер@пример.рф", "a@b.c.", '"quoted"@b.c', "a@" + "b" * 64 + ".com", "x" * 250 + "@b.co"]
URLS = ["https://example.com/support", 'https://a"b.example.com/x', "https://example.com/a b", "https://example.com/a%20b",
        "https://example.com/%zz", "https://example.com:8443/x?y=1#z", "https://example", "https://-a.example.com",
        "https://user:pw@example.com/", "https://example.com/<script>", "https://example.com/x\n", "http://example.com/",
        "ftp://example.com/", "https://例え.jp/", "https://xn--r8jz45g.jp/", "https://example.com/a#b#c", "https://1.2.3.4/x",
        "https://[::1]/", "https://example.com/{x}", "https://example.com?x=1", "https://example.com#frag",
        "https://example.com/a\\b", "https://example.com/'x'(y)"]

# question -> (corpus, manifest pointer the widget's schema checks it at)
FIELDS = {
    "version": (VERSIONS, "/widget/version"),
    "support_email": (EMAILS, "/widget/support/email"),
    "support_link": (URLS, "/widget/support/link"),
    "dp_webhook_url": (URLS, "/dp/webhook_url"),
    "sms_endpoint": (URLS, "/sms/endpoint"),
}

# The widget's side, run by its own toolkit: the manifest schema check does, and for versions
# whether `pack --bump` can raise it (npm's semver).
WIDGET_SIDE = r"""
const { validateManifest } = require('./tools/lib/schema');
const semver = require('semver');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const manifest = JSON.parse(require('fs').readFileSync('widget/manifest.json', 'utf8'));
const out = cases.map(([pointer, value]) => {
  const copy = JSON.parse(JSON.stringify(manifest));
  const keys = pointer.split('/').slice(1);
  keys.slice(0, -1).reduce((node, key) => node[key], copy)[keys[keys.length - 1]] = value;
  const ok = !validateManifest(copy).errors.some((e) => e.instancePath === pointer);
  return { ok, bumps: pointer === '/widget/version' ? semver.inc(value, 'patch') !== null : null };
});
process.stdout.write(JSON.stringify(out));
"""


def test_copier_and_the_widget_accept_the_same_urls_emails_and_versions(template_repo, npm_widget, tmp_path):
    """Every value accepted by one is accepted by the other, and every version they accept,
    pack --bump can raise."""
    questions = yaml.safe_load((template_repo / "copier.yml").read_text(encoding="utf-8"))
    rules = json.loads((template_repo / "template" / "tools" / "platform.json").read_text(encoding="utf-8"))
    with warnings.catch_warnings():  # Copier's own environment (its filters, its sandbox): Worker is the way to it
        warnings.simplefilter("ignore", DeprecationWarning)
        env = copier.Worker(src_path=str(template_repo), dst_path=tmp_path / "unused").jinja_env

    def copier_accepts(question: str, value: str) -> bool:
        return env.from_string(questions[question]["validator"]).render(platform_model=rules, **{question: value}).strip() == ""

    project = npm_widget("amocrm-everything-panel")
    cases = [(pointer, value) for corpus, pointer in FIELDS.values() for value in corpus]
    run = subprocess.run(["node", "-e", WIDGET_SIDE], cwd=project, input=json.dumps(cases), capture_output=True,
                         text=True, timeout=120, check=True)
    widget = iter(json.loads(run.stdout))
    disagree, accepted = [], {name: [] for name in FIELDS}
    for question, (corpus, _) in FIELDS.items():
        for value in corpus:
            verdict = next(widget)
            if copier_accepts(question, value) != verdict["ok"]:
                disagree.append((question, value, "copier" if not verdict["ok"] else "widget"))
            if verdict["ok"]:
                accepted[question].append(value)
                if verdict["bumps"] is False:
                    disagree.append((question, value, "pack --bump cannot raise it"))
    assert disagree == [], disagree
    # The corpus means something: each field accepts some values and refuses others.
    for question, (corpus, _) in FIELDS.items():
        assert 0 < len(accepted[question]) < len(corpus), question
    assert "1.0.0-01" not in accepted["version"] and 'a@b.c"<x>' not in accepted["support_email"]
    assert 'https://a"b.example.com/x' not in accepted["dp_webhook_url"]
    assert "http://example.com/" in accepted["support_link"] and "http://example.com/" not in accepted["dp_webhook_url"]
