"""One union's assessment: the sheet, scoring an item, evidence, workflow, gaps, history."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.assessment import selectors
from gonghui.assessment.fields import parse_value
from gonghui.assessment.forms import GapTaskForm, ReturnForm, ScoreForm
from gonghui.assessment.models import (
    SELF_EDITABLE,
    Assessment,
    Criterion,
    ItemScore,
    RectificationTask,
    Status,
)
from gonghui.assessment.services import reported, workflow
from gonghui.assessment.services import tasks as task_services
from gonghui.assessment.services.scores import score_one
from gonghui.assessment.sheet import build_sheet, gaps, reported_of, section_key_of
from gonghui.assessment.targets import target_for
from gonghui.core.attachments import attachment_response
from gonghui.core.forms import errors_to_form, show_warnings
from gonghui.core.metrics import MetricError
from gonghui.core.models import Attachment
from gonghui.core.opinions import OPINION_FIELDS
from gonghui.core.precheck import CONFIRM_FIELD, confirmed
from gonghui.core.records import record_warnings, registry
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest

log = logging.getLogger("gonghui")


def metric_failed(request: AuthedRequest, error: MetricError) -> None:
    """A metric failed: nothing was scored; say so loudly (and log it) instead of a server error."""
    log.error("assessment scoring failed: %s", error, exc_info=error)
    messages.error(
        request, _("A statistic could not be computed, so no score was changed: %(error)s") % {"error": error}
    )


def get_assessment(request: AuthedRequest, pk: int) -> Assessment:
    return selectors.assessment_in_scope(request, pk)


def permissions(access: Any, a: Assessment) -> dict[str, bool]:
    own = selectors.can_self_assess(access, a)
    review = selectors.can_review(access, a)
    return {
        "can_self": own and a.status in SELF_EDITABLE,
        "can_review": review and a.review_editable,
        "can_start": own and a.status == Status.NOT_STARTED,
        "can_submit": own and a.status in SELF_EDITABLE,
        "can_begin_review": review and a.status == Status.SUBMITTED,
        "can_decide": review and a.review_editable,
        "can_rescore": a.status in SELF_EDITABLE
        and (own or access.can(Perm.CAMPAIGN_MANAGE, a.campaign.organization)),
        "can_tasks": own,
    }


def sheet_context(request: AuthedRequest, a: Assessment, **extra: Any) -> dict[str, Any]:
    access = request.access
    ctx = {"a": a, "campaign": a.campaign, "standard": a.campaign.standard, **permissions(access, a), **extra}
    ctx.update(build_sheet(a, access=request.access, only=extra.get("only")))
    return ctx


class AssessmentView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        a = get_assessment(request, pk)
        if a.computed_at is None and a.status in SELF_EDITABLE:  # never scored yet: do it now
            try:
                a = score_one(a)
            except MetricError as e:
                metric_failed(request, e)
        ctx = sheet_context(request, a, return_form=ReturnForm())
        ctx["tasks"] = RectificationTask.objects.filter(assessment=a).select_related(
            "responsible", "criterion"
        )
        ctx["targets"] = target_for(a)
        ctx["opinions"] = [
            (name, a._meta.get_field(name).verbose_name, getattr(a, name)) for name in OPINION_FIELDS
        ]
        ctx["opinions_editable"] = workflow.opinion_fields(request.access, a)
        ctx["opinion_max"] = workflow.OPINION_MAX
        return render(request, "assessment/assessment.html", ctx)


class AssessmentActView(LoginRequiredMixin, View):
    """start / submit / review / return / accept."""

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        a = get_assessment(request, pk)
        action = request.POST.get("action", "")
        try:
            a = workflow.assessment_act(
                access=request.access,
                assessment=a,
                action=action,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        except MetricError as e:
            metric_failed(request, e)
        else:
            messages.success(
                request, _("The assessment is now %(status)s.") % {"status": a.get_status_display()}
            )
        return redirect("assessment:assessment", pk=a.pk)


class AssessmentOpinionsView(LoginRequiredMixin, View):
    """The opinions on the application: the union's two, or the higher union's (by its inspector)."""

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        a = get_assessment(request, pk)
        try:
            workflow.assessment_opinions_save(access=request.access, assessment=a, data=request.POST.dict())
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("The opinions are saved."))
        return redirect("assessment:assessment", pk=a.pk)


class AssessmentRescoreView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        a = get_assessment(request, pk)
        if not permissions(request.access, a)["can_rescore"]:
            raise PermissionDenied
        try:
            score_one(a)
        except MetricError as e:
            metric_failed(request, e)
        else:
            messages.success(request, _("Scores recomputed from the records."))
        return redirect("assessment:assessment", pk=a.pk)


def _criterion(a: Assessment, pk: int) -> Criterion:
    try:
        return Criterion.objects.get(pk=pk, standard_id=a.campaign.standard_id)
    except Criterion.DoesNotExist:
        raise Http404 from None


class ItemView(LoginRequiredMixin, View):
    """Save one side of one item. htmx gets the item's section back (and the totals); a plain
    form post is redirected to the sheet."""

    def section(
        self,
        request: AuthedRequest,
        a: Assessment,
        criterion: Criterion,
        typed: dict[str, Any] | None = None,
        **extra: Any,
    ) -> HttpResponse:
        """The item's section; ``typed`` = (what was typed, errors by field) of refused values,
        shown in the item's fields instead of the stored ones."""
        a.refresh_from_db()
        ctx = sheet_context(request, a, only=section_key_of(criterion), **extra)
        if typed is not None:
            _show_typed(ctx["sections"][0], criterion, typed["values"], typed["errors"])
        return render(
            request, "assessment/_section.html", {**ctx, "section": ctx["sections"][0], "oob": True}
        )

    def get(self, request: AuthedRequest, pk: int, criterion: int) -> HttpResponse:
        a = get_assessment(request, pk)
        return self.section(request, a, _criterion(a, criterion))

    def post(self, request: AuthedRequest, pk: int, criterion: int) -> HttpResponse:
        a = get_assessment(request, pk)
        c = _criterion(a, criterion)
        form = ScoreForm(request.POST)
        error = ""
        if not form.is_valid():
            error = _("The form was incomplete; reload the page.")
        else:
            try:
                workflow.item_score_save(
                    access=request.access,
                    assessment=a,
                    criterion=c,
                    side=form.cleaned_data["side"],
                    points=form.cleaned_data["points"],
                    comment=form.cleaned_data["comment"],
                    version=form.cleaned_data["version"],
                )
            except ValidationError as e:
                error = " ".join(e.messages)
        if request.htmx:
            # 200 even on refusal: htmx swaps the section, which shows the message beside the item.
            return self.section(
                request, a, c, error=error, error_code=c.code, saved=c.code if not error else ""
            )
        if error:
            messages.error(request, error)
            return redirect(reverse("assessment:assessment", kwargs={"pk": a.pk}) + f"#c{c.pk}")
        messages.success(request, _("Item %(code)s saved.") % {"code": c.code})
        return redirect(reverse("assessment:assessment", kwargs={"pk": a.pk}) + f"#c{c.pk}")


