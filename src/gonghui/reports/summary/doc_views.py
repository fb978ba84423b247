"""The summary as a document: Word and PDF downloads, the print view, the federation's template.

Downloads and the print view read ``?org=`` (records.view on it), ``?year=`` and an optional
``?version=`` (a saved version of that union; its text instead of the freshly composed one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.core.bounds import YEAR_MAX, YEAR_MIN, parse_id
from gonghui.core.current import requested_org
from gonghui.core.downloads import file_response
from gonghui.core.scoping import get_in_scope
from gonghui.core.sensitivity import Viewer
from gonghui.core.typing import AuthedRequest
from gonghui.reports.summary.compose import compose_summary
from gonghui.reports.summary.document import DOCX, PDF, PdfUnavailable, summary_docx, summary_pdf
from gonghui.reports.summary.layout import default_template, template_context
from gonghui.reports.summary.models import SummaryDraft
from gonghui.reports.summary.sources import draft_summary
from gonghui.reports.summary.template_services import (
    may_upload,
    template_for,
    template_revert,
    template_row,
    template_upload,
)
from gonghui.reports.summary.text import Summary


class BadRequest(Exception):  # noqa: N818 (an answer, not a bug)
    """A request the page answers with a message (400), nothing else done."""


@dataclass
class Asked:
    org: Any
    year: int
    draft: SummaryDraft | None
    summary: Summary

    @property
    def filename(self) -> str:
        name = _("%(org)s %(year)s work summary") % {"org": self.org.name, "year": self.year}
        return (
            _("%(name)s (%(draft)s)") % {"name": name, "draft": self.draft.name}
            if self.draft is not None
            else name
        )


def _year(raw: str) -> int:
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 4 or not YEAR_MIN <= int(raw) <= YEAR_MAX:
        raise BadRequest(_("Enter a year from %(min)s to %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX})
    return int(raw)


def asked_summary(request: AuthedRequest) -> Asked:
    """The summary a download asks for (404 outside the scope, BadRequest on a wrong year)."""
    org = requested_org(request, Perm.RECORDS_VIEW)
    if org is None or not request.access.can(Perm.RECORDS_VIEW, org):
        raise Http404
    raw_version = request.GET.get("version", "").strip()
    raw_year = request.GET.get("year", "")
    if raw_version:
        pk = parse_id(raw_version)
        if pk is None:
            raise Http404
        draft = get_in_scope(
            SummaryDraft.objects.filter(organization=org).select_related("organization"), request, pk=pk
        )
        if raw_year and _year(raw_year) != draft.year:
            raise Http404
        return Asked(org, draft.year, draft, draft_summary(draft))
    if not raw_year:
        raise BadRequest(_("Choose the year of the summary."))
    year = _year(raw_year)
    try:
        summary = compose_summary(org, year, viewer=Viewer(request.access))
    except ValidationError as e:
        raise BadRequest(" ".join(e.messages)) from e
    return Asked(org, year, None, summary)


def _problem(request: AuthedRequest, message: str, status: int = 400) -> HttpResponse:
    return render(request, "reports/summary/doc_problem.html", {"message": message}, status=status)


class SummaryDocxView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest) -> HttpResponse:
        try:
            asked = asked_summary(request)
        except BadRequest as e:
            return _problem(request, str(e))
        content = summary_docx(asked.summary, template_for(asked.org))
        return file_response(content, filename=f"{asked.filename}.docx", content_type=DOCX)


class SummaryPdfView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest) -> HttpResponse:
        try:
            asked = asked_summary(request)
        except BadRequest as e:
            return _problem(request, str(e))
        try:
            content = summary_pdf(asked.summary, template_for(asked.org))
        except PdfUnavailable:
            return _problem(
                request,
                _("A PDF cannot be made on this server now: download the Word document instead."),
                status=503,
            )
        return file_response(content, filename=f"{asked.filename}.pdf", content_type=PDF)


class SummaryPrintView(LoginRequiredMixin, View):
    """The summary as one standalone page to print (A4, no navigation)."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        try:
            asked = asked_summary(request)
        except BadRequest as e:
            return _problem(request, str(e))
        return render(
            request, "reports/summary/print.html", {"doc": template_context(asked.summary), "asked": asked}
        )


# ---- the federation's template ---------------------------------------------------
class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Word template (.docx)"))


def _template_org(request: AuthedRequest) -> Any:
    org = requested_org(request, Perm.RECORDS_VIEW)
    if org is None or not request.access.can(Perm.RECORDS_VIEW, org):
        raise Http404
    return org


def _template_page(request: AuthedRequest, org: Any, form: forms.Form, status: int = 200) -> HttpResponse:
    row = template_row(org)
    return render(
        request,
        "reports/summary/template.html",
        {
            "org": org,
            "row": row,
            "own": row is not None and row.organization_id == org.pk,
            "may_upload": may_upload(request.access, org),
            "form": form,
            "query": urlencode({"org": org.pk}),
        },
        status=status,
    )


class TemplateView(LoginRequiredMixin, View):
    """Which template a union's summary uses; a federation uploads its own here."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        org = _template_org(request)
        return _template_page(request, org, TemplateUploadForm())

    def post(self, request: AuthedRequest) -> HttpResponse:
        org = _template_org(request)
        if not may_upload(request.access, org):
            raise Http404
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 5 * 1024 * 1024:
                form.add_error("file", _("The template is larger than 5 MB."))
            else:
                try:
                    template_upload(
                        access=request.access, organization=org, content=upload.read(), filename=upload.name
                    )
                except ValidationError as e:
                    for message in e.messages:
                        form.add_error("file", message)
                except PermissionDenied as e:
                    raise Http404 from e
                else:
                    messages.success(
                        request, _("The template is in use for every union below %(org)s.") % {"org": org}
                    )
                    return redirect(f"{reverse('reports:summary-template')}?{urlencode({'org': org.pk})}")
        return _template_page(request, org, form, status=400)


class TemplateDownloadView(LoginRequiredMixin, View):
    """The template in use (``?which=current``, the default) or the default one (``default``)."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        org = _template_org(request)
        which = request.GET.get("which", "current")
        if which not in ("current", "default"):
            raise Http404
        row = template_row(org) if which == "current" else None
        if row is not None:
            return file_response(bytes(row.content), filename=row.filename, content_type=DOCX)
        return file_response(default_template(), filename=_("work summary template.docx"), content_type=DOCX)


class TemplateRevertView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest) -> HttpResponse:
        org = _template_org(request)
        try:
            removed = template_revert(access=request.access, organization=org)
        except PermissionDenied as e:
            raise Http404 from e
        if removed:
            messages.success(
                request, _("The federation's own template is removed: the one above or the default applies.")
            )
        return redirect(f"{reverse('reports:summary-template')}?{urlencode({'org': org.pk})}")
