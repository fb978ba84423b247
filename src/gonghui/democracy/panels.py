"""Detail panels: a session's quorum and shares, a resolution's vote, a contract's term, and the
union page's democratic-management panel with the year's disclosure checklist."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Perm
from gonghui.core.bounds import YearField, query_value
from gonghui.core.scoping import subtree_q
from gonghui.democracy import rules, selectors
from gonghui.democracy.advice import contract_advice, percent, session_checks, women_staff_shares
from gonghui.democracy.models import CollectiveContract, Congress, ContractKind, Disclosure, Resolution
from gonghui.orgs.models import EmployerYear


def congress_context(request: Any, obj: Congress, access: Any) -> dict[str, Any]:
    roster = list(obj.representatives.values_list("category", "gender", "attended"))
    staff = women_staff_shares([obj.organization_id], obj.held_on.year).get(obj.organization_id)

    employer = (
        EmployerYear.objects.filter(organization_id=obj.organization_id, year__lte=obj.held_on.year)
        .order_by("-year")
        .first()
    )
    return {
        "congress_summary": {
            "quorate": obj.quorate,
            "majority": obj.majority,
            "shares": [
                {"label": label, "count": n, "share": percent(n, obj.delegates_total), "rule": rule}
                for label, n, rule in [
                    (
                        _("Frontline delegates"),
                        obj.frontline_delegates,
                        _("at least %(n)s%%") % {"n": rules.FRONTLINE_MIN_SHARE},
                    ),
                    (
                        _("Women delegates"),
                        obj.women_delegates,
                        _("staff share %(n)s%%") % {"n": staff} if staff is not None else "",
                    ),
                    (
                        _("Manager delegates"),
                        obj.management_delegates,
                        _("at most %(n)s%%") % {"n": rules.MANAGEMENT_MAX_SHARE},
                    ),
                ]
            ],
            "delegate_share_of_staff": percent(obj.delegates_total, employer.employees) if employer else None,
            "delegate_range": rules.DELEGATE_SHARE_RANGE,
            "roster": len(roster),
            "roster_present": sum(1 for _c, _g, a in roster if a),
            "roster_women": sum(1 for _c, g, _a in roster if g == "F"),
        },
        "congress_checks": session_checks(obj, staff),
    }


def resolution_context(request: Any, obj: Resolution, access: Any) -> dict[str, Any]:
    c = obj.congress
    return {
        "resolution_summary": {
            "passed": obj.passed,
            "majority": c.majority,
            "quorate": c.quorate,
            "present": c.delegates_present,
            "total": c.delegates_total,
            "follow_ups": obj.follow_ups.count(),
        }
    }


def contract_context(request: Any, obj: CollectiveContract, access: Any) -> dict[str, Any]:
    day = timezone.localdate()
    renewed = (
        CollectiveContract.objects.filter(organization_id=obj.organization_id, kind=obj.kind)
        .exclude(pk=obj.pk)
        .filter(effective_from__gt=obj.effective_from)
        .exists()
    )
    return {"contract_in_force": obj.in_force(day), "contract_checks": contract_advice(obj, day, renewed)}


def union_panel(request: Any, org: Any, access: Any) -> dict[str, Any] | None:
    """Democratic management on a union's page: recent sessions, contracts in force, the checklist."""
    if org.org_type == "group" or not access.can(Perm.RECORDS_VIEW, org):
        return None
    day = timezone.localdate()
    inside = subtree_q(org.path, "organization__path")
    year = query_value(request, "disclosure_year", YearField(label=_("Year")), None)
    if year is None:
        last = Disclosure.objects.filter(inside, disclosed_on__lte=day).order_by("-disclosed_on").first()
        year = last.disclosed_on.year if last else day.year
    return {
        "org": org,
        "sessions": list(Congress.objects.filter(inside).order_by("-held_on", "-pk")[:4]),
        "contracts": list(
            selectors.contracts_in_force(day, ContractKind.values).filter(inside).order_by("kind")
        ),
        "checklist": selectors.disclosure_checklist(org, year),
        "can_add": access.can(Perm.RECORDS_EDIT, org) and org.is_active,
    }
