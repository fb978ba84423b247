"""The dashboards' data: a union's charts and a federation's, each a table and the ECharts
option drawn from the same rows.

Every chart is one or two set-based queries for all the units it shows (never one per
union), reads through the request's scope, and is left out where the reader lacks the
permission its figures need. The numbers come from the places that own them: the roster's
tallies and membership events (members), the funds ledger (finance), the assessment
selectors (campaign progress, grades, ranking, most-lost items).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Avg, Count, DecimalField, Max, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, ExtractMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.accounts.roles import Perm
from gonghui.assessment import selectors as assessing
from gonghui.assessment.models import SELF_EDITABLE, Assessment, Campaign, CriterionKind, Status
from gonghui.core.formats import amount_text
from gonghui.core.metrics import Period, per_org, per_org_each, rate
from gonghui.core.scoping import subtree_q
from gonghui.democracy.models import GENERAL_KINDS
from gonghui.democracy.selectors import contracts_in_force
from gonghui.finance.models import EXPENDITURE_CATEGORIES, INCOME_CATEGORIES, Budget, Category
from gonghui.finance.selectors import category_balances
from gonghui.members import snapshots, tallies
from gonghui.members.metrics import add_returns
from gonghui.members.models import (
    COUNTED_STATUSES,
    WORKING_STATUSES,
    EventKind,
    Member,
    MembershipEvent,
)
from gonghui.members.selectors import members_at
from gonghui.orgs.models import EmployerYear, Organization, OrgType

# Federations and township unions get the federation's dashboard; the unions below, the union's.
FEDERATION_TYPES = (OrgType.FEDERATION, OrgType.TOWNSHIP)
UNION_TYPES = (OrgType.GRASSROOTS, OrgType.JOINT, OrgType.BRANCH)
# The unions whose contracts and assessments count (groups and branches are parts of one).
COUNTED_UNIONS = (OrgType.GRASSROOTS, OrgType.JOINT)
JOINS = (EventKind.JOIN, EventKind.TRANSFER_IN)
LEAVES = (EventKind.LEAVE, EventKind.DEATH, EventKind.TRANSFER_OUT)
RANKING_ROWS = 20
LATE_ROWS = 50
UNIT_ROWS = 300
UNITS_DRAWN = 30
GROUP_ROWS = 200
GROUPS_DRAWN = 15
PALETTE = ["#c8102e", "#2f6f9f", "#e3a21a", "#4c9a5b", "#7a5195", "#8c8c8c", "#ef5675", "#003f5c"]


@dataclass
class Column:
    label: str
    kind: str = "text"  # text, count, amount, rate (percent), points, change


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False
    change: Any = 0
    nowrap: bool = False


def cell(value: Any, kind: str) -> Cell:
    if value is None:
        return Cell("—", kind != "text")
    if kind == "text":
        return Cell(str(value))
    if kind == "rate":
        return Cell(f"{value}%", True)
    if kind == "amount":
        return Cell(amount_text(value), True)
    if kind == "change":
        sign = "+" if value > 0 else ""
        return Cell(f"{sign}{value}", True, value)
    return Cell(str(value), True)


@dataclass
class Chart:
    """One chart: its table (columns, rows of plain values) and the ECharts option from those rows."""

    id: str
    title: str
    kind: str  # bar, line, pie, table (the table alone: a ranking, a list)
    columns: list[Column]
    rows: list[list[Any]]
    option: dict[str, Any] = field(default_factory=dict)
    note: str = ""  # what the figures are, or why there are none
    link: str = ""  # a page with the full list

    @property
    def wide(self) -> bool:
        """A table of many columns goes under the picture rather than beside it."""
        return len(self.columns) > 4

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def height(self) -> int:
        """Pixels for the picture: a horizontal bar chart grows with its bars."""
        y_axis = self.option.get("yAxis")
        if isinstance(y_axis, dict) and y_axis.get("type") == "category":
            bars = max(1, len(self.option.get("series", [])))
            return max(260, min(900, 70 + len(y_axis.get("data", [])) * (14 + 10 * bars)))
        return 300

    @property
    def cells(self) -> list[list[Cell]]:
        """The rows as the table shows them: numbers formatted by their column's kind."""
        out = []
        for row in self.rows:
            cells = [cell(v, c.kind) for v, c in zip(row, self.columns, strict=False)]
            # Short texts after the first column (a direction, a grade, a status) stay on one line.
            out.append(
                [
                    c if i == 0 or c.numeric or len(c.text) > 6 else Cell(c.text, nowrap=True)
                    for i, c in enumerate(cells)
                ]
            )
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "note": self.note,
            "columns": [{"label": c.label, "kind": c.kind} for c in self.columns],
            "rows": [[plain(v) for v in row] for row in self.rows],
            "option": self.option,
        }


