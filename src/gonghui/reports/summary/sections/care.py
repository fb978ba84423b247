"""关爱职工: visits by occasion with counts and amounts, aid by kind with amounts, hardship files
(for readers holding care.hardship only), mutual insurance with its cost split, donations, the
migrant-worker survey, festival activities and the workers' home."""

from __future__ import annotations

from django.db.models import Count, F, Q, Sum

from gonghui.activities.models import Activity, Facility
from gonghui.activities.models import Occasion as ActivityOccasion
from gonghui.care.metrics import approved_aid, enrolled_in, open_files, payments, visits_in
from gonghui.care.models import (
    AidCase,
    AidDisbursement,
    AidKind,
    Donation,
    HardshipFile,
    InsuranceClaim,
    InsuranceEnrollment,
    InsurancePlan,
    MigrantSurvey,
    Occasion,
    Visit,
)
from gonghui.reports.summary.sections import (
    Ctx,
    h1,
    h2,
    listed,
    not_readable,
    p,
    pct,
    percentage,
    sentence,
    some,
    yuan,
)
from gonghui.reports.summary.text import Block, Figure

METRICS = ("employees",)
# The seed's names of the aid kinds.
AID_NAMES: dict[str, str] = {
    AidKind.HARDSHIP: "困难帮扶",
    AidKind.SERIOUS_ILLNESS: "大病互助",
    AidKind.STUDY: "金秋助学",
    AidKind.WARMTH: "送温暖",
    AidKind.TEMPORARY: "临时救助",
    AidKind.FUNERAL: "丧葬帮扶",
}
OCCASION_NAMES: dict[str, str] = {
    Occasion.NEW_YEAR: "元旦慰问",
    Occasion.SPRING_FESTIVAL: "春节慰问",
    Occasion.SUMMER_COOLING: "夏送清凉",
    Occasion.HOSPITAL: "住院探望",
    Occasion.BEREAVEMENT: "职工逝世慰问",
    Occasion.BIRTH: "生育慰问",
    Occasion.RETIREMENT: "退休慰问",
    Occasion.ROUTINE: "日常走访",
    Occasion.OTHER: "其他慰问",
}
FESTIVAL_NAMES: dict[str, str] = {
    ActivityOccasion.NEW_YEAR: "元旦",
    ActivityOccasion.SPRING_FESTIVAL: "春节",
    ActivityOccasion.WOMENS_DAY: "“三八”妇女节",
    ActivityOccasion.LABOUR_DAY: "“五一”",
    ActivityOccasion.YOUTH_DAY: "“五四”",
    ActivityOccasion.PARTY_DAY: "“七一”",
    ActivityOccasion.NATIONAL_DAY: "国庆",
}


def blocks(ctx: Ctx) -> list[Block]:
    return [
        h1("care", "关爱职工"),
        h2("care.h.visits", "走访慰问，为职工排忧解难"),
        _visits(ctx),
        h2("care.h.aid", "落实帮扶救助"),
        _aid(ctx),
        _hardship(ctx),
        _donations(ctx),
        h2("care.h.insurance", "组织职工参加医疗互助保障"),
        _insurance(ctx),
        h2("care.h.home", "建设职工之家，丰富职工文化生活"),
        _activities(ctx),
    ]


def _visits(ctx: Ctx) -> Block:
    if not ctx.can(Visit):
        return p("care.visits", not_readable("走访慰问"))
    rows = list(
        ctx.within(visits_in(ctx.period))
        .order_by()
        .values_list("occasion")
        .annotate(
            n=Count("pk"), people=Sum("recipient_count"), amount=Sum(F("cash_amount") + F("goods_value"))
        )
    )
    if not rows:
        return p("care.visits", f"{ctx.year}年度尚未录入走访慰问记录。")
    order = list(Occasion.values)
    rows.sort(key=lambda r: order.index(r[0]) if r[0] in order else len(order))
    url = ctx.url(Visit)
    n = sum(r[1] for r in rows)
    people = sum(r[2] or 0 for r in rows)
    amount = sum((r[3] or 0 for r in rows), 0)
    figures = [
        Figure("visit_count", "慰问次数", f"{n}次", url),
        Figure("visit_recipients", "慰问人次", f"{people}人次", url),
        Figure("visit_amount", "慰问金额", yuan(amount), url),
    ]
    details = []
    for occasion, k, who, value in rows:
        name = OCCASION_NAMES.get(occasion, str(occasion))
        figures.append(Figure(f"visits.{occasion}", name, f"{k}次，{yuan(value)}", url))
        details.append(f"{name}{k}次、{who or 0}人次、{yuan(value)}")
    text = (
        f"全年开展走访慰问{n}次，慰问职工{people}人次，发放慰问金和慰问品合计{yuan(amount)}。"
        f"其中：{'；'.join(details)}。"
    )
    return p("care.visits", text, figures)


