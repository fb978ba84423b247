"""Metrics of care for workers (agreed names: hardship_family_count, aid_count, aid_amount,
visit_count, visit_amount, mutual_insurance_rate, study_aid_count, serious_illness_aid_count;
and a few more). Set-based: one grouped query per depth through ``per_org``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.care.models import (
    DEFAULT_INSURANCE_TARGET,
    FESTIVAL_OCCASIONS,
    AidCase,
    AidDisbursement,
    AidKind,
    AidStatus,
    CareStandard,
    Donation,
    FileStatus,
    HardshipFile,
    InsuranceClaim,
    InsuranceEnrollment,
    InsurancePlan,
    MigrantSurvey,
    Occasion,
    Visit,
)
from gonghui.core.metrics import Kind, Period, Values, metric, per_org, rate, records_in
from gonghui.orgs.metrics import EMPLOYEES_ENTRY, EMPLOYEES_TOO_LOW, employees
from gonghui.orgs.models import Organization


# ---- the record sets behind the metrics ------------------------------------
def open_files(period: Period, qs: Any = None) -> QuerySet:
    """Hardship files on record at the end of the period (filed by then, not exited by then)."""
    qs = qs if qs is not None else HardshipFile.objects.all()
    return qs.filter(assessed_on__lte=period.end).filter(
        Q(status=FileStatus.ACTIVE) | Q(exited_on__gt=period.end)
    )


def approved_aid(period: Period, qs: Any = None) -> QuerySet:
    """Aid cases approved during the period (paid in full or not)."""
    qs = qs if qs is not None else AidCase.objects.all()
    return qs.filter(
        status__in=[AidStatus.APPROVED, AidStatus.PAID],
        approved_on__gte=period.start,
        approved_on__lte=period.end,
    )


def non_member_aid(period: Period, qs: Any = None) -> QuerySet:
    """Aid approved during the period for someone not on the roster."""
    return approved_aid(period, qs).filter(member=None)


def payments(period: Period, qs: Any = None) -> QuerySet:
    qs = qs if qs is not None else AidDisbursement.objects.all()
    return qs.filter(paid_on__gte=period.start, paid_on__lte=period.end)


def visits_in(period: Period, qs: Any = None) -> QuerySet:
    qs = qs if qs is not None else Visit.objects.all()
    return qs.filter(visited_on__gte=period.start, visited_on__lte=period.end)


def enrolled_in(period: Period, qs: Any = None) -> QuerySet:
    """Enrolments in the plans of the period's year (a plan covers its year)."""
    qs = qs if qs is not None else InsuranceEnrollment.objects.all()
    return qs.filter(plan__year=period.end.year)


def _evidence(model: type, select: Any) -> Any:
    return lambda org, period: select(period, records_in(model, org))


# ---- hardship ---------------------------------------------------------------
@metric(
    "hardship_family_count",
    label=_("Families in hardship on file"),
    kind=Kind.COUNT,
    description=_("Hardship files open at the end of the period (困难职工档案)."),
    evidence=_evidence(HardshipFile, open_files),
)
def hardship_family_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(open_files(period), orgs)


# ---- aid --------------------------------------------------------------------
@metric(
    "aid_count",
    label=_("Aid cases approved"),
    kind=Kind.COUNT,
    description=_("Aid cases of every kind approved during the period."),
    evidence=_evidence(AidCase, approved_aid),
)
def aid_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(approved_aid(period), orgs)


@metric(
    "non_member_aid_count",
    label=_("Aid cases for non-members approved"),
    kind=Kind.COUNT,
    description=_("Aid approved during the period for people not on the roster (migrant workers, others)."),
    evidence=_evidence(AidCase, non_member_aid),
)
def non_member_aid_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(non_member_aid(period), orgs)


