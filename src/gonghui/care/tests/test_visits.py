"""Visits: who visited, whom, how many; members of the union only; money checks; donations, survey."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.care.models import Donation, MigrantSurvey, Visit
from gonghui.care.services import visits
from gonghui.care.tests.helpers import D

VISIT = {
    "title": "春节慰问一线职工",
    "occasion": "spring_festival",
    "target_group": "frontline",
    "visited_on": "2025-01-20",
    "leaders": "局党委书记、局长",
    "union_officers": "工会主席",
    "cash_amount": "1000",
    "goods_value": "500.50",
    "source": "union",
}


def test_visit_counts_the_people_listed(care: Any, login: Any) -> None:
    c = login(care.chair)
    url = reverse("records:create", kwargs={"rt": "visits"})
    data = {"owner": care.tree.union_a.pk, **VISIT, "recipients": [care.member.pk, care.other.pk]}
    resp = c.post(url, {**data, "recipient_names": "退休职工甲、退休职工乙，退休职工丙"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    visit = Visit.objects.get()
    assert visit.recipient_count == 5 and set(visit.recipients.all()) == {care.member, care.other}
    assert visit.history.first().history_user == care.chair
    resp = c.post(url, {**data, "recipient_count": "1"})  # fewer than the members chosen
    assert resp.status_code == 400 and "recipient_count" in resp.context["form"].errors
    assert Visit.objects.count() == 1


def test_visit_refuses_other_unions_members_missing_visitors_and_bad_money(care: Any, login: Any) -> None:
    c = login(care.chair)
    url = reverse("records:create", kwargs={"rt": "visits"})
    base = {"owner": care.tree.union_a.pk, **VISIT, "recipient_count": "3"}
    assert c.post(url, {**base, "recipients": [care.member_b.pk]}).status_code == 400
    resp = c.post(url, {**base, "leaders": "", "union_officers": ""})
    assert resp.status_code == 400 and "union_officers" in resp.context["form"].errors
    for field, value in (("cash_amount", "-1"), ("goods_value", "1.005")):
        resp = c.post(url, {**base, field: value})
        assert resp.status_code == 400 and field in resp.context["form"].errors
    assert not Visit.objects.exists()
    with pytest.raises(ValidationError):  # the service itself checks the people too
        visits.visit_create(
            actor=care.chair,
            organization=care.tree.union_a,
            data={**{k: v for k, v in VISIT.items()}, "visited_on": dt.date(2025, 1, 20),
                  "cash_amount": D("1"), "goods_value": D("0"), "recipients": [care.member_b]},
        )  # fmt: skip


def test_donation_needs_money_or_goods_and_survey_counts_hold_together(care: Any, login: Any) -> None:
    c = login(care.chair)
    resp = c.post(
        reverse("records:create", kwargs={"rt": "charity-donations"}),
        {"owner": care.tree.union_a.pk, "title": "抗旱保春耕", "donated_on": "2025-04-10",
         "cash_amount": "0", "goods_value": "0"},
    )  # fmt: skip
    assert resp.status_code == 400 and not Donation.objects.exists()
    resp = c.post(
        reverse("records:create", kwargs={"rt": "migrant-surveys"}),
        {"owner": care.tree.union_a.pk, "title": "农民工摸底", "surveyed_on": "2025-05-20",
         "workers_surveyed": "100", "migrant_workers": "120", "migrant_members": "0", "in_hardship": "0"},
    )  # fmt: skip
    assert resp.status_code == 400 and "migrant_workers" in resp.context["form"].errors
    assert not MigrantSurvey.objects.exists()
