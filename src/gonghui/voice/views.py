"""Officers' pages of an online evaluation round: open it, close it, read its results (never who)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.accounts.roles import Perm
from gonghui.core.records import error_messages, registry
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.core.views import record_url
from gonghui.voice import selectors, services
from gonghui.voice.models import SatisfactionSurvey, SurveyState, Verdict


def _survey(request: AuthedRequest, pk: int) -> SatisfactionSurvey:
    rt = registry.get("satisfaction-surveys")
    return get_in_scope(rt.queryset(request.access), request, pk=pk)  # another union's: 404


@login_required
@require_GET
def survey_results(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    questions, opinions, ballots = selectors.round_results(survey)
    context: dict[str, Any] = {
        "survey": survey,
        "questions": questions,
        "opinions": opinions,
        "ballots": ballots,
        "verdicts": Verdict.choices,
        "can_edit": request.access.can(Perm.RECORDS_EDIT, survey.organization),
        "back": record_url(registry.get("satisfaction-surveys"), "detail", survey),
        "questions_url": record_url(registry.get("satisfaction-surveys"), "detail", survey),
        "states": SurveyState,
    }
    return render(request, "voice/survey_results.html", context)


def _act(request: AuthedRequest, pk: int, action: Callable[..., Any], done: str) -> HttpResponse:
    survey = _survey(request, pk)
    try:
        action(survey=survey, access=request.access)
    except ValidationError as exc:
        for ms in error_messages(exc).values():
            for m in ms:
                messages.error(request, m)
    else:
        messages.success(request, done)
    return redirect("voice:survey-results", pk=survey.pk)


@login_required
@require_POST
def survey_open(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, services.open_survey, _("The round is open: members can answer on their phones.")
    )


@login_required
@require_POST
def survey_close(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.close_survey, _("The round is closed: no more answers are taken."))