@metric(
    "aid_amount",
    label=_("Aid paid"),
    kind=Kind.AMOUNT,
    description=_("Money paid out on approved aid during the period, whatever the source of funds."),
    evidence=_evidence(AidDisbursement, payments),
)
def aid_amount(orgs: QuerySet, period: Period) -> Values:
    return per_org(payments(period), orgs, Sum("amount"))


def _kind_metric(name: str, kind: str, label: Any, description: Any) -> None:
    def select(period: Period, qs: Any = None) -> QuerySet:
        return approved_aid(period, qs).filter(kind=kind)

    def compute(orgs: QuerySet, period: Period) -> Values:
        return per_org(select(period), orgs)

    metric(name, label=label, kind=Kind.COUNT, description=description, evidence=_evidence(AidCase, select))(
        compute
    )


_kind_metric(
    "study_aid_count",
    AidKind.STUDY,
    _("Golden-autumn study aids"),
    _("Study aids (金秋助学) approved during the period."),
)
_kind_metric(
    "serious_illness_aid_count",
    AidKind.SERIOUS_ILLNESS,
    _("Serious-illness mutual aids"),
    _("Serious-illness mutual aids (大病互助) approved during the period."),
)
_kind_metric(
    "hardship_aid_count",
    AidKind.HARDSHIP,
    _("Hardship aids"),
    _("Hardship aids (困难帮扶) approved during the period."),
)


# ---- visits -----------------------------------------------------------------
@metric(
    "visit_count",
    label=_("Visits"),
    kind=Kind.COUNT,
    description=_("Visits (慰问) of every occasion during the period."),
    evidence=_evidence(Visit, visits_in),
)
def visit_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(visits_in(period), orgs)


@metric(
    "visit_amount",
    label=_("Value of visits"),
    kind=Kind.AMOUNT,
    description=_("Cash and goods given on visits during the period."),
    evidence=_evidence(Visit, visits_in),
)
def visit_amount(orgs: QuerySet, period: Period) -> Values:
    return per_org(visits_in(period), orgs, Sum(F("cash_amount") + F("goods_value")))


@metric(
    "visit_recipients",
    label=_("People visited"),
    kind=Kind.COUNT,
    description=_("People reached by visits during the period (a person visited twice counts twice)."),
    evidence=_evidence(Visit, visits_in),
)
def visit_recipients(orgs: QuerySet, period: Period) -> Values:
    return per_org(visits_in(period), orgs, Sum("recipient_count"))


def _festival(period: Period, qs: Any = None) -> QuerySet:
    return visits_in(period, qs).filter(occasion__in=FESTIVAL_OCCASIONS)


def _cooling(period: Period, qs: Any = None) -> QuerySet:
    return visits_in(period, qs).filter(occasion=Occasion.SUMMER_COOLING)


@metric(
    "festival_visit_count",
    label=_("New Year and Spring Festival visits"),
    kind=Kind.COUNT,
    description=_("Visits of the two festivals (两节送温暖) during the period."),
    evidence=_evidence(Visit, _festival),
)
def festival_visit_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(_festival(period), orgs)


@metric(
    "summer_cooling_visits",
    label=_("Summer cooling visits"),
    kind=Kind.COUNT,
    description=_("Summer cooling visits (夏送清凉) during the period."),
    evidence=_evidence(Visit, _cooling),
)
def summer_cooling_visits(orgs: QuerySet, period: Period) -> Values:
    return per_org(_cooling(period), orgs)


# ---- donations and survey ---------------------------------------------------
def _donations(period: Period, qs: Any = None) -> QuerySet:
    qs = qs if qs is not None else Donation.objects.all()
    return qs.filter(donated_on__gte=period.start, donated_on__lte=period.end)


def _surveys(period: Period, qs: Any = None) -> QuerySet:
    qs = qs if qs is not None else MigrantSurvey.objects.all()
    return qs.filter(surveyed_on__gte=period.start, surveyed_on__lte=period.end)


