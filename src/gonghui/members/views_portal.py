"""The member pages of online joining (/m/join/): find a union, apply, follow one's applications."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.core.bounds import clean_text
from gonghui.core.forms import errors_to_form
from gonghui.members import joining, selectors
from gonghui.members.forms import JoinForm
from gonghui.members.models import JoinStatus
from gonghui.portal.auth import account_view


@require_GET
def join_find(request: HttpRequest) -> HttpResponse:
    """Public: find the union to join by its name (names only, at most 20)."""
    text = clean_text(request.GET.get("q")).strip()[:50]
    unions = selectors.joinable_unions(text)
    return render(
        request,
        "members/portal/join_find.html",
        {"q": text, "unions": unions, "limit": selectors.JOIN_FIND_LIMIT},
    )


@account_view
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    """The page a union's printed QR code opens: the application form, signed in by code."""
    union = selectors.joinable_union(code)
    if union is None:
        raise Http404
    account = request.member_account  # type: ignore[attr-defined]
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = joining.join_apply(account=account, organization=union, data=form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if app.status == JoinStatus.TRANSFER:
                messages.info(request, str(joining.TRANSFER_NOTICE))
            else:
                messages.success(request, _("Your application has been sent; the union will review it."))
            return redirect("portal:members-join-mine")
    return render(
        request,
        "members/portal/join.html",
        {"union": union, "form": form, "mobile": account.mobile},
        status=400 if form.errors else 200,
    )


@account_view
@require_GET
def join_mine(request: HttpRequest) -> HttpResponse:
    """The applicant's own applications: status and, if rejected, the reason."""
    apps = list(selectors.own_join_applications(request.member_account))  # type: ignore[attr-defined]
    return render(request, "members/portal/join_mine.html", {"applications": apps})
