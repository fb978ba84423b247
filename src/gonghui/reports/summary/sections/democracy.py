"""民主管理: congress sessions, the plans and resolutions passed by name, proposals, disclosures."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q

from gonghui.democracy import selectors
from gonghui.democracy.models import (
    Channel,
    Congress,
    Disclosure,
    DisclosureCategory,
    Proposal,
    ProposalStatus,
    Resolution,
)
from gonghui.reports.summary.sections import (
    Ctx,
    h1,
    h2,
    joined,
    listed,
    not_readable,
    p,
    pct,
    percentage,
    sentence,
)
from gonghui.reports.summary.text import Block, Figure

METRICS: tuple[str, ...] = ()


def blocks(ctx: Ctx) -> list[Block]:
    out = [h1("democracy", "民主管理"), h2("democracy.h.congress", "坚持和完善职工代表大会制度")]
    out += _congress(ctx)
    out += [h2("democracy.h.disclosure", "推行厂务公开，加大民主监督力度"), _disclosure(ctx)]
    return out


def _congress(ctx: Ctx) -> list[Block]:
    if not ctx.can(Congress):
        return [p("democracy.congress", not_readable("职工代表大会"))]
    sessions = list(ctx.within(selectors.sessions(ctx.period)).order_by("held_on", "pk"))
    if not sessions:
        return [p("democracy.congress", f"{ctx.year}年度尚未录入职工代表大会记录。")]
    url = ctx.url(Congress)
    n = len(sessions)
    text = (
        f"本年度召开职工（会员）代表大会{n}次："
        + "；".join(
            f"{s.held_on.month}月{s.held_on.day}日召开{s.name}，应到代表{s.delegates_total}名、实到{s.delegates_present}名"
            for s in sessions
        )
        + "。"
    )
    out = [p("democracy.congress", text, [Figure("congress_sessions", "职代会召开次数", f"{n}次", url)])]
    passed = list(
        ctx.within(selectors.passed_resolutions(ctx.period))
        .order_by("congress__held_on", "pk")
        .values_list("title", "kind")
    )
    if passed:
        titles = [_booked(t) for t, _k in passed]
        plans = sum(1 for _t, k in passed if k == "plan")
        out.append(
            p(
                "democracy.resolutions",
                f"会议审议通过了{listed(titles)}等{len(titles)}项涉及职工切身利益的重大事项"
                + (f"（其中方案{plans}项）" if plans else "")
                + "，会后认真监督职代会决议的落实，充分发挥了职工代表参政、议政和民主监督的作用。",
                [Figure("resolutions_passed", "通过决议", f"{len(titles)}项", ctx.url(Resolution))],
            )
        )
    else:
        out.append(p("democracy.resolutions", "本年度职代会尚未录入审议通过的决议。"))
    out.append(_proposals(ctx))
    return out


def _proposals(ctx: Ctx) -> Block:
    found = ctx.within(selectors.proposals(ctx.period)).aggregate(
        n=Count("pk"),
        accepted=Count("pk", filter=Q(status=ProposalStatus.ACCEPTED)),
        handled=Count("pk", filter=Q(status=ProposalStatus.ACCEPTED, replied_on__isnull=False)),
    )
    n, accepted = found["n"], found["accepted"]
    if not n:
        return p("democracy.proposals", "本年度尚未录入职工代表提案。")
    rate = percentage(found["handled"], accepted)
    url = ctx.url(Proposal)
    figures = [
        Figure("proposals_count", "代表提案", f"{n}件", url),
        Figure("proposals.accepted", "立案", f"{accepted}件", url),
    ]
    text = f"职工代表共提出提案{n}件，立案{accepted}件"
    if rate is not None:
        figures.append(Figure("proposals_handled_rate", "提案办复率", pct(rate), url))
        text += f"，办复率{pct(rate)}"
    return p("democracy.proposals", text + "。", figures)


def _booked(title: str) -> str:
    title = title.strip()
    return title if title.startswith("《") else f"《{title}》"


def _disclosure(ctx: Ctx) -> Block:
    if not ctx.can(Disclosure):
        return p("democracy.disclosure", not_readable("厂务公开"))
    rows = list(
        ctx.within(selectors.disclosures(ctx.period))
        .order_by()
        .values_list("channel", "category")
        .annotate(n=Count("pk"))
    )
    if not rows:
        return p("democracy.disclosure", f"{ctx.year}年度尚未录入厂务公开记录。")
    channels: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    for channel, category, n in rows:
        channels[channel] += n
        categories[category] += n
    total = sum(channels.values())
    url = ctx.url(Disclosure)
    channel_names = [str(Channel(c).label) for c, _n in channels.most_common()]
    category_names = [_short(str(DisclosureCategory(c).label)) for c, _n in categories.most_common()]
    text = sentence(
        [
            f"全年通过{joined(channel_names)}向职工公开事项{total}项",
            f"内容涵盖{listed(category_names)}等{len(categories)}类",
            "增强了决策的透明度，提高了广大职工的积极性",
        ]
    )
    figures = [
        Figure("disclosure_count", "公开事项", f"{total}项", url),
        Figure("disclosure.categories", "公开内容类别", f"{len(categories)}类", url),
        Figure("disclosure.channels", "公开渠道", listed(channel_names), url),
    ]
    return p("democracy.disclosure", text, figures)


def _short(label: str) -> str:
    """ "重大决策（规划、投资……）" → "重大决策"."""
    return label.split("（")[0].split("(")[0].strip()
