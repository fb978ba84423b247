"""The rectification task list says which campaign and year each task belongs to and filters
by campaign (issue 18, item 11d)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.assessment.tests.factories import RECORD_FACTORIES

make_task = RECORD_FACTORIES["rectification-tasks"]


def test_the_list_names_each_tasks_campaign_and_filters_by_it(tree: Any, make_user: Any, login: Any) -> None:
    first, second, other = make_task(tree.union_a), make_task(tree.union_a), make_task(tree.union_b)
    c1, c2 = first.assessment.campaign, second.assessment.campaign
    client = login(make_user(Role.CHAIR, tree.union_a))
    url = reverse("records:list", kwargs={"rt": "rectification-tasks"})

    resp = client.get(url)
    page = resp.content.decode()
    assert "考核活动" in page and "年度" in page  # the columns
    assert c1.name in page and c2.name in page and "2025" in page
    form = resp.context["filterset"].form
    offered = {c.pk for c in form.fields["campaign"].queryset}
    assert offered == {c1.pk, c2.pk} and other.assessment.campaign_id not in offered  # another tree

    resp = client.get(url, {"campaign": c2.pk})
    assert [obj.pk for obj, _cells in resp.context["rows"]] == [second.pk]
