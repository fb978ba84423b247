"""The member pages of members' voice: answering the union's evaluation, sending suggestions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.core.forms import errors_to_form
from gonghui.portal.auth import member_view
from gonghui.voice import selectors, services
from gonghui.voice.forms import QuestionnaireForm, SuggestionForm
from gonghui.voice.models import SurveyState


@member_view
@require_GET
def surveys(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    return render(request, "voice/portal/surveys.html", {"rounds": selectors.open_rounds_for(member)})


@member_view
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    found = selectors.round_for(member, pk)
    if found is None:
        raise Http404
    answered = services.has_answered(found, member)
    is_open = found.state == SurveyState.OPEN
    form = QuestionnaireForm(request.POST if request.method == "POST" else None, survey=found)
    status = 200
    if request.method == "POST":
        if not is_open or answered:
            form.add_error(
                None,
                _("You have already taken part in this evaluation.")
                if answered
                else _("This evaluation is not open for answers."),
            )
            status = 400
        elif form.is_valid():
            try:
                services.cast_ballot(survey=found, member=member, answers=form.answers())
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Thank you: your answers have been counted, without your name."))
                return redirect("portal:voice-surveys")
        if form.errors:
            status = 400
    fields = [form[f"q{q.pk}"] for q in form.questions]
    context = {
        "survey": found,
        "form": form,
        "question_fields": fields,
        "answered": answered,
        "is_open": is_open,
    }
    return render(request, "voice/portal/survey.html", context, status=status)


@member_view
@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    mine = selectors.own_suggestions(member, request.member_account)  # type: ignore[attr-defined]
    return render(request, "voice/portal/suggestions.html", {"suggestions": mine})


@member_view
@require_http_methods(["GET", "POST"])
def suggestion_new(request: HttpRequest) -> HttpResponse:
    form = SuggestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_suggestion(
                account=request.member_account,  # type: ignore[attr-defined]
                member=request.member,  # type: ignore[attr-defined]
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your suggestion has been sent to the union."))
            return redirect("portal:voice-suggestions")
    status = 400 if form.errors else 200
    return render(request, "voice/portal/suggestion_new.html", {"form": form}, status=status)
