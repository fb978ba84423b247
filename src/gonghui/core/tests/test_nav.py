"""The menu lists only pages the user may open where they are working, folds by module, marks the
page shown by the longest matching address; lists have a phone layout; the header names the
product and the current organization and brings its favicon."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.views import serve
from django.test import Client, RequestFactory

from gonghui.accounts.models import User
from gonghui.assessment.models import Assessment, Campaign
from gonghui.core.current import SESSION_KEY
from gonghui.core.nav import active_url
from gonghui.orgs.models import Organization

DEMO_ROLES = [
    "city_admin",
    "city_inspector",
    "city_viewer",
    "bureau_chair",
    "bureau_finance",
    "bureau_auditor",
    "group_leader",
    "county_admin",
    "changan_chair",
]


@pytest.fixture(scope="module")
def demo(demo_module: None) -> None:
    """The demo, loaded once for the module (``demo_module``)."""


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _nav_urls(client: Client) -> list[str]:
    response = client.get("/")
    assert response.status_code == 200
    return [item["url"] for section in response.context["nav"] for item in section["items"]]


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_every_menu_link_opens_for_the_demo_role(demo: None, db: Any, username: str) -> None:
    client = _client(username)
    urls = _nav_urls(client)
    assert urls
    refused = {url: status for url in urls if (status := client.get(url).status_code) != 200}
    assert refused == {}


def test_the_menu_follows_the_current_organization(demo: None, db: Any) -> None:
    """A federation admin working on a union group is not offered the federation's pages there."""
    client = _client("city_admin")
    at_city = _nav_urls(client)
    group = Organization.objects.unscoped("a demo group by code").get(code="DEMO-BUREAU-G16")
    session = client.session
    session[SESSION_KEY] = group.pk
    session.save()
    at_group = _nav_urls(client)
    assert set(at_group) <= set(at_city)
    refused = {url: status for url in at_group if (status := client.get(url).status_code) != 200}
    assert refused == {}


def test_group_leader_is_not_offered_finance_or_assessment(demo: None, db: Any) -> None:
    urls = _nav_urls(_client("group_leader"))
    assert "/members/" in urls
    assert not [u for u in urls if u.startswith(("/assessment/", "/finance/", "/vouchers/"))]


def test_the_longest_matching_address_is_the_active_link() -> None:
    urls = ["/", "/assessment/", "/assessment/campaigns/new/", "/assessment/standards/", "/members/"]
    assert active_url("/assessment/campaigns/3/", urls) == "/assessment/"
    assert active_url("/assessment/campaigns/new/", urls) == "/assessment/campaigns/new/"
    assert active_url("/assessment/standards/2/", urls) == "/assessment/standards/"
    assert active_url("/members/12/", urls) == "/members/"
    assert active_url("/", urls) == "/"
    assert active_url("/orgs/5/", urls) == ""  # home is active on itself only


def _active_links(body: str) -> list[str]:
    return re.findall(r'<a class="nav-link[^"]*\bactive\b[^"]*" href="([^"]+)"', body)


def test_a_campaign_page_highlights_assessments_and_opens_its_module_only(demo: None, db: Any) -> None:
    client = _client("city_admin")
    campaign = Campaign.objects.unscoped("a demo campaign").filter(organization__code="DEMO-CITY").first()
    body = client.get(f"/assessment/campaigns/{campaign.pk}/").content.decode()
    assert _active_links(body) == ["/assessment/"]
    assert _active_links(client.get("/assessment/campaigns/new/").content.decode()) == [
        "/assessment/campaigns/new/"
    ]
    # Modules fold: only the one holding the page is open.
    assert re.findall(r'<div class="collapse show" id="(nav-[a-z]+)"', body) == ["nav-assessment"]
    assert "data-nav-filter" in body and "gonghui/nav.js" in body


@pytest.mark.parametrize("path", ["/members/", "/visits/"])
def test_record_lists_have_a_phone_card_layout(demo: None, db: Any, path: str) -> None:
    body = _client("bureau_chair").get(path).content.decode()
    assert 'class="table-responsive d-none d-md-block"' in body
    assert 'class="record-cards d-md-none"' in body
    assert body.count('class="card record-card') >= 1


def test_the_roster_card_shows_its_phone_columns(demo: None, db: Any) -> None:
    response = _client("bureau_chair").get("/members/")
    _obj, _title, fields = response.context["cards"][0]
    assert [str(label) for label, _v in fields] == ["手机号码", "工会小组", "状态"]


def test_the_assessment_sheet_stacks_on_a_phone(demo: None, db: Any) -> None:
    a = Assessment.objects.unscoped("the demo's assessment").filter(organization__code="DEMO-BUREAU").first()
    body = _client("bureau_chair").get(f"/assessment/{a.pk}/").content.decode()
    assert "assessment-sheet table-stack" in body
    assert 'data-label="分值"' in body


def test_the_header_names_the_product_and_the_current_organization(demo: None, db: Any) -> None:
    body = _client("bureau_chair").get("/").content.decode()
    header = body.split("</nav>", 1)[0]
    assert "工会标准化" in header
    assert "局工会" in header  # the current organization's label
    assert 'title="工会标准化建设平台"' in header


def test_the_favicon_is_linked_and_served(demo: None, db: Any) -> None:
    body = _client("bureau_chair").get("/").content.decode()
    assert re.search(r'<link rel="icon" type="image/svg\+xml" href="/static/gonghui/favicon\.svg">', body)
    assert finders.find("gonghui/favicon.svg")
    path = "gonghui/favicon.svg"
    response = serve(RequestFactory().get(f"/static/{path}"), path, insecure=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
