"""The summary's draft page: read the generated text, edit it block by block, save versions.

Every change is a POST that a service writes to the union's working copy at once; the answer
is the page again (htmx swaps ``#summary-doc`` out of it), so nothing typed and saved is lost.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from gonghui.core.bounds import YearField, query_value
from gonghui.core.current import requested_org
from gonghui.core.forms import errors_to_form
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.selectors import work_years
from gonghui.reports.summary import drafts, selectors, services
from gonghui.reports.summary.forms import AddBlockForm, BlockTextForm, SaveVersionForm
from gonghui.reports.summary.models import SummaryDraft
from gonghui.reports.summary.text import numbered

KEY_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,100}$")
START = "_start"  # ?add=_start: a block before the first


def _key(raw: str | None) -> str | None:
    return raw if raw and KEY_RE.match(raw) else None


def _org_year(request: AuthedRequest) -> tuple[Any, int, list[int]]:
    org = requested_org(request, selectors.READ_PERM)
    if org is None:
        return None, 0, []
    if not selectors.may_read(request.access, org):
        raise PermissionDenied
    years = work_years(org)
    year = query_value(request, "year", YearField(label=_("Year")), years[0])
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return org, year, years


def page_url(org: Any, year: int, anchor: str = "", **params: str) -> str:
    query = urlencode({"org": org.pk, "year": year, **params})
    return f"{reverse('reports:summary')}?{query}" + (f"#blk-{anchor}" if anchor else "")


def document_rows(blocks: list[drafts.DraftBlock]) -> list[dict[str, Any]]:
    """Each block with its heading number as the renderers number it, and a stale one's changes."""
    numbers = numbered(drafts.to_blocks(blocks))
    return [
        {"number": number, "b": b, "changes": drafts.changed_figures(b) if b.get("stale") else []}
        for (number, _block), b in zip(numbers, blocks, strict=True)
    ]