def _aid(ctx: Ctx) -> Block:
    if not ctx.can(AidCase):
        return p("care.aid", not_readable("帮扶救助"))
    counts = dict(ctx.within(approved_aid(ctx.period)).order_by().values_list("kind").annotate(n=Count("pk")))
    paid = dict(
        ctx.within(payments(ctx.period))
        .order_by()
        .values_list("aid_case__kind")
        .annotate(total=Sum("amount"))
    )
    kinds = [k for k in AidKind.values if counts.get(k) or paid.get(k)]
    if not kinds:
        return p("care.aid", f"{ctx.year}年度尚未录入帮扶救助记录。")
    url = ctx.url(AidCase)
    pay_url = ctx.url(AidDisbursement)
    figures = [
        Figure("aid_count", "帮扶救助件数", f"{sum(counts.values())}件", url),
        Figure("aid_amount", "帮扶救助发放金额", yuan(sum(paid.values(), 0)), pay_url),
    ]
    details = []
    for k in kinds:
        name = AID_NAMES.get(k, k)
        figures.append(Figure(f"aid.{k}", name, f"{counts.get(k, 0)}人，{yuan(paid.get(k, 0))}", url))
        details.append(f"{name}{counts.get(k, 0)}人、发放{yuan(paid.get(k, 0))}")
    text = (
        f"用制度规范帮扶工作，积极有序地落实{listed(AID_NAMES.get(k, k) for k in kinds)}，"
        f"全年批准帮扶救助{sum(counts.values())}件，发放{yuan(sum(paid.values(), 0))}。"
        f"其中：{'；'.join(details)}。"
    )
    return p("care.aid", text, figures)


def _hardship(ctx: Ctx) -> Block:
    if not ctx.can(HardshipFile):
        return p("care.hardship", not_readable("困难职工档案"))
    n = ctx.within(open_files(ctx.period)).count()
    if not n:
        return p("care.hardship", f"截至{ctx.year}年底，尚未录入困难职工档案。")
    return p(
        "care.hardship",
        f"建立困难职工档案{n}户，实行动态管理，做到底数清、情况明。",
        [Figure("hardship_family_count", "在档困难职工家庭", f"{n}户", ctx.url(HardshipFile))],
    )


def _donations(ctx: Ctx) -> Block:
    parts, figures = [], []
    if ctx.can(MigrantSurvey):
        survey = ctx.within(
            MigrantSurvey.objects.filter(surveyed_on__gte=ctx.start, surveyed_on__lte=ctx.end)
        ).aggregate(n=Count("pk"), workers=Sum("workers_surveyed"), migrants=Sum("migrant_workers"))
        if survey["n"]:
            figures.append(
                Figure(
                    "migrant_survey.migrants", "摸底农民工", f"{survey['migrants']}人", ctx.url(MigrantSurvey)
                )
            )
            parts.append(
                f"对农民工进行摸底调查，调查职工{survey['workers']}人，其中农民工{survey['migrants']}人，做到心中有数"
            )
    if ctx.can(Donation):
        gifts = list(
            ctx.within(Donation.objects.filter(donated_on__gte=ctx.start, donated_on__lte=ctx.end))
            .order_by("donated_on")
            .values_list("title", F("cash_amount") + F("goods_value"))
        )
        if gifts:
            total = sum((v or 0 for _t, v in gifts), 0)
            figures.append(Figure("donation_amount", "捐款捐物", yuan(total), ctx.url(Donation)))
            parts.append(f"在{some(t for t, _v in gifts)}中献爱心捐款捐物{yuan(total)}，回报社会")
    if not parts:
        return p("care.donations", f"{ctx.year}年度尚未录入农民工摸底调查和捐款捐物记录。")
    return p("care.donations", sentence(parts), figures)


