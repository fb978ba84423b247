"""The member pages of notices and activities: the union's disclosures and activities, and sign-up.

Only what the union makes public to its members is shown: affairs disclosures and activities.
Nothing personal (no hardship, aid or sign-up lists) is ever on these pages; a member sees
their own sign-up only, and the number of places taken.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.activities import selectors
from gonghui.activities.models import Activity
from gonghui.activities.services import cancel_sign_up, sign_up
from gonghui.democracy.models import Disclosure
from gonghui.portal.auth import member_view


@member_view
@require_GET
def notices(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "activities/portal/notices.html",
        {
            "disclosures": selectors.union_disclosures()[: selectors.SHOWN],
            "upcoming": selectors.upcoming_activities(today)[: selectors.SHOWN],
            "recent": selectors.recent_activities(today)[: selectors.SHOWN],
            "today": today,
        },
    )


@member_view
@require_GET
def disclosure(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Disclosure, pk=pk)
    return render(request, "activities/portal/disclosure.html", {"item": item})


def _activity_page(request: HttpRequest, activity: Activity) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    today = timezone.localdate()
    taken = activity.signups.count()
    return render(
        request,
        "activities/portal/activity.html",
        {
            "activity": activity,
            "mine": selectors.own_signup(activity, member),
            "taken": taken,
            "full": activity.signup_limit is not None and taken >= activity.signup_limit,
            "can_sign_up": activity.signup_open_on(today),
            "can_cancel": today <= activity.held_on,
        },
    )


@member_view
@require_GET
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_page(request, get_object_or_404(Activity, pk=pk))


@member_view
@require_POST
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign up (``action=join``) or cancel (``action=cancel``); back to the activity's page."""
    item = get_object_or_404(Activity, pk=pk)
    member = request.member  # type: ignore[attr-defined]
    try:
        if request.POST.get("action") == "cancel":
            if cancel_sign_up(member=member, activity=item):
                messages.success(request, _("Your sign-up is cancelled."))
        else:
            sign_up(member=member, activity=item)
            messages.success(request, _("You are signed up."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("portal:activities-activity", pk=item.pk)
