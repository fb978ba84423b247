"""The dashboards' figures on small fixtures, computed by hand; the pages, exports and the API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from gonghui.accounts.roles import Role
from gonghui.assessment.models import Assessment, Campaign, Status
from gonghui.assessment.tests.conftest import (  # noqa: F401 (fixtures)
    access_of,
    make_campaign,
    standard,
    values,
)
from gonghui.conftest import make_org
from gonghui.democracy.tests.factories import make_contract
from gonghui.finance.models import Budget, Category, Voucher, VoucherLine, VoucherStatus
from gonghui.members.models import EventReason
from gonghui.members.services import member_leave
from gonghui.members.tests.factories import make_member
from gonghui.orgs.models import EmployerYear, OrgType
from gonghui.reports.dashboards import data
from gonghui.reports.dashboards.data import Chart

D = Decimal


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def by_id(charts: list[Chart]) -> dict[str, Chart]:
    return {c.id: c for c in charts}


# ---- a union's dashboard -------------------------------------------------------------------
@pytest.fixture
def roster(tree: Any) -> dict[str, Any]:
    """Union A: one member since 2024, two joined in January 2025 (one in group A1), one in
    March 2025 who left on 20 March; union C has a member of its own (never counted for A)."""
    old = make_member(tree.union_a, join_date=dt.date(2024, 5, 1))
    jan1 = make_member(tree.union_a, join_date=dt.date(2025, 1, 10), union_group=tree.group_a1)
    jan2 = make_member(tree.union_a, join_date=dt.date(2025, 1, 15), union_group=tree.group_a1)
    march = make_member(tree.union_a, join_date=dt.date(2025, 3, 5))
    member_leave(actor=None, member=march, on=dt.date(2025, 3, 20), reason=EventReason.VOLUNTARY)
    make_member(tree.union_c, join_date=dt.date(2025, 1, 3))
    return {"old": old, "jan": [jan1, jan2], "march": march}


def test_members_by_month_counts_month_ends_joins_and_leaves(tree: Any, roster: Any) -> None:
    chart = data.members_by_month(tree.union_a, 2025)
    rows = [r[1:] for r in chart.rows]
    assert len(rows) == 12
    assert chart.rows[0][0] == gettext("Month %(month)s") % {"month": 1}
    assert rows[0] == [3, 2, 0]  # the 2024 member and the two of January
    assert rows[1] == [3, 0, 0]
    assert rows[2] == [3, 1, 1]  # one joined and left within March
    assert rows[11] == [3, 0, 0]
    # The picture is drawn from the same rows.
    line, joined, left = chart.option["series"]
    assert line["data"][:3] == [3, 3, 3] and joined["data"][:3] == [2, 0, 1] and left["data"][2] == 1


def test_months_to_come_are_blank(tree: Any, roster: Any) -> None:
    this_year = timezone.localdate().year + 1
    chart = data.members_by_month(tree.union_a, this_year)
    assert all(r[1] is None for r in chart.rows)
    assert chart.cells[0][1].text == "—"


def test_members_by_group(tree: Any, roster: Any) -> None:
    chart = data.members_by_group(tree.union_a, 2025)
    assert chart.rows == [["甲一小组", 2, 2, D("66.7")], [gettext("No group"), 1, 1, D("33.3")]]


@pytest.fixture
def books(tree: Any) -> None:
    """Union A's 2025 books: dues 1,000 and culture 300 posted, 50 of culture reversed, a draft
    that does not count; union C's books never show in A's."""

    def posted(
        org: Any, number: int, lines: list[tuple[str, str]], day: dt.date = dt.date(2025, 4, 1)
    ) -> None:
        v = Voucher.objects.create(
            organization=org,
            date=day,
            year=day.year,
            description="凭证",
            status=VoucherStatus.POSTED,
            number=number,
        )
        for category, amount in lines:
            VoucherLine.objects.create(
                organization=org, voucher=v, category=category, amount=D(amount), summary="摘要"
            )

    posted(tree.union_a, 1, [(Category.DUES, "1000.00"), (Category.CULTURE_SPORTS, "300.00")])
    posted(tree.union_a, 2, [(Category.CULTURE_SPORTS, "-50.00")])
    posted(tree.union_a, 3, [(Category.DUES, "999.00")], day=dt.date(2024, 4, 1))
    draft = Voucher.objects.create(
        organization=tree.union_a, date=dt.date(2025, 5, 1), year=2025, description="草稿"
    )
    VoucherLine.objects.create(
        organization=tree.union_a, voucher=draft, category=Category.PUBLICITY, amount=D("70"), summary="x"
    )
    posted(tree.union_c, 1, [(Category.OTHER_INCOME, "5000.00")])
    Budget.objects.create(
        organization=tree.union_a, year=2025, category=Category.CULTURE_SPORTS, amount=D("400")
    )


def test_funds_by_category(tree: Any, books: None) -> None:
    chart = data.funds_by_category(tree.union_a, 2025)
    assert [[r[0], r[2], r[3]] for r in chart.rows] == [
        [str(Category.DUES.label), D("1000.00"), None],
        [str(Category.CULTURE_SPORTS.label), D("250.00"), D("400.00")],
    ]
    assert chart.option["series"][0]["data"] == [1000.0, 250.0]


# ---- assessments -----------------------------------------------------------------------------
A_POINTS = {"A1": "4", "A2": "2", "A3": "3", "A3.1": "2", "A3.2": "1", "B1": "4", "B2": "0"}
C_POINTS = {"A1": "2", "A2": "4", "A3": "4", "A3.1": "2", "A3.2": "2", "B1": "3", "B2": "4"}


@pytest.fixture
def campaigns(tree: Any, standard: Any, make_user: Any) -> dict[str, Campaign]:  # noqa: F811
    """The city's 2025 campaign (A 13 达标 accepted, C 18 优秀 not started) and its 2024 one
    (A 10 不达标, C 18 优秀); the county's 2025 campaign over union B."""
    admin = make_user(Role.FEDERATION_ADMIN, tree.city)
    county_admin = make_user(Role.FEDERATION_ADMIN, tree.county)
    now = make_campaign(tree.city, standard, admin, year=2025)
    before = make_campaign(tree.city, standard, admin, year=2024)
    theirs = make_campaign(tree.county, standard, county_admin, year=2025)

    def put(c: Campaign, org: Any, points: dict, score: str, grade: str, status: str) -> None:
        Assessment.objects.filter(campaign=c, organization=org).update(
            points=points, score=D(score), grade=grade, status=status
        )

    put(now, tree.union_a, A_POINTS, "13", "达标", Status.ACCEPTED)
    put(now, tree.union_c, C_POINTS, "18", "优秀", Status.NOT_STARTED)
    put(before, tree.union_a, C_POINTS, "10", "不达标", Status.ACCEPTED)
    put(before, tree.union_c, C_POINTS, "18", "优秀", Status.ACCEPTED)
    put(theirs, tree.union_b, A_POINTS, "5", "不达标", Status.NOT_STARTED)
    return {"now": now, "before": before, "theirs": theirs}


