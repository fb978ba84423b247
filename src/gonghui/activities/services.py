"""Writes of activities from the member pages: a member signs up for an activity, or cancels."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.activities.models import Activity, ActivitySignup
from gonghui.members.models import Member


def _locked(activity: Activity) -> Activity:
    """The activity's row, locked to the end of the transaction (its places are counted under it)."""
    locked = Activity.objects.select_for_update().filter(pk=activity.pk).first()
    if locked is None:
        raise ValidationError(_("This activity is not there."))
    return locked


def sign_up(*, member: Member, activity: Activity, today: dt.date | None = None) -> ActivitySignup:
    """Sign ``member`` up (once; a second time returns the first sign-up).

    The activity's row is locked, so two members cannot take the last place together.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(activity)
        existing = ActivitySignup.objects.filter(activity=locked, member=member).first()
        if existing is not None:
            return existing
        if not locked.signup_open:
            raise ValidationError(_("This activity takes no sign-ups online."))
        if today > locked.signup_closes_on():
            raise ValidationError(_("Sign-up for this activity has closed."))
        if locked.signup_limit is not None and locked.signups.count() >= locked.signup_limit:
            raise ValidationError(
                _("All %(n)s places are taken: the sign-up is full.") % {"n": locked.signup_limit}
            )
        return ActivitySignup.objects.create(
            organization_id=locked.organization_id, activity=locked, member=member
        )


def cancel_sign_up(*, member: Member, activity: Activity, today: dt.date | None = None) -> bool:
    """Withdraw ``member``'s sign-up before the activity; False when there was none."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(activity)
        signup = ActivitySignup.objects.filter(activity=locked, member=member).first()
        if signup is None:
            return False
        if today > locked.held_on:
            raise ValidationError(_("The activity has taken place: the sign-up can no longer be cancelled."))
        signup.delete()
    return True
