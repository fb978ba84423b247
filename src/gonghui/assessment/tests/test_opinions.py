"""The opinions on a union's application for acceptance: who writes which, and when."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from gonghui.assessment.models import Assessment
from gonghui.assessment.services import workflow
from gonghui.assessment.tests.conftest import access_of
from gonghui.assessment.tests.test_scoping import World

PARTY = "同意申报。党支部"
ADMIN = "行政全力支持工会工作。"
HIGHER = "经考核，符合规范化建设要求。"


def _post(client: Any, a: Assessment, **data: str) -> Any:
    return client.post(reverse("assessment:assessment-opinions", kwargs={"pk": a.pk}), data)


def _as(user: Any) -> Client:
    c = Client()
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


def test_the_union_writes_its_two_opinions_and_the_inspector_the_higher_union_s(
    values: Any, tree: Any, people: Any, make_user: Any
) -> None:
    world = World(tree, people, make_user)
    a, chair, inspector = world.a, _as(people.chair), _as(people.inspector)
    workflow.assessment_start(access=access_of(people.chair), assessment=a)
    page = chair.get(reverse("assessment:assessment", kwargs={"pk": a.pk})).content.decode()
    assert 'name="party_opinion"' in page and 'name="higher_union_opinion"' not in page
    _post(chair, a, party_opinion=PARTY, administration_opinion=ADMIN, higher_union_opinion="自己写的")
    a.refresh_from_db()
    assert (a.party_opinion, a.administration_opinion, a.higher_union_opinion) == (PARTY, ADMIN, "")
    # The inspector may not write before the review; during it, only the higher union's.
    assert _post(inspector, a, higher_union_opinion=HIGHER).status_code == 403
    workflow.assessment_submit(access=access_of(people.chair), assessment=a)
    workflow.assessment_begin_review(access=access_of(people.inspector), assessment=a)
    _post(inspector, a, higher_union_opinion=HIGHER, party_opinion="改掉")
    _post(chair, a, party_opinion="提交后改")  # submitted: the union's opinions are fixed
    a.refresh_from_db()
    assert (a.party_opinion, a.higher_union_opinion) == (PARTY, HIGHER)
    page = chair.get(reverse("assessment:assessment", kwargs={"pk": a.pk})).content.decode()
    assert HIGHER in page and "<textarea" not in page


def test_a_too_long_opinion_is_refused_in_chinese_and_another_tree_reaches_nothing(
    values: Any, tree: Any, people: Any, make_user: Any
) -> None:
    world = World(tree, people, make_user)
    workflow.assessment_start(access=access_of(people.chair), assessment=world.a)
    url = reverse("assessment:assessment-opinions", kwargs={"pk": world.a.pk})
    page = _as(people.chair).post(url, {"party_opinion": "很" * 5001}, follow=True).content.decode()
    assert "意见请控制在 5000 字以内" in page
    world.a.refresh_from_db()
    assert world.a.party_opinion == ""
    assert _post(_as(people.chair_b), world.a, party_opinion=PARTY).status_code == 404
    assert _post(_as(people.chair), world.b, party_opinion=PARTY).status_code == 404
    world.a.refresh_from_db()
    world.b.refresh_from_db()
    assert world.a.party_opinion == "" and world.b.party_opinion == ""
