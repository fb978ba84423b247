"""The ledger kinds of the 台账 pack: what each ledger reads, its columns, and how it is written.

Each kind has a code (named by the ledger sets, ``sets/*.yaml``), a default name, the record
model(s) it reads and its columns. ``write_ledger`` writes one workbook of one sheet: the title,
the union, the period, 单位：元 where money appears, the header, the records (streamed from the
database in chunks into xlsxwriter's constant-memory mode), a total row for money columns,
and the signature line. Records are read through each record type's own queryset (the type's
view permission and the union's subtree), so a ledger shows what its reader may read; every
sensitive field goes through the sensitivity policy (``PackContext.value``).

The records hold no minutes of ordinary meetings: 会议记录簿 lists the meetings the records do
hold (workers' congress sessions and elections) and says so in a note on its sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from gonghui.activities.models import Activity
from gonghui.care.models.hardship import HardshipCause, HardshipFile
from gonghui.care.models.visits import Visit
from gonghui.committees.models import Election
from gonghui.core.exporters import FORMULA_START
from gonghui.core.records import registry
from gonghui.core.sensitivity import Viewer, policy_of
from gonghui.democracy.models.congress import Congress, Proposal, Representative
from gonghui.democracy.models.contract import CollectiveContract
from gonghui.finance.models.dues import DuesRecord
from gonghui.finance.models.ledger import INCOME_CATEGORIES, VoucherLine, VoucherStatus
from gonghui.finance.selectors import opening_balance
from gonghui.members.models import COUNTED_STATUSES, Member
from gonghui.protection.models import Inspection, MediationCase
from gonghui.skills.models import Training
from gonghui.voice.models import Activist, Suggestion

CHUNK = 2000
TEXT, DATE, MONEY, INT = "text", "date", "money", "int"
SIGNATURE = (
    "填表人：____________　　审核人：____________　　"
    "工会主席（签字）：____________　　填报日期：______年____月____日"
)
NO_RECORDS = "本年度无记录"


@dataclass
class PackContext:
    """What a ledger is written for: the union, the year, the reader (``viewer``: a
    ``Viewer(access, reveal=True)``, as exports use). ``revealed`` collects the permissions
    whose protected values reached the file in full (the caller audits them)."""

    organization: Any
    year: int
    viewer: Viewer
    revealed: set[str] = field(default_factory=set)
    _labels: dict[tuple[type, str], dict[Any, str]] = field(default_factory=dict)

    @property
    def access(self) -> Any:
        return self.viewer.access

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    def value(self, obj: Any, name: str) -> Any:
        """A field as this reader may get it; a protected value given in full is noted."""
        rule = policy_of(type(obj), name)
        if rule is None:
            return getattr(obj, name, None)
        if self.viewer.sees(obj, name):
            shown = getattr(obj, name, None)
            if shown not in (None, ""):
                self.revealed.add(rule.perm)
            return shown
        return self.viewer.value(obj, name)

    def label(self, obj: Any, name: str) -> str:
        """The display label of a choice field's value (looked up once per pack and value:
        ``get_FOO_display`` rebuilds its map of lazy labels on every call)."""
        value = getattr(obj, name)
        if value in (None, ""):
            return ""
        key = (type(obj), name)
        labels = self._labels.get(key)
        if labels is None:
            f = obj._meta.get_field(name)
            labels = self._labels[key] = {k: str(v) for k, v in f.flatchoices}
        return labels.get(value, str(value))

    def records(self, model: type, *, own: bool = False) -> QuerySet:
        """``model``'s records the reader may read in the union's subtree (``own``: the union's
        own rows only, as its books are), through the record type's queryset."""
        rt = registry.for_model(model)
        if rt is None:  # pragma: no cover - every model read here is a registered type
            raise LookupError(model)
        qs = rt.queryset(self.access, within=self.organization)
        if own:
            qs = qs.filter(organization=self.organization)
        return qs


@dataclass(frozen=True)
class Col:
    header: str
    get: Callable[[Any, PackContext], Any]
    kind: str = TEXT
    width: int = 12