def test_score_by_section_against_points_and_the_campaigns_average(
    tree: Any, campaigns: Any, make_user: Any
) -> None:
    chair = make_user(Role.CHAIR, tree.union_a)
    chart = data.score_by_section(tree.union_a, 2025, access=access_of(chair))
    # A: A1+A2+A3 = 9 of 12, B: B1+B2 = 4 of 8; the averages of A and C: 9.5 and 5.5.
    assert chart.rows == [["组织建设", D(9), D(12), D("9.50")], ["工作开展", D(4), D(8), D("5.50")]]
    assert "13" in chart.note


def test_federation_campaign_charts(tree: Any, campaigns: Any, make_user: Any) -> None:
    admin = access_of(make_user(Role.FEDERATION_ADMIN, tree.city))
    charts = by_id(data.federation_dashboard(tree.city, 2025, access=admin))
    progress = dict(charts["campaign-progress"].rows)
    assert progress[str(Status.NOT_STARTED.label)] == 1 and progress[str(Status.ACCEPTED.label)] == 1
    assert sum(progress.values()) == 2  # the county's union is not the city's
    assert charts["grades"].rows == [["优秀", 1, 1], ["达标", 1, 0], ["不达标", 0, 1]]
    ranking = charts["ranking"].rows
    assert [r[1] for r in ranking] == ["丙厂工会", "甲局工会"]
    assert ranking[0][2:] == [D(18), "优秀", D(18), D(0)]
    assert ranking[1][2:] == [D(13), "达标", D(10), D(3)]
    assert charts["ranking"].cells[1][5].text == "+3.00"
    lost = [(r[0], r[2], r[3]) for r in charts["most-lost"].rows]
    assert lost == [("B2", D(4), 1), ("A1", D(2), 1), ("A2", D(2), 1), ("A3.2", D(1), 1), ("B1", D(1), 1)]
    late = charts["late"].rows
    assert [r[0] for r in late] == ["丙厂工会"]  # not started after the self-assessment deadline
    assert late[0][2] == dt.date(2025, 11, 30)
    assert late[0][3] == (timezone.localdate() - dt.date(2025, 11, 30)).days


