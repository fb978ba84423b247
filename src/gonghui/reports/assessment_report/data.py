"""One assessment as its report prints it: the page's sheet (``assessment.sheet.build_sheet``)
read into lines with the three columns a federation signs off (the value computed from the
records, the union's self-score, the inspector's score), what each item lost and why.

Nothing is invented: an item nobody scored and the records did not decide has an empty cell
(``None``), not 0; the inspector's column is empty until the review has begun. The Word report
(document.py) and the scoring sheet (scoresheet.py) both print from ``report_of``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.assessment.models import REVIEW_SIDE, Assessment, CriterionKind, RectificationTask, Status
from gonghui.assessment.sheet import Row, Section, build_sheet
from gonghui.core.opinions import opinions_written

ZERO = Decimal(0)
STATUS_TEXT: dict[str, str] = {
    Status.NOT_STARTED: "未开始",
    Status.SELF_ASSESSING: "自评中",
    Status.SUBMITTED: "已提交自评，待考核",
    Status.RETURNED: "已退回整改",
    Status.UNDER_REVIEW: "考核中",
    Status.ACCEPTED: "已验收",
}
TASK_TEXT = {"open": "待办", "in_progress": "进行中", "done": "已完成", "cancelled": "已取消"}
CN_NUMBERS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二 (section numbers of a Chinese document)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    if n < 20:
        return "十" + CN_NUMBERS[n - 11]
    tens, ones = divmod(n, 10)
    return CN_NUMBERS[tens - 1] + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def pts(value: Decimal | None) -> str:
    """Points as a person writes them (6, 5.5, 3.33); an empty cell for no value."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def cn_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.year}年{value.month}月{value.day}日"


@dataclass
class Line:
    """One item (level 0) or sub-item (level 1) of the sheet, with its printed cells."""

    row: Row
    level: int
    computed: Decimal | None
    self_points: Decimal | None
    review_points: Decimal | None
    lost: Decimal | None
    reason: str
    evidence: list[str] = field(default_factory=list)
    children: list[Line] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.row.criterion.code

    @property
    def title(self) -> str:
        return self.row.criterion.title

    @property
    def veto(self) -> bool:
        return self.row.veto

    @property
    def points(self) -> Decimal | None:
        return None if self.veto else self.row.top

    @property
    def guidance(self) -> str:
        """评分细则: the standard's own words, else the rule in a sentence."""
        return self.row.criterion.guidance or self.row.rule_text

    @property
    def basis(self) -> str:
        """The guidance and, for an item computed from the records, the value found there; then
        the values the union reported."""
        text = self.guidance
        if self.row.measured and self.row.value not in ("", "—"):
            source = "单位自报值" if self.row.self_reported else "系统统计值"
            text += f"\n{source}：{self.row.value}"
        return text + (f"\n{self.reported}" if self.reported else "")

    @property
    def rule_cell(self) -> str:
        """评分依据 of the tables: the basis of an item, the guidance of one scored by its sub-items
        (with the values the union reported for it)."""
        if not self.children:
            return self.basis
        return self.guidance + (f"\n{self.reported}" if self.reported else "")

    @property
    def reported(self) -> str:
        """自报：培训人数 120 人；最近一次召开日期 2026-05-01 (the values the union reported), or ""."""
        given = [f"{e.label} {reported_text(e.type, e.value)}" for e in self.row.reported if e.value]
        return "自报：" + "；".join(given) if given else ""

    @property
    def expected(self) -> str:
        return self.row.criterion.evidence

    @property
    def self_comment(self) -> str:
        return self.row.score.self_comment if self.row.score else ""

    @property
    def review_comment(self) -> str:
        return self.row.score.review_comment if self.row.score else ""


UNITS = {"people": " 人", "times": " 次", "percent": "%"}


def reported_text(field_type: str, value: str) -> str:
    """A reported value as the report prints it: 120 人, 3 次, 95%, 2026-05-01."""
    return f"{value}{UNITS.get(field_type, '')}" if value else ""


def veto_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return "触发否决" if value == 0 else "未触发"


@dataclass
class Part:
    """A section of the standard (or its bonus or veto items) with its subtotals."""

    key: str
    code: str
    title: str
    top: Decimal | None
    lines: list[Line]
    self_points: Decimal | None
    review_points: Decimal | None

    @property
    def is_veto(self) -> bool:
        return self.key == "veto"

    @property
    def is_bonus(self) -> bool:
        return self.key == "bonus"

    def flat(self) -> list[Line]:
        return [x for line in self.lines for x in (line, *line.children)]


