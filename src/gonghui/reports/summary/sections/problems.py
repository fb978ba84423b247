"""存在的问题: the items the union lost points on in its latest assessment (the gaps)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gonghui.accounts.roles import Perm
from gonghui.assessment.models import Assessment
from gonghui.assessment.selectors import inspected_first
from gonghui.assessment.sheet import build_sheet, gaps
from gonghui.reports.summary.sections import Ctx, h1, not_readable, ordinal, p
from gonghui.reports.summary.text import Block, Figure

METRICS: tuple[str, ...] = ()
MAX_ITEMS = 8
REVIEWED = ("under_review", "accepted")


def latest_assessment(ctx: Ctx) -> Assessment | None:
    """The union's latest assessment in a campaign of ``ctx.year`` or before; of a year's
    several (a standardization campaign and a 模范职工之家 review), an inspected one first."""
    return (
        Assessment.objects.filter(organization=ctx.org, campaign__year__lte=ctx.year)
        .select_related("campaign", "campaign__standard", "organization")
        .order_by("-campaign__year", inspected_first(), "-pk")
        .first()
    )


def gaps_url(a: Assessment) -> str:
    """The assessment's page of lost points (``assessment:gaps``; see ``Ctx.url`` for why not reverse)."""
    return f"/assessment/{a.pk}/gaps/"


def points(d: Decimal) -> str:
    text = f"{Decimal(d).quantize(Decimal('0.01')):.2f}".rstrip("0").rstrip(".")
    return f"{text}分"


def blocks(ctx: Ctx) -> list[Block]:
    return [h1("problems", "存在的问题"), _gaps(ctx)]


def _gaps(ctx: Ctx) -> Block:
    if not ctx.can_perm(Perm.ASSESS_VIEW):
        return p("problems.gaps", not_readable("考核结果"))
    a = latest_assessment(ctx)
    if a is None:
        return p("problems.gaps", f"截至{ctx.year}年底尚无考核记录，存在的问题有待结合考核结果补充。")
    rows: list[Any] = [r for r in gaps(build_sheet(a, with_evidence=False)) if not r.veto]
    url = gaps_url(a)
    reviewed = a.status in REVIEWED
    total = a.review_total if reviewed else a.self_total
    label = "考核得分" if reviewed else "自评得分"
    figures = [Figure("assessment.score", label, points(total), url)]
    head = f"对照{a.campaign.name}（{a.campaign.standard.title}），本单位{label}{points(total)}"
    if a.grade:
        head += f"，等级为“{a.grade}”"
    if not rows:
        return p("problems.gaps", head + "，各项均未失分。", figures)
    items = []
    for i, row in enumerate(rows[:MAX_ITEMS], start=1):
        title = row.criterion.title.rstrip("。")
        figures.append(Figure(f"gaps.{row.criterion.code}", title, f"失{points(row.lost)}", url))
        items.append(f"{ordinal(i)}是{title}方面失{points(row.lost)}")
    more = f"另有{len(rows) - MAX_ITEMS}项失分，详见考核记录" if len(rows) > MAX_ITEMS else ""
    text = (
        head
        + f"，与上级工会的要求相比还存在差距，共有{len(rows)}项失分：{'；'.join(items)}"
        + (f"；{more}" if more else "")
        + "。"
    )
    return p("problems.gaps", text, figures)
