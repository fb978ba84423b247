"""The officers' pages of online joining: the union's applications, a decision, the QR code."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.core.current import requested_org
from gonghui.core.downloads import file_response
from gonghui.core.forms import errors_to_form
from gonghui.core.scope import subtree_q
from gonghui.core.scoping import get_in_scope
from gonghui.core.sensitivity import viewer_for
from gonghui.core.typing import AuthedRequest
from gonghui.members import joining, selectors
from gonghui.members.forms import JoinDecisionForm
from gonghui.members.models import OPEN_JOIN_STATUSES, JoinApplication, JoinStatus

LIST_LIMIT = 500


def _rows(request: AuthedRequest, apps: list[JoinApplication]) -> list[dict[str, Any]]:
    """Each application with its ID number and phone as the policy shows them (no query per row)."""
    viewer = viewer_for(request)
    viewer.prepare(apps)
    return [
        {"app": a, "id_number": viewer.value(a, "id_number"), "mobile": viewer.value(a, "mobile")}
        for a in apps
    ]


class JoinApplicationsView(LoginRequiredMixin, View):
    """The applications to the user's unions, open ones first; ``?status=`` and ``?org=`` narrow."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        access = request.access
        if not access.has_anywhere(Perm.MEMBERS_VIEW):
            raise PermissionDenied
        qs = selectors.join_applications(access)
        if request.GET.get("org"):
            org = requested_org(request, Perm.MEMBERS_VIEW)  # another tree's union: 404
            qs = qs.filter(subtree_q(org.path, "organization__path"))
        status = request.GET.get("status", "")
        if status == "open":
            qs = qs.filter(status__in=OPEN_JOIN_STATUSES)
        elif status in JoinStatus.values:
            qs = qs.filter(status=status)
        else:
            status = ""
        apps = list(qs[:LIST_LIMIT])
        ctx = {
            "rows": _rows(request, apps),
            "status": status,
            "statuses": JoinStatus.choices,
            "open_count": selectors.open_join_count(access),
        }
        return render(request, "members/join_applications.html", ctx)


def _application(request: AuthedRequest, pk: int) -> JoinApplication:
    return get_in_scope(selectors.join_applications(request.access), request, pk=pk)


def _detail(
    request: AuthedRequest, app: JoinApplication, form: Any = None, status: int = 200
) -> HttpResponse:
    row = _rows(request, [app])[0]
    ctx = {
        "row": row,
        "app": app,
        "may_decide": app.is_open and joining.may_decide(request.access, app),
        "form": form or JoinDecisionForm(union=app.organization),
    }
    return render(request, "members/join_application.html", ctx, status=status)


class JoinApplicationView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        return _detail(request, _application(request, pk))


class JoinApproveView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        app = _application(request, pk)
        form = JoinDecisionForm(request.POST, union=app.organization)
        if form.is_valid():
            try:
                done = joining.join_approve(
                    access=request.access, application=app, union_group=form.cleaned_data["union_group"]
                )
            except ValidationError as e:
                errors_to_form(form, e)
            else:
                if done.transfer_request_id:
                    messages.success(
                        request,
                        _("Approved: a transfer request was sent for %(name)s.") % {"name": done.name},
                    )
                else:
                    messages.success(
                        request,
                        _("%(name)s joined %(org)s.") % {"name": done.name, "org": done.organization.name},
                    )
                return redirect("members:join-application", pk=app.pk)
        return _detail(request, app, form, status=400)


class JoinRejectView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        app = _application(request, pk)
        form = JoinDecisionForm(request.POST, union=app.organization)
        if form.is_valid():
            try:
                joining.join_reject(
                    access=request.access, application=app, reason=form.cleaned_data["reason"]
                )
            except ValidationError as e:
                errors_to_form(form, e)
            else:
                messages.info(request, _("The application was not accepted; the applicant sees the reason."))
                return redirect("members:join-application", pk=app.pk)
        return _detail(request, app, form, status=400)


class JoinQrView(LoginRequiredMixin, View):
    """The union's joining QR code and address, to print and put up (``?download=svg``: the file)."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        access = request.access
        if not access.has_anywhere(Perm.MEMBERS_EDIT):
            raise PermissionDenied
        org = requested_org(request, Perm.MEMBERS_EDIT)
        if org is None or not access.can(Perm.MEMBERS_EDIT, org) or not joining.joinable(org):
            choices = list(
                access.orgs_with(Perm.MEMBERS_EDIT)
                .filter(org_type__in=selectors.JOINABLE_TYPES)
                .order_by("path")[:200]
            )
            return render(request, "members/join_qr.html", {"org": None, "choices": choices})
        url = request.build_absolute_uri(reverse("portal:members-join", kwargs={"code": org.code}))
        qr = segno.make(url, error="m")
        if request.GET.get("download") == "svg":
            return file_response(_svg(qr), filename=f"{org.code}-join.svg", content_type="image/svg+xml")
        ctx = {"org": org, "url": url, "svg": qr.svg_inline(scale=8, border=2)}
        return render(request, "members/join_qr.html", ctx)


def _svg(qr: Any) -> bytes:
    buf = io.BytesIO()
    qr.save(buf, kind="svg", scale=10, border=4)
    return buf.getvalue()
