"""Who sees which standards, campaigns and assessments, and the federation's figures.

Assessments are read through ``visible_assessments``: a grant that reviews (the
inspector's) opens only the assessments its holder is assigned to; any other grant
with ``assessment.view`` opens the assessments of its subtree (the union's own, a
federation's whole campaign). Campaigns are seen by whoever may read the federation
running them, or through an assessment of theirs in it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Avg, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When

from gonghui.accounts.roles import Perm
from gonghui.assessment.models import (
    REVIEW_SIDE,
    Assessment,
    Assignment,
    Campaign,
    Criterion,
    CriterionKind,
    Standard,
    Status,
)
from gonghui.assessment.scoring import compile_standard
from gonghui.core.scoping import get_in_scope, subtree_q
from gonghui.orgs.models import Organization

ZERO = Decimal(0)


def _paths(access: Any, *, reviewing: bool) -> list[str]:
    """Paths of grants carrying assessment.view that do (or do not) carry assessment.review."""
    return [
        g.path
        for g in access.grants
        if Perm.ASSESS_VIEW in g.perms and (Perm.ASSESS_REVIEW in g.perms) == reviewing
    ]


def _any_of(paths: list[str], field: str) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= subtree_q(p, field)
    return q


def assessment_q(access: Any, prefix: str = "") -> Q:
    """Q over assessments (or rows reaching one through ``prefix``) the user may read."""
    if access.is_superuser:
        return Q()
    q = _any_of(_paths(access, reviewing=False), f"{prefix}organization__path")
    review_paths = _paths(access, reviewing=True)
    if review_paths and access.user.pk is not None:
        outer = OuterRef(prefix.removesuffix("__") or "pk")  # the assessment's id
        assigned = Exists(
            Assignment.objects.unscoped("an inspector's assignments reach unions beyond their grants").filter(
                assessment=outer, inspector_id=access.user.pk
            )
        )
        q |= assigned & _any_of(review_paths, f"{prefix}organization__path")
    return q


def visible_assessments(access: Any) -> QuerySet[Assessment]:
    return Assessment.objects.filter(assessment_q(access)).select_related("organization", "campaign")


def assessment_in_scope(request: Any, pk: int) -> Assessment:
    """The assessment ``pk`` if the requesting user may read it, else 404 (an attempt on another
    tree is audited): the assessment page and its downloads (reports.assessment_report) use it."""
    qs = visible_assessments(request.access).select_related("campaign__standard", "campaign__organization")
    return get_in_scope(qs, request, pk=pk)


def visible_campaigns(access: Any) -> QuerySet[Campaign]:
    """Campaigns run by a federation the user may read, or covering an assessment they see.

    A union's chair cannot read the federation above it: the campaign is reached through
    the union's own assessment, past the ambient scope, by an explicit visibility rule.
    """
    if access.is_superuser:
        return Campaign.objects.unscoped("a superuser sees every federation's campaigns").all()
    own = _any_of(_paths(access, reviewing=False), "organization__path")
    through = Q(pk__in=Assessment.objects.filter(assessment_q(access)).values("campaign_id"))
    return Campaign.objects.unscoped("a union reaches the campaign of the federation above").filter(
        own | through
    )


def visible_standards(access: Any) -> QuerySet[Standard]:
    """Shipped standards, and those published by a federation at or above the user's grants."""
    if access.is_superuser:
        return Standard.objects.all()
    q = Q(organization__isnull=True)
    for g in access.grants:
        # A standard published by an ancestor (or by the granted node itself) is the user's to use.
        ancestors = [g.path[:i] for i in range(Organization.steplen, len(g.path) + 1, Organization.steplen)]
        q |= Q(organization__path__in=ancestors)
        q |= subtree_q(g.path, "organization__path")
    return Standard.objects.filter(q)


def standards_for(organization: Organization) -> QuerySet[Standard]:
    """Standards a campaign of ``organization`` may use: shipped, or published at or above it."""
    step = Organization.steplen
    ancestors = [organization.path[:i] for i in range(step, len(organization.path) + 1, step)]
    return Standard.objects.filter(Q(organization__isnull=True) | Q(organization__path__in=ancestors))


def is_assigned(access: Any, assessment: Assessment) -> bool:
    if access.is_superuser:
        return True
    return (
        Assignment.objects.unscoped("an inspector's assignment is held by the federation")
        .filter(assessment=assessment, inspector_id=access.user.pk)
        .exists()
    )