@metric(
    "donation_amount",
    label=_("Charitable donations"),
    kind=Kind.AMOUNT,
    description=_("Cash and goods the union gave to good causes during the period (捐款捐物)."),
    evidence=_evidence(Donation, _donations),
)
def donation_amount(orgs: QuerySet, period: Period) -> Values:
    return per_org(_donations(period), orgs, Sum(F("cash_amount") + F("goods_value")))


@metric(
    "migrant_survey_done",
    label=_("Migrant-worker survey done"),
    kind=Kind.BOOL,
    description=_("A survey of the migrant workers (农民工摸底调查) was completed during the period."),
    evidence=_evidence(MigrantSurvey, _surveys),
)
def migrant_survey_done(orgs: QuerySet, period: Period) -> Values:
    return {pk: n > 0 for pk, n in per_org(_surveys(period), orgs).items()}


# ---- mutual insurance -------------------------------------------------------
@metric(
    "mutual_insurance_enrolled",
    label=_("Enrolled in mutual medical insurance"),
    kind=Kind.COUNT,
    description=_("Enrolments in the mutual medical insurance plans of the period's year."),
    evidence=_evidence(InsuranceEnrollment, enrolled_in),
)
def mutual_insurance_enrolled(orgs: QuerySet, period: Period) -> Values:
    return per_org(enrolled_in(period), orgs)


@metric(
    "mutual_insurance_rate",
    unknown=_("the number of employees is not entered"),
    entered_at=EMPLOYEES_ENTRY,
    too_high=EMPLOYEES_TOO_LOW,
    label=_("Mutual medical insurance participation"),
    kind=Kind.RATE,
    description=_(
        "Enrolled ÷ employees of the period's year (参保人数占职工总数); unknown without employer facts."
    ),
    evidence=_evidence(InsuranceEnrollment, enrolled_in),
)
def mutual_insurance_rate(orgs: QuerySet, period: Period) -> Values:
    return rate(per_org(enrolled_in(period), orgs), employees(orgs, period))


def _targets(orgs: QuerySet, year: int) -> dict[int, Decimal]:
    """Each org's participation target: its own plan's, else its locality's standard, else 95%."""
    targets = list(
        Organization.objects.unscoped("metrics run over the given unions")
        .filter(pk__in=orgs.values("pk"))
        .values_list("pk", "path")
    )
    plans = dict(
        InsurancePlan.objects.filter(organization__in=[pk for pk, _p in targets], year=year)
        .exclude(target_rate=None)
        .values_list("organization_id", "target_rate")
    )
    standards = sorted(
        CareStandard.objects.unscoped("localities' public figures, above any scope")
        .filter(year__lte=year)
        .values_list("organization__path", "year", "insurance_target_rate"),
        key=lambda r: (r[1], len(r[0])),
    )
    out = {}
    for pk, path in targets:
        found = DEFAULT_INSURANCE_TARGET
        for spath, _year, target in standards:  # latest year, then deepest, wins
            if path.startswith(spath):
                found = target
        out[pk] = plans.get(pk, found)
    return out


@metric(
    "mutual_insurance_target_met",
    label=_("Mutual insurance target met"),
    kind=Kind.BOOL,
    description=_("The participation rate reaches the target set by the federation (95% by default)."),
)
def mutual_insurance_target_met(orgs: QuerySet, period: Period) -> Values:
    rates = mutual_insurance_rate(orgs, period)
    targets = _targets(orgs, period.end.year)
    return {pk: r is not None and r >= targets[pk] for pk, r in rates.items()}


@metric(
    "insurance_claims_paid",
    label=_("Mutual insurance benefits paid"),
    kind=Kind.AMOUNT,
    description=_("Benefits paid on mutual medical insurance claims during the period."),
)
def insurance_claims_paid(orgs: QuerySet, period: Period) -> Values:
    paid = InsuranceClaim.objects.filter(paid_on__gte=period.start, paid_on__lte=period.end)
    return per_org(paid, orgs, Sum("amount_paid"))
