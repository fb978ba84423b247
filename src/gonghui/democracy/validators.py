"""Rules of a congress session that read other rows: run by the generic save, in its transaction.

A model's ``clean()`` checks the row itself; these count the session's representatives and
votes, so they are declared on the record types (``RecordType(validators=...)``) and run once,
on every write through the pages and the API, after the row's own fields have passed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from gonghui.democracy.models import Congress, Representative


def session_covers_records(congress: Congress) -> None:
    """Attendance and the delegates' number cannot fall below what the session already records."""
    if congress.pk is None:
        return
    errors: dict[str, str] = {}
    present = congress.delegates_present
    if present is not None:
        worst = (
            congress.resolutions.annotate(n=F("votes_for") + F("votes_against") + F("votes_abstain"))
            .order_by("-n")
            .values_list("n", flat=True)
            .first()
        )
        if worst is not None and worst > present:
            errors["delegates_present"] = _(
                "A resolution of this session counts %(votes)s votes, more than %(present)s present."
            ) % {"votes": worst, "present": present}
    if congress.delegates_total is not None:
        listed = congress.representatives.count()
        if listed > congress.delegates_total:
            errors["delegates_total"] = _("The roster already lists %(n)s representatives.") % {"n": listed}
    if errors:
        raise ValidationError(errors)


def roster_has_room(representative: Representative) -> None:
    """A session's roster lists at most its number of delegates."""
    if representative.congress_id is None:
        return
    congress = representative.congress
    if congress.delegates_total is None:
        return
    listed = congress.representatives.exclude(pk=representative.pk).count()
    if listed >= congress.delegates_total:
        raise ValidationError(
            {
                "congress": _("The roster already lists all %(total)s delegates of this session.")
                % {"total": congress.delegates_total}
            }
        )
