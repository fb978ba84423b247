"""建功立业: labor competitions and skills contests, training, learning incentives, suggestions."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from gonghui.reports.summary.sections import (
    Ctx,
    h1,
    not_readable,
    p,
    pct,
    percentage,
    sentence,
    some,
    yuan,
)
from gonghui.reports.summary.text import Block, Figure
from gonghui.skills.models import Competition, CompetitionAward, LearningIncentive, Training
from gonghui.voice.models import Suggestion

METRICS = ("competition_participants", "trainees")


def blocks(ctx: Ctx) -> list[Block]:
    return [h1("achievements", "建功立业"), _competitions(ctx), _training(ctx), _suggestions(ctx)]


def _competitions(ctx: Ctx) -> Block:
    if not ctx.can(Competition):
        return p("achievements.competitions", not_readable("劳动竞赛"))
    held = ctx.within(Competition.objects.filter(started_on__gte=ctx.start, started_on__lte=ctx.end))
    rows = list(held.order_by("started_on", "pk").values_list("pk", "name", "external"))
    if not rows:
        return p("achievements.competitions", f"{ctx.year}年度尚未录入劳动竞赛和技术比武记录。")
    url = ctx.url(Competition)
    own = [name for _pk, name, external in rows if not external]
    joined = [name for _pk, name, external in rows if external]
    people = ctx.m("competition_participants") or 0
    figures = [Figure("competition_count", "劳动竞赛和技术比武", f"{len(rows)}项", url)]
    parts = [f"以开展各种劳动竞赛为平台，全年共开展劳动竞赛和技术比武{len(rows)}项"]
    if own:
        parts.append(f"先后举办了{some(own)}等技术比武和岗位练兵活动{len(own)}项")
    if joined:
        parts.append(f"组织职工参加{some(joined)}等{len(joined)}项竞赛活动")
    if people:
        figures.append(Figure("competition_participants", "竞赛参加人次", f"{people}人次", url))
        parts.append(f"参加职工{people}人次")
    awards = ctx.within(CompetitionAward.objects.filter(competition__in=held.values("pk"))).count()
    if awards:
        figures.append(Figure("competition.awards", "获奖", f"{awards}项", ctx.url(CompetitionAward)))
        parts.append(f"获奖{awards}项")
    parts.append("提高了职工的安全生产技能和岗位技术水平")
    return p("achievements.competitions", sentence(parts), figures)


def _training(ctx: Ctx) -> Block:
    parts, figures = [], []
    if not ctx.can(Training):
        return p("achievements.training", not_readable("职工培训"))
    courses = list(
        ctx.within(Training.objects.filter(started_on__gte=ctx.start, started_on__lte=ctx.end))
        .order_by("started_on", "pk")
        .values_list("course", flat=True)
    )
    if courses:
        people = ctx.m("trainees") or 0
        url = ctx.url(Training)
        figures.append(Figure("training_sessions", "培训期数", f"{len(courses)}期", url))
        text = f"有组织、有计划地举办{some(courses)}等培训{len(courses)}期"
        if people:
            figures.append(Figure("trainees", "培训人次", f"{people}人次", url))
            text += f"，培训{people}人次"
        parts.append(text)
    else:
        parts.append(f"{ctx.year}年度尚未录入职工培训记录")
    if ctx.can(LearningIncentive):
        paid = ctx.within(
            LearningIncentive.objects.filter(awarded_on__gte=ctx.start, awarded_on__lte=ctx.end)
        ).aggregate(n=Count("pk"), total=Sum("amount"))
        if paid["n"]:
            figures.append(
                Figure(
                    "learning_incentive_amount",
                    "学历教育奖励",
                    yuan(paid["total"]),
                    ctx.url(LearningIncentive),
                )
            )
            parts.append(f"鼓励职工在职学习，对{paid['n']}名取得学历学位的职工发放奖励{yuan(paid['total'])}")
    return p("achievements.training", sentence(parts), figures)


def _suggestions(ctx: Ctx) -> Block:
    if not ctx.can(Suggestion):
        return p("achievements.suggestions", not_readable("合理化建议"))
    found = ctx.within(
        Suggestion.objects.filter(submitted_on__gte=ctx.start, submitted_on__lte=ctx.end)
    ).aggregate(
        n=Count("pk"),
        adopted=Count("pk", filter=Q(adopted=True)),
        implemented=Count("pk", filter=Q(implemented=True)),
    )
    if not found["n"]:
        return p("achievements.suggestions", f"{ctx.year}年度尚未录入合理化建议记录。")
    url = ctx.url(Suggestion)
    figures = [
        Figure("suggestion_count", "合理化建议", f"{found['n']}条", url),
        Figure("suggestion.adopted", "采纳", f"{found['adopted']}条", url),
    ]
    text = (
        f"开展合理化建议活动，收到职工合理化建议{found['n']}条，"
        f"采纳{found['adopted']}条、实施{found['implemented']}条"
    )
    rate = percentage(found["adopted"], found["n"])
    if rate is not None:
        figures.append(Figure("suggestion_adoption_rate", "采纳率", pct(rate), url))
        text += f"，采纳率{pct(rate)}"
    return p("achievements.suggestions", text + "。", figures)
