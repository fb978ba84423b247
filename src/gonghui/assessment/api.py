"""REST endpoints of the assessment engine, over the same services and visibility as the pages.

Mounted at /api/v1/assessment. Rectification tasks are a record type and have the
generic endpoints at /api/v1/rectification-tasks/.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, get_type_hints

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gonghui.accounts.roles import Perm
from gonghui.assessment import selectors
from gonghui.assessment.models import Campaign, Criterion, Target
from gonghui.assessment.models import Status as AssessmentStatus
from gonghui.assessment.services import campaigns as campaign_services
from gonghui.assessment.services import reported, workflow
from gonghui.assessment.services import targets as target_services
from gonghui.assessment.services.scores import score_one
from gonghui.assessment.services.standards import standard_publish
from gonghui.assessment.sheet import build_sheet
from gonghui.assessment.targets import metric_choices
from gonghui.core.api import ErrorOut
from gonghui.core.bounds import Id, Year
from gonghui.core.metrics import MetricError
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.models import Organization

router = Router(tags=["Assessment"])


# ---- schemas -------------------------------------------------------------------
class StandardOut(Schema):
    id: int
    code: str
    version: int
    title: str
    total_points: Decimal
    bonus_max: Decimal
    grades: list[dict[str, str]]
    publisher_id: int | None
    content_hash: str

    @staticmethod
    def resolve_publisher_id(obj: Any) -> int | None:
        return obj.organization_id


class StandardDetailOut(StandardOut):
    definition: dict[str, Any]


class StandardLoaded(Schema):
    created: bool
    standard: StandardOut


class CampaignIn(Schema):
    organization: int
    name: str
    year: int
    standard: int
    root: int | None = None
    org_types: list[str] = ["grassroots", "joint"]
    self_deadline: dt.date
    acceptance_deadline: dt.date


class CampaignOut(Schema):
    id: int
    organization_id: int
    name: str
    year: int
    standard_id: int
    root_id: int
    org_types: list[str]
    self_deadline: dt.date
    acceptance_deadline: dt.date


class CampaignStats(CampaignOut):
    progress: dict[str, int]
    average_score: Decimal | None
    grades: dict[str, int]
    distribution: list[dict[str, Any]]
    most_lost: list[dict[str, Any]]
    previous_campaign_id: int | None


class AssignIn(Schema):
    inspector: int
    organizations: list[int] | None = None


class AssignOut(Schema):
    added: int


class AssessmentOut(Schema):
    id: int
    organization_id: int
    organization: str
    campaign_id: int
    status: str
    self_total: Decimal
    review_total: Decimal | None  # none until the inspector has scored (``Assessment.inspected``)
    score: Decimal
    grade: str
    vetoed: bool
    return_reason: str
    party_opinion: str
    administration_opinion: str
    higher_union_opinion: str
    computed_at: dt.datetime | None
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_review_total(obj: Any) -> Decimal | None:
        return obj.inspection_total


class ItemOut(Schema):
    criterion_id: int
    code: str
    kind: str
    title: str
    points: Decimal
    rule: str
    value: str
    computed: Decimal | None
    self_points: Decimal
    review_points: Decimal | None  # none until the inspector has scored
    self_override: Decimal | None
    review_override: Decimal | None
    self_comment: str
    review_comment: str
    version: int
    evidence: list[str]
    mandatory: bool = False
    notes: list[str] = []  # why the points are what they are: a failed gate, an unknown value …
    self_reported: bool = False
    pending: bool = False  # left to people and not judged yet
    fields: list[dict[str, str]]
    reported: dict[str, str]


class AssessmentDetailOut(AssessmentOut):
    items: list[ItemOut]


class ActionIn(Schema):
    action: str
    reason: str = ""


class ItemIn(Schema):
    side: str
    points: Decimal | None = None
    comment: str = ""
    version: int


class ReportedIn(Schema):
    """All the values the union reports for the item ({field key: value}); a field left out or
    empty is cleared."""

    values: dict[str, str | int | float | None]
    version: int


# ---- standards ---------------------------------------------------------------
@router.get("/standards", response=list[StandardOut], summary="Scoring standards the caller may use")
def standards(request: AuthedRequest) -> Any:
    return selectors.visible_standards(request.access)


@router.get("/standards/{int:pk}", response=StandardDetailOut, summary="One standard with its definition")
def standard(request: AuthedRequest, pk: int) -> Any:
    return get_in_scope(selectors.visible_standards(request.access), request, pk=pk)


@router.post(
    "/standards",
    response={201: StandardLoaded, 200: StandardLoaded, 400: ErrorOut, 403: ErrorOut},
    summary="Load a standard file (YAML or Excel); the same content loads once",
)
def standard_upload(
    request: AuthedRequest, file: File[UploadedFile], organization: Form[int | None] = None
) -> Any:
    access = request.access
    publisher = None
    if organization is not None:
        publisher = get_in_scope(Organization.objects.all(), request, pk=organization)
    std, created = standard_publish(
        access=access, content=file.read(), filename=file.name or "", organization=publisher
    )
    return Status(201 if created else 200, {"created": created, "standard": std})


# ---- campaigns -----------------------------------------------------------------
def _campaign(request: AuthedRequest, pk: int) -> Campaign:
    return get_in_scope(selectors.visible_campaigns(request.access), request, pk=pk)


def resolved(fn: Any) -> Any:
    """Annotations as objects: ``@paginate``'s wrapper would have ninja read the names in its module."""
    fn.__annotations__ = get_type_hints(fn, include_extras=True)
    return fn


