"""The annual work summary written from the records and metrics, section by section as the
seed reports are (基本情况 … 下一步打算); each section is a module of ``sections``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone, translation

from gonghui.core.metrics import Period, compute
from gonghui.core.sensitivity import Viewer
from gonghui.reports.summary.sections import (
    Ctx,
    achievements,
    basics,
    care,
    democracy,
    finance,
    organization,
    plans,
    problems,
    rights,
)
from gonghui.reports.summary.text import Summary

SECTIONS = (basics, organization, democracy, rights, care, achievements, finance, problems, plans)


def compose_summary(org: Any, year: int, *, viewer: Viewer) -> Summary:
    """The summary of ``org`` for ``year`` as ``viewer`` may read it (inside the caller's scope)."""
    names = list(dict.fromkeys(n for s in SECTIONS for n in s.METRICS))
    orgs = type(org).objects.filter(pk=org.pk)
    values = {name: by_org.get(org.pk) for name, by_org in compute(orgs, Period.year(year), names).items()}
    ctx = Ctx(org=org, year=year, viewer=viewer, values=values)
    with translation.override("zh-hans"):  # the document is Chinese whoever asks (a CLI has no request)
        blocks = [b for s in SECTIONS for b in s.blocks(ctx)]
    return Summary(
        organization=org.name,
        year=year,
        title=f"{org.name}{year}年度工作总结",
        date=min(timezone.localdate(), dt.date(year + 1, 1, 15)),
        blocks=blocks,
    )
