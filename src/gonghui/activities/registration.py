"""Activities and facilities: record types, navigation and metrics join the machinery here."""

from __future__ import annotations

from gonghui.activities.models import Activity, Facility
from gonghui.core.records import RecordType, register

register(
    RecordType(
        model=Activity,
        slug="activities",
        period_field="held_on",
        icon="balloon",
        list_display=["title", "occasion", "kind", "held_on", "participant_count", "organization__name"],
        list_filters=["occasion", "kind"],
        search_fields=["title", "place", "organizer", "co_organizers", "audience", "description"],
        form_fields=[
            "title",
            "occasion",
            "kind",
            "held_on",
            "ended_on",
            "place",
            "participant_count",
            "audience",
            "organizer",
            "co_organizers",
            "programme",
            "cost",
            "description",
        ],
        select_related=["organization"],
        ordering=["-held_on", "-pk"],
        nav_order=180,
    )
)

register(
    RecordType(
        model=Facility,
        slug="facilities",
        icon="house-heart",
        list_display=[
            "name",
            "kind",
            "quantity",
            "funding",
            "acquired_on",
            "renovated_on",
            "organization__name",
        ],
        list_filters=["kind", "funding"],
        search_fields=["name", "location", "description"],
        form_fields=[
            "name",
            "kind",
            "quantity",
            "funding",
            "acquired_on",
            "renovated_on",
            "location",
            "description",
        ],
        select_related=["organization"],
        ordering=["organization__path", "kind", "pk"],
        nav_order=181,
    )
)
