"""Demo honours (2023–2025): several levels in the third tree (青山县总工会), so that its honours
and its highest level over a three-year look-back show, and a few in the bureau's union.

Idempotent: an honour is keyed by its union, title and date. A member's honour is made only when
the members demo gave the union a roster; a group's only when the union has a group.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.honours.models import Honour, HonourLevel, RecipientKind
from gonghui.members.models import Member
from gonghui.orgs.models import Organization, OrgType


def honour(org: Organization, title: str, level: int, by: str, on: dt.date, **fields: Any) -> None:
    if Honour.objects.filter(organization=org, title=title, awarded_on=on).exists():
        return
    h = Honour(organization=org, title=title, level=level, awarded_by=by, awarded_on=on, **fields)
    h.full_clean()
    h.save()


def load(ctx: dict[str, Any]) -> None:
    qs: dict[str, Organization] = ctx.get("qingshan_orgs") or {}
    xy, cg = qs.get("DEMO-QS-CG-XY"), qs.get("DEMO-QS-CG")
    if xy is not None:
        honour(
            xy,
            "模范职工之家",
            HonourLevel.PROVINCIAL,
            "安徽省总工会",
            dt.date(2024, 4, 28),
            document_no="皖工〔2024〕12号",
        )
        member = Member.objects.filter(organization__path__startswith=xy.path).order_by("pk").first()
        if member is not None:
            honour(
                xy,
                "县级劳动模范",
                HonourLevel.COUNTY,
                "青山县人民政府",
                dt.date(2025, 4, 29),
                recipient_kind=RecipientKind.MEMBER,
                member=member,
                document_no="青政〔2025〕8号",
            )
    if cg is not None:
        honour(
            cg,
            "先进乡镇（街道）工会",
            HonourLevel.CITY,
            "市总工会",
            dt.date(2023, 12, 20),
            document_no="市工〔2023〕45号",
        )
    sp = qs.get("DEMO-QS-HP-SP")
    if sp is not None:
        honour(
            sp,
            "县级先进职工之家",
            HonourLevel.COUNTY,
            "青山县总工会",
            dt.date(2025, 4, 25),
            document_no="青工〔2025〕6号",
        )
    root = qs.get("DEMO-QS")
    if root is not None:
        group = (
            Organization.objects.filter(path__startswith=root.path, org_type=OrgType.GROUP)
            .order_by("path")
            .first()
        )
        if group is not None:
            union = group.get_parent()
            honour(
                union,
                "工人先锋号",
                HonourLevel.COUNTY,
                "青山县总工会",
                dt.date(2025, 4, 25),
                recipient_kind=RecipientKind.GROUP,
                group=group,
            )
    bureau = Organization.objects.filter(code="DEMO-BUREAU").first()
    if bureau is not None:
        honour(
            bureau,
            "模范职工之家",
            HonourLevel.CITY,
            "XX市总工会",
            dt.date(2025, 4, 28),
            document_no="X工〔2025〕20号",
        )
        honour(bureau, "安康杯竞赛优胜单位", HonourLevel.SECTOR, "水利系统工会", dt.date(2024, 12, 30))
