"""Union work is scoped: another union's people get 404 on its records and its carry-over, and
nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.work.models import PlanItem, WorkPlan
from gonghui.work.tests.factories import RECORD_FACTORIES, make_item, make_plan

URL_CASES = ["work:carry-over"]


@pytest.mark.parametrize("slug", sorted(RECORD_FACTORIES))
def test_another_unions_record_is_not_found_nor_listed(
    slug: str, tree: Any, make_user: Any, login: Any
) -> None:
    theirs = RECORD_FACTORIES[slug](tree.union_b)
    mine = RECORD_FACTORIES[slug](tree.union_a)
    client = login(make_user(Role.CHAIR, tree.union_a))
    for name in ["records:detail", "records:update", "records:history"]:
        assert client.get(reverse(name, kwargs={"rt": slug, "pk": theirs.pk})).status_code == 404, name
        assert client.get(reverse(name, kwargs={"rt": slug, "pk": mine.pk})).status_code == 200, name
    listed = client.get(reverse("records:list", kwargs={"rt": slug})).content.decode()
    link = lambda obj: reverse("records:detail", kwargs={"rt": slug, "pk": obj.pk})  # noqa: E731
    assert link(mine) in listed and link(theirs) not in listed
    assert client.post(reverse("records:delete", kwargs={"rt": slug, "pk": theirs.pk})).status_code == 404
    assert type(theirs).objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("role", [Role.CHAIR, Role.FEDERATION_ADMIN])
def test_another_trees_people_cannot_carry_a_plan_over(
    role: str, tree: Any, make_user: Any, login: Any
) -> None:
    plan = make_plan(tree.union_b, year=2025)
    make_item(tree.union_b, plan, status="not_started")
    org = tree.union_a if role == Role.CHAIR else tree.city
    client = login(make_user(role, org))
    url = reverse("work:carry-over", kwargs={"pk": plan.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not WorkPlan.objects.filter(year=2026).exists() and PlanItem.objects.count() == 1


def test_a_reader_of_the_union_may_not_carry_over(tree: Any, make_user: Any, login: Any) -> None:
    plan = make_plan(tree.union_a, year=2025)
    make_item(tree.union_a, plan, status="not_started")
    client = login(make_user(Role.VIEWER, tree.union_a))
    url = reverse("work:carry-over", kwargs={"pk": plan.pk})
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    detail = client.get(
        reverse("records:detail", kwargs={"rt": "work-plans", "pk": plan.pk})
    ).content.decode()
    assert url not in detail
    assert not WorkPlan.objects.filter(year=2026).exists()