@dataclass(frozen=True)
class LedgerKind:
    code: str
    name: str  # the default name
    models: tuple[type, ...]  # the records it reads (their types' view permission decides who may)
    columns: tuple[Col, ...]
    rows: Callable[[PackContext], Iterable[Any]]
    note: str = ""  # shown on the sheet under the records

    @property
    def has_money(self) -> bool:
        return any(c.kind == MONEY for c in self.columns)

    def perms(self) -> list[str]:
        out = []
        for m in self.models:
            rt = registry.for_model(m)
            if rt is not None and rt.view_perm and rt.view_perm not in out:
                out.append(rt.view_perm)
        return out

    def allowed(self, access: Any, org: Any) -> bool:
        """Whether the reader may read this ledger's records on ``org`` (its types' permissions)."""
        return all(access is not None and access.can(p, org) for p in self.perms())


# ---- helpers ---------------------------------------------------------------------
def _attr(name: str) -> Callable[[Any, PackContext], Any]:
    return lambda o, ctx: getattr(o, name)


def _display(name: str) -> Callable[[Any, PackContext], Any]:
    return lambda o, ctx: ctx.label(o, name)


def _sens(name: str) -> Callable[[Any, PackContext], Any]:
    return lambda o, ctx: ctx.value(o, name)


def _yes(name: str) -> Callable[[Any, PackContext], Any]:
    return lambda o, ctx: "是" if getattr(o, name) else "否"


def _in_year(qs: QuerySet, date_field: str, ctx: PackContext) -> QuerySet:
    return qs.filter(**{f"{date_field}__gte": ctx.start, f"{date_field}__lte": ctx.end})


def _iter(qs: QuerySet) -> Iterator[Any]:
    return qs.iterator(chunk_size=CHUNK)


# ---- the ledgers -----------------------------------------------------------------
def _roster_rows(ctx: PackContext) -> Iterator[Any]:
    qs = (
        ctx.records(Member)
        .filter(is_current=True, status__in=COUNTED_STATUSES)
        .filter(Q(join_date__isnull=True) | Q(join_date__lte=ctx.end))
        .select_related("organization", "union_group")
        .order_by("organization__path", "name", "pk")
    )
    return _iter(qs)


ROSTER = LedgerKind(
    "roster",
    "会员花名册",
    (Member,),
    (
        Col("姓名", _attr("name"), width=10),
        Col("性别", _display("gender"), width=6),
        Col("民族", _display("ethnicity"), width=8),
        Col("身份证号码", _sens("id_number"), width=21),
        Col("出生日期", _sens("birth_date"), DATE, width=11),
        Col("手机号码", _sens("mobile"), width=13),
        Col("文化程度", _display("education"), width=10),
        Col("政治面貌", _display("political_status"), width=10),
        Col("用工形式", _display("employment_type"), width=10),
        Col("工作岗位", _attr("job"), width=12),
        Col("入会时间", _attr("join_date"), DATE, width=11),
        Col("会员证号", _attr("card_number"), width=12),
        Col("所在小组", lambda o, ctx: o.union_group.name if o.union_group_id else "", width=12),
        Col("会籍状态", _display("status"), width=10),
        Col("所属工会", lambda o, ctx: o.organization.name, width=18),
    ),
    _roster_rows,
)


MONTHS = range(1, 13)


def _month_cell(m: int) -> Callable[[Any, PackContext], Any]:
    return lambda r, ctx: r[f"m{m}"]


def _dues_rows(ctx: PackContext) -> Iterator[Any]:
    sums = {f"m{m}": Sum("amount", filter=Q(month=m)) for m in MONTHS}
    qs = (
        ctx.records(DuesRecord)
        .filter(year=ctx.year)
        .order_by()
        .values("member_id", "member__name", "organization__name", "organization__path")
        .annotate(**sums, total=Sum("amount"))
        .order_by("organization__path", "member__name", "member_id")
    )
    return _iter(qs)


DUES = LedgerKind(
    "dues",
    "会费收缴台账",
    (DuesRecord,),
    (
        Col("姓名", lambda r, ctx: r["member__name"], width=10),
        *(Col(f"{m}月", _month_cell(m), MONEY, width=9) for m in MONTHS),
        Col("全年合计", lambda r, ctx: r["total"], MONEY, width=11),
        Col("所属工会", lambda r, ctx: r["organization__name"], width=18),
    ),
    _dues_rows,
)


