"""The statistics as a background job: the jobs part runs it and hands out the file."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.reports.jobs.kinds import JobContext, job_kind
from gonghui.reports.statistics.tables import PERM, statistics_tables
from gonghui.reports.statistics.views import default_year, file_name
from gonghui.reports.statistics.workbook import statistics_xlsx


@job_kind("statistics", label=_("Annual statistics"), perm=PERM)
def write_statistics(ctx: JobContext) -> str:
    """``params``: ``{"year": 2025}`` (default: last year). Writes the .xlsx into ``ctx.out``."""
    org = ctx.organization
    year = int(ctx.params.get("year") or default_year())
    ctx.progress(0.05)
    tables = statistics_tables(org, year, access=ctx.access)
    ctx.progress(0.8)
    statistics_xlsx(tables, org=org, year=year, out=ctx.out)
    ctx.progress(1.0)
    return file_name(org, year)
