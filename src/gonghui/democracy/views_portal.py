"""The member pages of democratic management: a representative's proposals (提案征集)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.core.forms import errors_to_form
from gonghui.democracy import selectors
from gonghui.democracy.portal_forms import ProposalForm
from gonghui.democracy.services import submit_proposal
from gonghui.portal.auth import member_view


@member_view
@require_GET
def my_proposals(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    today = timezone.localdate()
    return render(
        request,
        "democracy/portal/proposals.html",
        {
            "proposals": selectors.own_proposals(member),
            "is_representative": selectors.represented_sessions(member).exists(),
            "can_submit": selectors.sessions_taking_proposals(member, today).exists(),
        },
    )


@member_view
@require_http_methods(["GET", "POST"])
def new_proposal(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    today = timezone.localdate()
    if not selectors.represented_sessions(member).exists():
        return render(request, "democracy/portal/proposal_form.html", {"not_representative": True})
    sessions = selectors.sessions_taking_proposals(member, today)
    if request.method == "GET" and not sessions.exists():
        return render(request, "democracy/portal/proposal_form.html", {"closed": True})
    form = ProposalForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            submit_proposal(member=member, today=today, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your proposal was submitted. You will see the reply here."))
            return redirect("portal:democracy-proposals")
    return render(request, "democracy/portal/proposal_form.html", {"form": form})
