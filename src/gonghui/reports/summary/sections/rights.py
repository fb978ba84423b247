"""维护职工合法权益: collective contract and women's special agreement, labor-protection
supervision (inspectors, inspections, the Ankang Cup) and the mediation of labor disputes."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from gonghui.democracy.models import CollectiveContract, ContractKind
from gonghui.democracy.selectors import contracts_in_force
from gonghui.protection.models import AnkangCup, Inspection, LaborInspector, MediationCase, MediationOutcome
from gonghui.reports.summary.sections import (
    Ctx,
    day,
    h1,
    h2,
    listed,
    not_readable,
    p,
    pct,
    sentence,
    some,
)
from gonghui.reports.summary.text import Block, Figure

METRICS = ("labor_inspector_count", "hazards_rectified_rate")


def blocks(ctx: Ctx) -> list[Block]:
    return [
        h1("rights", "维护职工合法权益"),
        h2("rights.h.contract", "坚持平等协商集体合同制度"),
        _contracts(ctx),
        h2("rights.h.protection", "加强劳动保护监督检查"),
        _protection(ctx),
        _mediation(ctx),
    ]


def _contracts(ctx: Ctx) -> Block:
    if not ctx.can(CollectiveContract):
        return p("rights.contract", not_readable("集体合同"))
    kinds = [k.value for k in ContractKind]
    rows = list(ctx.within(contracts_in_force(ctx.end, kinds)).order_by("kind", "pk"))
    if not rows:
        return p("rights.contract", f"截至{ctx.year}年底，尚未录入有效的集体合同或专项集体合同。")
    url = ctx.url(CollectiveContract)
    parts = [f"现有有效的集体合同和专项集体合同{len(rows)}份"]
    general = [c for c in rows if c.kind != ContractKind.WOMEN and c.kind != ContractKind.WAGE]
    women = [c for c in rows if c.kind == ContractKind.WOMEN]
    wage = [c for c in rows if c.kind == ContractKind.WAGE]
    figures = [Figure("contracts.in_force", "有效集体合同（含专项）", f"{len(rows)}份", url)]
    for c in general:
        text = f"代表职工与行政签订《{c.title.strip('《》')}》"
        if c.covered_employees:
            text += f"，覆盖职工{c.covered_employees}人"
        if c.effective_to:
            text += f"，有效期至{day(c.effective_to)}"
        parts.append(text)
    if women:
        figures.append(
            Figure("women_special_agreement_in_force", "女职工权益保护专项集体合同", "已签订", url)
        )
        parts.append(f"签订{listed('《' + c.title.strip('《》') + '》' for c in women)}")
    else:
        parts.append("尚未录入有效的女职工权益保护专项集体合同")
    if wage:
        figures.append(Figure("wage_special_agreement_in_force", "工资专项集体合同", "已签订", url))
        parts.append(f"签订{listed('《' + c.title.strip('《》') + '》' for c in wage)}")
    if not general:
        parts.insert(1, "尚未录入有效的综合性集体合同")
    parts.append("从源头上维护职工的合法权益")
    return p("rights.contract", sentence(parts), figures)


def _protection(ctx: Ctx) -> Block:
    if not ctx.can(Inspection):
        return p("rights.protection", not_readable("劳动保护监督检查"))
    parts, figures = [], []
    inspectors = ctx.m("labor_inspector_count") or 0
    if inspectors:
        levels = dict(
            ctx.within(LaborInspector.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=ctx.end)))
            .order_by()
            .values_list("level")
            .annotate(n=Count("pk"))
        )
        figures.append(
            Figure("labor_inspector_count", "劳动保护监督检查员", f"{inspectors}人", ctx.url(LaborInspector))
        )
        text = f"建立劳动保护监督检查员队伍{inspectors}人"
        team = levels.get("team", 0)
        if team:
            text += f"（其中班组检查员{team}人）"
        parts.append(text)
    else:
        parts.append("尚未录入劳动保护监督检查员名单")
    inspections = list(
        ctx.within(
            Inspection.objects.filter(inspected_on__gte=ctx.start, inspected_on__lte=ctx.end)
        ).order_by("inspected_on")
    )
    if inspections:
        figures.append(
            Figure("inspection_count", "监督检查次数", f"{len(inspections)}次", ctx.url(Inspection))
        )
        text = f"全年开展劳动保护监督检查{len(inspections)}次（{some(i.place for i in inspections)}）"
        rate = ctx.m("hazards_rectified_rate")
        if rate is not None:
            figures.append(Figure("hazards_rectified_rate", "隐患整改率", pct(rate), ctx.url(Inspection)))
            text += f"，发现隐患整改率{pct(rate)}"
        parts.append(text)
    else:
        parts.append(f"{ctx.year}年度尚未录入劳动保护监督检查记录")
    cup = ctx.within(AnkangCup.objects.filter(year=ctx.year)).aggregate(
        n=Count("pk"), teams=Sum("teams"), people=Sum("participants")
    )
    if cup["n"]:
        text = "组织参加“安康杯”竞赛"
        if cup["teams"]:
            text += f"，参赛班组{cup['teams']}个"
        if cup["people"]:
            text += f"、参加职工{cup['people']}人"
        figures.append(
            Figure("ankang_cup_joined", "参加“安康杯”竞赛", f"{cup['people'] or 0}人", ctx.url(AnkangCup))
        )
        parts.append(text)
    return p("rights.protection", sentence(parts), figures)


def _mediation(ctx: Ctx) -> Block:
    if not ctx.can(MediationCase):
        return p("rights.mediation", not_readable("劳动争议调解"))
    found = ctx.within(
        MediationCase.objects.filter(received_on__gte=ctx.start, received_on__lte=ctx.end)
    ).aggregate(n=Count("pk"), settled=Count("pk", filter=Q(outcome=MediationOutcome.MEDIATED)))
    if not found["n"]:
        return p("rights.mediation", f"{ctx.year}年度尚未录入劳动争议调解案件。")
    url = ctx.url(MediationCase)
    return p(
        "rights.mediation",
        f"劳动争议调解委员会全年受理劳动争议{found['n']}件，调解成功{found['settled']}件，促进了劳动关系的和谐稳定。",
        [
            Figure("mediation_cases", "受理调解案件", f"{found['n']}件", url),
            Figure("mediation.settled", "调解成功", f"{found['settled']}件", url),
        ],
    )
