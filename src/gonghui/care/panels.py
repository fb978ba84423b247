"""Care panels on other record types' pages: a union's key care figures, a member's care history."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.care.models import AidCase, AidStatus, HardshipFile, InsuranceEnrollment, Visit
from gonghui.core.metrics import Period, compute, registry
from gonghui.core.records import registry as records
from gonghui.orgs.models import Organization, OrgType
from gonghui.orgs.selectors import work_years

UNION_FIGURES = ["aid_count", "aid_amount", "visit_count", "visit_amount", "mutual_insurance_rate"]


def union_panel(request: Any, org: Any, access: Any) -> dict[str, Any] | None:
    """The work year's care figures of a union (from the metrics), and applications in progress."""
    if org.org_type == OrgType.GROUP or not access.can(Perm.RECORDS_VIEW, org):
        return None
    year = work_years(org)[0]
    values = compute(Organization.objects.filter(pk=org.pk), Period.year(year), UNION_FIGURES)
    figures = [
        {
            "label": registry.get(n).label,
            "value": registry.get(n).format(values[n][org.pk]),
            "unit": registry.get(n).unit,
        }
        for n in UNION_FIGURES
    ]
    rt = _rt(AidCase)
    open_cases = rt.queryset(access, within=org).filter(
        status__in=[AidStatus.APPLIED, AidStatus.IN_NOTICE, AidStatus.APPROVED]
    )
    return {
        "org": org,
        "year": year,
        "figures": figures,
        "open_cases": open_cases.count(),
        "overview_url": f"{reverse('care:overview')}?org={org.pk}&year={year}",
        "cases_url": f"{reverse('records:list', kwargs={'rt': 'aid-cases'})}?org={org.pk}",
    }


def member_panel(request: Any, member: Any, access: Any) -> dict[str, Any] | None:
    """A member's aid cases, visits and insurance; the hardship file only for care.hardship."""
    if not access.can(Perm.RECORDS_VIEW, member.organization):
        return None
    cases = list(_rt(AidCase).queryset(access).filter(member=member)[:20])
    visits = list(_rt(Visit).queryset(access).filter(recipients=member).order_by("-visited_on")[:10])
    insurance = list(
        _rt(InsuranceEnrollment)
        .queryset(access)
        .filter(member=member)
        .select_related("plan")
        .order_by("-plan__year")[:5]
    )
    files = (
        list(_rt(HardshipFile).queryset(access).filter(member=member)[:5])
        if access.can(Perm.HARDSHIP, member.organization)
        else []
    )
    if not (cases or visits or insurance or files):
        return None
    return {"cases": cases, "visits": visits, "insurance": insurance, "files": files}


def _rt(model: type) -> Any:
    rt = records.for_model(model)
    assert rt is not None
    return rt
