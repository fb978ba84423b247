"""The dashboards' pages: an organization's charts (the home page includes the same) and each
chart's table as an Excel file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.core import rollups
from gonghui.core.audit import audit_log
from gonghui.core.bounds import YearField, query_value
from gonghui.core.current import requested_org
from gonghui.core.exporters import Exporter
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.models import Organization
from gonghui.orgs.selectors import work_years
from gonghui.reports.dashboards.data import Chart, dashboard


def year_of(request: AuthedRequest, org: Organization) -> tuple[int, list[int]]:
    """``?year=`` (bounded) or the organization's working year, and the years to offer."""
    years = rollups.kept(request, "work_years", org, lambda: work_years(org)).value
    return query_value(request, "year", YearField(label=_("Year")), years[0]), years


def charts_context(request: AuthedRequest, org: Organization, year: int) -> dict[str, Any]:
    """What ``reports/dashboards/_charts.html`` needs: the charts and the query of their exports;
    ``kept`` says whether they were kept a few minutes (a large federation's, core.rollups)."""
    kept = charts_of(request, org, year)
    return {"charts": kept.value, "chart_org": org, "chart_year": year, "kept": kept}


def charts_of(request: AuthedRequest, org: Organization, year: int) -> rollups.Kept[list[Chart]]:
    return rollups.kept(request, f"charts:{year}", org, lambda: dashboard(org, year, access=request.access))


class ChartExporter(Exporter):
    """One chart's table: its columns and rows, as on the page."""

    def __init__(self, chart: Chart, org: Organization, year: int) -> None:
        self.chart = chart
        self.filename = _("%(org)s %(year)s %(chart)s") % {
            "org": org.name,
            "year": year,
            "chart": chart.title,
        }

    def header(self) -> list[str]:
        return [c.label for c in self.chart.columns]

    def rows(self) -> Iterable[list[Any]]:
        return self.chart.rows


class DashboardView(LoginRequiredMixin, View):
    """An organization's charts (``?org=`` any organization in scope, ``?year=``)."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        org = requested_org(request, Perm.ORG_VIEW)
        if org is None:
            raise Http404
        year, years = year_of(request, org)
        charts = charts_context(request, org, year)
        ctx = {"org": org, "year": year, "years": years, **charts, **rollups.note(request, charts["kept"])}
        return render(request, "reports/dashboards/page.html", ctx)


class ChartExportView(LoginRequiredMixin, View):
    """One chart's table as .xlsx (``?org=``, ``?year=`` as the page)."""

    def get(self, request: AuthedRequest, chart: str) -> FileResponse:
        org = requested_org(request, Perm.ORG_VIEW)
        if org is None:
            raise Http404
        year, _years = year_of(request, org)
        # The table of the chart on the page: kept with it when the page keeps its charts.
        found = next((c for c in charts_of(request, org, year).value if c.id == chart), None)
        if found is None or not found.columns:
            raise Http404
        audit_log(
            "reports.chart_export",
            request=request,
            organization=org,
            detail={"chart": chart, "year": year},
        )
        return ChartExporter(found, org, year).xlsx_response()
