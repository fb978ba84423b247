"""Campaigns: the work list, creating one, the federation's view, inspectors, Excel of all scores."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.assessment import selectors
from gonghui.assessment.exporters import CampaignScoresExporter
from gonghui.assessment.forms import AssignForm, CampaignForm
from gonghui.assessment.models import Assignment, Campaign, Status
from gonghui.assessment.services import campaigns as services
from gonghui.assessment.views.assessments import metric_failed
from gonghui.core.audit import audit_log
from gonghui.core.forms import errors_to_form
from gonghui.core.metrics import MetricError
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.models import Organization

RANKING_PAGE = 50


def get_campaign(request: AuthedRequest, pk: int) -> Campaign:
    qs = selectors.visible_campaigns(request.access).select_related("organization", "standard", "root")
    return get_in_scope(qs, request, pk=pk)


def require_manage(request: AuthedRequest, campaign: Campaign) -> None:
    if not selectors.can_manage(request.access, campaign):
        raise PermissionDenied


class IndexView(LoginRequiredMixin, View):
    """The user's campaigns and the assessments they can open, filterable by status."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        access = request.access
        campaigns = selectors.visible_campaigns(access).select_related("organization", "standard")[:100]
        assessments = selectors.visible_assessments(access).order_by(
            "-campaign__year", "campaign_id", "organization__path"
        )
        status = request.GET.get("status", "")
        if status in Status.values:
            assessments = assessments.filter(status=status)
        page = Paginator(assessments, RANKING_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "assessment/index.html",
            {
                "campaigns": campaigns,
                "page": page,
                "status": status,
                "statuses": Status.choices,
                "can_create": access.has_anywhere(Perm.CAMPAIGN_MANAGE),
            },
        )


class CampaignCreateView(LoginRequiredMixin, View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not request.access.has_anywhere(Perm.CAMPAIGN_MANAGE):  # type: ignore[attr-defined]
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: AuthedRequest) -> HttpResponse:
        form = CampaignForm(access=request.access)
        return render(request, "assessment/campaign_form.html", {"form": form})

    def post(self, request: AuthedRequest) -> HttpResponse:
        access = request.access
        form = CampaignForm(request.POST, access=access)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                campaign = services.campaign_create(
                    access=access, organization=data.pop("organization"), data=data
                )
            except ValidationError as e:
                errors_to_form(form, e)
            except MetricError as e:
                metric_failed(request, e)
            else:
                messages.success(
                    request,
                    _("%(name)s created for %(n)s unions.")
                    % {"name": campaign, "n": campaign.assessments.count()},
                )
                return redirect("assessment:campaign", pk=campaign.pk)
        return render(request, "assessment/campaign_form.html", {"form": form}, status=400)


class CampaignDetailView(LoginRequiredMixin, View):
    """The federation's view: progress, ranking, distribution, most-lost items, last year."""

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        access = request.access
        campaign = get_campaign(request, pk)
        assessments = selectors.visible_assessments(access).filter(campaign=campaign)
        ranking = assessments.order_by("-score", "organization__path")
        page = Paginator(ranking, RANKING_PAGE).get_page(request.GET.get("page"))
        previous = selectors.previous_campaign(campaign)
        prev_scores: dict[int, Decimal] = {}
        prev_avg = None
        if previous is not None:
            before = selectors.visible_assessments(access).filter(campaign=previous)
            prev_scores = dict(
                before.filter(organization__in=[a.organization_id for a in page]).values_list(
                    "organization_id", "score"
                )
            )
            prev_avg = selectors.averages(before)
            prev_avg["grades"] = selectors.grade_counts(before)
        rows = [{"a": a, "previous": prev_scores.get(a.organization_id)} for a in page]
        for row in rows:
            if row["previous"] is not None:
                row["delta"] = row["a"].score - row["previous"]
        return render(
            request,
            "assessment/campaign_detail.html",
            {
                "campaign": campaign,
                "progress": selectors.progress(assessments),
                "statuses": Status.choices,
                "averages": selectors.averages(assessments),
                "distribution": selectors.distribution(assessments),
                "grades": selectors.grade_counts(assessments),
                "grade_names": [g["name"] for g in campaign.standard.grades],
                "most_lost": selectors.most_lost(campaign, assessments),
                "page": page,
                "rows": rows,
                "rank_offset": page.start_index() - 1 if page.paginator.count else 0,
                "previous": previous,
                "previous_avg": prev_avg,
                "can_manage": selectors.can_manage(access, campaign),
            },
        )


class CampaignExportView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        assessments = selectors.visible_assessments(request.access).filter(campaign=campaign)
        audit_log("assessment.export", request=request, obj=campaign, detail={"campaign": campaign.pk})
        return CampaignScoresExporter(campaign, assessments).xlsx_response()


class CampaignInspectorsView(LoginRequiredMixin, View):
    def form(self, request: AuthedRequest, campaign: Campaign) -> AssignForm:
        unions = Organization.objects.filter(pk__in=campaign.assessments.values("organization_id"))
        return AssignForm(
            request.POST or None, candidates=services.inspector_candidates(campaign), unions=unions
        )

    def render(
        self, request: AuthedRequest, campaign: Campaign, form: AssignForm, status: int = 200
    ) -> HttpResponse:
        assignments = (
            Assignment.objects.filter(assessment__campaign=campaign)
            .select_related("inspector", "organization")
            .order_by("inspector__username", "organization__path")
        )
        return render(
            request,
            "assessment/campaign_inspectors.html",
            {"campaign": campaign, "form": form, "assignments": assignments[:500]},
            status=status,
        )

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        require_manage(request, campaign)
        return self.render(request, campaign, self.form(request, campaign))

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        require_manage(request, campaign)
        form = self.form(request, campaign)
        if form.is_valid():
            chosen = list(form.cleaned_data["organizations"]) or None
            try:
                n = services.assign_inspector(
                    access=request.access,
                    campaign=campaign,
                    inspector=form.cleaned_data["inspector"],
                    organizations=chosen,
                )
            except ValidationError as e:
                errors_to_form(form, e)
            else:
                messages.success(request, _("%(n)s assignments added.") % {"n": n})
                return redirect("assessment:campaign-inspectors", pk=campaign.pk)
        return self.render(request, campaign, form, status=400)


class UnassignView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        assignment = get_in_scope(
            Assignment.objects.select_related("assessment__campaign__organization"), request, pk=pk
        )
        campaign = assignment.assessment.campaign
        services.unassign_inspector(access=request.access, assignment=assignment)
        messages.success(request, _("Assignment removed."))
        return redirect("assessment:campaign-inspectors", pk=campaign.pk)


class CampaignRescoreView(LoginRequiredMixin, View):
    """Recompute every assessment still in the unions' hands, adding newly covered unions."""

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        require_manage(request, campaign)
        try:
            added = services.campaign_sync(access=request.access, campaign=campaign)
        except MetricError as e:
            metric_failed(request, e)
            return redirect("assessment:campaign", pk=campaign.pk)
        messages.success(request, _("Scores recomputed from the records; %(n)s unions added.") % {"n": added})
        return redirect("assessment:campaign", pk=campaign.pk)
