"""Headers and production settings (issue 13, findings 11 and 12): a strict CSP everywhere,
no-store on whatever a signed-in user or token receives, forwarded headers believed only from
a configured proxy, production refusing to start without a SECRET_KEY."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.orgs.models import EmployerYear

TEMPLATES = Path(settings.BASE_DIR)


def _policy(resp: Any) -> dict[str, str]:
    directives = (d.strip().partition(" ") for d in resp["Content-Security-Policy"].split(";"))
    return {name: value for name, _sep, value in directives}


def test_every_page_carries_a_strict_policy(client: Client, make_user: Any, login: Any, tree: Any) -> None:
    anonymous = client.get(reverse("accounts:login"))
    policy = _policy(anonymous)
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'"
    assert "unsafe" not in anonymous["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    page = login(make_user(Role.CHAIR, tree.union_a)).get(reverse("home"))
    assert page.status_code == 200 and _policy(page) == policy


def test_no_inline_script_or_style_left_in_any_template() -> None:
    """What the policy would block: inline <script> bodies, on*= handlers, style= and <style>."""
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|<style|javascript:", re.IGNORECASE
    )
    found = [
        f"{p.relative_to(TEMPLATES)}: {m.group(0)}"
        for p in TEMPLATES.rglob("*.html")
        for m in inline.finditer(p.read_text())
        if "application/json" not in m.group(0)  # data for a script, not a script
    ]
    assert found == []


def test_signed_in_answers_are_never_cached(make_user: Any, login: Any, tree: Any) -> None:
    user = make_user(Role.CHAIR, tree.union_a)
    EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=100)
    c = login(user)
    for url in (reverse("home"), reverse("records:list", kwargs={"rt": "employer-years"}), "/api/v1/me"):
        assert c.get(url)["Cache-Control"] == "no-store", url
    export = c.get(reverse("records:export", kwargs={"rt": "employer-years"}), {"format": "csv"})
    assert export["Cache-Control"] == "no-store"
    _token, raw = token_create(user=user, name="t")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me")["Cache-Control"] == "no-store"


def test_api_docs_come_from_our_own_static_files(make_user: Any, login: Any, tree: Any) -> None:
    page = login(make_user(Role.CHAIR, tree.union_a)).get("/api/v1/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    for s in sources:
        assert finders.find(s.removeprefix("/static/")), s  # served by us, from node_modules
    assert "<script>" not in page


def _login_failure(client: Client, **headers: str) -> str:
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "x"}, **headers)
    return AccessAttempt.objects.latest("attempt_time").ip_address  # type: ignore[return-value]


@pytest.mark.django_db
def test_forwarded_addresses_count_only_from_a_trusted_proxy() -> None:
    forged = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert _login_failure(Client(REMOTE_ADDR="198.51.100.7"), **forged) == "198.51.100.7"
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        # From the proxy: the right-most address that is not a proxy is the client; what the
        # client wrote further left is not believed.
        via = Client(REMOTE_ADDR="10.0.0.5")
        assert _login_failure(via, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.6") == "203.0.113.9"
        # Not from the proxy: ignored.
        assert _login_failure(Client(REMOTE_ADDR="198.51.100.8"), **forged) == "198.51.100.8"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_a_client_cannot_claim_https_only_a_proxy_can() -> None:
    url = reverse("accounts:login")
    resp = Client(REMOTE_ADDR="198.51.100.7").get(url, HTTP_X_FORWARDED_PROTO="https")
    assert resp.status_code == 301 and resp["Location"].startswith("https://")
    with override_settings(TRUSTED_PROXIES=["10.0.0.5"]):
        assert Client(REMOTE_ADDR="10.0.0.5").get(url, HTTP_X_FORWARDED_PROTO="https").status_code == 200


def _settings_in_a_fresh_process(**env: str) -> subprocess.CompletedProcess[str]:
    dropped = {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "-c", "import gonghui.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_a_secret_key_refuses_to_start() -> None:
    refused = _settings_in_a_fresh_process()
    assert refused.returncode != 0 and "SECRET_KEY is not set" in refused.stderr
    assert _settings_in_a_fresh_process(DEBUG="1").returncode == 0  # make run: the demo needs none
    assert _settings_in_a_fresh_process(SECRET_KEY="k" * 50).returncode == 0
