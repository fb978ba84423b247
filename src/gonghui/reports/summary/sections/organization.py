"""组织建设: the union committee, the funds-review and women's committees with their sizes and
full- and part-time posts, the other bodies and leading groups, and the elections."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from gonghui.committees.models import Committee, CommitteeKind, Election, Method, Seat
from gonghui.committees.selectors import bodies, current_seats
from gonghui.reports.summary.sections import (
    Ctx,
    day,
    h1,
    h2,
    joined,
    listed,
    not_readable,
    p,
    sentence,
    some,
)
from gonghui.reports.summary.text import Block, Figure

METRICS: tuple[str, ...] = ()
NAMED = (
    (CommitteeKind.UNION, "工会委员会"),
    (CommitteeKind.FUNDS_REVIEW, "经费审查委员会"),
    (CommitteeKind.WOMEN, "女职工委员会"),
)
OTHER_KINDS = (CommitteeKind.LABOR_PROTECTION, CommitteeKind.MEDIATION, CommitteeKind.OTHER)


def blocks(ctx: Ctx) -> list[Block]:
    out = [h1("organization", "组织建设")]
    if not ctx.can(Committee):
        out.append(p("organization.committees", not_readable("工会委员会及各专门委员会")))
        return out
    found = list(bodies([ctx.org.pk], ctx.end).order_by("kind", "pk"))
    by_kind: dict[str, list[Committee]] = defaultdict(list)
    for c in found:
        by_kind[c.kind].append(c)
    seats = current_seats([c.pk for c in found], ctx.end)
    out.append(h2("organization.h.committees", "健全组织机构"))
    for kind, title in NAMED:
        current = by_kind.get(kind, [])
        out.append(_committee(ctx, kind, title, current[-1] if current else None, seats))
    out.append(_others(ctx, by_kind, seats))
    out.append(_elections(ctx, {c.pk for c in found}))
    return out


def _split(seats: list[Seat]) -> tuple[int, int]:
    full = sum(1 for s in seats if s.full_time)
    return full, len(seats) - full


def _committee(ctx: Ctx, kind: str, title: str, c: Committee | None, seats: dict[int, list[Seat]]) -> Block:
    key = f"organization.{kind}"
    if c is None:
        return p(key, f"截至{ctx.year}年底，尚未录入{title}的记录。")
    held = seats.get(c.pk, [])
    full, part = _split(held)
    url = ctx.url(Committee)
    figures = [
        Figure(f"committees.{kind}.size", f"{title}委员", f"{len(held)}人", url),
        Figure(f"committees.{kind}.full_time", f"{title}专职", f"{full}人", url),
        Figure(f"committees.{kind}.part_time", f"{title}兼职", f"{part}人", url),
    ]
    if not held:
        return p(key, f"设立{c.name}，尚未录入其委员名单。", figures[:0])
    lead = "工会委员会" if kind == CommitteeKind.UNION else f"内设{title}"
    text = f"{lead}（{c.name}）由{len(held)}名委员组成"
    if full and part:
        text += f"，其中专职委员{full}名、兼职委员{part}名"
    else:  # "专职委员0名" is not how a report reads
        text += "，均为专职委员" if full else "，均为兼职委员"
        figures = [f for f in figures if not f.value.startswith("0")]
    if kind == CommitteeKind.UNION:
        chair = next((s for s in held if s.position == "chair"), None)
        if chair is not None:
            text += "，工会主席为专职" if chair.full_time else "，工会主席为兼职"
        posts = [str(s.get_position_display()) for s in held if s.position not in ("chair", "member")]
        if posts:
            text += f"，设{listed(dict.fromkeys(posts))}"
    if c.term_start and c.term_end:
        text += f"，任期自{day(c.term_start)}至{day(c.term_end)}"
    return p(key, text + "。", figures)


def _others(ctx: Ctx, by_kind: dict[str, list[Committee]], seats: dict[int, list[Seat]]) -> Block:
    url = ctx.url(Committee)
    parts, figures = [], []
    others = [c for k in OTHER_KINDS for c in by_kind.get(k, [])]
    if others:
        parts.append("建立健全了" + joined(f"{c.name}（{len(seats.get(c.pk, []))}人）" for c in others))
        for c in others:
            figures.append(
                Figure(f"committees.{c.kind}.{c.pk}.size", c.name, f"{len(seats.get(c.pk, []))}人", url)
            )
    groups = by_kind.get(CommitteeKind.LEADING_GROUP, [])
    if groups:
        figures.append(Figure("leading_group_count", "领导小组", f"{len(groups)}个", url))
        parts.append(
            f"成立了{some(c.name for c in groups)}等{len(groups)}个领导小组，"
            "由党政领导牵头、有关部门负责人参加"
        )
    if not parts:
        return p(
            "organization.others",
            "本年度尚未录入劳动保护监督检查、劳动争议调解等专门委员会和领导小组的记录。",
        )
    return p("organization.others", sentence(parts), figures)


def _elections(ctx: Ctx, committee_ids: set[int]) -> Block:
    rows: list[Any] = list(
        Election.objects.filter(committee_id__in=committee_ids, held_on__lte=ctx.end)
        .select_related("committee")
        .order_by("held_on", "pk")
    )
    if not rows:
        return p("organization.elections", "尚未录入现任委员会的选举记录。")
    url = ctx.url(Election)
    texts = []
    for e in rows:
        method = "差额" if e.method == Method.COMPETITIVE else "等额"
        text = f"{day(e.held_on)}经{e.get_assembly_display()}{method}选举产生"
        text += f"{e.committee.name}（应选{e.seats}名）"
        if e.approved_on:
            text += f"，{day(e.approved_on)}经上级工会批复"
        texts.append(text)
    approved = sum(1 for e in rows if e.approved_on)
    figures = [
        Figure("elections.count", "换届（补选）选举", f"{len(rows)}次", url),
        Figure("elections.approved", "经上级批复的选举", f"{approved}次", url),
    ]
    lead = f"委员会人员均按民主选举程序产生，共进行选举{len(rows)}次、经上级工会批复{approved}次："
    return p("organization.elections", lead + "；".join(texts) + "。", figures)