@dataclass
class _FundsLine:
    date: dt.date
    number: Any
    description: str
    category: str
    income: Decimal | None
    expenditure: Decimal | None
    balance: Decimal
    carried: bool = False  # the balance brought forward: a row, not a record


def _funds_rows(ctx: PackContext) -> Iterator[Any]:
    """The union's own books: its posted voucher lines of the year, with the running balance."""
    balance = opening_balance(ctx.organization, ctx.year)
    yield _FundsLine(ctx.start, "", "上年结余", "", None, None, balance, carried=True)
    qs = (
        ctx.records(VoucherLine, own=True)
        .filter(voucher__status=VoucherStatus.POSTED, voucher__year=ctx.year)
        .select_related("voucher")
        .order_by("voucher__date", "voucher__number", "pk")
    )
    for line in _iter(qs):
        income = line.category in INCOME_CATEGORIES
        balance += line.amount if income else -line.amount
        yield _FundsLine(
            line.voucher.date,
            line.voucher.number,
            line.summary or line.voucher.description,
            ctx.label(line, "category"),
            line.amount if income else None,
            None if income else line.amount,
            balance,
        )


FUNDS = LedgerKind(
    "funds",
    "经费收支台账",
    (VoucherLine,),
    (
        Col("日期", _attr("date"), DATE, width=11),
        Col("凭证号", _attr("number"), INT, width=8),
        Col("摘要", _attr("description"), width=30),
        Col("科目", _attr("category"), width=22),
        Col("收入", _attr("income"), MONEY, width=12),
        Col("支出", _attr("expenditure"), MONEY, width=12),
        Col("余额", _attr("balance"), MONEY, width=12),
    ),
    _funds_rows,
    note="只列本工会账簿中已记账的凭证；红字冲销凭证以负数列示。",
)


def _causes(o: Any, ctx: PackContext) -> str:
    raw = o.causes or ""
    codes = raw if isinstance(raw, list | tuple) else [c for c in str(raw).split(",") if c]
    labels = dict(HardshipCause.choices)
    return "、".join(str(labels.get(c, c)) for c in codes)


def _hardship_rows(ctx: PackContext) -> Iterator[Any]:
    qs = (
        ctx.records(HardshipFile)
        .filter(assessed_on__lte=ctx.end)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=ctx.start))
        .select_related("organization", "member")
        .order_by("organization__path", "assessed_on", "pk")
    )
    return _iter(qs)


HARDSHIP = LedgerKind(
    "hardship",
    "困难职工档案",
    (HardshipFile,),
    (
        Col("档案编号", _attr("file_no"), width=10),
        Col("姓名", lambda o, ctx: o.member.name, width=10),
        Col("建档日期", _attr("assessed_on"), DATE, width=11),
        Col("家庭人口", _attr("household_size"), INT, width=8),
        Col("家庭年收入", _sens("annual_income"), MONEY, width=12),
        Col("刚性支出", _sens("rigid_expenses"), MONEY, width=12),
        Col("月人均收入", _sens("per_capita_monthly"), MONEY, width=12),
        Col("致困原因", _causes, width=20),
        Col("困难类别", _display("category"), width=10),
        Col("困难程度", _display("level"), width=10),
        Col("农民工", _yes("migrant_worker"), width=7),
        Col("基本情况", _sens("situation"), width=30),
        Col("档案状态", _display("status"), width=9),
        Col("退出日期", _attr("exited_on"), DATE, width=11),
        Col("所属工会", lambda o, ctx: o.organization.name, width=18),
    ),
    _hardship_rows,
)


def _visit_rows(ctx: PackContext) -> Iterator[Any]:
    qs = _in_year(ctx.records(Visit), "visited_on", ctx).select_related("organization")
    return _iter(qs.order_by("visited_on", "pk"))