@dataclass
class Report:
    assessment: Assessment
    parts: list[Part]
    review_shown: bool
    self_total: Decimal | None
    review_total: Decimal | None
    score: Decimal | None
    grade: str
    status: str
    lost: list[Line]
    tasks: list[RectificationTask]
    opinion: list[str]
    # The party organization's, the administration's and the higher union's, as written.
    opinions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def union(self) -> str:
        return self.assessment.organization.name

    @property
    def campaign(self) -> Any:
        return self.assessment.campaign

    @property
    def standard(self) -> Any:
        return self.assessment.campaign.standard

    @property
    def sections(self) -> list[Part]:
        return [p for p in self.parts if not p.is_veto and not p.is_bonus]

    @property
    def bonus(self) -> Part | None:
        return next((p for p in self.parts if p.is_bonus), None)

    @property
    def veto(self) -> Part | None:
        return next((p for p in self.parts if p.is_veto), None)

    @property
    def vetoed(self) -> bool:
        return self.assessment.vetoed and self.score is not None

    @property
    def date(self) -> str:
        a = self.assessment
        return cn_date(a.accepted_at or a.submitted_at or a.computed_at)


def _sum(values: list[Decimal | None], cap: Decimal | None = None) -> Decimal | None:
    known = [v for v in values if v is not None]
    if not known:
        return None
    total = sum(known, ZERO)
    return min(total, cap) if cap is not None else total


def _line(row: Row, level: int, review_shown: bool, self_started: bool) -> Line:
    if row.children:
        kids = [_line(c, 1, review_shown, self_started) for c in row.children]
        own = _sum([k.self_points for k in kids])
        review = _sum([k.review_points for k in kids]) if review_shown else None
        line = Line(
            row=row,
            level=level,
            computed=_sum([k.computed for k in kids]),
            self_points=own,
            review_points=review,
            lost=_sum([k.lost for k in kids]),
            reason="",
            children=kids,
        )
        line.evidence = [f.original_name for k in kids for f in k.row.files]
        return line
    score = row.score
    own = score.self_points if score else None
    if own is None and self_started:  # the union's column follows the records once it has begun
        own = row.computed
    review = None
    if review_shown:
        if score and score.review_points is not None:
            review = score.review_points
        elif row.computed is not None:
            review = row.computed
        else:
            review = own
    current = review if review_shown else own
    bonus = row.criterion.kind == CriterionKind.BONUS  # a bonus not earned is no point lost
    lost = None if current is None or row.veto or bonus else max(ZERO, row.top - current)
    line = Line(
        row=row,
        level=level,
        computed=row.computed,
        self_points=own,
        review_points=review,
        lost=lost,
        reason="" if bonus and current is not None else _reason(row, current, lost, review_shown),
    )
    line.evidence = [label for _url, label in row.evidence]
    if row.evidence_more:
        line.evidence.append("……等（其余记录见系统）")
    if row.evidence_hidden:
        line.evidence.append(f"另有{row.evidence_hidden}条记录（仅限有权限者查阅）")
    line.evidence += [f.original_name for f in row.files]
    return line


def _reason(row: Row, current: Decimal | None, lost: Decimal | None, review_shown: bool) -> str:
    """Why an item lost points: the inspector's (or the union's) comment, else the records' value."""
    comment = ""
    if row.score:
        comment = (row.score.review_comment if review_shown else "") or row.score.self_comment
    if row.veto:
        return comment if current == 0 else ""
    if current is None:
        return "尚未评分"
    if not lost:
        return ""
    if comment:
        return comment
    if row.notes:  # a failed gate, a value the records cannot give: the sheet's own words
        return "；".join(row.notes)
    if row.measured and row.value not in ("", "—"):
        return f"系统统计值：{row.value}，按评分细则得{pts(current)}分"
    if row.measured:
        return "无相关记录"
    return f"评分{pts(current)}分，未说明理由"


def _part(section: Section, bonus_max: Decimal, review_shown: bool, self_started: bool) -> Part:
    lines = [_line(r, 0, review_shown, self_started) for r in section.rows]
    cap = bonus_max if section.key == "bonus" else None
    veto = section.key == "veto"
    return Part(
        key=section.key,
        code=section.criterion.code if section.criterion else "",
        title=section.title if section.criterion else ("加分项" if section.key == "bonus" else "一票否决项"),
        top=None if veto else section.top,
        lines=lines,
        self_points=None if veto else _sum([x.self_points for x in lines], cap),
        review_points=None if veto else _sum([x.review_points for x in lines], cap),
    )


