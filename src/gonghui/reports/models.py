"""The reports' stored state: each part keeps its models in its own module, imported here."""

from __future__ import annotations

from gonghui.reports.pack.models import PackSetting
from gonghui.reports.summary.models import SummaryDraft

__all__ = ["PackSetting", "SummaryDraft"]
