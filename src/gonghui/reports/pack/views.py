"""The 台账 pack's pages: choose a union, a year and a set, download; a federation's choice of set."""

from __future__ import annotations

import tempfile
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.core.audit import audit_log
from gonghui.core.bounds import YearField
from gonghui.core.current import requested_org
from gonghui.core.downloads import file_response
from gonghui.core.forms import StyledForm
from gonghui.core.sensitivity import Viewer
from gonghui.core.typing import AuthedRequest
from gonghui.reports.jobs.services import runs_in_background, start_job
from gonghui.reports.pack.build import PackResult, pack_name, write_pack
from gonghui.reports.pack.ledgers import get_kind
from gonghui.reports.pack.sets import (
    DEFAULT_SET,
    LedgerSet,
    all_sets,
    choose_set,
    chosen_setting,
    effective_set,
    get_set,
    may_choose,
)

ZIP = "application/zip"
YEARS_BACK = 10


def audit_pack(
    result: PackResult,
    *,
    organization: Any,
    year: int,
    ledger_set: LedgerSet,
    request: Any = None,
    user: Any = None,
) -> None:
    """Every pack handed out is in the audit log (``reports.pack``); one that carries protected
    values in full once more, as an export (``sensitive.export``)."""
    detail = {
        "year": year,
        "set": ledger_set.code,
        "ledgers": result.ledgers,
        "rows": sum(e.rows or 0 for e in result.entries),
    }
    audit_log("reports.pack", request=request, user=user, organization=organization, detail=detail)
    if result.revealed:
        audit_log(
            "sensitive.export",
            request=request,
            user=user,
            organization=organization,
            detail={"type": "reports-pack", "perms": sorted(result.revealed), "year": year},
        )


def pack_response(request: AuthedRequest, org: Any, year: int, ledger_set: LedgerSet) -> HttpResponseBase:
    """Build the pack into a temporary file, audit it and send it (the page and the API)."""
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    try:
        result = write_pack(
            tmp,
            organization=org,
            year=year,
            ledger_set=ledger_set,
            viewer=Viewer(request.access, reveal=True),
        )
    except BaseException:
        tmp.close()
        raise
    audit_pack(result, organization=org, year=year, ledger_set=ledger_set, request=request)
    tmp.seek(0)
    return file_response(tmp, filename=pack_name(org, year, ledger_set), content_type=ZIP)


def pack_org(request: AuthedRequest) -> Any:
    """The union of ``?org=`` (or the current one) where the user may read records; 404 otherwise."""
    org = requested_org(request, Perm.RECORDS_VIEW)
    if org is None or not request.access.can(Perm.RECORDS_VIEW, org):
        raise Http404
    return org


class PackForm(StyledForm):
    year = YearField(label=gettext_lazy("Year"))
    set = forms.CharField(label=gettext_lazy("Ledger set"), max_length=50, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["set"].widget = forms.Select(
            choices=[(s.code, s.name) for s in all_sets().values()], attrs={"class": "form-select"}
        )

    def clean_set(self) -> LedgerSet | None:
        code = self.cleaned_data["set"]
        return get_set(code) if code else None  # None: the set that applies


def _page(
    request: AuthedRequest, org: Any, form: PackForm, chosen: LedgerSet, status: int = 200
) -> HttpResponse:
    rows = [
        {
            "number": i,
            "name": e.name,
            "default": get_kind(e.code).name,
            "allowed": get_kind(e.code).allowed(request.access, org),
        }
        for i, e in enumerate(chosen.entries, start=1)
    ]
    this_year = timezone.localdate().year
    ctx = {
        "org": org,
        "form": form,
        "chosen": chosen,
        "rows": rows,
        "years": list(range(this_year, this_year - YEARS_BACK, -1)),
        "setting": chosen_setting(org),
        "may_choose": may_choose(request.access, org),
    }
    return render(request, "reports/pack/pack.html", ctx, status=status)


class PackView(LoginRequiredMixin, View):
    """The page: the union, a year, a set (the one that applies by default) and what it holds."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        org = pack_org(request)
        applies = effective_set(org)
        data = {"year": timezone.localdate().year - 1, "set": applies.code}
        data.update({k: request.GET[k] for k in ("year", "set") if request.GET.get(k)})
        form = PackForm(data)
        chosen = (form.cleaned_data["set"] or applies) if form.is_valid() else applies
        return _page(request, org, form, chosen, status=200 if form.is_valid() else 400)


class PackDownloadView(LoginRequiredMixin, View):
    """The pack as a .zip: built in the request for a union of a few thousand members, as a
    background job (progress bar, then the download) for anything larger."""

    def get(self, request: AuthedRequest) -> HttpResponseBase:
        org = pack_org(request)
        form = PackForm(request.GET)
        if not form.is_valid():
            return _page(request, org, form, effective_set(org), status=400)
        chosen = form.cleaned_data["set"] or effective_set(org)
        if runs_in_background(org):
            params = {"year": form.cleaned_data["year"], "set": chosen.code}
            job = start_job(access=request.access, organization=org, kind="pack", params=params)
            return redirect("reports:job-detail", pk=job.pk)
        return pack_response(request, org, form.cleaned_data["year"], chosen)


class SettingForm(StyledForm):
    ledger_set = forms.CharField(label=gettext_lazy("Ledger set"), max_length=50)

    def clean_ledger_set(self) -> str:
        return get_set(self.cleaned_data["ledger_set"]).code


class PackSettingView(LoginRequiredMixin, View):
    """A federation chooses the ledger set of the packs below it (``org.manage`` on it)."""

    def _render(self, request: AuthedRequest, org: Any, form: SettingForm, status: int = 200) -> HttpResponse:
        ctx = {
            "org": org,
            "form": form,
            "sets": list(all_sets().values()),
            "setting": chosen_setting(org),
            "applies": effective_set(org),
            "may_choose": may_choose(request.access, org),
            "default_code": DEFAULT_SET,
        }
        return render(request, "reports/pack/setting.html", ctx, status=status)

    def get(self, request: AuthedRequest) -> HttpResponse:
        org = requested_org(request, Perm.ORG_MANAGE)
        if org is None or not request.access.can(Perm.ORG_MANAGE, org):
            raise Http404
        return self._render(request, org, SettingForm(initial={"ledger_set": effective_set(org).code}))

    def post(self, request: AuthedRequest) -> HttpResponse:
        org = requested_org(request, Perm.ORG_MANAGE)
        if org is None or not request.access.can(Perm.ORG_MANAGE, org):
            raise Http404
        form = SettingForm(request.POST)
        if not may_choose(request.access, org):
            form.is_valid()
            form.add_error(None, _("Only a federation chooses the ledger set for the unions below it."))
            return self._render(request, org, form, status=400)
        if not form.is_valid():
            return self._render(request, org, form, status=400)
        try:
            setting = choose_set(
                access=request.access, organization=org, code=form.cleaned_data["ledger_set"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as e:
            form.add_error("ledger_set", e)
            return self._render(request, org, form, status=400)
        audit_log("reports.pack_set", request=request, organization=org, detail={"set": setting.ledger_set})
        messages.success(
            request,
            _("The units below %(org)s now get the ledger set “%(set)s”.")
            % {"org": org.name, "set": get_set(setting.ledger_set).name},
        )
        return redirect(f"{reverse('reports:pack-setting')}?org={org.pk}")
