"""Labor protection and mediation: record types, navigation and metrics join the machinery here."""

from __future__ import annotations

from gonghui.core.records import RecordType, register
from gonghui.protection.models import Accident, AnkangCup, Inspection, LaborInspector, MediationCase

register(
    RecordType(
        model=LaborInspector,
        slug="labor-inspectors",
        icon="shield-check",
        list_display=["name", "level", "unit", "team__name", "appointed_on", "organization__name"],
        list_filters=["level"],
        search_fields=["name", "unit", "team__name"],
        form_fields=["level", "name", "member", "unit", "team", "appointed_on", "left_on", "note"],
        ordering=["organization__path", "level", "team__path", "pk"],
        select_related=["organization", "team"],
        nav_order=150,
    )
)

register(
    RecordType(
        model=Inspection,
        slug="inspections",
        period_field="inspected_on",
        icon="search",
        list_display=[
            "inspected_on",
            "place",
            "hazard_level",
            "rectification_required",
            "rectify_by",
            "rectified_on",
            "organization__name",
        ],
        list_filters=["hazard_level", "rectification_required"],
        search_fields=["place", "findings", "rectification"],
        form_fields=[
            "inspected_on",
            "place",
            "inspectors",
            "findings",
            "hazard_level",
            "rectification_required",
            "rectify_by",
            "rectified_on",
            "rectification",
        ],
        select_related=["organization"],
        ordering=["-inspected_on", "-pk"],
        nav_order=151,
    )
)

register(
    RecordType(
        model=AnkangCup,
        slug="ankang-cup",
        icon="trophy",
        list_display=["year", "organization__name", "teams", "participants", "result"],
        list_filters=["year"],
        search_fields=["result", "organization__name"],
        form_fields=["year", "joined_on", "teams", "participants", "result", "note"],
        select_related=["organization"],
        ordering=["-year", "organization__path"],
        nav_order=152,
    )
)

register(
    RecordType(
        model=MediationCase,
        slug="mediation-cases",
        period_field="received_on",
        icon="people",
        list_display=[
            "title",
            "kind",
            "collective_dispute",
            "workers_involved",
            "received_on",
            "closed_on",
            "outcome",
            "organization__name",
        ],
        list_filters=["kind", "outcome", "collective_dispute"],
        search_fields=["title", "applicant", "respondent", "summary"],
        form_fields=[
            "title",
            "applicant",
            "respondent",
            "kind",
            "collective_dispute",
            "workers_involved",
            "received_on",
            "closed_on",
            "outcome",
            "summary",
            "agreement",
        ],
        select_related=["organization"],
        ordering=["-received_on", "-pk"],
        nav_order=153,
    )
)

register(
    RecordType(
        model=Accident,
        slug="accidents",
        period_field="occurred_on",
        icon="exclamation-triangle",
        list_display=[
            "occurred_on",
            "place",
            "grade",
            "deaths",
            "serious_injuries",
            "minor_injuries",
            "organization__name",
        ],
        list_filters=["grade"],
        search_fields=["place", "cause", "union_action"],
        form_fields=[
            "occurred_on",
            "place",
            "grade",
            "deaths",
            "serious_injuries",
            "minor_injuries",
            "cause",
            "union_action",
        ],
        select_related=["organization"],
        ordering=["-occurred_on", "-pk"],
        nav_order=154,
    )
)