def _page(
    request: AuthedRequest,
    org: Any,
    year: int,
    years: list[int],
    *,
    editing: str | None = None,
    adding: str | None = None,
    block_form: Any = None,
    save_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    access = request.access
    draft, title, blocks = selectors.current_blocks(access, org, year)
    may_edit = selectors.may_edit(access, org)
    keys = {b["key"] for b in blocks}
    editing = editing if may_edit and editing in keys else None
    adding = adding if may_edit and (adding in keys or adding == START) else None
    if editing and block_form is None:
        block = next(b for b in blocks if b["key"] == editing)
        block_form = BlockTextForm(initial={"text": block["text"]})
    if adding and block_form is None:
        block_form = AddBlockForm()
    ctx = {
        "org": org,
        "year": year,
        "years": years,
        "draft": draft,
        "title": title,
        "rows": document_rows(blocks),
        "may_edit": may_edit,
        "editing": editing,
        "adding": adding,
        "start": START,
        "block_form": block_form,
        "save_form": save_form or SaveVersionForm(initial={"title": title}),
        "versions": list(selectors.versions(access, org, year)[:50]),
        "page_url": page_url(org, year),
        "query": urlencode({"org": org.pk, "year": year}),
        "stale_count": sum(1 for b in blocks if b.get("stale")),
    }
    if status != 200 and request.htmx:
        status = 200  # htmx swaps only a 2xx answer: the form with its errors must show
    return render(request, "reports/summary/draft.html", ctx, status=status)


class SummaryDraftView(LoginRequiredMixin, View):
    """The draft of a union's summary for a year (``?org=&year=``; ``edit=``/``add=`` a block's key)."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        org, year, years = _org_year(request)
        if org is None:
            return render(request, "reports/summary/draft.html", {"org": None})
        return _page(
            request,
            org,
            year,
            years,
            editing=_key(request.GET.get("edit")),
            adding=_key(request.GET.get("add")),
        )


class BlockActionView(LoginRequiredMixin, View):
    """One change of one block: edit, add after, remove, move up/down, keep text, use generated."""

    ACTIONS = {"edit", "add", "remove", "up", "down", "keep", "generated"}

    def post(self, request: AuthedRequest) -> HttpResponse:
        org, year, years = _org_year(request)
        if org is None:
            raise PermissionDenied
        access = request.access
        action, key = request.POST.get("action", ""), _key(request.POST.get("key"))
        if action not in self.ACTIONS or key is None:
            messages.error(request, _("This change could not be understood: reload the page and try again."))
            return HttpResponseRedirect(page_url(org, year))
        anchor = key
        form: Any = None
        try:
            if action == "edit":
                form = BlockTextForm(request.POST)
                if not form.is_valid():
                    return _page(request, org, year, years, editing=key, block_form=form, status=400)
                services.draft_edit_block(
                    access=access, org=org, year=year, key=key, text=form.cleaned_data["text"]
                )
            elif action == "add":
                form = AddBlockForm(request.POST)
                if not form.is_valid():
                    return _page(request, org, year, years, adding=key, block_form=form, status=400)
                after = None if key == START else key
                anchor = services.draft_add_block(
                    access=access,
                    org=org,
                    year=year,
                    after=after,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                )
            elif action == "remove":
                services.draft_remove_block(access=access, org=org, year=year, key=key)
                anchor = ""
            elif action in ("up", "down"):
                step = -1 if action == "up" else 1
                services.draft_move_block(access=access, org=org, year=year, key=key, step=step)
            elif action == "keep":
                services.draft_keep_text(access=access, org=org, year=year, key=key)
            else:
                services.draft_use_generated(access=access, org=org, year=year, key=key)
        except ValidationError as exc:
            if form is not None:
                errors_to_form(form, exc)
                opened = {"editing": key} if action == "edit" else {"adding": key}
                return _page(request, org, year, years, block_form=form, status=400, **opened)
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(page_url(org, year, anchor))


class RefreshView(LoginRequiredMixin, View):
    """Compose again: unedited blocks take the new text, edited ones keep theirs (marked when
    their figures changed), the officer's own stay, new ones come in their section."""

    def post(self, request: AuthedRequest) -> HttpResponse:
        org, year, _years = _org_year(request)
        if org is None:
            raise PermissionDenied
        draft = services.draft_refresh(access=request.access, org=org, year=year)
        stale = sum(1 for b in draft.blocks if b.get("stale")) if draft else 0
        if stale:
            messages.warning(
                request,
                _("Figures refreshed. %(n)s edited paragraphs state figures that have changed: check them.")
                % {"n": stale},
            )
        else:
            messages.success(request, _("Figures refreshed."))
        return HttpResponseRedirect(page_url(org, year))


class SaveView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest) -> HttpResponse:
        org, year, years = _org_year(request)
        if org is None:
            raise PermissionDenied
        form = SaveVersionForm(request.POST)
        if form.is_valid():
            try:
                version = services.draft_save(access=request.access, org=org, year=year, **form.cleaned_data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Saved as version “%(name)s”.") % {"name": version.name})
                return HttpResponseRedirect(page_url(org, year))
        return _page(request, org, year, years, save_form=form, status=400)


class DiscardView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest) -> HttpResponse:
        org, year, _years = _org_year(request)
        if org is None:
            raise PermissionDenied
        if services.draft_discard(access=request.access, org=org, year=year):
            messages.success(request, _("The unsaved changes were discarded."))
        return HttpResponseRedirect(page_url(org, year))


def _version(request: AuthedRequest, pk: int) -> SummaryDraft:
    return get_in_scope(selectors.readable_versions(request.access), request, pk=pk)


class VersionView(LoginRequiredMixin, View):
    """One named version, read only."""

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        version = _version(request, pk)
        org = version.organization
        ctx = {
            "org": org,
            "year": version.year,
            "draft": version,
            "version": version,
            "title": version.title,
            "rows": document_rows(list(version.blocks)),
            "may_edit": selectors.may_edit(request.access, org),
            "page_url": page_url(org, version.year),
        }
        return render(request, "reports/summary/version.html", ctx)


class VersionRestoreView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        version = _version(request, pk)
        services.draft_restore(access=request.access, version=version)
        messages.success(request, _("Continuing from version “%(name)s”.") % {"name": version.name})
        return HttpResponseRedirect(page_url(version.organization, version.year))


class VersionDeleteView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        version = _version(request, pk)
        services.draft_delete(access=request.access, version=version)
        messages.success(request, _("Version “%(name)s” deleted.") % {"name": version.name})
        return HttpResponseRedirect(page_url(version.organization, version.year))
