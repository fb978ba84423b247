"""Finance reminders: no audit this year, remittances short of what is due, spending caps broken."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.advice import Advice, advice
from gonghui.core.scope import unscoped
from gonghui.finance.models import Audit, Remittance
from gonghui.finance.money import yuan
from gonghui.finance.rules import breaches_for
from gonghui.orgs.models import OrgType

# Unions that keep their own accounts and are audited: not groups, not federations
# (a federation's own books are reviewed by its own committee, outside these standards).
AUDITED = [OrgType.TOWNSHIP, OrgType.GRASSROOTS, OrgType.JOINT]


def _unions(orgs: QuerySet) -> list:
    return list(orgs.filter(org_type__in=AUDITED, status="active").only("pk", "path", "name", "org_type"))


@advice(yearly=True)
def no_audit_this_year(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    unions = _unions(orgs)
    if not unions:
        return {}
    with unscoped("advice runs for the given unions outside a request"):
        audited = set(
            Audit.objects.filter(
                organization__in=[u.pk for u in unions], audit_date__year=day.year, audit_date__lte=day
            ).values_list("organization_id", flat=True)
        )
    url = reverse("records:list", kwargs={"rt": "audits"})
    message = _(
        "No funds audit is recorded for %(year)s: the funds review committee audits the accounts every year."
    )
    return {
        u.pk: [
            Advice(
                message % {"year": day.year}, "warning" if day.month >= 10 else "info", f"{url}?org={u.pk}"
            )
        ]
        for u in unions
        if u.pk not in audited
    }


@advice(yearly=True)
def remittances_short(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    unions = _unions(orgs)
    if not unions:
        return {}
    with unscoped("advice runs for the given unions outside a request"):
        short = list(
            Remittance.objects.filter(
                organization__in=[u.pk for u in unions],
                year=day.year,
                remitted_amount__lt=F("due_amount"),
            ).order_by("period_end")
        )
    out: dict[int, list[Advice]] = {}
    for r in short:
        url = reverse("records:detail", kwargs={"rt": "remittances", "pk": r.pk})
        message = _(
            "%(kind)s for %(start)s–%(end)s not remitted in full: %(short)s yuan of %(due)s still due."
        ) % {
            "kind": r.get_kind_display(),
            "start": r.period_start,
            "end": r.period_end,
            "short": yuan(r.shortfall),
            "due": yuan(r.due_amount),
        }
        out.setdefault(r.organization_id, []).append(Advice(message, "danger", url))
    return out


@advice(yearly=True)
def spending_caps_broken(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    unions = list(orgs.exclude(org_type=OrgType.GROUP).only("pk", "path", "name"))
    url = reverse("records:list", kwargs={"rt": "voucher-lines"})
    return {
        org_id: [Advice(b.message, "warning", f"{url}?purpose={b.purpose}&org={org_id}") for b in found]
        for org_id, found in breaches_for(unions, day.year, day).items()
    }
