"""Metrics of the organization tree: unions by type, groups, new unions, legal-person registration,
employees and employer facts, the employers joint unions cover, and the facts of a township."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Entry, Kind, Period, Values, metric, per_org, rate, records_in
from gonghui.orgs.models import AreaYear, CoveredEmployer, EmployerYear, Organization, OrgType, UnitKind
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


# ---- unions existing at the end of the period, by type ----------------------------------------
def _unions_in(org: Organization, period: Period) -> QuerySet:
    return records_in(Organization, org, path_field="path").filter(_existing_at(period.end))


def _existing(orgs: QuerySet, period: Period, condition: Q) -> Values:
    """Organizations of ``condition`` existing at the period's end in each subtree (the org itself
    included): one grouped query."""
    return per_org(
        Organization.objects.filter(_existing_at(period.end)),
        orgs,
        Count("pk", filter=condition),
        path_field="path",
    )


_UNIONS = Q(org_type__in=UNION_TYPES)


def _grassroots(kind: str) -> Q:
    return Q(org_type=OrgType.GRASSROOTS, unit_kind=kind)


@metric(
    "unions_existing",
    label=_("Grassroots unions"),
    kind=Kind.COUNT,
    description=_(
        "Grassroots and joint unions in the subtree that exist at the end of the period "
        "(founded by then, or of unknown founding date, and not dissolved)."
    ),
    evidence=lambda org, period: _unions_in(org, period).filter(_UNIONS),
)
def unions_existing(orgs: QuerySet, period: Period) -> Values:
    return _existing(orgs, period, _UNIONS)


def _by_kind_metric(name: str, label: object, description: object, condition: Q) -> None:
    @metric(
        name,
        label=label,
        kind=Kind.COUNT,
        description=description,
        evidence=lambda org, period: _unions_in(org, period).filter(condition),
    )
    def compute(orgs: QuerySet, period: Period) -> Values:
        return _existing(orgs, period, condition)


_by_kind_metric(
    "enterprise_unions_existing",
    _("Enterprise unions"),
    _(
        "Of the grassroots unions existing at the end of the period, those of enterprises "
        "(joint unions apart)."
    ),
    _grassroots(UnitKind.ENTERPRISE),
)
_by_kind_metric(
    "agency_unions_existing",
    _("Government agency unions"),
    _("Of the grassroots unions existing at the end of the period, those of government agencies (机关)."),
    _grassroots(UnitKind.AGENCY),
)
_by_kind_metric(
    "institution_unions_existing",
    _("Public institution unions"),
    _("Of the grassroots unions existing at the end of the period, those of public institutions (事业单位)."),
    _grassroots(UnitKind.INSTITUTION),
)
_by_kind_metric(
    "village_unions_existing",
    _("Village and community unions"),
    _("Of the grassroots unions existing at the end of the period, those of villages and communities."),
    _grassroots(UnitKind.VILLAGE),
)
_by_kind_metric(
    "joint_unions_existing",
    _("Joint unions"),
    _(
        "Joint grassroots unions (joint, regional, sector, village, park and building unions) existing "
        "at the end of the period."
    ),
    Q(org_type=OrgType.JOINT),
)
_by_kind_metric(
    "branch_union_count",
    _("Branch unions"),
    _("Branch unions (分工会) in the subtree that exist at the end of the period."),
    Q(org_type=OrgType.BRANCH),
)


# ---- employers covered by joint unions ---------------------------------------------------------
def _covered_at(day: dt.date) -> Q:
    """Employers covered on ``day``: joined by then and not left by then."""
    return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def _newly_covered(period: Period) -> Q:
    return Q(joined_on__gte=period.start, joined_on__lte=period.end)


@metric(
    "covered_employers",
    label=_("Covered employers"),
    kind=Kind.COUNT,
    description=_(
        "Employers the joint, regional and sector unions of the subtree cover at the end of the period."
    ),
    evidence=lambda org, period: records_in(CoveredEmployer, org).filter(_covered_at(period.end)),
)
def covered_employers(orgs: QuerySet, period: Period) -> Values:
    return per_org(CoveredEmployer.objects.filter(_covered_at(period.end)), orgs)


@metric(
    "employers_newly_covered",
    label=_("Employers newly covered"),
    kind=Kind.COUNT,
    description=_("Employers that came under a joint union of the subtree during the period."),
    evidence=lambda org, period: records_in(CoveredEmployer, org).filter(_newly_covered(period)),
)
def employers_newly_covered(orgs: QuerySet, period: Period) -> Values:
    return per_org(CoveredEmployer.objects.filter(_newly_covered(period)), orgs)


@metric(
    "covered_employees",
    label=_("Employees of covered employers"),
    kind=Kind.COUNT,
    description=_(
        "Employees of the employers covered at the end of the period, as entered for each employer."
    ),
    evidence=lambda org, period: records_in(CoveredEmployer, org).filter(_covered_at(period.end)),
)
def covered_employees(orgs: QuerySet, period: Period) -> Values:
    return per_org(CoveredEmployer.objects.filter(_covered_at(period.end)), orgs, Sum("employees"))


# ---- employer facts of the year ----------------------------------------------------------------
def _dispatched_evidence(org: Organization, period: Period) -> QuerySet:
    # members reads this module (EMPLOYEES_ENTRY): imported here, not at the top, to avoid a cycle.
    from gonghui.members.metrics import _members_evidence
    from gonghui.members.models import EmploymentType

    return _members_evidence(org, period).filter(employment_type=EmploymentType.DISPATCHED)


@metric(
    "dispatched_enrollment_rate",
    unknown=_("the number of dispatched workers is not entered"),
    entered_at=EMPLOYEES_ENTRY,
    too_high=_(
        "more dispatched members at work than dispatched workers: the employer facts of %(year)s are "
        "probably out of date."
    ),
    label=_("Dispatched workers' enrollment rate"),
    kind=Kind.RATE,
    description=_(
        "Members employed as dispatched workers and at work at the end of the period ÷ the dispatched "
        "workers (劳务派遣工) of the employer facts of that year; unknown where none are entered."
    ),
    evidence=_dispatched_evidence,
)
def dispatched_enrollment_rate(orgs: QuerySet, period: Period) -> Values:
    # members reads this module (EMPLOYEES_ENTRY): imported here, not at the top, to avoid a cycle.
    from gonghui.members.metrics import per_member
    from gonghui.members.models import WORKING_STATUSES, EmploymentType
    from gonghui.members.selectors import members_at

    dispatched = members_at(period.end, [str(s) for s in WORKING_STATUSES]).filter(
        member__employment_type=EmploymentType.DISPATCHED
    )
    workers = per_org(EmployerYear.objects.filter(year=period.end.year), orgs, Sum("dispatched_workers"))
    return rate(per_member(dispatched, orgs), workers)


@metric(
    "above_scale_employers",
    label=_("Above-scale enterprises"),
    kind=Kind.COUNT,
    description=_(
        "Employer facts of the period's year in the subtree marked as above-scale enterprises (规模以上)."
    ),
    evidence=lambda org, period: records_in(EmployerYear, org).filter(year=period.end.year, above_scale=True),
)
def above_scale_employers(orgs: QuerySet, period: Period) -> Values:
    return per_org(EmployerYear.objects.filter(year=period.end.year, above_scale=True), orgs)


# ---- facts of a township or street -------------------------------------------------------------
@metric(
    "area_employers",
    label=_("Employers in the area"),
    kind=Kind.COUNT,
    description=_(
        "Enterprises and other employers in the townships and streets of the subtree, from their area "
        "facts of the period's year."
    ),
    evidence=lambda org, period: records_in(AreaYear, org).filter(year=period.end.year),
)
def area_employers(orgs: QuerySet, period: Period) -> Values:
    return per_org(AreaYear.objects.filter(year=period.end.year), orgs, Sum("employers"))


@metric(
    "area_employees",
    label=_("Employees in the area"),
    kind=Kind.COUNT,
    description=_(
        "Employees in the townships and streets of the subtree, from their area facts of the period's year."
    ),
    evidence=lambda org, period: records_in(AreaYear, org).filter(year=period.end.year),
)
def area_employees(orgs: QuerySet, period: Period) -> Values:
    return per_org(AreaYear.objects.filter(year=period.end.year), orgs, Sum("employees_in_area"))
