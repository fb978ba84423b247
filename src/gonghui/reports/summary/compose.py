"""The annual work summary written from the records and metrics (placeholder: two figures;
the composer of every section replaces it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.core.metrics import Period, compute
from gonghui.core.sensitivity import Viewer
from gonghui.reports.summary.text import Block, Figure, Summary


def compose_summary(org: Any, year: int, *, viewer: Viewer) -> Summary:
    """The summary of ``org`` for ``year`` as ``viewer`` may read it."""
    orgs = type(org).objects.filter(pk=org.pk)
    values = compute(orgs, Period.year(year), ["member_count", "enrollment_rate"])
    members, rate = values["member_count"][org.pk], values["enrollment_rate"][org.pk]
    figures = [
        Figure("member_count", "会员人数", f"{members}人"),
        Figure("enrollment_rate", "入会率", f"{rate}%"),
    ]
    return Summary(
        organization=org.name,
        year=year,
        title=f"{org.name}{year}年度工作总结",
        date=min(timezone.localdate(), dt.date(year + 1, 1, 15)),
        blocks=[
            Block("basics", "h1", "基本情况"),
            Block("basics.members", "p", f"现有会员{members}人，入会率{rate}%。", figures),
        ],
    )
