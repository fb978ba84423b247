"""Scores from the records, set-based: N unions cost the same number of queries as one.

``score_assessments`` recomputes the assessments still in the union's hands: per
campaign, each metric of its standard is computed once for all of its unions
(``core.metrics.compute``), every rule is applied in memory, and the results are written
back with one prepared statement executed for all rows. Submitted assessments keep the
values they were submitted with; accepted ones are frozen.

``refresh_totals`` re-adds one assessment after a person scored an item.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from gonghui.assessment.bulk import Scored, score_many
from gonghui.assessment.measures import Context, compute_all
from gonghui.assessment.models import REVIEW_SIDE, SELF_EDITABLE, Assessment, Campaign, ItemScore
from gonghui.assessment.scoring import Compiled, compile_standard, grade_for, points_text, totals
from gonghui.core.scope import unscoped
from gonghui.orgs.models import Organization


def score_assessments(assessments: QuerySet[Assessment]) -> int:
    """Recompute the editable ones among ``assessments`` from the records; returns how many.

    Raises ``MetricError`` if a metric fails: a broken metric never scores silently.
    """
    done = 0
    with unscoped("scores are computed from every union's records"), transaction.atomic():
        editable = Assessment.objects.filter(pk__in=assessments.values("pk"), status__in=SELF_EDITABLE)
        campaign_ids = sorted(set(editable.order_by().values_list("campaign_id", flat=True).distinct()))
        for campaign in Campaign.objects.filter(pk__in=campaign_ids).select_related("standard"):
            done += _score_campaign(campaign, editable.filter(campaign=campaign))
    return done


def _score_campaign(campaign: Campaign, assessments: QuerySet[Assessment]) -> int:
    compiled = compile_standard(campaign.standard)
    rows = list(assessments.order_by().values_list("pk", "organization_id"))
    if not rows:
        return 0
    whole = Assessment.objects.filter(campaign=campaign, status__in=SELF_EDITABLE)
    # The whole campaign (the usual case) as a one-level subquery: every metric repeats it.
    targets = whole if whole.count() == len(rows) else assessments
    orgs = Organization.objects.filter(pk__in=targets.values("organization_id"))
    overrides, reported = _people(assessments)
    by_org = {org_id: overrides[pk] for pk, org_id in rows if pk in overrides}
    org_of = dict(rows)
    ctx = Context(
        orgs,
        campaign.year,
        campaign.pk,
        {
            code: {org_of[pk]: values for pk, values in by_pk.items() if pk in org_of}
            for code, by_pk in reported.items()
        },
    )
    columns = compute_all(compiled.measures, ctx)
    scored = score_many(compiled, columns, [org_id for _pk, org_id in rows], by_org)
    _write([(pk, scored[org_id]) for pk, org_id in rows])
    return len(rows)


def _people(
    assessments: QuerySet[Assessment],
) -> tuple[dict[int, dict[str, tuple[Any, Any]]], dict[str, dict[int, dict[str, Any]]]]:
    """What people entered: {assessment: {code: (self, review)}} for the items they scored, and
    {code: {assessment: {key: value}}} for the values the union reported."""
    scores: dict[int, dict[str, tuple[Any, Any]]] = defaultdict(dict)
    reported: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    rows = ItemScore.objects.filter(assessment__in=assessments.values("pk")).values_list(
        "assessment_id", "criterion__code", "self_points", "review_points", "reported"
    )
    for pk, code, own, review, values in rows:
        if own is not None or review is not None:
            scores[pk][code] = (own, review)
        if values:
            reported[code][pk] = values
    return scores, reported


def _write(rows: list[tuple[int, Scored]]) -> None:
    """One UPDATE statement run for every row (executemany). Django's bulk_update would build a
    CASE expression per batch: slower, and its query count grows with the rows. The JSON is
    already text (see ``bulk.score_many``); numbers go as text, which both databases cast."""
    meta = Assessment._meta
    qn = connection.ops.quote_name
    json_cast = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    columns = [
        (meta.get_field("computed").column, json_cast),
        (meta.get_field("points").column, json_cast),
        (meta.get_field("computed_at").column, "%s"),
        (meta.get_field("self_total").column, "%s"),
        (meta.get_field("review_total").column, "%s"),
        (meta.get_field("score").column, "%s"),
        (meta.get_field("grade").column, "%s"),
        (meta.get_field("vetoed").column, "%s"),
    ]
    sets = ", ".join(f"{qn(column)} = {placeholder}" for column, placeholder in columns)
    sql = f"UPDATE {qn(meta.db_table)} SET {sets} WHERE {qn(meta.pk.column)} = %s"  # noqa: S608 (names from the model)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [
        (
            s.computed,
            s.points,
            now,
            str(s.self_total),
            str(s.review_total),
            str(s.self_total),
            s.grade,
            s.vetoed,
            pk,
        )
        for pk, s in rows
    ]  # score: the union's total while the union self-assesses
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def overrides_of(assessment: Assessment) -> dict[str, tuple[Any, Any]]:
    """{criterion code: (the union's score, the inspector's)} of one assessment."""
    item_scores = ItemScore.objects.unscoped("the scores of an assessment the caller already holds")
    return {
        code: (s, r)
        for code, s, r in item_scores.filter(assessment=assessment).values_list(
            "criterion__code", "self_points", "review_points"
        )
    }


def refresh_totals(assessment: Assessment, *, compiled: Compiled | None = None) -> Assessment:
    """Re-add one assessment from its stored computed values and the people's scores."""
    compiled = compiled or compile_standard(assessment.campaign.standard)
    t = totals(compiled, assessment.computed or {}, overrides_of(assessment))
    review_side = assessment.status in REVIEW_SIDE
    score = t.review_total if review_side else t.self_total
    vetoed = t.review_vetoed if review_side else t.self_vetoed
    assessment.points = points_text(t.review_points if review_side else t.self_points)
    assessment.self_total = t.self_total
    assessment.review_total = t.review_total
    assessment.score = score
    assessment.vetoed = vetoed
    assessment.grade = grade_for(
        compiled, score, vetoed, bool(t.review_short if review_side else t.self_short)
    )
    assessment.save(update_fields=["points", "self_total", "review_total", "score", "vetoed", "grade"])
    return assessment


def score_one(assessment: Assessment) -> Assessment:
    """Recompute one assessment from the records if it is still the union's, then re-read it."""
    score_assessments(
        Assessment.objects.unscoped("the assessment the caller already holds").filter(pk=assessment.pk)
    )
    assessment.refresh_from_db()
    return assessment
