"""Finance pages beyond the generic record pages: posting, reversal, the ledger report, the calculator."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.core.audit import audit_log
from gonghui.core.bounds import YearField, query_value
from gonghui.core.current import requested_org
from gonghui.core.forms import StyledForm, errors_to_form
from gonghui.core.precheck import CONFIRM_FIELD, confirmed, digest, flat
from gonghui.core.records import registry
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.core.views import record_url
from gonghui.finance.exporters import LedgerExporter
from gonghui.finance.models import Voucher
from gonghui.finance.rules import funds_rule_for
from gonghui.finance.selectors import books_year, ledger_report, ledger_years
from gonghui.finance.services.dues import counted_wage, monthly_dues
from gonghui.finance.services.ledger import voucher_post, voucher_post_warnings, voucher_reverse
from gonghui.orgs.models import Organization


def _voucher(request: AuthedRequest, pk: int) -> Voucher:
    """A voucher in scope that the user may post or reverse (404 outside the scope, 403 without the right)."""
    voucher = get_in_scope(registry.get("vouchers").queryset(request.access), request, pk=pk)
    if not request.access.can(Perm.FINANCE_EDIT, voucher.organization):
        raise PermissionDenied
    return voucher


def _detail(voucher: Voucher) -> HttpResponse:
    return redirect(record_url(registry.get("vouchers"), "detail", voucher))


class VoucherPostView(LoginRequiredMixin, View):
    """Posting, after a look at the lines and at what posting would be warned of (a cap broken):
    said while the voucher can still be changed, and confirmed before it is frozen."""

    def page(self, request: AuthedRequest, voucher: Voucher, status: int = 200) -> HttpResponse:
        warnings = voucher_post_warnings(voucher)
        ctx = {
            "voucher": voucher,
            "lines": list(voucher.lines.all()),
            "warnings": flat(warnings),
            "warnings_digest": digest(warnings),
            "confirm_field": CONFIRM_FIELD,
        }
        return render(request, "finance/voucher_post.html", ctx, status=status)

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        return self.page(request, _voucher(request, pk))

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        voucher = _voucher(request, pk)
        if not confirmed(voucher_post_warnings(voucher), request.POST.get(CONFIRM_FIELD)):
            messages.warning(request, _("Confirm the warnings to post the voucher anyway."))
            return self.page(request, voucher)
        try:
            voucher, warnings = voucher_post(access=request.access, voucher=voucher)
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
            return _detail(voucher)
        messages.success(request, _("Voucher %(number)s posted.") % {"number": voucher})
        for w in warnings:
            messages.warning(request, w)
        return _detail(voucher)


class ReverseForm(StyledForm):
    on = forms.DateField(
        label=gettext_lazy("Date of the reversal"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=pgettext_lazy("reversal", "Reason"), max_length=150)


class VoucherReverseView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        voucher = _voucher(request, pk)
        form = ReverseForm(initial={"on": timezone.localdate()})
        return render(request, "finance/voucher_reverse.html", {"voucher": voucher, "form": form})

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        voucher = _voucher(request, pk)
        form = ReverseForm(request.POST)
        if form.is_valid():
            try:
                reversal = voucher_reverse(
                    access=request.access,
                    voucher=voucher,
                    reason=form.cleaned_data["reason"],
                    on=form.cleaned_data["on"],
                )
                messages.success(request, _("Voucher reversed by %(number)s.") % {"number": reversal})
                return _detail(reversal)
            except ValidationError as e:
                errors_to_form(form, e)
        return render(request, "finance/voucher_reverse.html", {"voucher": voucher, "form": form}, status=400)


def _report_org(request: AuthedRequest) -> Organization | None:
    """The organization of ``?org=`` (``requested_org``), else the current one; finance readers only."""
    org = requested_org(request, Perm.FINANCE_VIEW)
    if org is not None and not request.access.can(Perm.FINANCE_VIEW, org):
        raise PermissionDenied
    return org


def _year(request: AuthedRequest, org: Organization | None) -> int:
    """``?year=``, else the latest year the union kept books for (``finance.selectors.books_year``)."""
    default = books_year(org) if org is not None else None
    return query_value(request, "year", YearField(label=_("Year")), default or timezone.localdate().year)


class LedgerView(LoginRequiredMixin, View):
    """Balances by category with budget against actual, for one union's books and year."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        org = _report_org(request)
        year = _year(request, org)
        ctx: dict[str, Any] = {"org": org, "year": year}
        if org is not None:
            report = ledger_report(org, year)
            ctx["report"], ctx["years"] = report, ledger_years(org, year)
            ctx["summary"] = [
                (_("Opening balance"), report.opening),
                (_("Income"), report.income_total),
                (_("Expenditure"), report.expenditure_total),
                (_("Closing balance"), report.closing),
            ]
        return render(request, "finance/ledger.html", ctx)


class LedgerExportView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest) -> HttpResponse:
        org = _report_org(request)
        if org is None:
            raise PermissionDenied
        year = _year(request, org)
        audit_log(
            "records.export",
            request=request,
            organization=org,
            detail={"type": "finance-ledger", "format": "xlsx", "year": year},
        )
        return LedgerExporter(ledger_report(org, year)).xlsx_response()


class CalculatorForm(StyledForm):
    wage = forms.DecimalField(
        label=gettext_lazy("Monthly wage base (yuan)"), max_digits=12, decimal_places=2, min_value=0
    )
    retained = forms.BooleanField(label=gettext_lazy("Membership retained"), required=False)


class DuesCalculatorView(LoginRequiredMixin, View):
    """0.5 % of the counted wage under the rule valid for the current union today."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        org = _report_org(request)
        form = CalculatorForm(request.GET if "wage" in request.GET else None)
        ctx: dict[str, Any] = {"org": org, "form": form}
        if org is not None:
            rule = funds_rule_for(org, timezone.localdate())
            ctx["rule"] = rule
            if form.is_valid():
                wage = form.cleaned_data["wage"]
                ctx["counted"] = counted_wage(wage, rule)
                ctx["dues"] = monthly_dues(wage, rule, retained=form.cleaned_data["retained"])
        return render(request, "finance/dues_calculator.html", ctx, status=400 if form.errors else 200)
