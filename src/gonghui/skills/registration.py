"""Competitions and training: record types, navigation and metrics join the machinery here."""

from __future__ import annotations

from gonghui.core.records import RecordType, register
from gonghui.skills.models import Competition, CompetitionAward, LearningIncentive, Training

register(
    RecordType(
        model=Competition,
        slug="competitions",
        period_field="started_on",
        icon="award",
        list_display=[
            "name",
            "kind",
            "level",
            "started_on",
            "ended_on",
            "external",
            "participant_count",
            "organization__name",
        ],
        list_filters=["kind", "level", "external"],
        search_fields=["name", "organizer", "results"],
        form_fields=[
            "name",
            "kind",
            "level",
            "started_on",
            "ended_on",
            "organizer",
            "external",
            "participants",
            "participant_count",
            "results",
        ],
        select_related=["organization"],
        ordering=["-started_on", "-pk"],
        nav_order=160,
    )
)

register(
    RecordType(
        model=CompetitionAward,
        slug="competition-awards",
        icon="trophy",
        parent_field="competition",
        list_display=["winner", "award", "competition", "organization__name"],
        search_fields=["winner", "award", "competition__name"],
        form_fields=["competition", "award", "winner", "member", "note"],
        select_related=["organization", "competition"],
        ordering=["competition__started_on", "competition", "pk"],
        nav_order=161,
        nav=False,
    )
)

register(
    RecordType(
        model=Training,
        slug="training",
        period_field="started_on",
        icon="mortarboard",
        list_display=["course", "audience", "started_on", "hours", "attendee_count", "organization__name"],
        list_filters=["audience"],
        search_fields=["course", "organizer", "content"],
        form_fields=[
            "course",
            "audience",
            "started_on",
            "ended_on",
            "hours",
            "organizer",
            "place",
            "attendees",
            "attendee_count",
            "content",
        ],
        select_related=["organization"],
        ordering=["-started_on", "-pk"],
        nav_order=162,
    )
)

register(
    RecordType(
        model=LearningIncentive,
        slug="learning-incentives",
        period_field="awarded_on",
        icon="mortarboard-fill",
        list_display=[
            "name",
            "degree",
            "awarded_on",
            "amount",
            "union_share",
            "employer_share",
            "organization__name",
        ],
        list_filters=["degree"],
        search_fields=["name", "institution"],
        form_fields=[
            "name",
            "member",
            "degree",
            "institution",
            "obtained_on",
            "awarded_on",
            "amount",
            "union_share",
            "employer_share",
        ],
        select_related=["organization"],
        ordering=["-awarded_on", "-pk"],
        nav_order=163,
    )
)
