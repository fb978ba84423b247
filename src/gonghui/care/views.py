"""The care app's own pages: the steps of an aid case, a hardship file's exit, enrolling the
roster, and the statistics page. Each looks its record up in scope (404 otherwise) and checks
the step's permission (403); the services check the rules again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.care import forms, selectors
from gonghui.care.models import AidCase, AidStatus, FileStatus, HardshipFile, InsurancePlan
from gonghui.care.services import aid, hardship, insurance
from gonghui.core.bounds import YearField, query_value
from gonghui.core.current import requested_org
from gonghui.core.forms import errors_to_form
from gonghui.core.records import registry
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.core.views import record_url
from gonghui.orgs.selectors import work_years

# Service error keys → the form field that shows them.
FIELD_ALIASES = {"approved_on": "on", "rejected_on": "on", "reviewed_on": "on", "exited_on": "on"}


class StepView(LoginRequiredMixin, View):
    """One workflow step on one record: GET shows the form, POST runs the service."""

    model: type = AidCase
    perm = Perm.RECORDS_EDIT
    form_class: type = forms.ReviewForm
    title = ""
    button = ""

    def get_object(self, request: AuthedRequest, pk: int) -> Any:
        rt = registry.for_model(self.model)
        obj = get_in_scope(rt.queryset(request.access), request, pk=pk)  # type: ignore[union-attr]
        if not request.access.can(self.perm, obj.organization):
            raise PermissionDenied
        return obj

    def blocked(self, obj: Any) -> str:
        """Why the step does not apply to the record in its present state ("" if it does)."""
        return ""

    def render(self, request: AuthedRequest, obj: Any, form: Any, status: int = 200) -> HttpResponse:
        rt = registry.for_model(self.model)
        ctx = {
            "obj": obj,
            "form": form,
            "title": self.title,
            "button": self.button,
            "blocked": self.blocked(obj),
            "back": record_url(rt, "detail", obj),  # type: ignore[arg-type]
            **self.extra_context(obj),
        }
        return render(request, "care/step.html", ctx, status=status)

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        obj = self.get_object(request, pk)
        return self.render(request, obj, self.form_class(initial=self.initial(obj)))

    def initial(self, obj: Any) -> dict[str, Any]:
        return {}

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        obj = self.get_object(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.perform(request, obj, form.cleaned_data)
                messages.success(request, message)
                return redirect(self.done_url(obj))
            except ValidationError as e:
                errors_to_form(form, e, rename=FIELD_ALIASES)
        return self.render(request, obj, form, status=400)

    def done_url(self, obj: Any) -> str:
        return record_url(registry.for_model(self.model), "detail", obj)  # type: ignore[arg-type]

    def perform(self, request: AuthedRequest, obj: Any, data: dict[str, Any]) -> str:
        raise NotImplementedError


class AidReviewView(StepView):
    title = gettext_lazy("Review the application")
    button = gettext_lazy("Save the review")

    def blocked(self, obj: AidCase) -> str:
        if obj.status != AidStatus.APPLIED:
            return _("This application has already been reviewed.")
        return ""

    def perform(self, request: AuthedRequest, obj: AidCase, data: dict[str, Any]) -> str:
        passed = data["decision"] == forms.ReviewForm.PASS
        case = aid.aid_review(
            access=request.access,
            case=obj,
            passed=passed,
            on=data["on"],
            note=data["review_note"],
            notice_start=data["notice_start"],
            notice_end=data["notice_end"],
            reason=data["rejection_reason"],
        )
        if passed:
            return _("Review saved: public notice until %(end)s.") % {"end": case.notice_end}
        return _("Application rejected.")


class AidDecideView(StepView):
    perm = Perm.HARDSHIP
    form_class = forms.DecideForm
    title = gettext_lazy("Approve or reject")
    button = gettext_lazy("Save the decision")

    def blocked(self, obj: AidCase) -> str:
        if obj.status not in (AidStatus.APPLIED, AidStatus.IN_NOTICE):
            return _("This application has already been decided.")
        return ""

    def initial(self, obj: AidCase) -> dict[str, Any]:
        return {"approved_amount": obj.amount_requested}

    def extra_context(self, obj: AidCase) -> dict[str, Any]:
        return {"open_objections": obj.objections.filter(resolved=False).count()}

    def perform(self, request: AuthedRequest, obj: AidCase, data: dict[str, Any]) -> str:
        access = request.access
        if data["decision"] == forms.DecideForm.APPROVE:
            if data["approved_amount"] is None:
                raise ValidationError({"approved_amount": _("Enter the approved amount.")})
            aid.aid_approve(access=access, case=obj, amount=data["approved_amount"], on=data["on"])
            return _("Aid approved.")
        aid.aid_reject(access=access, case=obj, on=data["on"], reason=data["rejection_reason"])
        return _("Application rejected.")


class AidDisburseView(LoginRequiredMixin, View):
    """A payment is a child record: this opens its form for the case (finance officers)."""

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        rt = registry.get("aid-cases")
        case = get_in_scope(rt.queryset(request.access), request, pk=pk)
        if not request.access.can(Perm.FINANCE_EDIT, case.organization):
            raise PermissionDenied
        if case.status != AidStatus.APPROVED:
            messages.error(request, _("Only approved aid that is not yet paid in full can be paid."))
            return redirect(record_url(rt, "detail", case))
        return redirect(f"{record_url(registry.get('aid-disbursements'), 'create')}?aid_case={case.pk}")


class HardshipExitView(StepView):
    model = HardshipFile
    perm = Perm.HARDSHIP
    form_class = forms.ExitForm
    title = gettext_lazy("Exit from the hardship files")
    button = gettext_lazy("Record the exit")

    def blocked(self, obj: HardshipFile) -> str:
        return _("This hardship file has already exited.") if obj.status != FileStatus.ACTIVE else ""

    def perform(self, request: AuthedRequest, obj: HardshipFile, data: dict[str, Any]) -> str:
        hardship.hardship_file_exit(
            access=request.access,
            file=obj,
            on=data["on"],
            reason=data["exit_reason"],
        )
        return _("The hardship file has exited.")


class PlanEnrolView(StepView):
    model = InsurancePlan
    form_class = forms.EnrolForm
    title = gettext_lazy("Enrol the roster")
    button = gettext_lazy("Enrol")

    def extra_context(self, obj: InsurancePlan) -> dict[str, Any]:
        return {"participation": selectors.plan_participation(obj)}

    def perform(self, request: AuthedRequest, obj: InsurancePlan, data: dict[str, Any]) -> str:
        n = insurance.plan_enrol_roster(access=request.access, plan=obj, on=data["on"])
        return _("%(n)s members enrolled.") % {"n": n}


class OverviewView(LoginRequiredMixin, View):
    """Care statistics of the current organization for a year: aid by kind and source, visits."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        access = request.access
        org = requested_org(request, Perm.RECORDS_VIEW)
        if org is None or not access.can(Perm.RECORDS_VIEW, org):
            raise PermissionDenied
        years = work_years(org)
        year = query_value(request, "year", YearField(label=_("Year")), years[0])
        ctx = {
            "org": org,
            "year": year,
            "years": sorted({*years, year}, reverse=True),
            "aid": selectors.aid_totals(access, org, year),
            "visits": selectors.visit_totals(access, org, year),
            "donations": selectors.donation_totals(access, org, year),
            "hardship": selectors.hardship_counts(access, org),
            "plans": [
                (p, selectors.plan_participation(p))
                for p in registry.get("insurance-plans").queryset(access, within=org).filter(year=year)[:20]
            ],
            "aid_list": reverse("records:list", kwargs={"rt": "aid-cases"}),
        }
        return render(request, "care/overview.html", ctx)
