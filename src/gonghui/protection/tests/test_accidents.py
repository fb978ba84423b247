"""Work accidents and collective disputes over several years: their metrics, their rules, the
``gonghui metrics --from --to`` look-back, and another union's records kept out of sight."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.metrics import Period, compute
from gonghui.orgs.models import Organization
from gonghui.protection.models import Accident, MediationCase
from gonghui.protection.tests.factories import make_accident, make_mediation_case

THREE_YEARS = Period(dt.date(2023, 1, 1), dt.date(2025, 12, 31))
NAMES = [
    "accident_count",
    "accident_deaths",
    "accident_injuries",
    "collective_disputes",
    "collective_dispute_workers",
]


def _orgs(tree: Any) -> Any:
    return Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.union_b.pk, tree.union_c.pk]
    )


def _records(tree: Any) -> None:
    make_accident(tree.union_a, occurred_on=dt.date(2024, 8, 14), serious_injuries=1, minor_injuries=2)
    make_accident(
        tree.union_a, occurred_on=dt.date(2025, 3, 6), deaths=1, serious_injuries=0, minor_injuries=1
    )
    make_accident(tree.group_a1, occurred_on=dt.date(2023, 5, 2), serious_injuries=0, minor_injuries=1)
    make_accident(tree.union_a, occurred_on=dt.date(2022, 12, 31), deaths=2)  # before the look-back
    make_accident(tree.union_c, occurred_on=dt.date(2025, 1, 9), serious_injuries=0, minor_injuries=3)
    make_mediation_case(tree.union_a, collective_dispute=True, workers_involved=23)
    make_mediation_case(
        tree.union_a, received_on=dt.date(2023, 2, 1), collective_dispute=True, workers_involved=5
    )
    make_mediation_case(tree.union_a, workers_involved=1)  # one worker's case
    make_mediation_case(tree.union_b, collective_dispute=True, workers_involved=4)


def test_accidents_and_collective_disputes_over_three_years_roll_up(tree: Any) -> None:
    _records(tree)
    v = compute(_orgs(tree), THREE_YEARS, NAMES)
    a, b, c, city = tree.union_a.pk, tree.union_b.pk, tree.union_c.pk, tree.city.pk
    assert v["accident_count"] == {city: 4, a: 3, b: 0, c: 1}
    assert v["accident_deaths"] == {city: 1, a: 1, b: 0, c: 0}
    assert v["accident_injuries"] == {city: 8, a: 5, b: 0, c: 3}
    assert v["collective_disputes"] == {city: 2, a: 2, b: 1, c: 0}
    assert v["collective_dispute_workers"] == {city: 28, a: 28, b: 4, c: 0}
    one = compute(_orgs(tree), Period.year(2025), NAMES)
    assert one["accident_count"][a] == 1 and one["collective_dispute_workers"][a] == 23


def test_a_collective_dispute_needs_three_workers(post_record: Any) -> None:
    data = {
        "title": "集体追索加班费",
        "applicant": "刘强等",
        "respondent": "某公司",
        "kind": "pay",
        "received_on": "2025-07-02",
        "outcome": "pending",
        "collective_dispute": "on",
    }
    for workers in ("", "2"):
        resp = post_record("mediation-cases", {**data, "workers_involved": workers})
        assert resp.status_code == 400 and "集体劳动争议涉及的职工人数至少为3人" in resp.content.decode()
    assert not MediationCase.objects.exists()
    assert post_record("mediation-cases", {**data, "workers_involved": "3"}).status_code == 302
    with transaction.atomic(), pytest.raises(IntegrityError):  # the database holds the rule too
        MediationCase.objects.filter(collective_dispute=True).update(workers_involved=2)


def test_an_accident_is_graded_at_least_as_its_casualties_say(post_record: Any) -> None:
    data = {
        "occurred_on": "2025-03-06",
        "place": "机加工车间",
        "grade": "general",
        "deaths": "3",
        "serious_injuries": "0",
        "minor_injuries": "0",
    }
    resp = post_record("accidents", data)
    assert resp.status_code == 400 and "按伤亡人数，该事故至少为较大事故" in resp.content.decode()
    assert post_record("accidents", {**data, "grade": "larger"}).status_code == 302
    assert Accident.objects.get().deaths == 3


def test_another_unions_user_neither_sees_nor_opens_an_accident(
    tree: Any, make_user: Any, login: Any, api: Any
) -> None:
    accident = make_accident(tree.union_a, place="甲局铸造车间")
    c = login(make_user(Role.CHAIR, tree.union_b))
    assert c.get(reverse("records:detail", kwargs={"rt": "accidents", "pk": accident.pk})).status_code == 404
    assert "甲局铸造车间" not in c.get(reverse("records:list", kwargs={"rt": "accidents"})).content.decode()
    other = api(tree.union_b)
    assert other.get(f"/api/v1/accidents/{accident.pk}").status_code == 404
    assert "甲局铸造车间" not in other.get("/api/v1/accidents/").content.decode()


def _metrics(*args: str) -> str:
    out = io.StringIO()
    call_command("metrics", *args, stdout=out)
    return out.getvalue()


def test_the_metrics_command_looks_back_over_a_period(tree: Any) -> None:
    _records(tree)
    text = _metrics("CITY", "--from", "2023-01-01", "--to", "2025-12-31")
    assert text.splitlines()[0].endswith("(CITY) 2023–2025")
    rows = {line.split()[0]: line.split()[1] for line in text.splitlines()[1:]}
    assert rows["accident_count"] == "4" and rows["collective_dispute_workers"] == "28"
    data = json.loads(_metrics("CITY", "--from", "2025-01-01", "--to", "2025-12-31", "--json"))
    assert data["accident_count"] == 2 and data == json.loads(_metrics("CITY", "--year", "2025", "--json"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2023-01-01"], "Give --year, or both --from and --to."),
        ([], "Give --year, or both --from and --to."),
        (["--year", "2025", "--from", "2025-01-01", "--to", "2025-12-31"], "not both"),
        (["--from", "2023-02-30", "--to", "2025-12-31"], "--from '2023-02-30' is not a date"),
        (["--from", "2025-12-31", "--to", "2023-01-01"], "--from 2025-12-31 is after --to 2023-01-01."),
    ],
)
def test_the_metrics_command_refuses_a_bad_period(tree: Any, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _metrics("CITY", *args)
