"""The federation's annual statistics as JSON: the same tables as the page and the .xlsx."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Router, Schema

from gonghui.core.bounds import Id, Year
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.models import Organization
from gonghui.reports.statistics.tables import Table, statistics_day, statistics_tables

router = Router(tags=["Reports"])


class RowOut(Schema):
    label: str
    values: list[int | float | None]
    level: int
    total: bool


class TableOut(Schema):
    code: str
    title: str
    unit: str
    columns: list[str]
    rows: list[RowOut]
    notes: list[str]


class StatisticsOut(Schema):
    organization_id: int
    name: str
    year: int
    as_of: dt.date
    tables: list[TableOut]


def _value(v: Any) -> int | float | None:
    return float(v) if isinstance(v, Decimal) else v


def tables_out(tables: list[Table]) -> list[dict[str, Any]]:
    return [
        {
            "code": t.code,
            "title": t.title,
            "unit": t.unit,
            "columns": t.columns,
            "rows": [
                {
                    "label": r.label,
                    "values": [_value(v) for v in r.values],
                    "level": r.level,
                    "total": r.total,
                }
                for r in t.rows
            ],
            "notes": t.notes,
        }
        for t in tables
    ]


@router.get("", response=StatisticsOut, summary="The annual statistics of an organization's subtree")
def statistics(request: AuthedRequest, org: Id, year: Year) -> Any:
    target = get_in_scope(Organization.objects.all(), request, pk=org)
    day = statistics_day(year)  # a year not yet begun: 400 with a Chinese message
    tables = statistics_tables(target, year, access=request.access)
    return {
        "organization_id": target.pk,
        "name": target.name,
        "year": year,
        "as_of": day,
        "tables": tables_out(tables),
    }
