"""The finances of the year on a union's page: a few figures from the metrics and the way to the books."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.roles import Perm
from gonghui.core.metrics import Period, compute, registry
from gonghui.finance.selectors import books_year
from gonghui.orgs.models import Organization, OrgType

PANEL_METRICS = [
    "funds_income",
    "funds_expenditure",
    "budget_execution_rate",
    "dues_remitted_in_full",
    "audit_done",
    "asset_count",
]


def union_panel(request: Any, org: Organization, access: Any) -> dict[str, Any] | None:
    if org.org_type == OrgType.GROUP or not access.can(Perm.FINANCE_VIEW, org):
        return None
    year = books_year(org)  # the demo's 2025 stays in view
    values = compute(Organization.objects.filter(pk=org.pk), Period.year(year), PANEL_METRICS)
    figures = [
        {"label": registry.get(n).label, "value": registry.get(n).format(values[n][org.pk])}
        for n in PANEL_METRICS
    ]
    return {"org": org, "year": year, "figures": figures}
