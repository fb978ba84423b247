"""The statistics page of a federation (or any union: its own subtree) and its .xlsx download."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from gonghui.core.bounds import YearField
from gonghui.core.current import requested_org
from gonghui.core.downloads import XLSX, file_response
from gonghui.core.typing import AuthedRequest
from gonghui.reports.jobs.services import runs_in_background, start_job
from gonghui.reports.statistics.tables import PAGE_UNIT_LINES, PERM, statistics_day, statistics_tables
from gonghui.reports.statistics.workbook import statistics_xlsx

YEARS_SHOWN = 8


def default_year() -> int:
    """The last full year: what an annual report is made for."""
    return timezone.localdate().year - 1


def file_name(org: Any, year: int) -> str:
    return _("%(org)s %(year)s annual statistics.xlsx") % {"org": org.name, "year": year}


def _year(request: AuthedRequest) -> int:
    """``?year=`` (default: last year); a ValidationError with a Chinese message when invalid."""
    raw = request.GET.get("year", "").strip()
    if not raw:
        return default_year()
    year = YearField(label=_("Year")).clean(raw)
    statistics_day(year)  # a year not yet begun
    return int(year)


def _org(request: AuthedRequest) -> Any:
    org = requested_org(request, PERM)
    if org is None or not request.access.can(PERM, org):
        raise PermissionDenied
    return org


class StatisticsView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest) -> HttpResponse:
        org = _org(request)
        this_year = timezone.localdate().year
        ctx: dict[str, Any] = {
            "org": org,
            "years": list(range(this_year, this_year - YEARS_SHOWN, -1)),
            "unit_lines": PAGE_UNIT_LINES,
        }
        try:
            year = _year(request)
        except ValidationError as e:
            ctx.update(year=None, error=" ".join(e.messages), shown=[])
            return render(request, "reports/statistics/page.html", ctx, status=400)
        if runs_in_background(org) and request.GET.get("show") != "1":
            # Seconds of work over a large federation: offered as a job, shown only on request.
            ctx.update(year=year, shown=[], background=True, job_params={"year": year})
            return render(request, "reports/statistics/page.html", ctx)
        tables = statistics_tables(org, year, access=request.access)
        shown = []
        for table in tables:
            cut = len(table.rows) > PAGE_UNIT_LINES + 1
            rows = [*table.rows[:PAGE_UNIT_LINES], table.rows[-1]] if cut else table.rows
            shown.append({"table": table, "rows": rows, "cut": cut})
        ctx.update(year=year, shown=shown)
        return render(request, "reports/statistics/page.html", ctx)


class StatisticsDownloadView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest) -> HttpResponseBase:
        org = _org(request)
        try:
            year = _year(request)
        except ValidationError as e:
            return HttpResponse(" ".join(e.messages), status=400, content_type="text/plain; charset=utf-8")
        if runs_in_background(org):  # a federation's workbook: a job with a progress bar
            job = start_job(access=request.access, organization=org, kind="statistics", params={"year": year})
            return redirect("reports:job-detail", pk=job.pk)
        tables = statistics_tables(org, year, access=request.access)
        out = io.BytesIO()
        statistics_xlsx(tables, org=org, year=year, out=out)
        return file_response(out.getvalue(), filename=file_name(org, year), content_type=XLSX)