def _show_typed(section: Any, criterion: Criterion, values: dict[str, str], errors: dict[str, str]) -> None:
    for row in section.rows:
        for r in (row, *row.children):
            if r.criterion.pk == criterion.pk:
                for entry in r.reported:
                    entry.typed = values.get(entry.key, "")
                    entry.error = errors.get(entry.key, "")


def _as_stored(criterion: Criterion, values: dict[str, str], errors: dict[str, str]) -> dict[str, str]:
    """What was typed, the accepted values in their stored form (a date input shows only 2026-05-01)."""
    out = dict(values)
    for f in criterion.fields or []:
        if f["key"] not in errors:  # accepted by the service: parses
            out[f["key"]] = parse_value(f, values.get(f["key"], ""))
    return out


class ItemReportedView(ItemView):
    """Save the values the union reports for one item, all at once; htmx gets the item's section
    back with every refused value marked beside its field."""

    def post(self, request: AuthedRequest, pk: int, criterion: int) -> HttpResponse:
        a = get_assessment(request, pk)
        c = _criterion(a, criterion)
        values = {f["key"]: request.POST.get(f"value_{f['key']}", "").strip() for f in c.fields or []}
        errors: dict[str, str] = {}
        error = ""
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            error = _("The form was incomplete; reload the page.")
        else:
            try:
                reported.item_report_save(
                    access=request.access, assessment=a, criterion=c, data=values, version=version
                )
            except ValidationError as e:
                if hasattr(e, "error_dict"):
                    errors = {k: " ".join(ValidationError(v).messages) for k, v in e.error_dict.items()}
                    error = _("Some values were not accepted, so nothing was saved: see the marked fields.")
                else:
                    error = " ".join(e.messages)
            except MetricError as e:
                log.error("assessment scoring failed: %s", e, exc_info=e)
                error = _("A statistic could not be computed, so nothing was saved: %(error)s") % {"error": e}
        typed = {"values": _as_stored(c, values, errors), "errors": errors} if errors else None
        if request.htmx:
            # 200 even on refusal: htmx swaps the section, which shows the messages beside the item.
            return self.section(
                request, a, c, typed, error=error, error_code=c.code, saved=c.code if not error else ""
            )
        back = reverse("assessment:assessment", kwargs={"pk": a.pk}) + f"#c{c.pk}"
        if error:
            messages.error(request, error)
            labels = {f["key"]: f["label"] for f in c.fields or []}
            for key, message in errors.items():
                messages.error(request, f"{labels.get(key, key)}: {message}")
        else:
            messages.success(request, _("Item %(code)s saved.") % {"code": c.code})
        return redirect(back)


