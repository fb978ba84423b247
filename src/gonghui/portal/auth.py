"""Who is on a member page: the signed-in account, the member it is bound to, and their scope.

Every member page is a function view decorated with ``member_view`` (a bound member, inside
the scope of their own union) or ``account_view`` (an applicant signed in by code, who may
not be a member yet: inside no union's scope). A member's own rows are then chosen by the
page's selector (``member=request.member``): the scope keeps every query inside the union,
the selector inside the person.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from gonghui.core.scope import scope
from gonghui.members.models import Member
from gonghui.portal.models import MemberAccount
from gonghui.portal.services import current_member

View = Callable[..., HttpResponse]


class MemberRequest(HttpRequest):
    """A member page's request (typing only)."""

    member_account: MemberAccount
    member: Member


def signed_in_account(request: HttpRequest) -> MemberAccount | None:
    user = request.user
    if not user.is_authenticated:
        return None
    return MemberAccount.objects.filter(user=user).first()


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('portal:sign-in')}?{urlencode({'next': request.get_full_path()})}")


def account_view(view: View) -> View:
    """A page for anyone signed in by code (a member or an applicant), outside every union's scope."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        account = signed_in_account(request)
        if account is None:
            return _to_sign_in(request)
        request.member_account = account  # type: ignore[attr-defined]
        request.member = current_member(account)  # type: ignore[attr-defined]  # may be None
        with scope(organization=set()):  # a set: django_scopes adds "__in" to a list
            return view(request, *args, **kwargs)

    return wrapped


def member_view(view: View) -> View:
    """A page for a member: their own union's scope; an unbound account is sent to bind first."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        account = signed_in_account(request)
        if account is None:
            return _to_sign_in(request)
        member = current_member(account)
        if member is None:
            return redirect("portal:bind")
        request.member_account = account  # type: ignore[attr-defined]
        request.member = member  # type: ignore[attr-defined]
        with scope(organization={member.organization_id}):
            return view(request, *args, **kwargs)

    return wrapped
