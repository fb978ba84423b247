"""The federation's annual statistics: hand-computed figures on small trees, the workbook, bad input."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.accounts.access import Access, get_access
from gonghui.accounts.roles import Role
from gonghui.care.models import Visit
from gonghui.care.tests.helpers import approved, make_case
from gonghui.committees.models import CommitteeKind, Position
from gonghui.committees.tests.factories import make_committee, make_seat
from gonghui.conftest import make_org
from gonghui.democracy.models import ContractKind
from gonghui.democracy.tests.factories import make_congress, make_contract, make_disclosure
from gonghui.finance.models import Category, VoucherStatus
from gonghui.finance.tests.factories import voucher, voucher_line
from gonghui.members.synthetic import People
from gonghui.members.tests.factories import make_member as any_member
from gonghui.orgs.models import EmployerYear, OrgType
from gonghui.reports.jobs.kinds import JobContext, get_kind
from gonghui.reports.statistics.tables import Table, statistics_tables
from gonghui.reports.statistics.workbook import statistics_xlsx

pytestmark = pytest.mark.django_db
YEAR = 2025
D = Decimal


_people = People(seed=141414)
_next = iter(range(1, 10**6))


def make_member(union: Any, *, gender: str = "", **kw: Any) -> Any:
    """A member of the given gender (the ID number says it) old enough for the join date."""
    if not gender:
        return any_member(union, **kw)
    while True:
        p = _people.person(next(_next))
        joined = kw.get("join_date", dt.date(2020, 1, 1))
        if p.gender == gender and p.birth_date.year + 18 < joined.year:
            return any_member(union, id_number=p.id_number, **kw)


def access_of(make_user: Any, role: str, org: Any) -> Access:
    return get_access(make_user(role, org))


def by_title(tables: list[Table], title_part: str) -> Table:
    return next(t for t in tables if title_part in t.title)


def row(table: Table, label: str) -> list[Any]:
    return next(r.values for r in table.rows if r.label == label)


def posted_line(union: Any, category: str, amount: str, number: int) -> None:
    v = voucher(union, date=dt.date(YEAR, 5, 1), status=VoucherStatus.POSTED, number=number)
    voucher_line(union, voucher=v, category=category, amount=D(amount))


def fill(tree: Any) -> None:
    """The city's unions have a little of everything in 2025; the county the same, never counted."""
    joined = dt.date(YEAR, 2, 1)
    for union in (tree.union_a, tree.union_b):
        make_member(union, gender="F", join_date=joined, employment_type="migrant")
        make_member(union, gender="F", join_date=dt.date(2020, 1, 1))
        make_member(union, gender="M", join_date=dt.date(2020, 1, 1))
        EmployerYear.objects.create(organization=union, year=YEAR, employer_name="某局", employees=6)
        committee = make_committee(union)
        make_seat(union, committee, position=Position.CHAIR, full_time=True, gender="F")
        make_seat(union, committee, position=Position.MEMBER, gender="M")
        make_committee(union, kind=CommitteeKind.WOMEN, name="女职工委员会")
        make_congress(union)
        make_contract(union)
        make_contract(union, kind=ContractKind.WOMEN)
        approved(make_case(union, kind="study"), amount="1000")
        posted_line(union, Category.DUES, "500.00", 1)
    make_member(tree.union_c, gender="M", join_date=joined)
    EmployerYear.objects.create(organization=tree.union_c, year=YEAR, employer_name="丙厂", employees=2)
    make_disclosure(tree.union_c)
    Visit.objects.create(
        organization=tree.union_c,
        title="春节慰问",
        occasion="spring_festival",
        target_group="frontline",
        visited_on=dt.date(YEAR, 1, 20),
        union_officers="主席",
        recipient_count=10,
        cash_amount=D("1000"),
        goods_value=D("200"),
    )
    posted_line(tree.union_c, Category.RIGHTS_VISITS, "800.00", 1)


