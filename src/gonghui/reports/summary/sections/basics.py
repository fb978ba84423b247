"""基本情况: employees, members, enrollment, groups, new unions and new members."""

from __future__ import annotations

from django.db.models import Q

from gonghui.members.models import Member
from gonghui.orgs.models import EmployerYear, Organization, OrgType, UnitKind
from gonghui.reports.summary.sections import Ctx, children_q, day, h1, not_readable, p, pct, sentence
from gonghui.reports.summary.text import Block

METRICS = (
    "employees",
    "member_count",
    "women_member_count",
    "enrollment_rate",
    "union_group_count",
    "unions_founded",
    "enterprise_unions_founded",
    "new_members",
    "new_migrant_members",
)
UNION_TYPES = (OrgType.GRASSROOTS, OrgType.JOINT, OrgType.TOWNSHIP)
FOUNDED_TYPES = (OrgType.GRASSROOTS, OrgType.JOINT)  # what the metric unions_founded counts


def blocks(ctx: Ctx) -> list[Block]:
    return [h1("basics", "基本情况"), _members(ctx), _growth(ctx)]


def _members(ctx: Ctx) -> Block:
    org = ctx.org
    figures = []
    parts = []
    employees = ctx.m("employees") or 0
    if not ctx.can(EmployerYear):
        parts.append(not_readable("职工人数"))
    elif employees:
        figures.append(ctx.fig("employees", "职工人数", f"{employees}人", EmployerYear))
        where = "所在单位" if org.org_type in FOUNDED_TYPES else "所辖各单位"
        parts.append(f"{org.name}{ctx.year}年度{where}共有职工{employees}人")
    else:
        parts.append(f"{ctx.year}年度尚未录入所在单位的职工人数")
    if not ctx.can(Member):
        parts.append(not_readable("会员人数"))
    else:
        members = ctx.m("member_count") or 0
        if members:
            women = ctx.m("women_member_count") or 0
            figures.append(ctx.fig("member_count", "会员人数", f"{members}人", Member))
            text = f"现有会员{members}人"
            if women:
                figures.append(ctx.fig("women_member_count", "女会员", f"{women}人", Member))
                text += f"（其中女会员{women}人）"
            rate = ctx.m("enrollment_rate")
            if rate is not None and employees:
                figures.append(ctx.fig("enrollment_rate", "入会率", pct(rate), Member))
                text += f"，入会率{pct(rate)}"
            parts.append(text)
        else:
            parts.append("尚未录入会员名册")
    groups = ctx.m("union_group_count") or 0
    subordinate = (
        Organization.objects.filter(children_q(org), org_type__in=UNION_TYPES, status="active")
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=ctx.end))
        .count()
        if ctx.can(Organization)
        else 0
    )
    if groups:
        figures.append(ctx.fig("union_group_count", "工会小组", f"{groups}个", Organization))
        parts.append(f"按工作性质和归属关系划分{groups}个工会小组")
    if subordinate:
        figures.append(ctx.fig("orgs.subordinate", "下辖基层工会", f"{subordinate}个", Organization))
        parts.append(f"下辖基层工会{subordinate}个")
    return p("basics.members", sentence(parts), figures)


def _growth(ctx: Ctx) -> Block:
    figures = []
    parts = []
    org = ctx.org
    founded = ctx.m("unions_founded") or 0
    enterprise = ctx.m("enterprise_unions_founded") or 0
    if org.founded_on and org.founded_on.year == ctx.year and org.org_type in UNION_TYPES:
        # The metric counts the union itself when it was founded this year: that is said apart.
        parts.append(f"本会于{day(org.founded_on)}成立")
        if org.org_type in FOUNDED_TYPES:
            founded -= 1
            enterprise -= org.org_type == OrgType.GRASSROOTS and org.unit_kind == UnitKind.ENTERPRISE
    if founded > 0 and ctx.can(Organization):
        figures.append(ctx.fig("unions_founded", "新建工会组织", f"{founded}个", Organization))
        text = f"本年度新建工会组织{founded}个"
        if enterprise > 0:
            figures.append(
                ctx.fig("enterprise_unions_founded", "其中企业工会", f"{enterprise}个", Organization)
            )
            text += f"（其中企业工会{enterprise}个）"
        parts.append(text)
    if not ctx.can(Member):
        parts.append(not_readable("新发展会员情况"))
    else:
        new = ctx.m("new_members") or 0
        if new:
            migrant = ctx.m("new_migrant_members") or 0
            figures.append(ctx.fig("new_members", "新发展会员", f"{new}名", Member))
            text = f"发展新会员{new}名入会"
            if migrant:
                figures.append(ctx.fig("new_migrant_members", "其中农民工", f"{migrant}名", Member))
                text = f"发展{new}名新会员入会（含农民工{migrant}名）"
            parts.append(("本年度" if not parts else "") + text)
        else:
            parts.append("本年度尚未录入新发展会员记录")
    return p("basics.growth", sentence(parts), figures)
