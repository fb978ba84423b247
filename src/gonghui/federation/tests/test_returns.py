"""Annual returns: their checks, and the member metrics taking the roster or the return."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from gonghui.accounts.roles import Role
from gonghui.core.metrics import Period, compute, registry, sources
from gonghui.federation.models import AnnualReturn
from gonghui.members.tests.factories import make_member
from gonghui.members.validators import with_check_char
from gonghui.orgs.models import EmployerYear, Organization
from gonghui.reports.dashboards.data import units_coverage
from gonghui.reports.statistics.tables import statistics_tables

NAMES = ["member_count", "women_member_count", "new_members", "new_migrant_members", "enrollment_rate"]


def _return(org: Any, year: int = 2025, **kw: Any) -> AnnualReturn:
    return AnnualReturn.objects.create(organization=org, year=year, **{"members": 40, **kw})


@pytest.mark.parametrize(
    ("field", "words"),
    [
        ("women_members", "女会员人数不能超过会员人数"),
        ("migrant_members", "农民工会员人数不能超过会员人数"),
        ("new_members", "新发展会员人数不能超过会员人数"),
    ],
)
def test_a_part_above_the_members_is_refused_in_chinese_by_the_form_and_the_database(
    tree: Any, field: str, words: str
) -> None:
    ret = AnnualReturn(organization=tree.union_a, year=2025, members=10, **{field: 11})
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        ret.full_clean()
    assert words in " ".join(e.value.message_dict[field])
    with pytest.raises(IntegrityError), transaction.atomic():
        ret.save()


def test_more_new_migrants_than_new_members_is_refused(tree: Any) -> None:
    ret = AnnualReturn(organization=tree.union_a, year=2025, members=10, new_members=2, new_migrant_members=3)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        ret.full_clean()
    assert "新发展农民工会员人数不能超过新发展会员人数" in e.value.message_dict["new_migrant_members"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        ret.save()


def test_one_return_per_union_and_year(tree: Any) -> None:
    _return(tree.union_a)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        AnnualReturn(organization=tree.union_a, year=2025, members=3).full_clean()
    assert "该工会本年度的年报已填报" in str(e.value)
    _return(tree.union_a, year=2024)  # another year is another return


def _id(n: int, female: bool) -> str:
    """A resident ID number that says the gender (sequence even for a woman)."""
    return with_check_char(f"53010219800101{2 * n + (2 if female else 1):03d}")


def _setup(tree: Any) -> None:
    """Union A keeps a roster (3 members, one woman, one joined in 2025) and also filed a return;
    union C keeps none and filed one; the county's union B filed one for 2024 only."""
    make_member(tree.union_a, join_date=dt.date(2020, 1, 1), id_number=_id(1, female=False))
    make_member(tree.union_a, join_date=dt.date(2021, 1, 1), id_number=_id(2, female=False))
    make_member(
        tree.union_a, join_date=dt.date(2025, 3, 1), id_number=_id(3, female=True), employment_type="migrant"
    )
    _return(tree.union_a, members=500, women_members=200)  # left aside: A keeps a roster
    _return(tree.union_c, members=40, women_members=15, new_members=6, new_migrant_members=2, employees=50)
    _return(tree.union_b, year=2024, members=12)
    EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=6)


def test_member_metrics_take_the_roster_where_kept_and_the_return_where_not(tree: Any) -> None:
    _setup(tree)
    a, c, city, county, b = (tree.union_a.pk, tree.union_c.pk, tree.city.pk, tree.county.pk, tree.union_b.pk)
    orgs = Organization.objects.filter(pk__in=[a, c, city, county, b])
    v = compute(orgs, Period.year(2025), NAMES)
    assert v["member_count"][a] == 3  # the roster, not its return's 500
    assert v["member_count"][c] == 40  # the return
    assert v["member_count"][city] == 43  # rolled up: A's roster + C's return, A counted once
    assert v["member_count"][b] == 0 and v["member_count"][county] == 0  # a 2024 return is not 2025's
    assert v["women_member_count"][city] == 1 + 15
    assert v["new_members"][city] == 1 + 6
    assert v["new_migrant_members"][city] == 1 + 2
    # 3 at work in A ÷ its 6 employees; C: 40 ÷ the 50 employees of its return (no employer facts).
    assert str(v["enrollment_rate"][a]) == "50.00"
    assert str(v["enrollment_rate"][c]) == "80.00"
    assert str(v["enrollment_rate"][city]) == str(round(43 * 100 / 56, 2))
    assert compute(orgs, Period.year(2024), ["member_count"])["member_count"][county] == 12