VISITS = LedgerKind(
    "visits",
    "送温暖/慰问台账",
    (Visit,),
    (
        Col("日期", _attr("visited_on"), DATE, width=11),
        Col("慰问名称", _attr("title"), width=20),
        Col("时节", _display("occasion"), width=10),
        Col("慰问对象", lambda o, ctx: o.get_target_group_display(), width=12),
        Col("人数", _attr("recipient_count"), INT, width=6),
        Col("其他慰问对象", _attr("recipient_names"), width=16),
        Col("慰问领导", _attr("leaders"), width=16),
        Col("工会人员", _attr("union_officers"), width=14),
        Col("慰问金", _attr("cash_amount"), MONEY, width=11),
        Col("物资价值", _attr("goods_value"), MONEY, width=11),
        Col("慰问物资", _attr("goods"), width=14),
        Col("资金来源", _display("source"), width=10),
        Col("所属工会", lambda o, ctx: o.organization.name, width=18),
    ),
    _visit_rows,
)


def _proposal_rows(ctx: PackContext) -> Iterator[Any]:
    qs = _in_year(ctx.records(Proposal), "congress__held_on", ctx).select_related("congress")
    return _iter(qs.order_by("congress__held_on", "congress_id", "number", "pk"))


PROPOSALS = LedgerKind(
    "proposals",
    "职代会提案处理簿",
    (Proposal,),
    (
        Col("会议", lambda o, ctx: str(o.congress), width=22),
        Col("提案编号", _attr("number"), width=8),
        Col("提案标题", _attr("title"), width=24),
        Col("提案人", _attr("submitter"), width=10),
        Col("附议人", _attr("seconders"), width=12),
        Col("类别", _display("category"), width=10),
        Col("处理状态", _display("status"), width=10),
        Col("承办部门", _attr("handling_department"), width=12),
        Col("答复日期", _attr("replied_on"), DATE, width=11),
        Col("答复意见", _attr("reply"), width=28),
        Col("提案人满意度", _display("satisfaction"), width=10),
    ),
    _proposal_rows,
)


def _suggestion_rows(ctx: PackContext) -> Iterator[Any]:
    qs = _in_year(ctx.records(Suggestion), "submitted_on", ctx).select_related("member")
    return _iter(qs.order_by("submitted_on", "pk"))


SUGGESTIONS = LedgerKind(
    "suggestions",
    "合理化建议簿",
    (Suggestion,),
    (
        Col("提出日期", _attr("submitted_on"), DATE, width=11),
        Col("建议标题", _attr("title"), width=22),
        Col("建议人", lambda o, ctx: o.person, width=10),
        Col("主要内容", _attr("content"), width=30),
        Col("是否采纳", _yes("adopted"), width=8),
        Col("是否实施", _yes("implemented"), width=8),
        Col("奖励金额", _attr("reward"), MONEY, width=11),
        Col("效果和效益", _attr("benefit"), width=24),
    ),
    _suggestion_rows,
)


def _activity_rows(ctx: PackContext) -> Iterator[Any]:
    return _iter(_in_year(ctx.records(Activity), "held_on", ctx).order_by("held_on", "pk"))


ACTIVITIES = LedgerKind(
    "activities",
    "活动登记簿",
    (Activity,),
    (
        Col("活动日期", _attr("held_on"), DATE, width=11),
        Col("活动名称", _attr("title"), width=22),
        Col("节日", _display("occasion"), width=10),
        Col("类型", _display("kind"), width=10),
        Col("地点", _attr("place"), width=14),
        Col("参加人数", _attr("participant_count"), INT, width=8),
        Col("组织者", _attr("organizer"), width=12),
        Col("活动情况", _attr("description"), width=30),
    ),
    _activity_rows,
)


@dataclass
class _Meeting:
    date: dt.date
    kind: str
    name: str
    place: str
    expected: int | None
    present: int | None
    content: str


def _meeting_rows(ctx: PackContext) -> Iterator[Any]:
    """The meetings the records hold: congress sessions and elections of the year, by date."""
    congresses = [
        _Meeting(
            c.held_on,
            c.get_kind_display(),
            str(c),
            c.place,
            c.delegates_total,
            c.delegates_present,
            c.agenda,
        )
        for c in _in_year(ctx.records(Congress), "held_on", ctx).order_by("held_on", "pk")
    ]
    elections = [
        _Meeting(
            e.held_on,
            f"{e.get_kind_display()}",
            f"{e.committee.name}选举（{e.get_assembly_display()}）",
            "",
            e.eligible_voters,
            e.present,
            f"{e.get_method_display()}，应选{e.seats}名，收回选票{e.votes_cast}张。{e.notes}".strip(),
        )
        for e in _in_year(ctx.records(Election), "held_on", ctx)
        .select_related("committee")
        .order_by("held_on")
    ]
    return iter(sorted(congresses + elections, key=lambda m: m.date))


