"""Reads of activities for the member pages: a union's notices, a member's own sign-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.activities.models import Activity, ActivitySignup
from gonghui.democracy.models import Disclosure

RECENT_DAYS = 60
SHOWN = 30


def union_disclosures() -> QuerySet:
    """The union's affairs disclosures, newest first (inside the caller's scope)."""
    return Disclosure.objects.order_by("-disclosed_on", "-pk")


def upcoming_activities(today: dt.date) -> QuerySet:
    """Activities still to come or under way, soonest first."""
    return Activity.objects.filter(Q(held_on__gte=today) | Q(ended_on__gte=today)).order_by("held_on", "pk")


def recent_activities(today: dt.date) -> QuerySet:
    """Activities of the last two months that are over, latest first."""
    since = today - dt.timedelta(days=RECENT_DAYS)
    return (
        Activity.objects.filter(held_on__gte=since, held_on__lt=today)
        .exclude(ended_on__gte=today)
        .order_by("-held_on", "-pk")
    )


def own_signup(activity: Activity, member: Any) -> ActivitySignup | None:
    return ActivitySignup.objects.filter(activity=activity, member=member).first()


def signups_of(activity: Activity) -> QuerySet:
    """The activity's sign-ups for its officers, in the order they came."""
    return (
        ActivitySignup.objects.filter(activity=activity).select_related("member").order_by("created_at", "pk")
    )