class EvidenceUploadView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int, criterion: int) -> HttpResponse:
        a = get_assessment(request, pk)
        c = _criterion(a, criterion)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file to upload."))
        else:
            try:
                workflow.evidence_add(
                    access=request.access,
                    assessment=a,
                    criterion=c,
                    upload=upload,
                    description=request.POST.get("description", ""),
                )
                messages.success(request, _("File uploaded."))
            except ValidationError as e:
                for m in e.messages:
                    messages.error(request, m)
        return redirect(reverse("assessment:assessment", kwargs={"pk": a.pk}) + f"#c{c.pk}")


def _evidence_file(request: AuthedRequest, pk: int) -> tuple[Attachment, ItemScore]:
    ct = ContentType.objects.get_for_model(ItemScore)
    att = get_in_scope(Attachment.objects.filter(content_type=ct), request, pk=pk)
    row = (
        ItemScore.objects.unscoped("visibility is checked on the assessment just below")
        .filter(pk=att.object_id)
        .first()
    )
    if row is None or not selectors.visible_assessments(request.access).filter(pk=row.assessment_id).exists():
        raise Http404
    return att, row


class EvidenceDownloadView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        att, _row = _evidence_file(request, pk)
        return attachment_response(att)


class EvidenceDeleteView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        att, row = _evidence_file(request, pk)
        try:
            workflow.evidence_delete(access=request.access, attachment=att)
            messages.success(request, _("File removed."))
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        return redirect(
            reverse("assessment:assessment", kwargs={"pk": row.assessment_id}) + f"#c{row.criterion_id}"
        )


