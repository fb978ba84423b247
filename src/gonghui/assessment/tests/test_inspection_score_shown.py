"""A submitted self-assessment shows no 考核得分 before the inspector has scored: only the
self-assessment score, on the page and through the API (issue 18, item 11e)."""

from __future__ import annotations

import re
from decimal import Decimal as D  # noqa: N817 (short in tables of numbers)
from typing import Any

from django.test import Client
from django.urls import reverse

from gonghui.accounts.services import token_create
from gonghui.assessment.models import Assessment, Status
from gonghui.assessment.tests.test_workflow import act, save

P = "/api/v1/assessment"


def _inspection_card(client: Client, a: Assessment) -> str:
    page = client.get(reverse("assessment:assessment", kwargs={"pk": a.pk})).content.decode()
    card = re.search(r"考核得分</div><div class=\"fs-4\">([^<]*)</div>", page)
    assert card, "the inspection score card"
    return card.group(1)


def _api(user: Any, a: Assessment) -> dict[str, Any]:
    _token, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(f"{P}/assessments/{a.pk}").json()


def test_no_inspection_score_until_the_inspector_scores(
    values: Any, assessment_a: Assessment, people: Any, tree: Any, client: Client
) -> None:
    a = act(people.chair, assessment_a, "start")
    a = act(people.chair, a, "submit")
    assert a.status == Status.SUBMITTED
    client.force_login(people.chair, backend="django.contrib.auth.backends.ModelBackend")
    assert _inspection_card(client, a) == "—"
    body = _api(people.chair, a)
    assert D(body["self_total"]) == a.self_total
    assert body["review_total"] is None
    assert all(item["review_points"] is None for item in body["items"])

    save(people.inspector, a, "A3.2", "review", "1", "会议记录不全")  # the first score: under review
    a.refresh_from_db()
    assert a.status == Status.UNDER_REVIEW
    assert _inspection_card(client, a) != "—"
    body = _api(people.chair, a)
    assert body["review_total"] is not None and D(body["review_total"]) == a.review_total
    assert any(item["review_points"] is not None for item in body["items"])
