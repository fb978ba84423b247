"""Statistics and metrics: as of any date, rolled up over subtrees, set-based."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.conftest import make_org
from gonghui.core.metrics import Period, compute
from gonghui.members import selectors, services
from gonghui.members.models import EmploymentType
from gonghui.members.tests.factories import make_member
from gonghui.members.validators import with_check_char
from gonghui.orgs.models import EmployerYear, Organization

D = dt.date
NAMES = ["member_count", "enrollment_rate", "new_members", "new_migrant_members", "women_member_count"]


def _id(n: int, female: bool, born: str = "19800101") -> str:
    """A resident ID number that says the gender (sequence even for a woman) and birth date."""
    return with_check_char(f"530102{born}{2 * n + (2 if female else 1):03d}")


def _setup(tree: Any) -> None:
    """Union A: six counted members, four of them women (3 of the 4 old hands and the migrant);
    the retired man counts, the woman who left does not; union B has one woman."""
    EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=8)
    for i in range(4):
        make_member(
            tree.union_a,
            id_number=_id(i, female=i < 3),
            join_date=D(2019, 1, 1),
            union_group=tree.group_a1 if i < 3 else None,
        )
    make_member(
        tree.union_a, id_number=_id(4, True), join_date=D(2025, 4, 1), employment_type=EmploymentType.MIGRANT
    )
    retired = make_member(tree.union_a, id_number=_id(5, False, "19650101"), join_date=D(2001, 1, 1))
    services.member_retain(actor=None, member=retired, on=D(2025, 6, 30), reason="retirement")
    gone = make_member(tree.union_a, id_number=_id(6, True), join_date=D(2010, 1, 1))
    services.member_leave(actor=None, member=gone, on=D(2025, 2, 1), reason="voluntary")
    make_member(tree.union_b, id_number=_id(7, True), join_date=D(2025, 1, 2))


def test_metrics_at_the_end_of_a_period_and_rolled_up(tree: Any) -> None:
    _setup(tree)
    orgs = Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.union_c.pk, tree.county.pk]
    )
    v = compute(orgs, Period.year(2025), NAMES)
    a, city, c, county = tree.union_a.pk, tree.city.pk, tree.union_c.pk, tree.county.pk
    assert v["member_count"] == {
        a: 6,
        city: 6,
        c: 0,
        county: 1,
    }  # the retired one counts, the one who left not
    assert v["new_members"][a] == 1 and v["new_migrant_members"][a] == 1 and v["new_members"][county] == 1
    assert str(v["enrollment_rate"][a]) == "62.50"  # 5 at work ÷ 8 employees
    assert v["enrollment_rate"][c] is None  # no employer facts: unknown, not zero
    v2024 = compute(orgs, Period.year(2024), NAMES)
    assert v2024["member_count"][a] == 6 and v2024["new_members"][a] == 0  # the leaver still counted in 2024
    # Four women counted in union A (the one who left is not), rolled up to the city; one in the county.
    assert v["women_member_count"] == {a: 4, city: 4, c: 0, county: 1}
    assert v2024["women_member_count"][a] == 4  # in 2024: the three old hands and the leaver


def test_metrics_cost_the_same_queries_for_many_unions(tree: Any) -> None:
    _setup(tree)
    orgs = Organization.objects.filter(org_type="grassroots")
    counted = []
    for n in (10, 30):  # the second pass counts the year-end snapshots of 20 new unions
        for i in range(len(counted) * 10, n):
            make_member(make_org(tree.city, f"MU{i}"), join_date=D(2020, 1, 1))
        with CaptureQueriesContext(connection) as ctx:
            values = compute(orgs, Period.year(2025), NAMES)
        counted.append(len(ctx.captured_queries))
        assert sum(values["member_count"].values()) == 6 + 1 + n
    # A few per metric and depth (the annual returns of unions without a roster among them, the
    # snapshots' checks), never one per union.
    assert counted[0] == counted[1] <= 60


def test_statistics_breakdowns(tree: Any) -> None:
    _setup(tree)
    s = selectors.statistics(tree.union_a, D(2025, 12, 31))
    assert (s["members"], s["working"], s["retained"], s["employees"], s["new_members"]) == (6, 5, 1, 8, 1)
    assert str(s["enrollment_rate"]) == "62.50"
    assert sorted(n for _l, n in s["by_gender"]) == [2, 4] and sum(n for _l, n in s["by_age_band"]) == 6
    assert dict(s["by_group"])["甲一小组"] == 3
    assert any(label and n == 1 for label, n in s["by_employment"] if "农民工" in label or "Migrant" in label)
    city = selectors.statistics(tree.city, D(2025, 12, 31))
    units = {u["org"].pk: u for u in city["by_unit"]}
    assert units[tree.union_a.pk]["members"] == 6 and units[tree.union_c.pk]["members"] == 0
    early = selectors.statistics(tree.union_a, D(2018, 12, 31))
    assert early["members"] == 2  # those who joined in 2001 and 2010


def test_reminders_for_low_enrollment_and_stale_transfers(tree: Any) -> None:
    from gonghui.core.advice import advice_of

    EmployerYear.objects.create(
        organization=tree.union_a, year=D.today().year, employer_name="甲局", employees=10
    )
    m = make_member(tree.union_a, join_date=D(2019, 1, 1))
    services.member_transfer_out(actor=None, member=m, to_organization=tree.union_b, on=D(2020, 1, 1))
    messages = [a.message for a in advice_of(tree.union_a)]
    assert any("10.00%" in msg and "80%" in msg for msg in messages), messages
    assert any("转会" in msg for msg in messages), messages
    assert not [a for a in advice_of(tree.union_c) if "入会率" in a.message or "转会" in a.message]
