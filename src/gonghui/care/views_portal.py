"""The member pages of care (/m/care/): my applications, applying for aid, claiming on the
mutual insurance, and one application's state. A member sees and writes their own rows only
(``member=request.member`` through the selectors); the services enter the officers' workflow."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.care import selectors
from gonghui.care.forms_portal import AidApplicationForm, ClaimForm
from gonghui.care.models import AidCase, AidKind, AidStatus, InsuranceClaim
from gonghui.care.services import aid, online
from gonghui.core.attachments import attachments_of
from gonghui.core.forms import errors_to_form
from gonghui.core.scoping import get_in_scope
from gonghui.portal.auth import member_view

# The state of an application in the member's words.
MEMBER_STATES = {
    AidStatus.APPLIED: pgettext_lazy("member application", "Submitted"),
    AidStatus.IN_NOTICE: pgettext_lazy("member application", "In public notice"),
    AidStatus.APPROVED: pgettext_lazy("member application", "Approved"),
    AidStatus.PAID: pgettext_lazy("member application", "Paid"),
    AidStatus.REJECTED: pgettext_lazy("member application", "Not passed"),
}
STATE_CLASSES = {
    AidStatus.APPLIED: "text-bg-secondary",
    AidStatus.IN_NOTICE: "text-bg-info",
    AidStatus.APPROVED: "text-bg-primary",
    AidStatus.PAID: "text-bg-success",
    AidStatus.REJECTED: "text-bg-danger",
}
INTROS = {
    AidKind.HARDSHIP: gettext_lazy(
        "For members whose family has fallen into hardship (illness, disability, an accident, low income)."
    ),
    AidKind.STUDY: gettext_lazy(
        "For members' children entering or at university whose family cannot afford it (once a year)."
    ),
    AidKind.SERIOUS_ILLNESS: gettext_lazy(
        "For members facing high medical costs of a serious illness: add the diagnosis and the invoices."
    ),
}


def case_state(case: AidCase) -> dict[str, Any]:
    return {"label": MEMBER_STATES[case.status], "css": STATE_CLASSES[case.status]}


def claim_state(claim: InsuranceClaim) -> dict[str, Any]:
    if claim.paid_on is not None:
        return {"label": MEMBER_STATES[AidStatus.PAID], "css": STATE_CLASSES[AidStatus.PAID]}
    return {"label": MEMBER_STATES[AidStatus.APPLIED], "css": STATE_CLASSES[AidStatus.APPLIED]}


def _files(request: HttpRequest) -> list[Any]:
    return request.FILES.getlist("photos")


@member_view
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    cases = [(c, case_state(c)) for c in selectors.member_aid_cases(member)]
    claims = [(c, claim_state(c)) for c in selectors.member_claims(member)]
    kinds = [(k, AidKind(k).label, INTROS[k]) for k in online.MEMBER_AID_KINDS]
    return render(
        request, "care/portal/applications.html", {"cases": cases, "claims": claims, "kinds": kinds}
    )


@member_view
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in online.MEMBER_AID_KINDS:
        raise Http404
    member = request.member  # type: ignore[attr-defined]
    form = AidApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "photos"}
        try:
            case = online.apply_for_aid(
                account=request.member_account,  # type: ignore[attr-defined]
                member=member,
                kind=kind,
                data=data,
                photos=_files(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your application has been sent to your union."))
            return redirect("portal:care-detail", kind="aid", pk=case.pk)
    return render(
        request,
        "care/portal/apply.html",
        {"form": form, "kind_label": AidKind(kind).label, "intro": INTROS[AidKind(kind)]},
    )


@member_view
@require_http_methods(["GET", "POST"])
def new_claim(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    enrollments = list(selectors.active_enrollments(member, timezone.localdate()))
    if not enrollments:
        return render(request, "care/portal/claim.html", {"form": None})
    form = ClaimForm(request.POST or None, request.FILES or None, enrollments=enrollments)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("reason", "amount_claimed")}
        try:
            claim = online.claim_online(
                account=request.member_account,  # type: ignore[attr-defined]
                member=member,
                enrollment=form.cleaned_data["enrollment"],
                data=data,
                photos=_files(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your claim has been sent to your union."))
            return redirect("portal:care-detail", kind="claim", pk=claim.pk)
    return render(request, "care/portal/claim.html", {"form": form})


@member_view
@require_GET
def detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    if kind == "aid":
        case = get_in_scope(selectors.member_aid_cases(member), request, pk=pk)
        context = {"case": case, "state": case_state(case), "paid": aid.paid_total(case)}
        obj: Any = case
    elif kind == "claim":
        claim = get_in_scope(selectors.member_claims(member), request, pk=pk)
        context = {"claim": claim, "state": claim_state(claim)}
        obj = claim
    else:
        raise Http404
    context["photos"] = list(attachments_of(obj))
    return render(request, "care/portal/detail.html", context)