def can_self_assess(access: Any, assessment: Assessment) -> bool:
    return access.can(Perm.ASSESS_SELF, assessment.organization)


def can_review(access: Any, assessment: Assessment) -> bool:
    return access.can(Perm.ASSESS_REVIEW, assessment.organization) and is_assigned(access, assessment)


def can_manage(access: Any, campaign: Campaign) -> bool:
    return access.can(Perm.CAMPAIGN_MANAGE, campaign.organization)


def criteria_of(standard: Standard) -> list[Criterion]:
    return list(standard.criteria.all().order_by("position"))


# ---- the federation's view of a campaign ----------------------------------------------------
BUCKETS = [
    (Decimal(90), None),
    (Decimal(80), Decimal(90)),
    (Decimal(70), Decimal(80)),
    (Decimal(60), Decimal(70)),
    (None, Decimal(60)),
]


def progress(assessments: QuerySet[Assessment]) -> dict[str, int]:
    counts = dict(assessments.order_by().values_list("status").annotate(n=Count("pk")))
    return {s.value: counts.get(s.value, 0) for s in Status}


def distribution(assessments: QuerySet[Assessment]) -> list[dict[str, Any]]:
    """How many unions score in each ten-point band (one query)."""
    aggregates = {}
    for i, (low, high) in enumerate(BUCKETS):
        q = Q()
        if low is not None:
            q &= Q(score__gte=low)
        if high is not None:
            q &= Q(score__lt=high)
        aggregates[f"b{i}"] = Count("pk", filter=q)
    counts = assessments.order_by().aggregate(**aggregates)
    return [{"low": low, "high": high, "count": counts[f"b{i}"]} for i, (low, high) in enumerate(BUCKETS)]


def grade_counts(assessments: QuerySet[Assessment]) -> dict[str, int]:
    return dict(assessments.exclude(grade="").order_by().values_list("grade").annotate(n=Count("pk")))


def averages(assessments: QuerySet[Assessment]) -> dict[str, Any]:
    return assessments.order_by().aggregate(
        score=Avg("score"),
        self_total=Avg("self_total"),
        units=Count("pk"),
        vetoed=Count("pk", filter=Q(vetoed=True)),
    )


def most_lost(campaign: Campaign, assessments: QuerySet[Assessment], limit: int = 10) -> list[dict[str, Any]]:
    """The items that lose the most points across the unions, from each one's current points."""
    criteria = {c.code: c for c in criteria_of(campaign.standard)}
    compiled = compile_standard(campaign.standard, criteria.values())
    leaf_items = {
        n.code: criteria[n.code] for n in compiled.leaves if n.kind in (CriterionKind.ITEM, CriterionKind.SUB)
    }
    lost = dict.fromkeys(leaf_items, ZERO)
    losing = dict.fromkeys(leaf_items, 0)
    n = 0
    for points in assessments.order_by().values_list("points", flat=True).iterator(chunk_size=2000):
        n += 1
        for code, c in leaf_items.items():
            got = Decimal(points.get(code, "0")) if points else ZERO
            if got < c.points:
                lost[code] += c.points - got
                losing[code] += 1
    rows = [
        {
            "criterion": leaf_items[code],
            "lost": total,
            "average": (total / n).quantize(Decimal("0.01")) if n else ZERO,
            "unions": losing[code],
        }
        for code, total in lost.items()
        if total > 0
    ]
    rows.sort(key=lambda r: (-r["lost"], r["criterion"].position))
    return rows[:limit]


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """The same federation's campaign of the year before (the latest one, same standard code first)."""
    qs = Campaign.objects.unscoped("the federation's own earlier campaign, above the union").filter(
        organization_id=campaign.organization_id, year=campaign.year - 1
    )
    same = qs.filter(standard__code=campaign.standard.code).order_by("-created_at").first()
    return same or qs.order_by("-created_at").first()


def inspected_first() -> Case:
    """An ordering that puts a union's inspected assessments before those still in its hands:
    of a year's several (a standardization campaign, a 模范职工之家 review), the one that was
    reviewed speaks for the year."""
    return Case(When(status__in=REVIEW_SIDE, then=Value(0)), default=Value(1))