def test_a_union_whose_branch_keeps_the_roster_counts_from_the_roster(town: Any) -> None:
    make_member(town.branch_t2, join_date=dt.date(2020, 1, 1))
    _return(town.union_t2, members=90)
    _return(town.union_t1, members=20)
    v = compute(Organization.objects.filter(pk__in=[town.union_t2.pk, town.town.pk]), Period.year(2025))
    assert v["member_count"] == {town.union_t2.pk: 1, town.town.pk: 21}


def test_every_member_figure_says_its_source(tree: Any) -> None:
    _setup(tree)
    orgs = Organization.objects.filter(
        pk__in=[tree.union_a.pk, tree.union_c.pk, tree.city.pk, tree.county.pk]
    )
    with translation.override("zh-hans"):
        said = sources(orgs, Period.year(2025), NAMES)
    for name in NAMES:
        assert said[name][tree.union_a.pk] == "名册"
        assert said[name][tree.union_c.pk] == "年报"
        assert said[name][tree.city.pk] == "名册和年报"
        assert tree.county.pk not in said[name]  # nothing counted: no source to name
    assert registry.get("member_count").source is not None


def test_the_metrics_command_names_the_source(tree: Any) -> None:
    _setup(tree)
    out = StringIO()
    with translation.override("zh-hans"):
        call_command("metrics", "CITY", "--year", "2025", stdout=out)
    line = next(ln for ln in out.getvalue().splitlines() if "member_count" in ln)
    assert "43" in line and "名册和年报" in line


def test_returns_add_a_constant_number_of_queries(tree: Any) -> None:
    _setup(tree)
    orgs = Organization.objects.filter(org_type="grassroots")
    with CaptureQueriesContext(connection) as few:
        compute(orgs, Period.year(2025), NAMES)
    from gonghui.conftest import make_org  # why: only this test needs more unions

    for i in range(15):
        _return(make_org(tree.city, f"R{i}"), members=10)
    with CaptureQueriesContext(connection) as many:
        values = compute(Organization.objects.filter(org_type="grassroots"), Period.year(2025), NAMES)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert sum(values["member_count"].values()) == 3 + 40 + 150


def test_the_dashboard_s_units_and_the_home_tiles_count_a_return_like_the_metrics(
    town: Any, make_user: Any, login: Any
) -> None:
    _return(town.union_t1, members=30, employees=60)
    EmployerYear.objects.create(organization=town.union_t2, year=2025, employer_name="联合", employees=80)
    _return(town.union_t2, members=20, employees=999)  # its employer facts stand: 999 is not counted
    rows = {row[0]: row for row in units_coverage(town.town, 2025).rows}
    assert rows["丁镇一厂工会"][1:4] == [30, 60, Decimal("50.00")]
    assert rows["丁镇联合工会"][1:4] == [20, 80, Decimal("25.00")]
    client = login(make_user(Role.FEDERATION_ADMIN, town.town))
    page = client.get(f"/?org={town.town.pk}&year=2025").content.decode()
    assert 'data-source="member_count"' in page and "年报" in page


def test_the_annual_statistics_add_the_returns_to_the_roster_as_the_metrics_do(town: Any) -> None:
    make_member(town.union_t1, join_date=dt.date(2020, 5, 1))
    EmployerYear.objects.create(organization=town.union_t1, year=2025, employer_name="一厂", employees=4)
    _return(town.union_t2, members=20, women_members=8, employees=40)
    tables = statistics_tables(town.town, 2025, access=_Everything())
    basics = {row.label: row.values[0] for row in tables[1].rows}
    assert basics["会员总数"] == 21 == compute_one("member_count", town.town)
    assert (basics["其中：名册会员"], basics["其中：年报会员"]) == (1, 20)
    assert basics["所在单位职工人数"] == 44 and basics["入会率（%）"] == Decimal("47.73")
    units = {row.label: row.values for row in tables[-1].rows}
    assert units["丁镇联合工会"][1:4] == [20, 40, Decimal("50.00")]
    assert units["合计（含本级）"][1] == 21


class _Everything:
    """A reader allowed everything (the tables check the permission, not the scope)."""

    def can(self, perm: str, org: Any) -> bool:
        return True


def compute_one(name: str, org: Organization) -> Any:
    return compute(Organization.objects.filter(pk=org.pk), Period.year(2025), [name])[name][org.pk]
