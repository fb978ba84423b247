"""Voice of members: record types, navigation and metrics join the machinery here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.records import Column, RecordType, register
from gonghui.voice.models import Activist, SatisfactionSurvey, Suggestion


def _rate(obj: SatisfactionSurvey) -> str:
    rate = obj.satisfaction_rate
    return "—" if rate is None else f"{rate}%"


register(
    RecordType(
        model=Suggestion,
        slug="suggestions",
        period_field="submitted_on",
        icon="lightbulb",
        list_display=[
            "title",
            "proposer",
            "submitted_on",
            "channel",
            "adopted",
            "implemented",
            "reward",
            "organization__name",
        ],
        list_filters=["channel", "adopted", "implemented"],
        search_fields=["title", "proposer", "content"],
        form_fields=[
            "title",
            "proposer",
            "member",
            "submitted_on",
            "channel",
            "content",
            "adopted",
            "implemented",
            "reward",
            "benefit",
        ],
        select_related=["organization"],
        ordering=["-submitted_on", "-pk"],
        nav_order=170,
    )
)

register(
    RecordType(
        model=Activist,
        slug="activists",
        icon="star",
        list_display=["name", "year", "area", "organization__name"],
        list_filters=["year", "area"],
        search_fields=["name", "note"],
        form_fields=["year", "name", "member", "area", "note"],
        select_related=["organization"],
        ordering=["-year", "organization__path", "name", "pk"],
        nav_order=171,
    )
)


def _survey_context(request: Any, obj: SatisfactionSurvey, access: Any) -> dict[str, Any]:
    return {"satisfaction_rate": obj.satisfaction_rate}


register(
    RecordType(
        model=SatisfactionSurvey,
        slug="satisfaction-surveys",
        period_field="held_on",
        icon="emoji-smile",
        list_display=[
            "title",
            "held_on",
            "forms_issued",
            "forms_returned",
            Column("satisfaction_rate", _("Satisfaction rate"), _rate, sortable=False),
            "organization__name",
        ],
        search_fields=["title", "opinions"],
        form_fields=[
            "title",
            "held_on",
            "forms_issued",
            "forms_returned",
            "satisfied",
            "basically_satisfied",
            "dissatisfied",
            "opinions",
        ],
        select_related=["organization"],
        ordering=["-held_on", "-pk"],
        detail_template="voice/_survey_rate.html",
        nav_order=172,
        detail_context=_survey_context,
    )
)