def plain(value: Any) -> Any:
    """A value as JSON carries it: Decimals as numbers."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _num(value: Any) -> Any:
    return None if value is None else plain(value)


# ---- figures read from every assessment's points, kept while the assessments are unchanged ----
KEPT_SECONDS = 600


def kept(name: str, campaign: Campaign, assessments: QuerySet[Assessment], compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in the cache while the assessments it reads are unchanged.

    The most-lost items and the sections' averages read every assessment's points (a JSON
    object each): at ten thousand unions that is most of a second. One aggregate over the
    same rows (their number, the sums of their scores, the latest scoring, submission and
    acceptance) says whether anything changed; the figure is also recomputed after
    ``KEPT_SECONDS`` whatever happened.
    """
    state = assessments.order_by().aggregate(
        n=Count("pk"),
        score=Sum("score"),
        self_total=Sum("self_total"),
        review_total=Sum("review_total"),
        computed=Max("computed_at"),
        submitted=Max("submitted_at"),
        accepted=Max("accepted_at"),
    )
    sql, params = assessments.order_by().values("pk").query.sql_with_params()
    signature = repr((name, campaign.pk, campaign.created_at, sql, params, sorted(state.items())))
    key = "reports.dashboards." + hashlib.sha256(signature.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, KEPT_SECONDS)
    return found


# ---- ECharts options ---------------------------------------------------------------
def _base(legend: bool = True) -> dict[str, Any]:
    option: dict[str, Any] = {
        "color": PALETTE,
        "aria": {"enabled": True},
        "tooltip": {"trigger": "axis", "confine": True},
        "grid": {"left": 8, "right": 16, "top": 36 if legend else 16, "bottom": 8, "containLabel": True},
        "animation": False,
    }
    if legend:
        option["legend"] = {"top": 0, "type": "scroll"}
    return option


def bar_option(
    categories: list[Any],
    series: list[tuple[str, list[Any], str]],
    *,
    horizontal: bool = False,
    stack: bool = False,
    percent: bool = False,
) -> dict[str, Any]:
    """Bars (or lines: the series' third element) over ``categories``."""
    option = _base(legend=len(series) > 1)
    cat_axis: dict[str, Any] = {
        "type": "category",
        "data": categories,
        "axisLabel": {"interval": 0, "hideOverlap": True, "width": 120, "overflow": "truncate"},
    }
    if not horizontal:
        cat_axis["axisLabel"]["rotate"] = 30 if len(categories) > 6 else 0
    val_axis: dict[str, Any] = {"type": "value", "minInterval": 1}
    if percent:
        val_axis = {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}}
    if horizontal:
        cat_axis["inverse"] = True
        option["xAxis"], option["yAxis"] = val_axis, cat_axis
    else:
        option["xAxis"], option["yAxis"] = cat_axis, val_axis
    option["series"] = [
        {
            "name": name,
            "type": kind,
            "data": [_num(v) for v in values],
            **({"stack": "total"} if stack and kind == "bar" else {}),
            **({"barMaxWidth": 28} if kind == "bar" else {}),
            **({"connectNulls": False, "symbolSize": 6} if kind == "line" else {}),
        }
        for name, values, kind in series
    ]
    return option


