"""Scoring standards: list, one standard's tree, upload (YAML or Excel), Excel download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.assessment import rules, selectors
from gonghui.assessment.excel import definition_xlsx
from gonghui.assessment.forms import StandardUploadForm
from gonghui.assessment.models import CriterionKind, Standard
from gonghui.assessment.services.standards import may_manage, standard_delete, standard_publish
from gonghui.core.downloads import XLSX, file_response
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest


def _may_publish(access: Any) -> bool:
    return access.has_anywhere(Perm.CAMPAIGN_MANAGE)


class StandardListView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest) -> HttpResponse:
        access = request.access
        standards = selectors.visible_standards(access).select_related("organization")
        return render(
            request,
            "assessment/standard_list.html",
            {"standards": standards, "can_upload": _may_publish(access)},
        )


class StandardUploadView(LoginRequiredMixin, View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not _may_publish(request.access):  # type: ignore[attr-defined]
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: AuthedRequest) -> HttpResponse:
        form = StandardUploadForm(access=request.access)
        return render(request, "assessment/standard_upload.html", {"form": form})

    def post(self, request: AuthedRequest) -> HttpResponse:
        access = request.access
        form = StandardUploadForm(request.POST, request.FILES, access=access)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                standard, created = standard_publish(
                    access=access,
                    content=upload.read(),
                    filename=upload.name or "",
                    organization=form.cleaned_data["organization"],
                )
            except ValidationError as e:
                return render(
                    request,
                    "assessment/standard_upload.html",
                    {"form": form, "problems": e.messages},
                    status=400,
                )
            if created:
                messages.success(request, _("%(standard)s loaded.") % {"standard": standard})
            else:
                messages.info(
                    request, _("This content is already loaded as %(standard)s.") % {"standard": standard}
                )
            return redirect("assessment:standard", pk=standard.pk)
        return render(request, "assessment/standard_upload.html", {"form": form}, status=400)


def tree(standard: Standard) -> list[dict[str, Any]]:
    """The criteria as nested rows with their rules in words."""
    criteria = selectors.criteria_of(standard)
    by_parent: dict[int | None, list[Any]] = {}
    for c in criteria:
        by_parent.setdefault(c.parent_id, []).append(c)

    def node(c: Any) -> dict[str, Any]:
        return {
            "c": c,
            "rule": rules.describe(c.rule, c.points, veto=c.kind == CriterionKind.VETO) if c.rule else "",
            "children": [node(k) for k in by_parent.get(c.pk, [])],
        }

    return [node(c) for c in by_parent.get(None, [])]


class StandardDetailView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        access = request.access
        standard = get_in_scope(
            selectors.visible_standards(access).select_related("organization"), request, pk=pk
        )
        campaigns = selectors.visible_campaigns(access).filter(standard=standard)
        return render(
            request,
            "assessment/standard_detail.html",
            {
                "standard": standard,
                "tree": tree(standard),
                "campaigns": campaigns,
                "can_delete": may_manage(access, standard.organization) and not standard.campaigns.exists(),
            },
        )


class StandardExcelView(LoginRequiredMixin, View):
    """The standard as an Excel sheet in the upload format: edit it and load it again."""

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        standard = get_in_scope(selectors.visible_standards(request.access), request, pk=pk)
        name = _("%(title)s (version %(version)s).xlsx") % {
            "title": standard.title,
            "version": standard.version,
        }
        return file_response(definition_xlsx(standard.definition), filename=name, content_type=XLSX)


class StandardDeleteView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        access = request.access
        standard = get_in_scope(selectors.visible_standards(access), request, pk=pk)
        try:
            standard_delete(access=access, standard=standard)
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
            return redirect("assessment:standard", pk=standard.pk)
        messages.success(request, _("%(standard)s deleted.") % {"standard": standard})
        return redirect("assessment:standards")