def test_figures_of_a_federation_by_hand(tree: Any, make_user: Any) -> None:
    fill(tree)
    tables = statistics_tables(tree.city, YEAR, access=access_of(make_user, Role.FEDERATION_ADMIN, tree.city))
    assert [t.code for t in tables][:3] == ["表一", "表二", "表三"]

    orgs = by_title(tables, "工会组织")
    assert row(orgs, "基层工会")[:2] == [2, 0]  # union_a, union_c; no founding date: not new
    assert row(orgs, "工会小组")[0] == 2
    assert row(orgs, "合计")[0] == 4  # the county's union and group are not counted

    basics = by_title(tables, "会员基本情况")
    assert row(basics, "会员总数") == [4]
    assert row(basics, "其中：女会员") == [2]
    assert row(basics, "其中：农民工会员") == [1]
    assert row(basics, "所在单位职工人数") == [8]
    assert row(basics, "入会率（%）") == [D("50.00")]
    assert row(basics, "本年新发展会员") == [2]
    assert row(basics, "其中：农民工") == [1]
    shares = by_title(tables, "会员构成")
    assert row(shares, "女") == [2, D("50.00")]
    assert row(shares, "合计") == [4, D("100.00")]

    bodies = by_title(tables, "组织机构")
    assert row(bodies, "工会委员会") == [1, 1, D("50.00")]
    assert row(bodies, "女职工委员会") == [1, 1, D("50.00")]
    officers = by_title(tables, "委员")
    assert row(officers, "工会委员会委员") == [2, 1, 1, 1]
    assert row(officers, "其中：主席") == [1, 1, 1, 0]

    democracy = by_title(tables, "民主管理")
    assert row(democracy, "职工（会员）代表大会（次）") == [1, 1, D("50.00")]
    assert row(democracy, "厂务（政务、村务）公开事项（项）") == [1, 1, D("50.00")]
    assert row(democracy, "有效期内的综合性集体合同（份）") == [1, 1, D("50.00")]
    assert row(democracy, "有效期内的女职工权益保护专项集体合同（份）") == [1, 1, D("50.00")]

    care = by_title(tables, "关爱职工")
    assert row(care, "金秋助学") == [1, 1, D("0.00")]  # approved, nothing paid yet
    assert row(care, "春节") == [1, 10, D("1200.00")]
    assert row(care, "走访慰问小计") == [1, 10, D("1200.00")]

    funds = by_title(tables, "经费")
    assert row(funds, "会费收入") == [D("500.00")]
    assert row(funds, "收入合计") == [D("500.00")]
    assert row(funds, "支出合计") == [D("800.00")]
    assert row(funds, "收支结余") == [D("-300.00")]

    units = by_title(tables, "分单位")
    assert [r.label for r in units.rows] == ["甲局工会", "丙厂工会", "合计（含本级）"]
    line_a = row(units, "甲局工会")
    assert line_a[:8] == [1, 3, 6, D("50.00"), 1, 1, 1, D("0.00")]
    assert line_a[8:] == [D("500.00"), D("0.00")]
    assert row(units, "丙厂工会")[:4] == [1, 1, 2, D("50.00")]
    assert row(units, "合计（含本级）")[:3] == [2, 4, 8]


def test_the_year_under_way_reads_todays_tallies(tree: Any, make_user: Any) -> None:
    today = timezone.localdate()
    make_member(tree.union_a, gender="F", join_date=today)
    make_member(tree.union_c, gender="M", join_date=dt.date(2020, 1, 1))
    make_member(tree.union_b, gender="M", join_date=today)
    tables = statistics_tables(
        tree.city, today.year, access=access_of(make_user, Role.FEDERATION_ADMIN, tree.city)
    )
    basics = by_title(tables, "会员基本情况")
    assert row(basics, "会员总数") == [2]
    assert row(basics, "本年新发展会员") == [1]
    units = by_title(tables, "分单位")
    assert row(units, "甲局工会")[1] == 1
    assert row(units, "丙厂工会")[1] == 1


def test_a_grassroots_union_gets_its_own_subtree(tree: Any, make_user: Any) -> None:
    fill(tree)
    tables = statistics_tables(tree.union_a, YEAR, access=access_of(make_user, Role.CHAIR, tree.union_a))
    assert row(by_title(tables, "会员基本情况"), "会员总数") == [3]
    assert row(by_title(tables, "工会组织"), "工会小组")[0] == 2
    # Its direct units are groups only: no unit lines, the total line and a note.
    units = by_title(tables, "分单位")
    assert [r.label for r in units.rows] == ["合计（含本级）"]
    assert "本组织没有直属单位。" in units.notes