MEETINGS = LedgerKind(
    "meetings",
    "会议记录簿",
    (Congress, Election),
    (
        Col("会议日期", _attr("date"), DATE, width=11),
        Col("会议类别", _attr("kind"), width=16),
        Col("会议名称", _attr("name"), width=28),
        Col("地点", _attr("place"), width=14),
        Col("应到人数", _attr("expected"), INT, width=8),
        Col("实到人数", _attr("present"), INT, width=8),
        Col("议程和内容", _attr("content"), width=36),
    ),
    _meeting_rows,
    note="系统记录中的会议只有职代会（会员代表大会）各次会议和选举；工会委员会会议等其他会议未在系统中登记，请另附会议记录。",
)


def _contract_rows(ctx: PackContext) -> Iterator[Any]:
    in_force = Q(effective_from__lte=ctx.end) & (
        Q(effective_to__isnull=True) | Q(effective_to__gte=ctx.start)
    )
    signed = Q(signed_on__gte=ctx.start, signed_on__lte=ctx.end)
    qs = ctx.records(CollectiveContract).filter(in_force | signed).select_related("organization")
    return _iter(qs.order_by("organization__path", "signed_on", "pk"))


CONTRACTS = LedgerKind(
    "contracts",
    "集体合同档案",
    (CollectiveContract,),
    (
        Col("合同名称", _attr("title"), width=24),
        Col("合同类别", _display("kind"), width=14),
        Col("用人单位", _attr("employer_party"), width=18),
        Col("企业方首席代表", _attr("employer_representative"), width=12),
        Col("工会方首席代表", _attr("union_representative"), width=12),
        Col("覆盖职工人数", _attr("covered_employees"), INT, width=10),
        Col("签订日期", _attr("signed_on"), DATE, width=11),
        Col("备案日期", _attr("filed_on"), DATE, width=11),
        Col("备案机关", _attr("filed_with"), width=14),
        Col("生效日期", _attr("effective_from"), DATE, width=11),
        Col("期满日期", _attr("effective_to"), DATE, width=11),
        Col("状态", _display("status"), width=8),
        Col("所属工会", lambda o, ctx: o.organization.name, width=18),
    ),
    _contract_rows,
)


def _training_rows(ctx: PackContext) -> Iterator[Any]:
    return _iter(_in_year(ctx.records(Training), "started_on", ctx).order_by("started_on", "pk"))


TRAINING = LedgerKind(
    "training",
    "职工教育培训档案",
    (Training,),
    (
        Col("开始日期", _attr("started_on"), DATE, width=11),
        Col("结束日期", _attr("ended_on"), DATE, width=11),
        Col("培训项目", _attr("course"), width=24),
        Col("培训对象", _display("audience"), width=12),
        Col("学时", lambda o, ctx: float(o.hours) if o.hours is not None else None, INT, width=6),
        Col("主办单位", _attr("organizer"), width=14),
        Col("地点", _attr("place"), width=14),
        Col("参训人数", _attr("attendee_count"), INT, width=8),
        Col("培训内容", _attr("content"), width=30),
    ),
    _training_rows,
)


def _representative_rows(ctx: PackContext) -> Iterator[Any]:
    qs = _in_year(ctx.records(Representative), "congress__held_on", ctx).select_related(
        "congress", "unit", "member"
    )
    return _iter(qs.order_by("congress__held_on", "congress_id", "pk"))


REPRESENTATIVES = LedgerKind(
    "representatives",
    "职工(会员)代表名册",
    (Representative,),
    (
        Col("会议", lambda o, ctx: str(o.congress), width=24),
        Col("姓名", lambda o, ctx: o.person, width=10),
        Col("性别", _display("gender"), width=6),
        Col("代表类别", _display("category"), width=12),
        Col("所在单位或小组", lambda o, ctx: o.unit.name if o.unit_id else "", width=16),
        Col("是否出席", _yes("attended"), width=8),
    ),
    _representative_rows,
)