def pie_option(name: str, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    option = _base(legend=True)
    option["tooltip"] = {"trigger": "item", "confine": True}
    option["series"] = [
        {
            "name": name,
            "type": "pie",
            "radius": ["35%", "65%"],
            "center": ["50%", "58%"],
            "label": {"formatter": "{b}: {c}"},
            "data": [{"name": label, "value": _num(v)} for label, v in pairs],
        }
    ]
    return option


# ---- a union's dashboard --------------------------------------------------------------
def union_dashboard(org: Organization, year: int, *, access: Any) -> list[Chart]:
    """A grassroots union's charts for ``year``: members over the months, members by group,
    funds by category, its assessment's score by section against the federation's average."""
    charts: list[Chart] = []
    if access.can(Perm.MEMBERS_VIEW, org):
        charts.append(members_by_month(org, year))
        charts.append(members_by_group(org, year))
    if access.can(Perm.FINANCE_VIEW, org):
        charts.append(funds_by_category(org, year))
    if access.can(Perm.ASSESS_VIEW, org):
        charts.append(score_by_section(org, year, access=access))
    return charts


def _month_ends(year: int) -> list[dt.date]:
    return [
        (dt.date(year, m + 1, 1) if m < 12 else dt.date(year + 1, 1, 1)) - dt.timedelta(days=1)
        for m in range(1, 13)
    ]


def members_by_month(org: Organization, year: int) -> Chart:
    """Members at each month's end, joins and leaves per month: two queries over the union's events."""
    today = timezone.localdate()
    ends = _month_ends(year)
    events = MembershipEvent.objects.filter(subtree_q(org.path, "organization__path"))
    # Members at each month's end that has come: one pass, one conditional count per month.
    counted = {
        f"m{i}": Count("pk", filter=Q(on__lte=d) & (Q(ends_on__isnull=True) | Q(ends_on__gt=d)))
        for i, d in enumerate(ends)
        if d.replace(day=1) <= today
    }
    at_end: dict[str, int] = {}
    if counted:
        at_end = (
            events.filter(status__in=COUNTED_STATUSES, on__lte=ends[-1])
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=ends[0]))
            .order_by()
            .aggregate(**counted)
        )
    moves = (
        events.filter(on__year=year, kind__in=(*JOINS, *LEAVES))
        .annotate(month=ExtractMonth("on"))
        .values_list("month", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    joined = dict.fromkeys(range(1, 13), 0)
    left = dict.fromkeys(range(1, 13), 0)
    for month, kind, n in moves:
        (joined if kind in JOINS else left)[month] += n
    labels = [_("Month %(month)s") % {"month": m} for m in range(1, 13)]
    rows = [[labels[i], at_end.get(f"m{i}"), joined[i + 1], left[i + 1]] for i in range(12)]
    option = bar_option(
        labels,
        [
            (_("Members at the month's end"), [r[1] for r in rows], "line"),
            (_("Joined (transfers in included)"), [r[2] for r in rows], "bar"),
            (_("Left (transfers out included)"), [r[3] for r in rows], "bar"),
        ],
    )
    # The members on their own axis: a few hundred members beside a handful of joins.
    option["yAxis"] = [{"type": "value", "minInterval": 1}, {"type": "value", "minInterval": 1}]
    option["series"][0]["yAxisIndex"] = 1
    return Chart(
        id="members-months",
        title=_("Members over the year %(year)s") % {"year": year},
        kind="bar",
        columns=[
            Column(_("Month")),
            Column(_("Members at the month's end"), "count"),
            Column(_("Joined (transfers in included)"), "count"),
            Column(_("Left (transfers out included)"), "count"),
        ],
        rows=rows,
        option=option,
        note=_("Members counted at each month's end (kept memberships included); months to come are blank."),
    )


def members_by_group(org: Organization, year: int) -> Chart:
    """Members and members at work per union group: one grouped query over the roster."""
    today = timezone.localdate()
    end = dt.date(year, 12, 31)
    if end >= today:
        base: QuerySet = Member.objects.filter(
            subtree_q(org.path, "organization__path"), status__in=COUNTED_STATUSES
        )
        m = ""
    else:
        base, m = members_at(end).filter(subtree_q(org.path, "organization__path")), "member__"
    status = "status"
    grouped = (
        base.values_list(f"{m}union_group__name")
        .annotate(n=Count("pk"), working=Count("pk", filter=Q(**{f"{status}__in": WORKING_STATUSES})))
        .order_by("-n", f"{m}union_group__name")[:GROUP_ROWS]
    )
    found = list(grouped)
    total = sum(n for _name, n, _w in found)
    rows = [
        [
            name or _("No group"),
            n,
            working,
            (Decimal(n * 100) / total).quantize(Decimal("0.1")) if total else None,
        ]
        for name, n, working in found
    ]
    shown = rows[:GROUPS_DRAWN]
    option = bar_option(
        [r[0] for r in shown], [(_("Members"), [r[1] for r in shown], "bar")], horizontal=True
    )
    note = _("Today's roster.") if end >= today else _("Members on 31 December.")
    if len(rows) > GROUPS_DRAWN:
        note += " " + _("The picture shows the %(n)s largest groups; the table lists all %(all)s.") % {
            "n": GROUPS_DRAWN,
            "all": len(rows),
        }
    return Chart(
        id="members-groups",
        title=_("Members by union group"),
        kind="bar",
        columns=[
            Column(_("Union group")),
            Column(_("Members"), "count"),
            Column(_("At work"), "count"),
            Column(_("Share of the members"), "rate"),
        ],
        rows=rows,
        option=option,
        note=note,
    )


def funds_by_category(org: Organization, year: int) -> Chart:
    """The union's own books: posted amounts and budgets by category (two grouped queries)."""
    posted = category_balances(org, year)
    budgets = dict(
        Budget.objects.filter(organization=org, year=year).values_list("category", "amount").order_by()
    )
    rows = []
    for direction, categories in (
        (_("Income"), INCOME_CATEGORIES),
        (_("Expenditure"), EXPENDITURE_CATEGORIES),
    ):
        for c in categories:
            amount, budget = posted.get(c), budgets.get(c)
            if amount or budget:
                rows.append([str(Category(c).label), direction, amount or Decimal("0.00"), budget])
    option = bar_option(
        [r[0] for r in rows],
        [(_("Posted"), [r[2] for r in rows], "bar"), (_("Budget"), [r[3] for r in rows], "bar")],
        horizontal=True,
    )
    option["xAxis"].pop("minInterval", None)
    return Chart(
        id="funds-categories",
        title=_("Income and spending by category, %(year)s") % {"year": year},
        kind="bar",
        columns=[
            Column(pgettext("funds", "Category")),
            Column(_("Direction")),
            Column(_("Posted (yuan)"), "amount"),
            Column(_("Budget (yuan)"), "amount"),
        ],
        rows=rows,
        option=option,
        note=_("Posted vouchers of the union's own books (reversals netted)."),
    )


def _section_items(campaign: Campaign) -> list[tuple[Any, list[Any]]]:
    """(section, its top-level items) in the standard's order; bonus items as one more section."""
    criteria = assessing.criteria_of(campaign.standard)
    sections = [c for c in criteria if c.kind == CriterionKind.SECTION]
    by_section: dict[int, list[Any]] = {s.pk: [] for s in sections}
    for c in criteria:
        if c.kind == CriterionKind.ITEM and c.parent_id in by_section:
            by_section[c.parent_id].append(c)
    return [(s, by_section[s.pk]) for s in sections if by_section[s.pk]]


def _points_of(code: str) -> Any:
    return Coalesce(Cast(KT(f"points__{code}"), DecimalField(max_digits=8, decimal_places=2)), Decimal(0))


def score_by_section(org: Organization, year: int, *, access: Any) -> Chart:
    """The union's latest assessment of ``year``, by section: its points, the section's points
    and the average of every union of the campaign (one aggregate over the campaign)."""
    columns = [
        Column(pgettext("assessment", "Section")),
        Column(_("Score"), "points"),
        Column(_("Points"), "points"),
        Column(_("Average of the campaign"), "points"),
    ]
    chart = Chart(
        id="score-sections",
        title=_("Assessment score by section, %(year)s") % {"year": year},
        kind="bar",
        columns=columns,
        rows=[],
    )
    mine = (
        assessing.visible_assessments(access)
        .filter(organization=org, campaign__year=year)
        .select_related("campaign__standard")
        .order_by(assessing.inspected_first(), "-campaign__created_at")
        .first()
    )
    if mine is None:
        chart.note = _("No assessment of %(year)s.") % {"year": year}
        return chart
    sections = _section_items(mine.campaign)
    items = [c for _s, cs in sections for c in cs]
    # The campaign's average is a figure about all its unions, never a union's own record.
    everyone = Assessment.objects.unscoped("the campaign's average over its unions").filter(
        campaign=mine.campaign
    )
    averages = kept(
        "section-averages",
        mine.campaign,
        everyone,
        lambda: everyone.order_by().aggregate(**{f"i{c.pk}": Avg(_points_of(c.code)) for c in items}),
    )
    points = mine.points or {}
    rows = []
    for section, its in sections:
        got = sum((Decimal(str(points.get(c.code, 0) or 0)) for c in its), Decimal(0))
        avg = sum((Decimal(averages[f"i{c.pk}"] or 0) for c in its), Decimal(0))
        full = section.points or sum((c.points for c in its), Decimal(0))
        rows.append([section.title, got, full, avg.quantize(Decimal("0.01"))])
    chart.rows = rows
    chart.option = bar_option(
        [r[0] for r in rows],
        [
            (_("Score"), [r[1] for r in rows], "bar"),
            (_("Average of the campaign"), [r[3] for r in rows], "bar"),
            (_("Points"), [r[2] for r in rows], "bar"),
        ],
    )
    chart.option["color"] = [PALETTE[0], PALETTE[2], "#bfbfbf"]
    chart.option["yAxis"].pop("minInterval", None)
    chart.note = _("%(campaign)s: total %(score)s, grade %(grade)s.") % {
        "campaign": mine.campaign.name,
        "score": mine.score,
        "grade": mine.grade or "—",
    }
    return chart


# ---- a federation's dashboard ------------------------------------------------------------
def federation_dashboard(org: Organization, year: int, *, access: Any) -> list[Chart]:
    """A federation's (or a township union's) charts for ``year``: its campaign's progress,
    grades, ranking with last year's change, the items most lost, the unions that are late,
    and the enrollment and contract coverage of the units below it."""
    charts: list[Chart] = []
    if access.can(Perm.ASSESS_VIEW, org):
        campaign = campaign_of(org, year, access=access)
        if campaign is not None:
            assessments = assessing.visible_assessments(access).filter(
                subtree_q(org.path, "organization__path"), campaign=campaign
            )
            charts += [
                campaign_progress(campaign, assessments),
                grade_distribution(campaign, assessments, access=access),
                ranking(campaign, assessments, access=access),
                most_lost(campaign, assessments),
                late_unions(campaign, assessments),
            ]
        else:
            charts.append(
                Chart(
                    id="campaign-progress",
                    title=_("Assessment campaign"),
                    kind="bar",
                    columns=[],
                    rows=[],
                    note=_("No assessment campaign of %(year)s covers this organization.") % {"year": year},
                )
            )
    if access.can(Perm.MEMBERS_VIEW, org):
        charts.append(units_coverage(org, year))
    return charts


def campaign_of(org: Organization, year: int, *, access: Any) -> Campaign | None:
    """The campaign of ``year`` the organization runs, else the nearest one covering it."""
    step = Organization.steplen
    above = [org.path[:i] for i in range(step, len(org.path) + 1, step)]
    found = list(
        assessing.visible_campaigns(access)
        .filter(year=year)
        .filter(Q(root__path__in=above) | subtree_q(org.path, "root__path"))
        .select_related("standard", "organization", "root")
        .order_by("-created_at")[:20]
    )
    if not found:
        return None
    found.sort(key=lambda c: (c.organization_id != org.pk, -len(c.root.path) if c.root.path in above else 0))
    return found[0]


def campaign_progress(campaign: Campaign, assessments: QuerySet[Assessment]) -> Chart:
    counts = assessing.progress(assessments)
    rows: list[list[Any]] = [[str(label), counts.get(value, 0)] for value, label in Status.choices]
    option = bar_option([r[0] for r in rows], [(_("Unions"), [r[1] for r in rows], "bar")])
    option["series"][0]["colorBy"] = "data"
    return Chart(
        id="campaign-progress",
        title=_("%(campaign)s: progress") % {"campaign": campaign.name},
        kind="bar",
        columns=[Column(_("Status")), Column(_("Unions"), "count")],
        rows=rows,
        option=option,
        note=_("Self-assessment deadline %(self)s, acceptance deadline %(accept)s.")
        % {"self": campaign.self_deadline, "accept": campaign.acceptance_deadline},
    )


def _previous(campaign: Campaign, access: Any) -> tuple[Campaign | None, QuerySet[Assessment] | None]:
    previous = assessing.previous_campaign(campaign)
    if previous is None:
        return None, None
    return previous, assessing.visible_assessments(access).filter(campaign=previous)


def grade_distribution(campaign: Campaign, assessments: QuerySet[Assessment], *, access: Any) -> Chart:
    grades = assessing.grade_counts(assessments)
    names = [g["name"] for g in campaign.standard.grades] or sorted(grades)
    previous, before = _previous(campaign, access)
    last: dict[str, int] = {}
    if before is not None:
        last = assessing.grade_counts(before.filter(organization__in=assessments.values("organization_id")))
    columns = [Column(_("Grade")), Column(_("Unions"), "count")]
    series = [(str(campaign.year), [grades.get(n, 0) for n in names], "bar")]
    if previous is not None:
        columns.append(Column(str(previous.year), "count"))
        series.append((str(previous.year), [last.get(n, 0) for n in names], "bar"))
    rows = [[n, grades.get(n, 0), *([last.get(n, 0)] if previous is not None else [])] for n in names]
    return Chart(
        id="grades",
        title=_("Grade distribution"),
        kind="bar",
        columns=columns,
        rows=rows,
        option=bar_option(names, series),
        note=_("Grades of the unions whose assessment has a score."),
    )


def ranking(campaign: Campaign, assessments: QuerySet[Assessment], *, access: Any) -> Chart:
    """The first unions by score with last year's score and the change (two queries)."""
    top = list(
        assessments.select_related(None)
        .select_related("organization")
        .order_by("-score", "organization__path")
        .only("score", "grade", "vetoed", "status", "organization__name", "organization__short_name")[
            :RANKING_ROWS
        ]
    )
    previous, before = _previous(campaign, access)
    last: dict[int, Decimal] = {}
    if before is not None and top:
        last = dict(
            before.filter(organization__in=[a.organization_id for a in top]).values_list(
                "organization_id", "score"
            )
        )
    rows = []
    for i, a in enumerate(top, start=1):
        was = last.get(a.organization_id)
        rows.append(
            [i, a.organization.name, a.score, a.grade, was, a.score - was if was is not None else None]
        )
    option = bar_option(
        [r[1] for r in rows],
        [(str(campaign.year), [r[2] for r in rows], "bar")]
        + ([(str(previous.year), [r[4] for r in rows], "bar")] if previous is not None else []),
        horizontal=True,
    )
    option["xAxis"].pop("minInterval", None)
    return Chart(
        id="ranking",
        title=_("Ranking, with the change from last year"),
        kind="bar",
        columns=[
            Column(_("Rank")),
            Column(pgettext("ranking", "Union")),
            Column(_("Score"), "points"),
            Column(_("Grade")),
            Column(str(previous.year) if previous is not None else _("Last year"), "points"),
            Column(_("Change from last year"), "change"),
        ],
        rows=rows,
        option=option,
        note=_("The first %(n)s unions; the campaign's page ranks them all.") % {"n": RANKING_ROWS},
        link=reverse("assessment:campaign", kwargs={"pk": campaign.pk}),
    )


def most_lost(campaign: Campaign, assessments: QuerySet[Assessment]) -> Chart:
    """The assessment selector's most-lost items, kept while the assessments are unchanged."""

    def compute() -> list[list[Any]]:
        found = assessing.most_lost(campaign, assessments)
        return [
            [r["criterion"].code, r["criterion"].title, r["lost"], r["unions"], r["average"]] for r in found
        ]

    rows = kept("most-lost", campaign, assessments, compute)
    option = bar_option(
        [f"{r[0]} {r[1]}" for r in rows], [(_("Points lost"), [r[2] for r in rows], "bar")], horizontal=True
    )
    option["xAxis"].pop("minInterval", None)
    return Chart(
        id="most-lost",
        title=_("Items losing the most points"),
        kind="bar",
        columns=[
            Column(_("Item")),
            Column(_("Title")),
            Column(_("Points lost"), "points"),
            Column(_("Unions losing points"), "count"),
            Column(_("Average lost per union"), "points"),
        ],
        rows=rows,
        option=option,
    )


def late_unions(campaign: Campaign, assessments: QuerySet[Assessment]) -> Chart:
    """Unions past a deadline: not submitted after the self-assessment deadline, not accepted
    after the acceptance deadline (one query; the first ones by how long they are late)."""
    today = timezone.localdate()
    late = Q(pk__in=[])
    if today > campaign.self_deadline:
        late |= Q(status__in=SELF_EDITABLE)
    if today > campaign.acceptance_deadline:
        late |= ~Q(status=Status.ACCEPTED)
    found = list(
        assessments.filter(late)
        .select_related(None)
        .select_related("organization")
        .only("status", "organization__name", "organization__path")
        .order_by("organization__path")[: LATE_ROWS + 1]
    )
    rows = []
    for a in found[:LATE_ROWS]:
        deadline = campaign.self_deadline if a.status in SELF_EDITABLE else campaign.acceptance_deadline
        rows.append([a.organization.name, a.get_status_display(), deadline, (today - deadline).days])
    by_status: dict[str, int] = {}
    for r in rows:
        by_status[r[1]] = by_status.get(r[1], 0) + 1
    note = _(
        "Not submitted after the self-assessment deadline, or not accepted after the acceptance deadline."
    )
    if len(found) > LATE_ROWS:
        note += " " + _("The first %(n)s are listed.") % {"n": LATE_ROWS}
    if not rows:
        note = _("No union is late.") + " " + note
    return Chart(
        id="late",
        title=_("Unions that are late"),
        kind="pie",
        columns=[
            Column(pgettext("ranking", "Union")),
            Column(_("Status")),
            Column(_("Deadline")),
            Column(_("Days late"), "count"),
        ],
        rows=rows,
        option=pie_option(_("Unions that are late"), list(by_status.items())),
        note=note,
    )


def units_coverage(org: Organization, year: int) -> Chart:
    """Members, enrollment and collective-contract coverage of each unit directly below
    ``org``: today's figures from the per-union tallies, a past year's from the events."""
    today = timezone.localdate()
    units = list(
        Organization.objects.filter(subtree_q(org.path), depth=org.depth + 1)
        .exclude(org_type=OrgType.GROUP)
        .order_by("path")
        .only("pk", "name", "short_name", "path", "depth", "org_type")[:UNIT_ROWS]
    )
    chart = Chart(
        id="units",
        title=_("Enrollment and contract coverage by unit"),
        kind="bar",
        columns=[
            Column(_("Unit")),
            Column(_("Members"), "count"),
            Column(_("Employees"), "count"),
            Column(_("Enrollment rate"), "rate"),
            Column(_("Unions"), "count"),
            Column(_("With a collective contract"), "count"),
            Column(_("Contract coverage"), "rate"),
        ],
        rows=[],
    )
    if not units:
        chart.note = _("No units under it.")
        return chart
    end = dt.date(year, 12, 31)
    if year == today.year:
        tallies.refresh(org, today)
        counts = per_org_each(
            tallies.tally_rows(org).filter(dimension="status"),
            units,
            {"working": Sum("n", filter=Q(value__in=WORKING_STATUSES)), "members": Sum("n")},
        )
        chart.note = _("Members today (per-union tallies); employees of %(year)s.") % {"year": year}
    elif year < today.year and snapshots.applies(units, Period.year(year)):
        snapshots.ensure(units, end)  # the year's end, counted once per union
        counts = per_org_each(
            snapshots.rows(end, "status"),
            units,
            {"working": Sum("n", filter=Q(value__in=WORKING_STATUSES)), "members": Sum("n")},
        )
        chart.note = _("Members on %(day)s; employees of %(year)s.") % {"day": end, "year": year}
    else:
        day = min(end, today)
        counts = per_org_each(
            members_at(day),
            units,
            {"working": Count("pk", filter=Q(status__in=WORKING_STATUSES)), "members": Count("pk")},
        )
        chart.note = _("Members on %(day)s; employees of %(year)s.") % {"day": day, "year": year}
    employees = per_org(EmployerYear.objects.filter(year=year), units, Sum("employees"))
    # Unions that keep no roster count by their annual return (the member metrics' rule).
    period = Period(dt.date(year, 1, 1), min(end, today))
    add_returns(units, period, employees, counts["members"], counts["working"])
    chart.note += " " + _("Unions that keep no roster count by their annual return.")
    unions = per_org(
        Organization.objects.filter(org_type__in=COUNTED_UNIONS), units, Count("pk"), path_field="path"
    )
    contracts = per_org(
        contracts_in_force(min(end, today), list(GENERAL_KINDS)).filter(
            organization__org_type__in=COUNTED_UNIONS
        ),
        units,
        Count("organization", distinct=True),
    )
    enrolled = rate(counts["working"], {u.pk: employees.get(u.pk, 0) for u in units})
    covered = rate(contracts, {u.pk: unions.get(u.pk, 0) for u in units})
    chart.rows = [
        [
            u.name,
            counts["members"].get(u.pk) or 0,
            employees.get(u.pk) or 0,
            enrolled.get(u.pk),
            unions.get(u.pk, 0),
            contracts.get(u.pk, 0),
            covered.get(u.pk),
        ]
        for u in units
    ]
    # The picture: every unit when they are few, else those with the lowest enrollment.
    drawn = list(zip(units, chart.rows, strict=True))
    if len(drawn) > UNITS_DRAWN:
        drawn = sorted(drawn, key=lambda ur: (ur[1][3] is not None, ur[1][3] or 0))[:UNITS_DRAWN]
        chart.note += " " + _(
            "The picture shows the %(n)s units of lowest enrollment; the table lists all."
        ) % {"n": UNITS_DRAWN}
    chart.option = bar_option(
        [u.label for u, _r in drawn],
        [
            (_("Enrollment rate"), [r[3] for _u, r in drawn], "bar"),
            (_("Contract coverage"), [r[6] for _u, r in drawn], "bar"),
        ],
        percent=True,
    )
    return chart


def dashboard(org: Organization, year: int, *, access: Any) -> list[Chart]:
    """The charts of the organization's home: a federation's or a union's by its type."""
    if org.org_type in FEDERATION_TYPES:
        return federation_dashboard(org, year, access=access)
    if org.org_type in UNION_TYPES:
        return union_dashboard(org, year, access=access)
    return []


def chart_ids(charts: Iterable[Chart]) -> list[str]:
    return [c.id for c in charts]


__all__ = [
    "Chart",
    "Column",
    "dashboard",
    "federation_dashboard",
    "union_dashboard",
]