def test_funds_only_for_readers_of_the_books(tree: Any, make_user: Any) -> None:
    fill(tree)
    tables = statistics_tables(tree.city, YEAR, access=access_of(make_user, Role.GROUP_LEADER, tree.city))
    assert not any("经费" in t.title for t in tables)
    assert "经费收入（元）" not in by_title(tables, "分单位").columns
    assert any("经费表只向可查看账目的用户提供" in n for n in tables[0].notes)


def test_a_federation_without_unions_gets_zeros_and_a_note(make_user: Any) -> None:
    empty = make_org(None, "EMPTY", OrgType.FEDERATION, name="空总工会")
    tables = statistics_tables(empty, YEAR, access=access_of(make_user, Role.FEDERATION_ADMIN, empty))
    values = [v for t in tables for r in t.rows for v in r.values if v is not None]
    assert values and not any(values)
    assert any("尚无基层工会" in n for n in tables[0].notes)
    assert any("尚无可统计的记录" in n for n in tables[0].notes)
    assert row(by_title(tables, "民主管理"), "职工（会员）代表大会（次）") == [0, 0, None]


def test_a_year_with_no_data_and_a_year_not_begun(tree: Any, make_user: Any) -> None:
    fill(tree)
    access = access_of(make_user, Role.FEDERATION_ADMIN, tree.city)
    tables = statistics_tables(tree.city, 1990, access=access)
    assert row(by_title(tables, "会员基本情况"), "会员总数") == [0]
    assert any("1990 年度尚无可统计的记录" in n for n in tables[0].notes)
    with pytest.raises(ValidationError) as e:
        statistics_tables(tree.city, timezone.localdate().year + 1, access=access)
    assert "尚未开始" in e.value.messages[0]


def test_the_workbook(tree: Any, make_user: Any) -> None:
    fill(tree)
    tables = statistics_tables(tree.city, YEAR, access=access_of(make_user, Role.FEDERATION_ADMIN, tree.city))
    out = io.BytesIO()
    statistics_xlsx(tables, org=tree.city, year=YEAR, out=out)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert len(book.sheetnames) == len(tables)
    assert book.sheetnames[0].startswith("表一")
    ws = book[book.sheetnames[1]]
    assert ws["A1"].value == "表二　会员基本情况"
    assert ws["A2"].value == "填报单位：甲市总工会"
    assert ws["A3"].value == "年度：2025 年"
    assert [c.value for c in ws[4]][:2] == ["项目", "人数"]
    assert ws["A5"].value == "会员总数" and ws["B5"].value == 4
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.paperSize == 9
    units = book[book.sheetnames[-1]]
    assert units.page_setup.orientation == "landscape"


def test_query_count_does_not_grow_with_the_unions(make_user: Any) -> None:
    def federation(code: str, unions: int) -> tuple[Any, int]:
        fed = make_org(None, code, OrgType.FEDERATION)
        for i in range(unions):
            union = make_org(fed, f"{code}-{i}", unit_kind="enterprise")
            make_member(union, join_date=dt.date(YEAR, 3, 1))
            EmployerYear.objects.create(organization=union, year=YEAR, employer_name="单位", employees=3)
            make_seat(union, make_committee(union), position=Position.CHAIR, full_time=True)
            make_congress(union)
            make_contract(union)
            posted_line(union, Category.DUES, "10.00", 1)
        access = access_of(make_user, Role.FEDERATION_ADMIN, fed)
        counts = []
        for year in (YEAR, timezone.localdate().year):
            with CaptureQueriesContext(connection) as ctx:
                tables = statistics_tables(fed, year, access=access)
            counts.append(len(ctx.captured_queries))
        assert row(by_title(tables, "会员基本情况"), "会员总数") == [unions]
        return fed, counts

    _small, few = federation("FEW", 3)
    _big, many = federation("MANY", 12)
    assert few == many


def test_the_job_kind_writes_the_workbook(tree: Any, make_user: Any) -> None:
    fill(tree)
    kind = get_kind("statistics")
    out = io.BytesIO()
    ctx = JobContext(
        organization=tree.city,
        params={"year": YEAR},
        access=access_of(make_user, Role.FEDERATION_ADMIN, tree.city),
        out=out,
    )
    name = kind.write(ctx)
    assert name == "甲市总工会-2025年统计年报.xlsx"
    assert openpyxl.load_workbook(io.BytesIO(out.getvalue())).sheetnames[0].startswith("表一")