def _activist_rows(ctx: PackContext) -> Iterator[Any]:
    qs = ctx.records(Activist).filter(year=ctx.year).select_related("organization", "member")
    return _iter(qs.order_by("organization__path", "area", "pk"))


ACTIVISTS = LedgerKind(
    "activists",
    "工会积极分子名册",
    (Activist,),
    (
        Col("姓名", lambda o, ctx: o.person, width=10),
        Col("工作领域", _display("area"), width=14),
        Col("备注", _attr("note"), width=30),
        Col("所属工会", lambda o, ctx: o.organization.name, width=18),
    ),
    _activist_rows,
)


def _inspection_rows(ctx: PackContext) -> Iterator[Any]:
    qs = _in_year(ctx.records(Inspection), "inspected_on", ctx).prefetch_related("inspectors")
    return _iter(qs.order_by("inspected_on", "pk"))


INSPECTIONS = LedgerKind(
    "inspections",
    "劳动保护监督检查台账",
    (Inspection,),
    (
        Col("检查日期", _attr("inspected_on"), DATE, width=11),
        Col("检查场所", _attr("place"), width=16),
        Col("检查人员", lambda o, ctx: "、".join(i.name for i in o.inspectors.all()), width=16),
        Col("发现问题", _attr("findings"), width=28),
        Col("隐患等级", _display("hazard_level"), width=10),
        Col("需要整改", _yes("rectification_required"), width=8),
        Col("整改期限", _attr("rectify_by"), DATE, width=11),
        Col("整改完成", _attr("rectified_on"), DATE, width=11),
        Col("整改措施", _attr("rectification"), width=28),
    ),
    _inspection_rows,
)


def _mediation_rows(ctx: PackContext) -> Iterator[Any]:
    return _iter(_in_year(ctx.records(MediationCase), "received_on", ctx).order_by("received_on", "pk"))


MEDIATION = LedgerKind(
    "mediation",
    "劳动争议调解台账",
    (MediationCase,),
    (
        Col("受理日期", _attr("received_on"), DATE, width=11),
        Col("案件", _attr("title"), width=20),
        Col("申请人", _attr("applicant"), width=12),
        Col("被申请人", _attr("respondent"), width=12),
        Col("争议类型", _display("kind"), width=12),
        Col("事实和请求", _attr("summary"), width=28),
        Col("结案日期", _attr("closed_on"), DATE, width=11),
        Col("处理结果", _display("outcome"), width=10),
        Col("调解协议或结果", _attr("agreement"), width=28),
    ),
    _mediation_rows,
)


KINDS: dict[str, LedgerKind] = {
    k.code: k
    for k in (
        ROSTER,
        DUES,
        FUNDS,
        HARDSHIP,
        VISITS,
        PROPOSALS,
        SUGGESTIONS,
        ACTIVITIES,
        MEETINGS,
        CONTRACTS,
        TRAINING,
        REPRESENTATIVES,
        ACTIVISTS,
        INSPECTIONS,
        MEDIATION,
    )
}


def get_kind(code: str) -> LedgerKind:
    return KINDS[code]


# ---- writing ---------------------------------------------------------------------
def period_text(year: int) -> str:
    return f"{year}年1月1日至{year}年12月31日"


