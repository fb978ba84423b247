"""The pages of union work beyond the generic record pages: carrying a plan's open items over."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.core.records import error_messages, registry
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.core.views import record_url
from gonghui.work import services
from gonghui.work.models import WorkPlan


class CarryOverView(LoginRequiredMixin, View):
    """GET: what carrying the plan's open items over would copy; POST: copy them."""

    def plan(self, request: AuthedRequest, pk: int) -> WorkPlan:
        rt = registry.get("work-plans")
        plan = get_in_scope(rt.queryset(request.access), request, pk=pk)  # another union's: 404
        if not request.access.can(Perm.RECORDS_EDIT, plan.organization):
            raise PermissionDenied
        return plan

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        return self.page(request, plan)

    def page(self, request: AuthedRequest, plan: WorkPlan, errors: list[str] | None = None) -> HttpResponse:
        ctx = {
            "plan": plan,
            "items": services.items_to_carry(plan),
            "following": WorkPlan.objects.filter(organization=plan.organization, year=plan.year + 1).first(),
            "next_year": plan.year + 1,
            "back": record_url(registry.get("work-plans"), "detail", plan),
            "errors": errors or [],
        }
        return render(request, "work/carry_over.html", ctx, status=400 if errors else 200)

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        try:
            done = services.carry_open_items(plan, request.user)
        except ValidationError as e:
            return self.page(request, plan, [m for ms in error_messages(e).values() for m in ms])
        if done.copied:
            messages.success(
                request,
                _("%(n)s open items carried into %(plan)s.") % {"n": done.copied, "plan": done.plan},
            )
        else:
            messages.info(request, _("No open item was left to carry over."))
        return redirect(record_url(registry.get("work-plans"), "detail", done.plan))
