"""The dashboards' numbers as JSON: the same charts as the home page, each with its table
(columns, rows) and its ECharts option."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from gonghui.accounts.roles import Perm
from gonghui.core.bounds import Id, Year
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.models import Organization
from gonghui.orgs.selectors import work_years
from gonghui.reports.dashboards.data import dashboard

router = Router(tags=["Reports"])


class ColumnOut(Schema):
    label: str
    kind: str


class ChartOut(Schema):
    id: str
    title: str
    kind: str
    note: str
    columns: list[ColumnOut]
    rows: list[list[Any]]
    option: dict[str, Any]


class DashboardOut(Schema):
    organization_id: int
    year: int
    charts: list[ChartOut]


@router.get("", response=DashboardOut, summary="An organization's dashboard: every chart with its table")
def dashboard_data(request: AuthedRequest, org: Id, year: Year | None = None) -> Any:
    target = get_in_scope(Organization.objects.all(), request, pk=org)
    if not request.access.can(Perm.ORG_VIEW, target):
        raise PermissionDenied
    year = year or work_years(target)[0]
    charts = dashboard(target, year, access=request.access)
    return {"organization_id": target.pk, "year": year, "charts": [c.as_json() for c in charts]}
