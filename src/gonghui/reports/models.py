"""The reports' stored state: each part keeps its models in its own module, imported here."""

from __future__ import annotations

from gonghui.reports.jobs.models import ReportJob
from gonghui.reports.pack.models import PackSetting
from gonghui.reports.summary.models import SummaryDraft
from gonghui.reports.summary.template_models import DocumentTemplate

__all__ = ["DocumentTemplate", "PackSetting", "ReportJob", "SummaryDraft"]
