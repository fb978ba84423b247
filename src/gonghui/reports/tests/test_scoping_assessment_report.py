"""Scoping cases of the assessment report pages and endpoints (collected by test_scoping.py).

The downloads follow the assessment page: another tree's assessment is a 404 (the attempt is
audited) and nothing of it is written or handed out; an inspector reaches only the unions
assigned to them; a union only its own assessment."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.services import token_create
from gonghui.assessment.models import Assessment, ItemScore
from gonghui.assessment.tests import conftest as assessment_fixtures
from gonghui.assessment.tests.test_scoping import World
from gonghui.core.models import AuditEvent

URL_CASES: list[str] = ["reports:assessment-report-docx", "reports:assessment-report-xlsx"]
P = "/api/v1/reports/assessment"
API_CASES: list[tuple[str, str]] = [(f"{P}/{{pk}}/report.docx", "get"), (f"{P}/{{pk}}/sheet.xlsx", "get")]

values = assessment_fixtures.values
people = assessment_fixtures.people


@pytest.fixture
def world(values: Any, tree: Any, people: Any, make_user: Any) -> World:
    return World(tree, people, make_user)


def page_urls(a: Assessment) -> list[str]:
    return [reverse(name, kwargs={"pk": a.pk}) for name in URL_CASES]


def api_urls(a: Assessment) -> list[str]:
    return [p.replace("{pk}", str(a.pk)) for p, _m in API_CASES]


def _state(a: Assessment) -> tuple[Any, ...]:
    a = Assessment.objects.get(pk=a.pk)
    return (a.status, a.computed_at, a.score, ItemScore.objects.filter(assessment=a).count())


@pytest.mark.parametrize("who", ["chair", "admin", "inspector"])
def test_the_other_trees_report_is_404_and_audited(world: World, login: Any, who: str) -> None:
    client = login(getattr(world.people, who))
    before = _state(world.b)
    for url in page_urls(world.b):
        resp = client.get(url)
        assert resp.status_code == 404, url
        assert "乙乡工会".encode() not in resp.content
        assert client.post(url).status_code in (404, 405)
    denied = AuditEvent.objects.filter(action="scope.denied")
    assert denied.count() >= 2
    assert not AuditEvent.objects.filter(action="reports.assessment_report").exists()
    assert _state(world.b) == before
    # Control: the user's own tree's report is there.
    for url in page_urls(world.a):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["chair", "admin", "inspector"])
def test_the_api_refuses_the_other_tree(world: World, who: str) -> None:
    _token, raw = token_create(user=getattr(world.people, who), name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    before = _state(world.b)
    for url in api_urls(world.b):
        resp = api.get(url)
        assert resp.status_code == 404, url
        assert "乙乡工会".encode() not in resp.content
    assert not AuditEvent.objects.filter(action="reports.assessment_report").exists()
    assert _state(world.b) == before
    for url in api_urls(world.a):
        assert api.get(url).status_code == 200, url


def test_an_inspector_and_a_union_reach_only_their_own(world: World, login: Any) -> None:
    inspector = login(world.people.inspector)  # assigned to union A, not to union C
    chair = login(world.people.chair)  # union A's chair
    for client in (inspector, chair):
        for url in page_urls(world.c):
            assert client.get(url).status_code == 404, url
        for url in page_urls(world.a):
            assert client.get(url).status_code == 200, url
    # The city's federation admin runs the campaign: both unions.
    admin = login(world.people.admin)
    assert all(admin.get(url).status_code == 200 for url in page_urls(world.c))