def test_most_lost_follows_a_change_of_the_points(tree: Any, campaigns: Any, make_user: Any) -> None:
    admin = access_of(make_user(Role.FEDERATION_ADMIN, tree.city))
    first = by_id(data.federation_dashboard(tree.city, 2025, access=admin))["most-lost"].rows
    assert first[0][0] == "B2"
    Assessment.objects.filter(campaign=campaigns["now"], organization=tree.union_a).update(
        points={**A_POINTS, "B2": "4", "A2": "0"}, score=D(15)
    )
    again = by_id(data.federation_dashboard(tree.city, 2025, access=admin))["most-lost"].rows
    assert [(r[0], r[2]) for r in again][:2] == [("A2", D(4)), ("A1", D(2))]


def test_most_lost_is_kept_while_nothing_changes(
    tree: Any, campaigns: Any, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = access_of(make_user(Role.FEDERATION_ADMIN, tree.city))
    calls = []
    real = data.assessing.most_lost
    monkeypatch.setattr(data.assessing, "most_lost", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = by_id(data.federation_dashboard(tree.city, 2025, access=admin))["most-lost"].rows
    again = by_id(data.federation_dashboard(tree.city, 2025, access=admin))["most-lost"].rows
    assert first == again and len(calls) == 1


def test_no_campaign_says_so(tree: Any, make_user: Any) -> None:
    admin = access_of(make_user(Role.FEDERATION_ADMIN, tree.city))
    charts = data.federation_dashboard(tree.city, 2030, access=admin)
    assert charts[0].rows == [] and "2030" in charts[0].note


# ---- enrollment and contract coverage -------------------------------------------------------------
@pytest.fixture
def coverage(tree: Any, roster: Any) -> None:
    EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=4)
    EmployerYear.objects.create(organization=tree.union_c, year=2025, employer_name="丙厂", employees=2)
    make_contract(tree.union_a)
    make_contract(tree.union_b)


def test_units_coverage_of_a_past_year(tree: Any, coverage: None) -> None:
    chart = data.units_coverage(tree.city, 2025)
    # A: 3 members of 4 employees, its own contract; C: 1 of 2, none. The county's never shows.
    assert chart.rows == [
        ["甲局工会", 3, 4, D("75.00"), 1, 1, D("100.00")],
        ["丙厂工会", 1, 2, D("50.00"), 1, 0, D("0.00")],
    ]


def test_units_coverage_of_this_year_reads_the_tallies(tree: Any, coverage: None) -> None:
    year = timezone.localdate().year
    EmployerYear.objects.create(organization=tree.union_a, year=year, employer_name="甲局", employees=6)
    chart = data.units_coverage(tree.city, year)
    assert chart.rows[0][:4] == ["甲局工会", 3, 6, D("50.00")]
    assert chart.rows[1][:4] == ["丙厂工会", 1, 0, None]


# ---- set-based: the query count does not grow with the unions ----------------------------------
def _federation(n: int, standard: Any, make_user: Any) -> tuple[Any, Any]:  # noqa: F811
    fed = make_org(None, f"F{n}", OrgType.FEDERATION, name=f"{n}联合会")
    for i in range(n):
        union = make_org(fed, f"F{n}-U{i}", name=f"{n}联合会第{i}工会")
        make_member(union, join_date=dt.date(2025, 2, 1))
        EmployerYear.objects.create(organization=union, year=2025, employer_name="单位", employees=3)
        if i % 2:
            make_contract(union)
    admin = make_user(Role.FEDERATION_ADMIN, fed)
    make_campaign(fed, standard, admin, year=2024)
    make_campaign(fed, standard, admin, year=2025)
    Assessment.objects.filter(campaign__organization=fed).update(points=C_POINTS, score=D(12), grade="达标")
    return fed, access_of(admin)


@pytest.mark.parametrize("year", [2025, "today"])
def test_federation_query_count_does_not_grow_with_the_unions(
    standard: Any,  # noqa: F811
    make_user: Any,
    year: Any,
) -> None:
    year = timezone.localdate().year if year == "today" else year
    counts = []
    for n in (3, 12):
        fed, access = _federation(n, standard, make_user)
        data.federation_dashboard(fed, year, access=access)  # the tallies built once
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            charts = data.federation_dashboard(fed, year, access=access)
        counts.append(len(queries))
        assert len(by_id(charts)["units"].rows) == n
    assert counts[0] == counts[1]


def test_union_query_count_does_not_grow_with_the_groups(tree: Any, campaigns: Any, make_user: Any) -> None:
    chair = access_of(make_user(Role.CHAIR, tree.union_a))
    counts = []
    for extra in (0, 9):
        for i in range(extra):
            group = make_org(tree.union_a, f"UA-X{i}", OrgType.GROUP)
            make_member(tree.union_a, union_group=group, join_date=dt.date(2025, 6, 1))
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            data.union_dashboard(tree.union_a, 2025, access=chair)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# ---- permissions: a chart needs the permission its figures need ----------------------------------
def test_group_leader_sees_no_funds_or_scores(tree: Any, make_user: Any) -> None:
    leader = access_of(make_user(Role.GROUP_LEADER, tree.union_a))
    assert data.chart_ids(data.union_dashboard(tree.union_a, 2025, access=leader)) == [
        "members-months",
        "members-groups",
    ]


def test_the_type_decides_the_dashboard(tree: Any, make_user: Any) -> None:
    admin = access_of(make_user(Role.FEDERATION_ADMIN, tree.city))
    assert "units" in data.chart_ids(data.dashboard(tree.city, 2025, access=admin))
    assert "members-months" in data.chart_ids(data.dashboard(tree.union_a, 2025, access=admin))
    assert data.dashboard(tree.group_a1, 2025, access=admin) == []


# ---- pages, export, API ---------------------------------------------------------------------------
def test_home_of_a_union_shows_its_charts(
    tree: Any, roster: Any, books: None, make_user: Any, login: Any
) -> None:
    client = login(make_user(Role.CHAIR, tree.union_a))
    page = client.get(reverse("home"), {"year": 2025}).content.decode()
    for chart in ("members-months", "members-groups", "funds-categories"):
        assert f'data-chart="chart-{chart}-option"' in page
    assert 'id="chart-score-sections-title"' in page  # no assessment: the chart says so
    assert 'id="chart-members-months-option" type="application/json"' in page
    assert "vendor/echarts/echarts.min.js" in page and "gonghui/charts.js" in page
    assert "style=" not in page.split("data-dashboard")[1]


def test_home_of_a_federation_shows_its_own_charts(
    tree: Any, campaigns: Any, coverage: None, make_user: Any, login: Any
) -> None:
    client = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    page = client.get(reverse("home"), {"year": 2025}).content.decode()
    for chart in ("campaign-progress", "grades", "ranking", "most-lost", "late", "units"):
        assert f'id="chart-{chart}-title"' in page
    assert 'data-chart="chart-members-months-option"' not in page
    assert "丙厂工会" in page and "乙乡工会" not in page


def test_dashboard_page_of_a_unit_below(tree: Any, roster: Any, make_user: Any, login: Any) -> None:
    client = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    resp = client.get(reverse("reports:dashboard"), {"org": tree.union_a.pk, "year": 2025})
    assert resp.status_code == 200
    assert 'data-chart="chart-members-months-option"' in resp.content.decode()


def test_bad_year_is_refused_with_a_message(tree: Any, make_user: Any, login: Any) -> None:
    client = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    resp = client.get(reverse("reports:dashboard"), {"org": tree.city.pk, "year": "99999"})
    assert resp.status_code == 200
    assert "1900" in resp.content.decode()  # 年度：请输入1900至2100之间的年份


def test_export_of_a_chart(tree: Any, roster: Any, make_user: Any, login: Any) -> None:
    client = login(make_user(Role.CHAIR, tree.union_a))
    url = reverse("reports:dashboard-export", kwargs={"chart": "members-months"})
    resp = client.get(url, {"org": tree.union_a.pk, "year": 2025})
    assert resp.status_code == 200
    assert resp["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 13
    assert rows[1][1:] == (3, 2, 0)
    assert client.get(reverse("reports:dashboard-export", kwargs={"chart": "nope"})).status_code == 404


def test_api_gives_the_same_numbers(tree: Any, roster: Any, make_user: Any, login: Any) -> None:
    client = login(make_user(Role.CHAIR, tree.union_a))
    resp = client.get("/api/v1/reports/dashboards", {"org": tree.union_a.pk, "year": 2025})
    assert resp.status_code == 200
    charts = {c["id"]: c for c in resp.json()["charts"]}
    assert charts["members-months"]["rows"][0][1:] == [3, 2, 0]
    assert charts["members-months"]["option"]["series"][1]["data"][0] == 2
    assert client.get("/api/v1/reports/dashboards", {"org": tree.union_a.pk, "year": 1}).status_code == 400