def _opinion(report: Report) -> list[str]:
    a = report.assessment
    year = a.campaign.year
    out: list[str] = []
    if a.status == Status.ACCEPTED:
        text = (
            f"经考核组审核验收，{report.union}{year}年度考核得分{pts(report.score)}分"
            f"（自评{pts(report.self_total)}分），评定等次为“{report.grade or '—'}”。"
        )
        out.append(text)
    elif a.status == Status.UNDER_REVIEW:
        out.append(
            f"考核组正在审核，{report.union}当前考核得分{pts(report.review_total)}分"
            f"（自评{pts(report.self_total)}分），以验收为准。"
        )
    elif a.status == Status.SUBMITTED:
        out.append(f"{report.union}已提交自评，自评得分{pts(report.self_total)}分，待考核组审核。")
    elif a.status == Status.RETURNED:
        out.append(f"考核组已将自评退回{report.union}，退回理由：{a.return_reason or '—'}")
    else:
        out.append(f"{report.union}尚未提交自评，本报告所列为当前情况，不作为考核结论。")
    if report.vetoed and report.veto is not None:
        hit = [
            x for x in report.veto.flat() if (x.review_points if report.review_shown else x.self_points) == 0
        ]
        names = "、".join(f"{x.code}“{x.title}”" for x in hit) if hit else ""
        out.append(f"触发一票否决项{names}，等次评定为“{report.grade}”。")
    lost = [x for x in report.lost if x.lost]
    if lost:
        items = "；".join(f"{x.code} {x.title}失{pts(x.lost)}分" for x in lost[:8])
        more = f"等{len(lost)}项" if len(lost) > 8 else ""
        total = sum((x.lost or ZERO for x in lost), ZERO)
        out.append(f"失分项{len(lost)}项，共失{pts(total)}分：{items}{more}。")
    elif report.score is not None and a.status in (Status.ACCEPTED, Status.UNDER_REVIEW):
        out.append("各考核项均得满分。")
    if report.tasks:
        out.append(f"已建立整改任务{len(report.tasks)}项，见“整改任务”。")
    if a.status == Status.ACCEPTED and a.accepted_by:
        out.append(f"验收人：{a.accepted_by}，验收日期：{cn_date(a.accepted_at)}。")
    return out


def report_of(assessment: Assessment, *, access: Any = None, with_evidence: bool = True) -> Report:
    """The assessment read for print; ``access`` decides which records behind a value are named
    (as on the page: records the reader may not open are counted, not named)."""
    sheet = build_sheet(assessment, access=access, with_evidence=with_evidence and access is not None)
    review_shown = assessment.status in REVIEW_SIDE
    standard = assessment.campaign.standard
    self_started = assessment.status != Status.NOT_STARTED
    parts = [_part(s, standard.bonus_max, review_shown, self_started) for s in sheet["sections"]]
    t = sheet["totals"]
    scored = any(x.self_points is not None for p in parts for x in p.flat() if not x.veto)
    self_total = t.self_total if scored else None
    review_total = t.review_total if review_shown else None
    has_score = assessment.computed_at is not None or assessment.status != Status.NOT_STARTED
    score = assessment.score if has_score and scored else None
    lost = [
        x
        for p in parts
        if not p.is_bonus
        for x in p.flat()
        if not x.children and ((x.lost or ZERO) > 0 or (x.veto and x.reason))
    ]
    lost.sort(key=lambda x: (-(x.lost or ZERO), x.row.criterion.position))
    tasks = list(
        RectificationTask.objects.unscoped("the tasks of an assessment the caller already holds")
        .filter(assessment=assessment)
        .select_related("responsible", "criterion")
        .order_by("criterion__position", "due_date", "pk")
    )
    report = Report(
        assessment=assessment,
        parts=parts,
        review_shown=review_shown,
        self_total=self_total,
        review_total=review_total,
        score=score,
        grade=assessment.grade if score is not None else "",
        status=STATUS_TEXT.get(assessment.status, assessment.status),
        lost=[x for x in lost if not x.veto],
        tasks=tasks,
        opinion=[],
        opinions=opinions_written(assessment),
    )
    report.opinion = _opinion(report)
    return report
