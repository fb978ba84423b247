"""Metrics of the organization tree: groups, new unions, legal-person registration, employees."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Entry, Kind, Period, Values, metric, per_org, records_in
from gonghui.orgs.models import EmployerYear, Organization, OrgType, UnitKind
from gonghui.orgs.selectors import employer_facts_url

# The employees of a year, base of every rate of the staff: the metrics reading them name this.
EMPLOYEES_ENTRY = Entry(_("Enter the employees of %(year)s"), employer_facts_url)
# A rate of the staff above 100 %: the base is the suspect.
EMPLOYEES_TOO_LOW = _("the employee count of %(year)s is probably out of date.")

UNION_TYPES = [OrgType.GRASSROOTS, OrgType.JOINT]


def _existing_at(day: dt.date) -> Q:
    """Organizations founded by ``day`` (or of unknown date) and not dissolved by then."""
    return (Q(founded_on__isnull=True) | Q(founded_on__lte=day)) & (
        Q(status="active") | Q(dissolved_on__gt=day)
    )


def _groups(period: Period) -> QuerySet:
    return Organization.objects.filter(_existing_at(period.end), org_type=OrgType.GROUP)


def _founded(period: Period) -> QuerySet:
    return Organization.objects.filter(
        org_type__in=UNION_TYPES, founded_on__gte=period.start, founded_on__lte=period.end
    )


@metric(
    "union_group_count",
    label=_("Union groups"),
    kind=Kind.COUNT,
    description=_("Union groups in the union's subtree that exist at the end of the period."),
    evidence=lambda org, period: records_in(Organization, org, path_field="path").filter(
        _existing_at(period.end), org_type=OrgType.GROUP
    ),
)
def union_group_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(_groups(period), orgs, path_field="path")


@metric(
    "unions_founded",
    label=_("Unions founded"),
    kind=Kind.COUNT,
    description=_("Grassroots and joint unions founded under the organization during the period."),
    evidence=lambda org, period: records_in(Organization, org, path_field="path").filter(
        org_type__in=UNION_TYPES, founded_on__gte=period.start, founded_on__lte=period.end
    ),
)
def unions_founded(orgs: QuerySet, period: Period) -> Values:
    return per_org(_founded(period), orgs, path_field="path")


@metric(
    "enterprise_unions_founded",
    label=_("Enterprise unions founded"),
    kind=Kind.COUNT,
    description=_("Of the unions founded during the period, those of enterprises."),
)
def enterprise_unions_founded(orgs: QuerySet, period: Period) -> Values:
    enterprise = _founded(period).filter(org_type=OrgType.GRASSROOTS, unit_kind=UnitKind.ENTERPRISE)
    return per_org(enterprise, orgs, path_field="path")


@metric(
    "legal_person_registered",
    label=_("Legal-person registration"),
    kind=Kind.BOOL,
    description=_("The union holds a legal-person certificate registered by the end of the period."),
)
def legal_person_registered(orgs: QuerySet, period: Period) -> Values:
    rows = (
        Organization.objects.filter(pk__in=orgs.values("pk"))
        .exclude(legal_person_cert_no="")
        .filter(Q(legal_person_registered_on__isnull=True) | Q(legal_person_registered_on__lte=period.end))
        .values_list("pk", flat=True)
    )
    return dict.fromkeys(rows, True)


@metric(
    "employees",
    label=_("Employees"),
    kind=Kind.COUNT,
    description=_("Employees of the employer(s) in the union's subtree in the period's year (所在单位)."),
    evidence=lambda org, period: records_in(EmployerYear, org).filter(year=period.end.year),
    entered_at=EMPLOYEES_ENTRY,
)
def employees(orgs: QuerySet, period: Period) -> Values:
    return per_org(EmployerYear.objects.filter(year=period.end.year), orgs, Sum("employees"))
