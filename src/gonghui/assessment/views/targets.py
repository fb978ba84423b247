"""A campaign's targets (目标任务): per type at the top, per union below (searched, paged),
each cell a small form; the workbook to fill in and its import."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gonghui.assessment.models import Campaign, Target
from gonghui.assessment.rules import num_text
from gonghui.assessment.services import targets as services
from gonghui.assessment.services.campaigns import covered_unions
from gonghui.assessment.targets import metric_choices
from gonghui.assessment.views.campaigns import get_campaign, require_manage
from gonghui.core.bounds import clean_text, parse_id
from gonghui.core.downloads import XLSX, file_response
from gonghui.core.forms import StyledForm
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.models import Organization, OrgType

UNION_PAGE = 50


class TargetImportForm(StyledForm):
    file = forms.FileField(label=gettext_lazy("Filled-in template (.xlsx)"))


def _text(value: Decimal | None) -> str:
    return num_text(value) if value is not None else ""


def _type_label(org_type: str) -> str:
    return str(OrgType(org_type).label) if org_type in OrgType.values else org_type


def _managed_campaign(request: AuthedRequest, pk: int) -> Campaign:
    campaign = get_campaign(request, pk)
    require_manage(request, campaign)
    return campaign


def _type_targets(campaign: Campaign, names: list[str]) -> dict[tuple[str, str], Decimal]:
    rows = Target.objects.filter(campaign=campaign, union__isnull=True, metric__in=names)
    return {(t, m): v for t, m, v in rows.values_list("org_type", "metric", "value")}


def _cell(
    campaign: Campaign,
    metric: str,
    *,
    union: int | None = None,
    org_type: str = "",
    value: str = "",
    fallback: str = "",
    error: str = "",
    saved: bool = False,
) -> dict[str, Any]:
    return {
        "campaign": campaign,
        "metric": metric,
        "union": union,
        "org_type": org_type,
        "value": value,
        "fallback": fallback,
        "error": error,
        "saved": saved,
    }


class CampaignTargetsView(LoginRequiredMixin, View):
    """Targets per type, then per union (search by name or code, filter by type or own targets)."""

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        campaign = _managed_campaign(request, pk)
        return self.render(request, campaign, TargetImportForm())

    def render(
        self,
        request: AuthedRequest,
        campaign: Campaign,
        form: TargetImportForm,
        problems: services.TargetImportError | None = None,
        status: int = 200,
    ) -> HttpResponse:
        choices = metric_choices(campaign.standard)
        names = [n for n, _label in choices]
        ctx: dict[str, Any] = {"campaign": campaign, "choices": choices, "form": form, "problems": problems}
        if not choices:
            return render(request, "assessment/campaign_targets.html", ctx, status=status)
        by_type = _type_targets(campaign, names)
        ctx["types"] = [
            {
                "label": _type_label(t),
                "cells": [_cell(campaign, m, org_type=t, value=_text(by_type.get((t, m)))) for m in names],
            }
            for t in campaign.org_types
        ]
        unions = covered_unions(campaign).order_by("path")
        q = clean_text(request.GET.get("q")).strip()
        if q:
            unions = unions.filter(Q(name__icontains=q) | Q(code__icontains=q))
        org_type = request.GET.get("type", "")
        if org_type in campaign.org_types:
            unions = unions.filter(org_type=org_type)
        own_only = request.GET.get("own") == "1"
        if own_only:
            unions = unions.filter(
                pk__in=Target.objects.filter(campaign=campaign, metric__in=names).values("union_id")
            )
        page = Paginator(unions.only("pk", "code", "name", "org_type"), UNION_PAGE).get_page(
            request.GET.get("page")
        )
        own = {
            (u, m): v
            for u, m, v in Target.objects.filter(
                campaign=campaign, union_id__in=[o.pk for o in page], metric__in=names
            ).values_list("union_id", "metric", "value")
        }
        ctx["page"] = page
        ctx["rows"] = [
            {
                "org": o,
                "type": _type_label(o.org_type),
                "cells": [
                    _cell(
                        campaign,
                        m,
                        union=o.pk,
                        value=_text(own.get((o.pk, m))),
                        fallback=_text(by_type.get((o.org_type, m))),
                    )
                    for m in names
                ],
            }
            for o in page
        ]
        ctx.update(
            q=q,
            type=org_type,
            own=own_only,
            type_choices=[(t, _type_label(t)) for t in campaign.org_types],
        )
        return render(request, "assessment/campaign_targets.html", ctx, status=status)


class TargetSetView(LoginRequiredMixin, View):
    """One cell: a type's or a union's target of one metric (an empty value clears it)."""

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        campaign = _managed_campaign(request, pk)
        metric = request.POST.get("metric", "")[:60]
        raw = request.POST.get("value", "")[:40]
        union: Organization | None = None
        if "union" in request.POST:
            union = covered_unions(campaign).filter(pk=parse_id(request.POST.get("union"))).first()
            if union is None:
                raise Http404
        org_type = "" if union is not None else request.POST.get("org_type", "")[:20]
        fallback = ""
        if union is not None:
            fallback = _text(_type_targets(campaign, [metric]).get((union.org_type, metric)))
        cell = _cell(
            campaign, metric, union=union.pk if union else None, org_type=org_type, fallback=fallback
        )
        try:
            services.target_set(
                access=request.access,
                campaign=campaign,
                metric=metric,
                value=raw,
                union=union,
                org_type=org_type,
            )
        except ValidationError as e:
            cell.update(value=raw, error=" ".join(e.messages))
            status = 400
        else:
            parsed = services.parse_value(raw)
            cell.update(value=_text(parsed), saved=True)
            status = 200
        if request.htmx:
            return render(request, "assessment/_target_cell.html", {"cell": cell}, status=status)
        if cell["error"]:
            messages.error(request, cell["error"])
        else:
            messages.success(request, _("Target saved."))
        return redirect("assessment:campaign-targets", pk=campaign.pk)


class TargetTemplateView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        campaign = _managed_campaign(request, pk)
        content = services.target_template(access=request.access, campaign=campaign)
        name = _("%(campaign)s targets.xlsx") % {"campaign": campaign.name}
        return file_response(content, filename=name, content_type=XLSX)


class TargetImportView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        campaign = _managed_campaign(request, pk)
        page = CampaignTargetsView()
        form = TargetImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return page.render(request, campaign, form, status=400)
        upload = form.cleaned_data["file"]
        if upload.size > services.MAX_BYTES:
            form.add_error(
                "file", _("The file is larger than %(mb)s MB.") % {"mb": services.MAX_BYTES // (1024 * 1024)}
            )
            return page.render(request, campaign, form, status=400)
        try:
            outcome = services.target_import(
                access=request.access, campaign=campaign, content=upload.read(), filename=upload.name or ""
            )
        except services.TargetImportError as e:
            return page.render(request, campaign, form, problems=e, status=400)
        messages.success(
            request,
            _("Targets imported: %(set)s set, %(cleared)s cleared, %(unchanged)s unchanged.")
            % {"set": outcome.set, "cleared": outcome.cleared, "unchanged": outcome.unchanged},
        )
        return redirect("assessment:campaign-targets", pk=campaign.pk)
