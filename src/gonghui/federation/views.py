"""The federation's collection of its unions' annual returns: the template, the upload, the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.core.current import requested_org
from gonghui.core.downloads import XLSX, file_response
from gonghui.core.forms import StyledForm
from gonghui.core.metrics import Period
from gonghui.core.scope import unscoped
from gonghui.core.typing import AuthedRequest
from gonghui.federation import collect
from gonghui.federation.models import AnnualReturn
from gonghui.federation.registration import COLLECTING_TYPES
from gonghui.members.importer.reader import ReadError
from gonghui.members.metrics import keeps_roster_q
from gonghui.orgs.models import Organization

FIRST_YEAR, LAST_YEAR = 2000, 2100


class UploadForm(StyledForm):
    file = forms.FileField(
        label=gettext_lazy("Filled template"),
        help_text=gettext_lazy("The template downloaded here, one row per union, as .xlsx, .xls or .csv."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )


def _federation(request: AuthedRequest, year: int | None = None) -> Organization:
    """The federation the page is for (``?org=`` or the current one), where the user may manage it."""
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    org = requested_org(request, Perm.ORG_MANAGE)
    if org is None or not request.access.can(Perm.ORG_MANAGE, org):
        raise PermissionDenied
    if org.org_type not in COLLECTING_TYPES:
        raise Http404
    return org


def default_year() -> int:
    """Last year: returns are filed once a year is over."""
    return timezone.localdate().year - 1


def _url(org: Organization, year: int) -> str:
    return reverse("federation:returns-year", kwargs={"year": year}) + f"?org={org.pk}"


class ReturnsView(LoginRequiredMixin, View):
    """The unions below the federation with their return of the year, and the upload of them all."""

    def _render(
        self, request: AuthedRequest, org: Organization, year: int, form: Any, status: int = 200, **extra: Any
    ) -> HttpResponse:
        unions = list(collect.filing_unions(org))
        with unscoped("the returns of the federation's own unions"):
            filed = {
                r.organization_id: r for r in AnnualReturn.objects.filter(organization__in=unions, year=year)
            }
            # A union that keeps a roster is counted from it: its return, if any, is left aside.
            keepers = set(
                Organization.objects.filter(pk__in=[u.pk for u in unions])
                .filter(keeps_roster_q(Period.year(year)))
                .values_list("pk", flat=True)
            )
        rows = [{"union": u, "ret": filed.get(u.pk), "roster": u.pk in keepers} for u in unions]
        ctx = {
            "org": org,
            "year": year,
            "years": [year - 1, year + 1],
            "rows": rows,
            "filed": len(filed),
            "form": form,
            **extra,
        }
        return render(request, "federation/returns.html", ctx, status=status)

    def get(self, request: AuthedRequest, year: int | None = None) -> HttpResponse:
        year = year or default_year()  # the menu's link: last year's returns
        org = _federation(request, year)
        return self._render(request, org, year, UploadForm())

    def post(self, request: AuthedRequest, year: int | None = None) -> HttpResponse:
        year = year or default_year()
        org = _federation(request, year)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, org, year, form, status=400)
        try:
            checked, created, updated = collect.collect(org, year, form.cleaned_data["file"], request.user)
        except ReadError as e:
            form.add_error("file", e.message)
            return self._render(request, org, year, form, status=400)
        if checked.problems:
            return self._render(request, org, year, form, status=400, problems=checked.problems)
        messages.success(
            request,
            _("%(created)s returns added and %(updated)s updated for %(year)s.")
            % {"created": created, "updated": updated, "year": year},
        )
        return redirect(_url(org, year))


class ReturnsTemplateView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, year: int) -> FileResponse:
        org = _federation(request, year)
        name = _("%(org)s annual returns %(year)s.xlsx") % {"org": org.name, "year": year}
        return file_response(collect.template_workbook(org, year), filename=name, content_type=XLSX)
