"""All scores of a campaign to Excel: one row per union, one column per item, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.assessment import selectors
from gonghui.assessment.models import REVIEW_SIDE, Assessment, Campaign, CriterionKind, Status
from gonghui.core.exporters import Exporter

LABELS = dict(Status.choices)


class CampaignScoresExporter(Exporter):
    def __init__(self, campaign: Campaign, assessments: QuerySet[Assessment]) -> None:
        self.campaign = campaign
        self.assessments = assessments
        self.filename = _("%(campaign)s - scores") % {"campaign": campaign.name}
        self.criteria = [
            c
            for c in selectors.criteria_of(campaign.standard)
            if c.kind in (CriterionKind.ITEM, CriterionKind.SUB, CriterionKind.BONUS, CriterionKind.VETO)
        ]

    def header(self) -> list[str]:
        head = [
            _("Code"),
            pgettext("assessed", "Union"),
            _("Status"),
            _("Self-assessment score"),
            _("Inspection score"),
            _("Score"),
            _("Grade"),
            _("Vetoed"),
        ]
        for c in self.criteria:
            top = _("veto") if c.kind == CriterionKind.VETO else str(c.points.normalize())
            head.append(f"{c.code} {c.title}（{top}）")
        return head

    def rows(self) -> Iterator[list[Any]]:
        fields = (
            "organization__code",
            "organization__name",
            "status",
            "self_total",
            "review_total",
            "score",
            "grade",
            "vetoed",
            "points",
        )
        qs = self.assessments.order_by("-score", "organization__path").values_list(*fields)
        for code, name, status, own, review, score, grade, vetoed, points in qs.iterator(chunk_size=2000):
            review = review if status in REVIEW_SIDE else None  # no inspection score before the inspector's
            row: list[Any] = [code, name, str(LABELS.get(status, status)), own, review, score, grade, vetoed]
            points = points or {}
            row += [Decimal(points[c.code]) if c.code in points else None for c in self.criteria]
            yield row
