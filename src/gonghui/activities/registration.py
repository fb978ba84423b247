"""Activities and facilities: record types, navigation and metrics join the machinery here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.activities import selectors
from gonghui.activities.models import Activity, Facility
from gonghui.core.records import RecordType, register
from gonghui.portal.tiles import Tile, register_tile


def _signup_context(request: Any, obj: Activity, access: Any) -> dict[str, Any]:
    """The activity's online sign-ups for its officers (names and times: nothing else)."""
    rows = list(selectors.signups_of(obj))
    return {
        "signup_panel": {
            "used": obj.signup_open or bool(rows),
            "rows": rows,
            "count": len(rows),
            "limit": obj.signup_limit,
            "participants_entered": obj.participant_count > 0,
        }
    }


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
            "signup_open",
            "signup_limit",
            "signup_until",
        ],
        select_related=["organization"],
        ordering=["-held_on", "-pk"],
        detail_template="activities/_signups.html",
        detail_context=_signup_context,
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

register_tile(
    Tile(label=_("Notices and activities"), url_name="portal:activities-notices", icon="megaphone", order=30)
)