def _insurance(ctx: Ctx) -> Block:
    if not ctx.can(InsuranceEnrollment):
        return p("care.insurance", not_readable("医疗互助保障"))
    plans = list(ctx.within(InsurancePlan.objects.filter(year=ctx.year)).order_by("pk"))
    sums = ctx.within(enrolled_in(ctx.period)).aggregate(
        n=Count("pk"), premium=Sum("premium"), union=Sum("union_amount"), own=Sum("individual_amount")
    )
    if not plans and not sums["n"]:
        return p("care.insurance", f"{ctx.year}年度尚未录入职工医疗互助保障参保记录。")
    url = ctx.url(InsuranceEnrollment)
    names = listed(f"“{pl.name}”" for pl in plans) or "职工医疗互助保障"
    if not sums["n"]:
        return p("care.insurance", f"本年度设立{names}，尚未录入参保人员。")
    figures = [Figure("mutual_insurance_enrolled", "医疗互助参保人数", f"{sums['n']}人", url)]
    text = f"组织职工参加{names}，参保{sums['n']}人"
    rate = percentage(sums["n"], ctx.m("employees"))
    if rate is not None:
        figures.append(Figure("mutual_insurance_rate", "参保率", pct(rate), url))
        text += f"，参保人数占职工总数的{pct(rate)}"
    if plans:
        plan = plans[0]
        figures.append(
            Figure(
                "insurance.split",
                "费用分担",
                f"工会和行政{pct(plan.union_share_pct)}，个人{pct(plan.individual_share_pct)}",
                ctx.url(InsurancePlan),
            )
        )
        text += (
            f"；保险金采用由工会和行政共同负担{pct(plan.union_share_pct)}、"
            f"职工个人负担{pct(plan.individual_share_pct)}的形式"
        )
    if sums["premium"]:
        figures.append(Figure("insurance.premium", "保险金合计", yuan(sums["premium"]), url))
        text += (
            f"，全年保险金{yuan(sums['premium'])}，"
            f"其中工会和行政负担{yuan(sums['union'])}、个人负担{yuan(sums['own'])}"
        )
    claims = ctx.within(
        InsuranceClaim.objects.filter(paid_on__gte=ctx.start, paid_on__lte=ctx.end)
    ).aggregate(n=Count("pk"), paid=Sum("amount_paid"))
    if claims["n"]:
        figures.append(
            Figure("insurance_claims_paid", "互助金赔付", yuan(claims["paid"]), ctx.url(InsuranceClaim))
        )
        text += f"；全年为{claims['n']}人次赔付互助金{yuan(claims['paid'])}"
    return p("care.insurance", text + "，减轻了职工的医疗费负担。", figures)


def _activities(ctx: Ctx) -> Block:
    parts, figures = [], []
    if ctx.can(Activity):
        rows = list(
            ctx.within(Activity.objects.filter(held_on__gte=ctx.start, held_on__lte=ctx.end))
            .order_by("held_on", "pk")
            .values_list("title", "occasion", "participant_count")
        )
        if rows:
            festivals = list(dict.fromkeys(FESTIVAL_NAMES[o] for _t, o, _n in rows if o in FESTIVAL_NAMES))
            people = sum(n for _t, _o, n in rows)
            url = ctx.url(Activity)
            figures.append(Figure("activity_count", "文体活动", f"{len(rows)}次", url))
            figures.append(Figure("activity_participants", "活动参加人次", f"{people}人次", url))
            text = "经常组织各种有益身心、喜闻乐见的活动"
            if festivals:
                figures.append(Figure("festival_activity_count", "节日活动", listed(festivals), url))
                text += f"，围绕{listed(festivals)}等节日"
            text += f"开展{some(t for t, _o, _n in rows)}等活动{len(rows)}次，参加职工{people}人次"
            parts.append(text)
        else:
            parts.append(f"{ctx.year}年度尚未录入职工文体活动记录")
    if ctx.can(Facility):
        names = list(
            ctx.within(Facility.objects.filter(Q(acquired_on__isnull=True) | Q(acquired_on__lte=ctx.end)))
            .order_by("pk")
            .values_list("name", flat=True)
        )
        if names:
            figures.append(
                Figure("facility_count", "职工之家阵地和设备", f"{len(names)}项", ctx.url(Facility))
            )
            parts.append(f"职工之家建有{some(names)}等{len(names)}项阵地和设施，为会员营造温馨的活动环境")
    if not parts:
        return p("care.activities", not_readable("职工文体活动"))
    return p("care.activities", sentence(parts), figures)
