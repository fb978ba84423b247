"""Care metrics: values per union with subtree roll-up, a few queries for many unions; reminders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.care.advice import festival_visits, insurance_participation, public_notices
from gonghui.care.metrics import approved_aid
from gonghui.care.models import AidDisbursement, FileStatus, InsuranceEnrollment, Visit
from gonghui.care.tests.helpers import D, approved, in_notice, make_case, make_file, make_member, make_plan
from gonghui.conftest import make_org
from gonghui.core.metrics import Period, compute, registry
from gonghui.orgs.models import EmployerYear, Organization

NAMES = [
    "hardship_family_count",
    "aid_count",
    "aid_amount",
    "visit_count",
    "visit_amount",
    "mutual_insurance_rate",
    "study_aid_count",
    "serious_illness_aid_count",
    "festival_visit_count",
    "summer_cooling_visits",
    "donation_amount",
    "migrant_survey_done",
    "mutual_insurance_target_met",
]
YEAR = Period.year(2025)


def _visit(org: Any, day: dt.date, occasion: str = "spring_festival", cash: str = "100") -> Visit:
    return Visit.objects.create(
        organization=org,
        title="慰问",
        occasion=occasion,
        target_group="frontline",
        visited_on=day,
        union_officers="主席",
        recipient_count=2,
        cash_amount=D(cash),
        goods_value=D("50"),
    )


def test_agreed_metric_names_are_registered() -> None:
    for name in NAMES:
        assert name in registry, name


def test_values_roll_up_the_subtree_and_respect_the_period(care: Any) -> None:
    tree = care.tree
    make_file(tree.union_a, care.member)
    exited = make_file(tree.union_a, care.other)
    exited.status, exited.exited_on = FileStatus.EXITED, dt.date(2025, 6, 1)
    exited.save()
    study = approved(make_case(tree.union_a, care.member, kind="study"), amount="2000")
    AidDisbursement.objects.create(
        organization=tree.union_a,
        aid_case=study,
        amount=D("1500"),
        source="union",
        paid_on=dt.date(2025, 3, 12),
    )
    approved(make_case(tree.union_b, care.member_b, kind="serious_illness"))
    in_notice(make_case(tree.union_a, care.other))  # not approved: not counted
    _visit(tree.union_a, dt.date(2025, 1, 20))
    _visit(tree.group_a1, dt.date(2025, 7, 10), "summer_cooling")  # a group's visit counts for its union
    _visit(tree.union_a, dt.date(2024, 12, 30))  # another year
    EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=2)
    plan = make_plan(tree.union_a)
    InsuranceEnrollment.objects.create(
        organization=tree.union_a, plan=plan, member=care.member, enrolled_on=dt.date(2025, 1, 15),
        premium=D("100"), union_amount=D("50"), individual_amount=D("50"),
    )  # fmt: skip
    orgs = Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.union_b.pk, tree.union_c.pk]
    )
    v = compute(orgs, YEAR, NAMES)
    a, b, city, c = tree.union_a.pk, tree.union_b.pk, tree.city.pk, tree.union_c.pk
    # At the end of 2025 the exited file no longer counts; on 1 May it did.
    assert v["hardship_family_count"][a] == 1
    assert (
        compute(orgs, Period(dt.date(2025, 1, 1), dt.date(2025, 5, 1)), ["hardship_family_count"])[
            "hardship_family_count"
        ][a]
        == 2
    )
    assert (v["aid_count"][a], v["study_aid_count"][a], v["serious_illness_aid_count"][b]) == (1, 1, 1)
    assert v["aid_amount"][a] == Decimal("1500.00") and v["aid_amount"][city] == Decimal("1500.00")
    assert (v["visit_count"][a], v["festival_visit_count"][a], v["summer_cooling_visits"][a]) == (2, 1, 1)
    assert v["visit_amount"][a] == Decimal("300.00")
    assert v["mutual_insurance_rate"][a] == Decimal("50.00") and v["mutual_insurance_rate"][c] is None
    assert v["mutual_insurance_target_met"][a] is False
    assert v["visit_count"][c] == 0 and v["aid_amount"][c] == Decimal("0.00")


def test_metrics_cost_a_few_queries_for_many_unions(care: Any) -> None:
    for i in range(25):
        union = make_org(care.tree.city, f"UX{i:02d}")
        _visit(union, dt.date(2025, 1, 20))
        make_member(union)
    orgs = Organization.objects.filter(org_type="grassroots")
    with CaptureQueriesContext(connection) as ctx:
        values = compute(orgs, YEAR, NAMES)
    assert len(ctx.captured_queries) <= 45  # a handful per metric, whatever the number of unions
    assert sum(values["visit_count"].values()) == 25


def test_evidence_lists_the_records_behind_a_value(care: Any) -> None:
    case = approved(make_case(care.tree.union_a, care.member))
    assert list(registry.get("aid_count").evidence(care.tree.union_a, YEAR)) == [case]
    assert list(approved_aid(YEAR).filter(organization=care.tree.union_b)) == []


def test_reminders(care: Any) -> None:
    tree = care.tree
    orgs = Organization.objects.filter(pk__in=[tree.union_a.pk, tree.union_b.pk, tree.group_a1.pk])
    # Spring Festival 2026 falls on 17 February: a month before, visits are due.
    before = festival_visits(orgs, dt.date(2026, 1, 25))
    assert set(before) == {tree.union_a.pk, tree.union_b.pk}  # groups run no visits of their own
    _visit(tree.union_a, dt.date(2026, 1, 20))
    assert set(festival_visits(orgs, dt.date(2026, 1, 25))) == {tree.union_b.pk}
    assert festival_visits(orgs, dt.date(2025, 11, 1)) == {}  # too early to remind
    # Public notice: running, then over and awaiting a decision.
    in_notice(make_case(tree.union_a, care.member))
    running = public_notices(orgs, dt.date(2025, 3, 5))[tree.union_a.pk]
    assert [a.level for a in running] == ["info"]
    over = public_notices(orgs, dt.date(2025, 3, 20))[tree.union_a.pk]
    assert [a.level for a in over] == ["warning"]
    # Participation below the target of the year's plan.
    EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=10)
    make_plan(tree.union_a)
    warned = insurance_participation(orgs, dt.date(2025, 6, 1))
    assert list(warned) == [tree.union_a.pk] and "95" in warned[tree.union_a.pk][0].message


def test_care_panels_on_the_union_and_member_pages(care: Any, login: Any) -> None:
    from django.urls import reverse

    case = approved(make_case(care.tree.union_a, care.member, kind="study"), amount="2000")
    file = make_file(care.tree.union_a, care.member)
    union_page = login(care.chair).get(
        reverse("records:detail", kwargs={"rt": "orgs", "pk": care.tree.union_a.pk})
    )
    text = union_page.content.decode()
    assert "/care/?org=" in text and "帮扶救助批准件数" in text
    member_url = reverse("records:detail", kwargs={"rt": "members", "pk": care.member.pk})
    text = login(care.chair).get(member_url).content.decode()
    assert f"/aid-cases/{case.pk}/" in text and f"/hardship-files/{file.pk}/" in text
    text = login(care.finance).get(member_url).content.decode()
    assert f"/aid-cases/{case.pk}/" in text and f"/hardship-files/{file.pk}/" not in text
