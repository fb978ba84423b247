"""The federation's annual statistics (in the spirit of the 基层工会统计年报): a list of tables.

``statistics_tables(org, year, access=...)`` gives, over the whole subtree of ``org``:
organizations by type and unit kind; members (totals, by sex, age band and employment type,
migrant workers); the annual returns of the unions that keep no roster and the employers the
joint unions cover; committees and officers; congress, disclosure and collective-contract
coverage; care and aid by kind; funds by category (for readers of the books); and one line
per unit directly under ``org``.

Every figure comes from a few set-based queries whatever the number of unions: subtree
aggregates grouped by kind, ``core.metrics.compute`` over the grassroots unions (which of them
hold a congress, a contract, a committee), ``per_org_each`` over the units directly under
``org`` (their lines), and the roster figures of ``members.selectors.statistics`` (today's
tallies, or the membership events at a past year's end).

The labels are Chinese: the tables are the content of a Chinese document (the .xlsx).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from gonghui.accounts.roles import Perm
from gonghui.care.metrics import approved_aid, open_files, payments, visits_in
from gonghui.care.models import AidKind, Occasion
from gonghui.committees.models import Committee, CommitteeKind, Position, Seat
from gonghui.committees.selectors import existing_q, seat_current_q
from gonghui.core.metrics import Period, compute, per_org, per_org_each, rate
from gonghui.core.scope import subtree_q, unscoped
from gonghui.democracy import selectors as democracy
from gonghui.democracy.models import GENERAL_KINDS, ContractKind
from gonghui.finance.models import (
    EXPENDITURE_CATEGORIES,
    INCOME_CATEGORIES,
    Category,
    VoucherLine,
    VoucherStatus,
)
from gonghui.members import selectors as members
from gonghui.members import tallies
from gonghui.members.choices import WORKING_STATUSES, EmploymentType, Gender
from gonghui.members.metrics import add_returns, counted_returns
from gonghui.orgs.models import CoveredEmployer, EmployerYear, Organization, OrgStatus, OrgType, UnitKind

# Who may read the statistics of a subtree; the funds table also needs ``FUNDS_PERM``.
PERM = Perm.RECORDS_VIEW
FUNDS_PERM = Perm.FINANCE_VIEW
# The grassroots unions: the base of every coverage rate (they do not nest).
BASE_TYPES = [OrgType.GRASSROOTS, OrgType.JOINT]
# Lines per unit shown on a page (the workbook and the API have them all).
PAGE_UNIT_LINES = 200
# ``members.selectors.statistics`` gives the lines of at most this many units (``_by_unit``).
UNIT_LINES_GIVEN = 300

Number = int | Decimal | None


@dataclass
class Row:
    label: str
    values: Sequence[Number]
    level: int = 0  # 0 a line, 1 an "of which" line (indented)
    total: bool = False


@dataclass
class Table:
    code: str  # 表一 ...
    title: str
    columns: list[str]  # the first names the label column
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    unit: str = ""  # 单位：个、人、元

    @property
    def key(self) -> str:
        return self.title


def statistics_day(year: int, today: dt.date | None = None) -> dt.date:
    """The day the year's state figures are taken: its last day, or today in the year under way.

    A year that has not begun is refused (a ValidationError with a Chinese message).
    """
    today = today or timezone.localdate()
    if year > today.year:
        raise ValidationError("%(year)s 年尚未开始，无法统计。", params={"year": year}, code="future")
    return min(dt.date(year, 12, 31), today)


def statistics_tables(org: Organization, year: int, *, access: Any) -> list[Table]:
    """The year's tables of ``org``'s subtree; ``PermissionDenied`` without ``PERM`` on ``org``."""
    if not access.can(PERM, org):
        raise PermissionDenied
    day = statistics_day(year)
    with_funds = access.can(FUNDS_PERM, org)
    # The caller's permission on ``org`` is checked above and every query below is bounded
    # to its subtree; a background job runs outside any request's scope.
    with unscoped("statistics of a checked subtree"), translation.override("zh-hans"):
        return _Build(org, year, day, with_funds).tables()


def _posted_lines(period: Period) -> QuerySet:
    """The ledger lines posted in the period (as the finance metrics read them)."""
    return VoucherLine.objects.filter(
        voucher__status=VoucherStatus.POSTED, voucher__date__gte=period.start, voucher__date__lte=period.end
    )


def _n(value: Any) -> int:
    return int(value or 0)


def _amount(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _pct(num: Any, den: Any) -> Decimal | None:
    return rate({0: num or 0}, {0: den or 0})[0]


class _Build:
    def __init__(self, org: Organization, year: int, day: dt.date, with_funds: bool) -> None:
        self.org, self.year, self.day, self.with_funds = org, year, day, with_funds
        self.period = Period(dt.date(year, 1, 1), day)
        self.steplen = Organization.steplen
        orgs = Organization.objects.filter(subtree_q(org.path)).exclude(pk=org.pk)
        self.existing = orgs.filter(
            Q(founded_on__isnull=True) | Q(founded_on__lte=day),
            Q(status=OrgStatus.ACTIVE) | Q(dissolved_on__gt=day),
        )
        self.base = self.existing.filter(org_type__in=BASE_TYPES)
        self.children = self.existing.filter(depth=org.depth + 1).exclude(org_type=OrgType.GROUP)
        self.in_subtree = Q(subtree_q(org.path, "organization__path"))
        self.base_count = 0
        self.notes: list[str] = []

    # ---- helpers -----------------------------------------------------------------
    def rows_in(self, qs: QuerySet) -> QuerySet:
        return qs.filter(self.in_subtree).order_by()

    def tables(self) -> list[Table]:
        orgs = self.organizations()
        self.coverage = self.union_coverage()
        tables = [
            orgs,
            *self.member_tables(),
            self.returns_and_coverage(),
            self.committees(),
            self.officers(),
            self.democracy(),
            self.care(),
        ]
        if self.with_funds:
            tables.append(self.funds())
        tables.append(self.units())
        if self.base_count == 0:
            self.notes.append("该组织下尚无基层工会（含联合基层工会），各表的基层工会数与覆盖率为零。")
        if not any(v for t in tables[1:-1] for r in t.rows for v in r.values if isinstance(v, int | Decimal)):
            self.notes.append(f"{self.year} 年度尚无可统计的记录，各表均为零。")
        if not self.with_funds:
            self.notes.append("经费表只向可查看账目的用户提供。")
        for i, t in enumerate(tables):
            t.code = f"表{_CN_NUMBERS[i]}"
        if self.notes:
            tables[0].notes = [*self.notes, *tables[0].notes]
        return tables

    # ---- 1. organizations -------------------------------------------------------------
    def organizations(self) -> Table:
        kinds = [(k.value, str(k.label)) for k in UnitKind]
        rows = (
            self.existing.order_by()
            .values_list("org_type", "unit_kind")
            .annotate(n=Count("pk"), new=Count("pk", filter=Q(founded_on__year=self.year)))
        )
        by_type: dict[str, Counter] = {}
        new: Counter = Counter()
        for org_type, unit_kind, n, fresh in rows:
            by_type.setdefault(org_type, Counter())[unit_kind or ""] += n
            new[org_type] += fresh
        self.base_count = sum(sum(by_type.get(t, Counter()).values()) for t in BASE_TYPES)
        out, totals = [], [0] * (len(kinds) + 3)
        for org_type in OrgType:
            counts = by_type.get(org_type.value, Counter())
            values = [sum(counts.values()), new[org_type.value], *(counts[k] for k, _l in kinds), counts[""]]
            totals = [a + b for a, b in zip(totals, values, strict=True)]
            out.append(Row(str(org_type.label), values))
        out.append(Row("合计", totals, total=True))
        return Table(
            "",
            "工会组织情况（按类型和单位性质）",
            ["组织类型", "合计", "其中本年新建", *(label for _k, label in kinds), "未填单位性质"],
            out,
            [f"统计至 {self.day:%Y年%m月%d日} 仍存续的下属组织，不含本级。"],
            "单位：个",
        )

    # ---- 2, 3. members -----------------------------------------------------------------
    def member_tables(self) -> list[Table]:
        s = members.statistics(self.org, self.day)
        self.member_stats = s
        total = s["members"]
        # A union that keeps no roster counts by its annual return (the member metrics' rule):
        # the totals add the returns; the make-up below (sex, age, employment) is the roster's.
        f = {k: _n(v) for k, v in self.filed_returns().items()}
        employees = s["employees"] + f["staff_without_facts"]
        working = s["working"] + f["members"]
        self.member_totals = (total + f["members"], employees, _pct(working, employees))
        basics = [
            Row("会员总数", [total + f["members"]]),
            *(
                [Row("其中：名册会员", [total], level=1), Row("其中：年报会员", [f["members"]], level=1)]
                if f["unions"]
                else []
            ),
            Row("其中：女会员", [s["women"] + f["women"]], level=1),
            Row("其中：农民工会员", [s["migrant"] + f["migrant"]], level=1),
            Row("在岗会员", [working]),
            Row("保留会籍会员", [s["retained"]]),
            Row("所在单位职工人数", [employees]),
            Row("入会率（%）", [_pct(working, employees)]),
            Row("本年新发展会员", [s["new_members"] + f["new"]]),
            Row("其中：农民工", [s["new_migrant_members"] + f["new_migrant"]], level=1),
        ]
        notes = [
            f"会员人数为 {self.day:%Y年%m月%d日} 的在册会员（含保留会籍），"
            "新发展会员为本年 1 月 1 日至该日入会的人数。",
            "入会率 = 在岗会员 ÷ 所在单位职工人数（本年度单位情况）。",
        ]
        if f["unions"]:
            notes.append(
                f"{f['unions']} 个未建会员名册的工会按其 {self.year} 年年报计入（年报会员均按在岗计；"
                "未填所在单位情况的取年报中的职工人数）；会员构成表只含名册会员。"
            )
        first = Table("", "会员基本情况", ["项目", "人数"], basics, notes, "单位：人")

        def share(n: int) -> Decimal | None:
            return _pct(n, total)

        rows = [Row("按性别", [None, None])]
        rows += [Row(label, [n, share(n)], level=1) for label, n in s["by_gender"]]
        rows.append(Row("按年龄段", [None, None]))
        rows += [Row(label, [n, share(n)], level=1) for label, n in s["by_age_band"]]
        rows.append(Row("按用工形式", [None, None]))
        by_type = dict(s["by_employment"])
        for t in EmploymentType:
            n = by_type.pop(str(t.label), 0)
            rows.append(Row(str(t.label), [n, share(n)], level=1))
        rows += [Row(label, [n, share(n)], level=1) for label, n in by_type.items()]
        rows.append(Row("合计", [total, share(total) if total else None], total=True))
        second = Table(
            "",
            "会员构成（按性别、年龄段、用工形式）",
            ["项目", "人数", "占会员总数（%）"],
            rows,
            ["年龄按统计日计算；未填出生日期者列为“—”。"],
            "单位：人",
        )
        return [first, second]

    # ---- annual returns and covered employers: members not named in gonghui ------------------
    def filed_returns(self) -> dict[str, Any]:
        """The year's annual returns of the unions below that keep no roster (the metrics' rule)."""
        if not hasattr(self, "_filed"):
            facts = EmployerYear.objects.filter(year=self.year).values("organization_id")
            self._filed = self.rows_in(counted_returns(self.period)).aggregate(
                unions=Count("pk"),
                members=Sum("members"),
                women=Sum("women_members"),
                migrant=Sum("migrant_members"),
                new=Sum("new_members"),
                new_migrant=Sum("new_migrant_members"),
                staff=Sum("employees"),  # not "employees": an aggregate may not shadow the field
                staff_without_facts=Sum("employees", filter=~Q(organization_id__in=facts)),
            )
        return self._filed

    def returns_and_coverage(self) -> Table:
        filed = self.filed_returns()
        covering = Q(joined_on__lte=self.day) & (Q(left_on__isnull=True) | Q(left_on__gt=self.day))
        covered = self.rows_in(CoveredEmployer.objects.filter(covering)).aggregate(
            n=Count("pk"),
            new=Count("pk", filter=Q(joined_on__gte=self.period.start)),
            employees=Sum("employees"),
            women=Sum("women_employees"),
            migrant=Sum("migrant_workers"),
        )
        joint = self.existing.filter(org_type=OrgType.JOINT).count()
        rows = [
            Row("填报年报的工会（未建会员名册）", [_n(filed["unions"])]),
            Row("年报会员人数", [_n(filed["members"])]),
            Row("其中：女会员", [_n(filed["women"])], level=1),
            Row("其中：农民工会员", [_n(filed["migrant"])], level=1),
            Row("年报新发展会员", [_n(filed["new"])]),
            Row("其中：农民工", [_n(filed["new_migrant"])], level=1),
            Row("年报职工人数", [_n(filed["staff"])]),
            Row("联合基层工会", [joint]),
            Row("联合基层工会覆盖单位", [_n(covered["n"])]),
            Row("其中：本年新覆盖", [_n(covered["new"])], level=1),
            Row("覆盖单位职工人数", [_n(covered["employees"])]),
            Row("其中：女职工", [_n(covered["women"])], level=1),
            Row("其中：农民工", [_n(covered["migrant"])], level=1),
        ]
        notes = [
            f"年报为 {self.year} 年度未建会员名册的工会填报的数字；建有名册的工会以名册为准，不重复计算。",
            f"覆盖单位为 {self.day:%Y年%m月%d日} 仍在联合基层工会"
            "（含区域性、行业性工会联合会）覆盖中的单位。",
        ]
        return Table("", "年报与联合工会覆盖单位", ["项目", "数量"], rows, notes, "单位：个、人")

    # ---- 4, 5. committees and officers ----------------------------------------------------
    def union_coverage(self) -> dict[str, dict[int, Any]]:
        """For every grassroots union: which metrics it meets (a few queries for all of them)."""
        names = [
            "congress_sessions",
            "disclosure_count",
            "collective_contract_in_force",
            "women_special_agreement_in_force",
            "wage_special_agreement_in_force",
            *(_PRESENT[k] for k in _PRESENT),
        ]
        return compute(self.base, self.period, names)

    def covered(self, name: str) -> int:
        return sum(1 for v in self.coverage[name].values() if v)

    def committees(self) -> Table:
        kinds = [k for k in CommitteeKind if k != CommitteeKind.LEADING_GROUP and k != CommitteeKind.OTHER]
        bodies = dict(
            self.rows_in(Committee.objects.filter(existing_q(self.day)))
            .values_list("kind")
            .annotate(n=Count("pk"))
        )
        rows = []
        for kind in kinds:
            n = self.covered(_PRESENT[kind]) if kind in _PRESENT else 0
            rows.append(Row(str(kind.label), [bodies.get(kind.value, 0), n, _pct(n, self.base_count)]))
        for other in (CommitteeKind.LEADING_GROUP, CommitteeKind.OTHER):
            rows.append(Row(str(other.label), [bodies.get(other.value, 0), None, None]))
        return Table(
            "",
            "工会组织机构",
            ["机构", "机构数（全部组织）", "建立该机构的基层工会数", "占基层工会（%）"],
            rows,
            [f"基层工会（含联合基层工会）共 {self.base_count} 个；机构按统计日在任计。"],
            "单位：个",
        )

    def officers(self) -> Table:
        """Seats held on each union's current union committee (its latest term by the day)."""
        latest = (
            Committee.objects.filter(
                existing_q(self.day),
                kind=CommitteeKind.UNION,
                organization=OuterRef("committee__organization"),
            )
            .annotate(began=Coalesce("term_start", "established_on"))
            .order_by(F("began").desc(nulls_last=True), "-pk")
            .values("pk")[:1]
        )
        seats = self.rows_in(
            Seat.objects.filter(seat_current_q(self.day), committee__kind=CommitteeKind.UNION).filter(
                committee_id=Subquery(latest)
            )
        )
        grouped = seats.values_list("position", "gender", "full_time").annotate(n=Count("pk"))
        groups = {
            "chair": [Position.CHAIR],
            "vice": [Position.VICE_CHAIR],
        }
        lines: dict[str, list[int]] = {key: [0, 0, 0, 0] for key in ("all", "chair", "vice", "other")}
        for position, gender, full_time, n in grouped:
            key = next((k for k, ps in groups.items() if position in ps), "other")
            for line in (key, "all"):
                values = lines[line]
                values[0] += n
                values[1] += n if gender == Gender.FEMALE else 0
                values[2] += n if full_time else 0
                values[3] += 0 if full_time else n
        return Table(
            "",
            "工会委员会委员（专职、兼职）",
            ["项目", "人数", "其中女性", "专职", "兼职"],
            [
                Row("工会委员会委员", lines["all"], total=True),
                Row("其中：主席", lines["chair"], level=1),
                Row("副主席", lines["vice"], level=1),
                Row("其他委员", lines["other"], level=1),
            ],
            ["各工会现任工会委员会（统计日在任的最新一届）的委员。"],
            "单位：人",
        )

    # ---- 6. democracy and collective contracts ------------------------------------------
    def democracy(self) -> Table:
        period = self.period

        def count(qs: QuerySet) -> int:
            return self.rows_in(qs).count()

        def line(label: str, n: int, metric: str | None) -> Row:
            if metric is None:
                return Row(label, [n, None, None], level=1)
            unions = self.covered(metric)
            return Row(label, [n, unions, _pct(unions, self.base_count)])

        contracts = dict(
            self.rows_in(democracy.contracts_in_force(self.day, [k.value for k in ContractKind]))
            .values_list("kind")
            .annotate(n=Count("pk"))
        )
        general = sum(contracts.get(str(k), 0) for k in GENERAL_KINDS)
        return Table(
            "",
            "民主管理与集体合同",
            ["项目", "数量", "覆盖基层工会数", "覆盖率（%）"],
            [
                line("职工（会员）代表大会（次）", count(democracy.sessions(period)), "congress_sessions"),
                line("通过的决议（项）", count(democracy.passed_resolutions(period)), None),
                line("征集的提案（件）", count(democracy.proposals(period)), None),
                line(
                    "厂务（政务、村务）公开事项（项）",
                    count(democracy.disclosures(period)),
                    "disclosure_count",
                ),
                line("有效期内的综合性集体合同（份）", general, "collective_contract_in_force"),
                line(
                    "有效期内的女职工权益保护专项集体合同（份）",
                    contracts.get(ContractKind.WOMEN.value, 0),
                    "women_special_agreement_in_force",
                ),
                line(
                    "有效期内的工资专项集体合同（份）",
                    contracts.get(ContractKind.WAGE.value, 0),
                    "wage_special_agreement_in_force",
                ),
            ],
            [
                "覆盖基层工会数：本级或下属组织有该项记录的基层工会；覆盖率以基层工会总数为基数。",
                f"集体合同按 {self.day:%Y年%m月%d日} 在有效期内计（含区域性、行业性集体合同）。",
            ],
            "单位：次、项、件、份、个",
        )

    # ---- 7. care ----------------------------------------------------------------------------
    def care(self) -> Table:
        period = self.period
        aid = {
            kind: (n, people)
            for kind, n, people in self.rows_in(approved_aid(period))
            .values_list("kind")
            .annotate(n=Count("pk"), people=Count("member", distinct=True))
        }
        paid = dict(self.rows_in(payments(period)).values_list("aid_case__kind").annotate(s=Sum("amount")))
        visits = {
            occasion: (n, people, amount)
            for occasion, n, people, amount in self.rows_in(visits_in(period))
            .values_list("occasion")
            .annotate(
                n=Count("pk"), people=Sum("recipient_count"), amount=Sum(F("cash_amount") + F("goods_value"))
            )
        }
        files = self.rows_in(open_files(period)).count()
        rows = [Row("困难职工建档（户）", [files, None, None])]
        rows.append(Row("帮扶救助", [None, None, None]))
        totals: list[Any] = [0, 0, Decimal("0.00")]  # counts, counts, yuan
        for kind in AidKind:
            n, people = aid.get(kind.value, (0, 0))
            amount = _amount(paid.get(kind.value))
            totals = [totals[0] + n, totals[1] + people, totals[2] + amount]
            rows.append(Row(str(kind.label), [n, people, amount], level=1))
        rows.append(Row("帮扶救助小计", list(totals), total=True))
        rows.append(Row("走访慰问", [None, None, None]))
        totals = [0, 0, Decimal("0.00")]
        for occasion in Occasion:
            n, people, amount = visits.get(occasion.value, (0, 0, 0))
            values: list[Any] = [_n(n), _n(people), _amount(amount)]
            totals = [a + b for a, b in zip(totals, values, strict=True)]
            rows.append(Row(str(occasion.label), values, level=1))
        rows.append(Row("走访慰问小计", list(totals), total=True))
        return Table(
            "",
            "关爱职工：帮扶救助与走访慰问（按类别）",
            ["项目", "件数（次数）", "人数（人次）", "金额（元）"],
            rows,
            [
                "帮扶救助：本年审批的件数与受助会员人数，金额为本年实际发放额（不论资金来源）。",
                "走访慰问：本年的次数、慰问人次和现金与物资折款合计。",
            ],
            "单位：件、人、元",
        )

    # ---- 8. funds ------------------------------------------------------------------------------
    def funds(self) -> Table:
        sums = dict(
            self.rows_in(_posted_lines(self.period)).values_list("category").annotate(s=Sum("amount"))
        )
        rows = [Row("收入", [None])]
        income = Decimal("0.00")
        for c in INCOME_CATEGORIES:
            amount = _amount(sums.get(str(c)))
            income += amount
            rows.append(Row(str(Category(c).label), [amount], level=1))
        rows.append(Row("收入合计", [income], total=True))
        rows.append(Row("支出", [None]))
        spent = Decimal("0.00")
        for c in EXPENDITURE_CATEGORIES:
            amount = _amount(sums.get(str(c)))
            spent += amount
            rows.append(Row(str(Category(c).label), [amount], level=1))
        rows.append(Row("支出合计", [spent], total=True))
        rows.append(Row("收支结余", [income - spent], total=True))
        return Table(
            "",
            "工会经费收支（按科目）",
            ["科目", "金额（元）"],
            rows,
            ["本年已过账凭证的合计（冲销已抵减），含下属组织。"],
            "单位：元",
        )

    # ---- 9. one line per unit directly under ``org`` ---------------------------------------------
    def unit_members(self, units: list[tuple[int, str, str]]) -> dict[int, dict[str, Any]]:
        """{unit pk: its members, employees and enrollment rate}, the annual returns of the unions
        that keep no roster added (as the member metrics add them).

        The roster statistics have these lines for up to ``members.selectors``' limit of units
        (read with the figures, no other pass over the members); past it, they are grouped here
        from the same rows: today's tallies, or the membership events at a past year's end.
        """
        given = self.member_stats["by_unit"]
        if len(given) < UNIT_LINES_GIVEN:
            members_of = {u["org"].pk: u["members"] for u in given}
            working = {u["org"].pk: u["working"] for u in given}
            employees = {u["org"].pk: u["employees"] for u in given}
        else:
            if self.day == timezone.localdate():
                rows: QuerySet = tallies.tally_rows(self.org)
                count: dict[str, Any] = {
                    "members": Sum("n", filter=Q(dimension="status")),
                    "working": Sum("n", filter=Q(dimension="status", value__in=WORKING_STATUSES)),
                }
            else:
                rows = members.members_at(self.day)
                count = {
                    "members": Count("pk"),
                    "working": Count("pk", filter=Q(status__in=WORKING_STATUSES)),
                }
            figures = per_org_each(rows.order_by(), self.children, count)
            members_of, working = figures["members"], figures["working"]
            employees = per_org(EmployerYear.objects.filter(year=self.year), self.children, Sum("employees"))
        # A union that keeps no roster counts by its annual return (the member metrics' rule).
        if units:
            add_returns(self.children, self.period, employees, members_of, working)
        out = {}
        for pk, _name, _path in units:
            staff = _n(employees.get(pk))
            out[pk] = {
                "members": _n(members_of.get(pk)),
                "employees": staff,
                "enrollment_rate": _pct(working.get(pk), staff),
            }
        return out

    def units(self) -> Table:
        children = self.children
        units = list(children.order_by("path").values_list("pk", "name", "path"))
        lines = self.unit_members(units)
        care = {}
        funds: dict[str, dict[int, Any]] = {"income": {}, "spent": {}}
        if units:
            care = per_org(payments(self.period), children, Sum("amount"))
            if self.with_funds:
                funds = per_org_each(
                    _posted_lines(self.period),
                    children,
                    {
                        "income": Sum("amount", filter=Q(category__in=INCOME_CATEGORIES)),
                        "spent": Sum("amount", filter=Q(category__in=EXPENDITURE_CATEGORIES)),
                    },
                )
        # The grassroots unions of each unit and how many of them meet each measure.
        length = (self.org.depth + 1) * self.steplen
        unit_pks = {path: pk for pk, _name, path in units}
        base_paths = dict(self.base.order_by().values_list("pk", "path")) if units else {}
        per_unit: dict[int, Counter] = {}
        for pk, path in base_paths.items():
            unit = unit_pks.get(path[:length])
            if unit is None:
                continue
            c = per_unit.setdefault(unit, Counter())
            c["unions"] += 1
            for name in ("committee_present", "congress_sessions", "collective_contract_in_force"):
                if self.coverage[name].get(pk):
                    c[name] += 1
        columns = [
            "单位",
            "基层工会数",
            "会员数",
            "职工人数",
            "入会率（%）",
            "建立工会委员会的基层工会",
            "召开职代会的基层工会",
            "签订集体合同的基层工会",
            "帮扶发放（元）",
        ]
        if self.with_funds:
            columns += ["经费收入（元）", "经费支出（元）"]
        out, totals = [], None
        for pk, name, _path in units:
            c = per_unit.get(pk, Counter())
            line = lines.get(pk, {})
            values: list[Number] = [
                c["unions"],
                line.get("members", 0),
                line.get("employees", 0),
                line.get("enrollment_rate"),
                c["committee_present"],
                c["congress_sessions"],
                c["collective_contract_in_force"],
                _amount(care.get(pk)),
            ]
            if self.with_funds:
                values += [_amount(funds["income"].get(pk)), _amount(funds["spent"].get(pk))]
            out.append(Row(name, values))
        totals = [
            self.base_count,
            *self.member_totals,
            self.covered("committee_present"),
            self.covered("congress_sessions"),
            self.covered("collective_contract_in_force"),
            None,
        ]
        if self.with_funds:
            totals += [None, None]
        out.append(Row("合计（含本级）", totals, total=True))
        notes = ["每个直属单位一行，数字含其下属组织；合计含本级及全部下属组织。"]
        if not units:
            notes.append("本组织没有直属单位。")
        return Table("", "分单位情况", columns, out, notes, "单位：个、人、元")


_PRESENT = {
    CommitteeKind.UNION: "committee_present",
    CommitteeKind.WOMEN: "women_committee_present",
    CommitteeKind.FUNDS_REVIEW: "funds_review_committee_present",
    CommitteeKind.LABOR_PROTECTION: "labor_protection_committee_present",
    CommitteeKind.MEDIATION: "mediation_committee_present",
}
_CN_NUMBERS = [*"一二三四五六七八九十", "十一", "十二", "十三"]
