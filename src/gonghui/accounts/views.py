from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import View

from gonghui.accounts import selectors, services
from gonghui.accounts.forms import GrantForm, LoginForm, StyledPasswordChangeForm, TokenForm, UserCreateForm
from gonghui.accounts.models import ApiToken, RoleGrant
from gonghui.accounts.roles import Perm
from gonghui.core.bounds import clean_text
from gonghui.core.forms import errors_to_form
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class GrantsView(LoginRequiredMixin, View):
    """Federation admins grant and revoke roles inside their subtree, and create users."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not request.access.has_anywhere(Perm.ORG_GRANT):  # type: ignore[attr-defined]
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(
        self, request: AuthedRequest, grant_form: Any = None, user_form: Any = None, status: int = 200
    ) -> HttpResponse:
        access = request.access
        q = clean_text(request.GET.get("q")).strip()  # bounded, no NUL (core/bounds.py)
        page = Paginator(selectors.grants_managed(access, q), 50).get_page(request.GET.get("page"))
        for g in page:  # the revoke button only where the service would allow it (no query)
            g.can_revoke = not services.revoke_refusal(access, g)  # type: ignore[attr-defined]
        if grant_form is None:
            org = request.GET.get("org", "")
            initial = {"organization": int(org)} if org.isdigit() and len(org) < 19 else None
            grant_form = GrantForm(orgs=selectors.grant_orgs(access), initial=initial)
        return render(
            request,
            "accounts/grants.html",
            {
                "page": page,
                "q": q,
                "grant_form": grant_form,
                "user_form": user_form or UserCreateForm(),
            },
            status=status,
        )

    def get(self, request: AuthedRequest) -> HttpResponse:
        return self.render(request)

    def post(self, request: AuthedRequest) -> HttpResponse:
        access = request.access
        if request.POST.get("action") == "create_user":
            form = UserCreateForm(request.POST)
            if form.is_valid():
                try:
                    user = services.user_create(access=access, **form.cleaned_data)
                    messages.success(
                        request, _("User %(name)s created: now grant a role.") % {"name": user.username}
                    )
                    return redirect("accounts:grants")
                except ValidationError as e:
                    errors_to_form(form, e)
            return self.render(request, user_form=form, status=400)
        grant_form = GrantForm(request.POST, orgs=selectors.grant_orgs(access))
        if grant_form.is_valid():
            try:
                services.grant_role(
                    access=access,
                    user=grant_form.cleaned_data["username"],
                    organization=grant_form.cleaned_data["organization"],
                    role=grant_form.cleaned_data["role"],
                )
                messages.success(request, _("Role granted."))
                return redirect("accounts:grants")
            except ValidationError as e:
                errors_to_form(grant_form, e, rename={"user": "username"})
        return self.render(request, grant_form=grant_form, status=400)


class RevokeView(LoginRequiredMixin, View):
    """Revoke someone's role, or give up one's own (then home: the grants page may be closed to one now)."""

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        grant = get_in_scope(RoleGrant.objects.select_related("organization", "user"), request, pk=pk)
        own = grant.user_id == request.user.pk
        try:
            services.revoke_role(access=request.access, grant=grant)
            messages.success(request, _("Role revoked."))
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
            own = False
        return redirect("home" if own else "accounts:grants")


class TokensView(LoginRequiredMixin, View):
    """A user's own API tokens: create (the key is shown once) and revoke."""

    def get(self, request: AuthedRequest, form: Any = None, raw: str = "", status: int = 200) -> HttpResponse:
        tokens = ApiToken.objects.filter(user=request.user).select_related("user").order_by("-created_at")
        return render(
            request,
            "accounts/tokens.html",
            {
                "tokens": tokens,
                "form": form or TokenForm(),
                "raw": raw,
                "max_days": settings.API_TOKEN_MAX_DAYS,
            },
            status=status,
        )

    def post(self, request: AuthedRequest) -> HttpResponse:
        if "revoke" in request.POST:
            raw_id = request.POST["revoke"]
            if raw_id.isdigit():
                services.token_revoke(user=request.user, token_id=int(raw_id))
            messages.success(request, _("Token revoked."))
            return redirect("accounts:tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, raw = services.token_create(user=request.user, **form.cleaned_data)
            except ValidationError as e:
                errors_to_form(form, e)
            else:
                return self.get(request, raw=raw)
        return self.get(request, form=form, status=400)
