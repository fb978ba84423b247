"""Roster reminders: a low enrollment rate, transfers waiting too long for the receiving union."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.advice import Advice, advice
from gonghui.core.metrics import Period, compute, per_org
from gonghui.members.models import TRANSFERS, EventKind, MembershipEvent, MemberStatus

# Standards ask 80 %, 90 %, 95 % or 98 % (DOMAIN.md); below the lowest is always worth a word.
ENROLLMENT_FLOOR = 80
TRANSFER_WAIT_DAYS = 30


@advice(yearly=True)
def low_enrollment(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    rates = compute(orgs, Period.as_of(day), ["enrollment_rate"])["enrollment_rate"]
    url = reverse("records:list", kwargs={"rt": "members"})
    return {
        pk: [
            Advice(
                _(
                    "Enrollment in %(year)s is %(rate)s%%, below %(floor)s%%: "
                    "recruit the employees not yet members."
                )
                % {"year": day.year, "rate": value, "floor": ENROLLMENT_FLOOR},
                "warning",
                f"{url}?org={pk}",
            )
        ]
        for pk, value in rates.items()
        if value is not None and value < ENROLLMENT_FLOOR
    }


@advice
def stale_transfers(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    """Transfers sent by a union more than a month ago that the receiving union has not answered."""
    waiting = MembershipEvent.objects.filter(
        TRANSFERS,  # true of every transfer: stated, it lets the query use their index
        kind=EventKind.TRANSFER_OUT,
        ends_on__isnull=True,
        member__status=MemberStatus.TRANSFERRING,
        on__lt=day - dt.timedelta(days=TRANSFER_WAIT_DAYS),
    )
    counts = per_org(waiting, orgs)
    return {
        pk: [
            Advice(
                _("%(n)d member transfers have waited more than %(days)d days for the receiving union.")
                % {"n": n, "days": TRANSFER_WAIT_DAYS},
                "info",
            )
        ]
        for pk, n in counts.items()
        if n
    }