def write_ledger(out: IO[bytes], kind: LedgerKind, name: str, ctx: PackContext) -> int:
    """Write ``kind`` as one workbook into ``out`` (a seekable binary file); the rows written."""
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    fmt = _formats(wb)
    ws = wb.add_worksheet(_sheet_name(name))
    cols = kind.columns
    last = len(cols)  # column 0 is 序号
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.repeat_rows(3)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.set_column(0, 0, 6)
    for c, col in enumerate(cols, start=1):
        ws.set_column(c, c, col.width)
    ws.set_row(0, 30)
    ws.merge_range(0, 0, 0, last, name, fmt["title"])
    org_line = f"工会名称：{ctx.organization.name}"
    period = f"期间：{period_text(ctx.year)}"
    split = max(1, last // 2)
    ws.merge_range(1, 0, 1, split, org_line, fmt["sub"])
    if kind.has_money and last - split >= 2:
        ws.merge_range(1, split + 1, 1, last - 1, period, fmt["sub"])
        ws.write_string(1, last, "单位：元", fmt["unit"])
    else:
        ws.merge_range(1, split + 1, 1, last, period, fmt["sub"])
    ws.set_row(2, 6)
    ws.set_row(3, 24)
    ws.write_string(3, 0, "序号", fmt["head"])
    for c, col in enumerate(cols, start=1):
        ws.write_string(3, c, col.header, fmt["head"])
    totals: dict[int, Decimal] = {c: Decimal(0) for c, col in enumerate(cols, start=1) if col.kind == MONEY}
    r = 3
    n = 0
    sum_money = kind.code != "funds"  # a running balance is not summed
    for obj in kind.rows(ctx):
        r += 1
        if getattr(obj, "carried", False):  # a balance brought forward: no number, not counted
            ws.write_blank(r, 0, None, fmt["int"])
        else:
            n += 1
            ws.write_number(r, 0, n, fmt["int"])
        for c, col in enumerate(cols, start=1):
            v = col.get(obj, ctx)
            _write(ws, r, c, v, col.kind, fmt)
            if sum_money and col.kind == MONEY and isinstance(v, Decimal | int | float):
                totals[c] += Decimal(v)
    if n == 0:
        r += 1
        ws.merge_range(r, 0, r, last, NO_RECORDS, fmt["empty"])
    elif sum_money and totals:
        r += 1
        ws.write_string(r, 0, "合计", fmt["total_label"])
        for c in range(1, last + 1):
            if c in totals:
                ws.write_number(r, c, float(totals[c]), fmt["total_money"])
            else:
                ws.write_blank(r, c, None, fmt["total_label"])
    if kind.note:
        r += 1
        ws.set_row(r, 30)
        ws.merge_range(r, 0, r, last, f"说明：{kind.note}", fmt["note"])
    r += 2
    ws.set_row(r, 24)
    ws.merge_range(r, 0, r, last, SIGNATURE, fmt["sign"])
    wb.close()
    return n


def _write(ws: Any, r: int, c: int, v: Any, kind: str, fmt: dict[str, Any]) -> None:
    """One cell: typed values as numbers and dates, text escaped as exports escape it (a cell
    starting like a formula is written as text), None and "" as an empty bordered cell."""
    if v is None or v == "":
        ws.write_blank(r, c, None, fmt["cell"])
    elif isinstance(v, str):
        ws.write_string(r, c, "'" + v if v.startswith(FORMULA_START) else v, fmt["cell"])
    elif isinstance(v, bool):
        ws.write_string(r, c, "是" if v else "否", fmt["cell"])
    elif isinstance(v, Decimal | int | float):
        ws.write_number(r, c, float(v), fmt["money"] if kind == MONEY else fmt["int"])
    elif isinstance(v, dt.datetime):
        ws.write_string(r, c, timezone.localtime(v).strftime("%Y-%m-%d %H:%M"), fmt["cell"])
    elif isinstance(v, dt.date):
        ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), fmt["date"])  # noqa: DTZ001
    else:
        _write(ws, r, c, str(v), kind, fmt)


def _formats(wb: Any) -> dict[str, Any]:
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
    cell = {**base, "border": 1}
    return {
        "title": wb.add_format({**base, "bold": True, "font_size": 16, "align": "center"}),
        "sub": wb.add_format({**base, "align": "left"}),
        "unit": wb.add_format({**base, "align": "right"}),
        "head": wb.add_format(
            {**cell, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"}
        ),
        "cell": wb.add_format({**cell, "text_wrap": True}),
        "int": wb.add_format({**cell, "align": "center"}),
        "date": wb.add_format({**cell, "num_format": "yyyy-mm-dd", "align": "center"}),
        "money": wb.add_format({**cell, "num_format": "#,##0.00"}),
        "total_label": wb.add_format({**cell, "bold": True, "align": "center"}),
        "total_money": wb.add_format({**cell, "bold": True, "num_format": "#,##0.00"}),
        "empty": wb.add_format({**cell, "align": "center", "italic": True}),
        "note": wb.add_format({**base, "text_wrap": True, "align": "left"}),
        "sign": wb.add_format({**base, "align": "left"}),
    }


def _sheet_name(name: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    for ch in "[]:*?/\\":
        name = name.replace(ch, "、")
    return name[:31] or "台账"
