"""Signing in on the phone, binding to the roster, the member home page and the web manifest."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.core.audit import client_ip
from gonghui.core.forms import errors_to_form
from gonghui.portal.auth import account_view
from gonghui.portal.forms import BindForm, CodeForm, MobileForm
from gonghui.portal.services import bind_account, check_code, current_member, send_code
from gonghui.portal.tiles import tiles_for


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("portal:home")


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Step 1: the mobile number (a code is sent); step 2: the code (signed in)."""
    context: dict[str, Any] = {"next": _next(request)}
    if request.method == "POST" and "code" in request.POST:
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            try:
                account = check_code(
                    mobile=code_form.cleaned_data["mobile"], code=code_form.cleaned_data["code"]
                )
            except ValidationError as exc:
                errors_to_form(code_form, exc)
            else:
                login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect(_next(request))
        return render(request, "portal/sign_in.html", {**context, "code_form": code_form})
    form = MobileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            shown = send_code(mobile=form.cleaned_data["mobile"], address=client_ip(request) or "")
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            code_form = CodeForm(initial={"mobile": form.cleaned_data["mobile"]})
            return render(
                request, "portal/sign_in.html", {**context, "code_form": code_form, "shown_code": shown}
            )
    return render(request, "portal/sign_in.html", {**context, "form": form})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:sign-in")


@account_view
@require_http_methods(["GET", "POST"])
def bind(request: HttpRequest) -> HttpResponse:
    """Tie the phone to one's roster record: name and ID number, checked against the account's mobile."""
    account = request.member_account  # type: ignore[attr-defined]
    if current_member(account) is not None:
        return redirect("portal:home")
    form = BindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bind_account(account=account, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return redirect("portal:home")
    return render(request, "portal/bind.html", {"form": form})


@account_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    return render(
        request,
        "portal/home.html",
        {"member": member, "tiles": tiles_for(request, is_member=member is not None)},
    )


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web manifest: the member pages install to the home screen as an app."""
    icon = static("gonghui/favicon.svg")
    data = {
        "name": _("Union member"),
        "short_name": _("Union"),
        "start_url": reverse("portal:home"),
        "scope": reverse("portal:home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#c8102e",
        "lang": "zh-CN",
        "icons": [{"src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