@router.get("/campaigns", response=list[CampaignOut], summary="Campaigns the caller may see")
@paginate
@resolved
def campaigns(request: AuthedRequest, year: Year | None = None) -> Any:
    qs = selectors.visible_campaigns(request.access).order_by("-year", "name")
    return qs.filter(year=year) if year is not None else qs


def _metric_failed(error: MetricError) -> Any:
    # Not a server crash: the records cannot be scored now, and nothing was written.
    return Status(409, {"detail": str(error), "errors": {}})


@router.post(
    "/campaigns",
    response={201: CampaignOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="Create a campaign",
)
def campaign_create(request: AuthedRequest, payload: CampaignIn) -> Any:
    access = request.access
    org = get_in_scope(Organization.objects.all(), request, pk=payload.organization)
    std = get_in_scope(selectors.visible_standards(access), request, pk=payload.standard)
    root = get_in_scope(Organization.objects.all(), request, pk=payload.root) if payload.root else None
    data = payload.dict(exclude={"organization", "standard", "root"})
    data.update(standard=std, root=root)
    try:
        return Status(201, campaign_services.campaign_create(access=access, organization=org, data=data))
    except MetricError as e:
        return _metric_failed(e)


@router.get("/campaigns/{int:pk}", response=CampaignStats, summary="A campaign with its progress and figures")
def campaign(request: AuthedRequest, pk: int) -> Any:
    c = _campaign(request, pk)
    qs = selectors.visible_assessments(request.access).filter(campaign=c)
    previous = selectors.previous_campaign(c)
    c.progress = selectors.progress(qs)  # type: ignore[attr-defined]
    c.average_score = selectors.averages(qs)["score"]  # type: ignore[attr-defined]
    c.grades = selectors.grade_counts(qs)  # type: ignore[attr-defined]
    c.distribution = selectors.distribution(qs)  # type: ignore[attr-defined]
    c.most_lost = [  # type: ignore[attr-defined]
        {"code": m["criterion"].code, "title": m["criterion"].title, "lost": m["lost"], "unions": m["unions"]}
        for m in selectors.most_lost(c, qs)
    ]
    c.previous_campaign_id = previous.pk if previous is not None else None  # type: ignore[attr-defined]
    return c


@router.post(
    "/campaigns/{int:pk}/assignments",
    response={200: AssignOut, 400: ErrorOut, 403: ErrorOut},
    summary="Assign an inspector to unions of the campaign",
)
def campaign_assign(request: AuthedRequest, pk: int, payload: AssignIn) -> Any:
    c = _campaign(request, pk)
    if not selectors.can_manage(request.access, c):
        raise PermissionDenied
    inspector = get_in_scope(campaign_services.inspector_candidates(c), request, pk=payload.inspector)
    orgs = None
    if payload.organizations is not None:
        orgs = list(Organization.objects.filter(pk__in=payload.organizations))
        if len(orgs) != len(set(payload.organizations)):
            raise Http404
    added = campaign_services.assign_inspector(
        access=request.access,
        campaign=c,
        inspector=inspector,
        organizations=orgs,
    )
    return {"added": added}


# ---- targets ---------------------------------------------------------------------
class TargetMetricOut(Schema):
    name: str
    label: str


class TargetOut(Schema):
    metric: str
    union: int | None
    union_code: str | None
    org_type: str
    value: Decimal

    @staticmethod
    def resolve_union(obj: Any) -> int | None:
        return obj.union_id

    @staticmethod
    def resolve_union_code(obj: Any) -> str | None:
        return obj.union.code if obj.union_id else None


class TargetsOut(Schema):
    metrics: list[TargetMetricOut]
    targets: list[TargetOut]


class TargetIn(Schema):
    metric: str
    union: int | None = None
    org_type: str = ""
    value: Decimal | None = None


class TargetsIn(Schema):
    targets: list[TargetIn]


class TargetsPutOut(Schema):
    set: int
    cleared: int
    unchanged: int


def _managed_campaign(request: AuthedRequest, pk: int) -> Campaign:
    c = _campaign(request, pk)
    if not selectors.can_manage(request.access, c):
        raise PermissionDenied
    return c


@router.get(
    "/campaigns/{int:pk}/targets",
    response={200: TargetsOut, 403: ErrorOut},
    summary="The campaign's targets: per type (union null) and per union",
)
def campaign_targets(request: AuthedRequest, pk: int, metric: str | None = None) -> Any:
    c = _managed_campaign(request, pk)
    choices = metric_choices(c.standard)
    names = [n for n, _label in choices]
    if metric is not None:
        names = [n for n in names if n == metric]
    rows = (
        Target.objects.filter(campaign=c, metric__in=names)
        .select_related("union")
        .order_by("metric", "union__path", "org_type")
    )
    return {"metrics": [{"name": n, "label": label} for n, label in choices], "targets": list(rows)}


@router.put(
    "/campaigns/{int:pk}/targets",
    response={200: TargetsPutOut, 400: ErrorOut, 403: ErrorOut},
    summary="Set targets (value null clears one); all are checked first, one error writes nothing",
)
def campaign_targets_put(request: AuthedRequest, pk: int, payload: TargetsIn) -> Any:
    c = _managed_campaign(request, pk)
    outcome = target_services.targets_put(
        access=request.access, campaign=c, items=[t.dict() for t in payload.targets]
    )
    return {"set": outcome.set, "cleared": outcome.cleared, "unchanged": outcome.unchanged}


# ---- assessments ----------------------------------------------------------------
def _assessment(request: AuthedRequest, pk: int) -> Any:
    qs = selectors.visible_assessments(request.access).select_related("campaign__standard")
    return get_in_scope(qs, request, pk=pk)


@router.get("/assessments", response=list[AssessmentOut], summary="Assessments the caller may read")
@paginate
@resolved
def assessments(request: AuthedRequest, campaign: Id | None = None, status: str | None = None) -> Any:
    qs = selectors.visible_assessments(request.access).order_by("campaign_id", "-score", "pk")
    if campaign is not None:
        qs = qs.filter(campaign_id=campaign)
    if status in AssessmentStatus.values:
        qs = qs.filter(status=status)
    return qs


def _detail(a: Any, access: Any) -> Any:
    sheet = build_sheet(a, access=access)
    items = []
    for section in sheet["sections"]:
        for row in section.rows:
            for r in [row, *row.children]:
                items.append(
                    {
                        "criterion_id": r.criterion.pk,
                        "code": r.criterion.code,
                        "kind": r.criterion.kind,
                        "title": r.criterion.title,
                        "points": r.top,
                        "rule": r.rule_text,
                        "value": r.value,
                        "computed": r.computed,
                        "self_points": r.self_points,
                        "review_points": r.review_points if a.inspected else None,
                        "self_override": r.score.self_points if r.score else None,
                        "review_override": r.score.review_points if r.score else None,
                        "self_comment": r.score.self_comment if r.score else "",
                        "review_comment": r.score.review_comment if r.score else "",
                        "version": r.version,
                        "evidence": [url for url, _label in r.evidence],
                        "mandatory": r.criterion.mandatory,
                        "notes": r.notes,
                        "self_reported": r.self_reported,
                        "pending": r.pending,
                        "fields": r.criterion.fields or [],
                        "reported": {e.key: e.value for e in r.reported if e.value},
                    }
                )
    a.items = items
    return a


@router.get("/assessments/{int:pk}", response=AssessmentDetailOut, summary="One assessment, item by item")
def assessment(request: AuthedRequest, pk: int) -> Any:
    return _detail(_assessment(request, pk), request.access)


@router.post(
    "/assessments/{int:pk}/rescore",
    response={200: AssessmentOut, 403: ErrorOut, 409: ErrorOut},
    summary="Recompute from the records (until submission)",
)
def assessment_rescore(request: AuthedRequest, pk: int) -> Any:
    a = _assessment(request, pk)
    access = request.access
    if not (
        selectors.can_self_assess(access, a) or access.can(Perm.CAMPAIGN_MANAGE, a.campaign.organization)
    ):
        raise PermissionDenied
    try:
        return score_one(a)
    except MetricError as e:
        return _metric_failed(e)


@router.post(
    "/assessments/{int:pk}/actions",
    response={200: AssessmentOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="start | submit | review | return (with reason) | accept",
)
def assessment_action(request: AuthedRequest, pk: int, payload: ActionIn) -> Any:
    a = _assessment(request, pk)
    try:
        return workflow.assessment_act(
            access=request.access,
            assessment=a,
            action=payload.action,
            reason=payload.reason,
        )
    except MetricError as e:
        return _metric_failed(e)


@router.put(
    "/assessments/{int:pk}/items/{int:criterion}",
    response={200: ItemOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="Score one item on the union's side (self) or the inspector's (review)",
)
def item_score(request: AuthedRequest, pk: int, criterion: int, payload: ItemIn) -> Any:
    return _on_item(
        request,
        pk,
        criterion,
        lambda a, c: workflow.item_score_save(
            access=request.access,
            assessment=a,
            criterion=c,
            side=payload.side,
            points=payload.points,
            comment=payload.comment,
            version=payload.version,
        ),
    )


@router.put(
    "/assessments/{int:pk}/items/{int:criterion}/reported",
    response={200: ItemOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="The values the union reports for one item (all at once; until submission)",
)
def item_reported(request: AuthedRequest, pk: int, criterion: int, payload: ReportedIn) -> Any:
    return _on_item(
        request,
        pk,
        criterion,
        lambda a, c: reported.item_report_save(
            access=request.access,
            assessment=a,
            criterion=c,
            data=dict(payload.values),
            version=payload.version,
        ),
    )


def _on_item(request: AuthedRequest, pk: int, criterion: int, save: Any) -> Any:
    """One item's save, as both item endpoints answer it: the item afterwards, 409 on a
    concurrent edit or a failed statistic."""
    a = _assessment(request, pk)
    c = get_in_scope(Criterion.objects.filter(standard_id=a.campaign.standard_id), request, pk=criterion)
    try:
        save(a, c)
    except workflow.ConflictError as e:
        return Status(409, {"detail": e.messages[0], "errors": {"version": e.messages}})
    except MetricError as e:
        return _metric_failed(e)
    a.refresh_from_db()
    return next(i for i in _detail(a, request.access).items if i["criterion_id"] == c.pk)