class GapsView(LoginRequiredMixin, View):
    """存在不足: the items that lose points, the most first, each with its guidance and task."""

    def context(
        self, request: AuthedRequest, a: Assessment, form: GapTaskForm | None = None
    ) -> dict[str, Any]:
        sheet = build_sheet(a, with_evidence=False)
        rows = gaps(sheet)
        tasks: dict[int, list[RectificationTask]] = {}
        for t in RectificationTask.objects.filter(assessment=a).select_related("responsible", "criterion"):
            tasks.setdefault(t.criterion_id, []).append(t)
        can = selectors.can_self_assess(request.access, a)
        people = task_services.people_of(a.organization)
        in_gaps = {r.criterion.pk for r in rows}
        resolved = [
            {"task": t, "now": task_services.points_lost(a, t.criterion)}
            for kind in tasks.values()
            for t in kind
            if t.criterion_id not in in_gaps
        ]
        return {
            "a": a,
            "campaign": a.campaign,
            "rows": [{"row": r, "tasks": tasks.get(r.criterion.pk, [])} for r in rows],
            "resolved": resolved,
            "can_tasks": can,
            "form": form or GapTaskForm(people=people),
            "people": people,
            "lost": sum((r.lost for r in rows if not r.veto), 0),
        }

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        a = get_assessment(request, pk)
        return render(request, "assessment/gaps.html", self.context(request, a))

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        a = get_assessment(request, pk)
        if not selectors.can_self_assess(request.access, a):
            raise PermissionDenied
        form = GapTaskForm(request.POST, people=task_services.people_of(a.organization))
        if form.is_valid():
            d = form.cleaned_data
            given = {
                "assessment": a,
                "criterion": _criterion(a, d["criterion"]),
                "responsible": d["responsible"],
                "due_date": d["due_date"],
                "title": d["title"],
            }
            data = task_services.gap_task_data(**given)
            rt = registry.get("rectification-tasks")
            warnings = record_warnings(rt, data=data, organization=a.organization)
            if not confirmed(warnings, request.POST.get(CONFIRM_FIELD)):  # said before it is opened
                ctx = self.context(request, a, form)
                ctx.update(show_warnings(form, warnings), confirm_data=d)
                return render(request, "assessment/gaps.html", ctx)
            try:
                task = task_services.task_from_gap(access=request.access, **given)
            except ValidationError as e:
                errors_to_form(form, e)
            else:
                messages.success(request, _("Task “%(task)s” opened.") % {"task": task})
                return redirect("assessment:gaps", pk=a.pk)
        return render(request, "assessment/gaps.html", self.context(request, a, form), status=400)


class HistoryView(LoginRequiredMixin, View):
    """Every change of the assessment and its item scores: who, when, what."""

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        a = get_assessment(request, pk)
        items = (
            ItemScore.history.filter(assessment_id=a.pk)
            .select_related("history_user")
            .order_by("-history_date")[:500]
        )
        criteria = list(
            Criterion.objects.filter(standard_id=a.campaign.standard_id).only("pk", "code", "fields")
        )
        codes = {c.pk: c.code for c in criteria}
        fields = {c.pk: c for c in criteria if c.fields}
        states = a.history.select_related("history_user").order_by("-history_date")[:200]
        status_labels = dict(Status.choices)
        events = [
            {
                "date": h.history_date,
                "user": h.history_user,
                "code": codes.get(h.criterion_id, ""),
                "self_points": h.self_points,
                "self_comment": h.self_comment,
                "review_points": h.review_points,
                "review_comment": h.review_comment,
                "version": h.version,
                "reported": [e for e in reported_of(fields[h.criterion_id], h) if e.value]
                if h.criterion_id in fields
                else [],
            }
            for h in items
        ]
        changes = [
            {
                "date": h.history_date,
                "user": h.history_user,
                "status": status_labels.get(h.status, h.status),
                "returned": h.status == Status.RETURNED,
                "reason": h.return_reason,
                "score": h.score,
            }
            for h in states
        ]
        return render(
            request,
            "assessment/history.html",
            {"a": a, "campaign": a.campaign, "events": events, "changes": changes},
        )
