"""Voice of members: record types, navigation and metrics join the machinery here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.core.records import Column, RecordType, register
from gonghui.portal.tiles import Tile, register_tile
from gonghui.voice import services
from gonghui.voice.models import Activist, SatisfactionSurvey, Suggestion, SurveyQuestion


def _rate(obj: SatisfactionSurvey) -> str:
    rate = obj.satisfaction_rate
    return "—" if rate is None else f"{rate}%"


SUGGESTION_FORM = [
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
    "reply",
]

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
        form_fields=SUGGESTION_FORM,
        detail_fields=[*SUGGESTION_FORM, "replied_at"],
        select_related=["organization"],
        ordering=["-submitted_on", "-pk"],
        create=services.create_suggestion,
        update=services.update_suggestion,
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
    return {"satisfaction_rate": obj.satisfaction_rate, "survey": obj}


def _survey_form(form: Any, access: Any, obj: SatisfactionSurvey | None) -> None:
    """An online round's totals are counted from the answers: shown, never typed in."""
    if obj is not None and obj.online:
        for name in services.TOTALS:
            if name in form.fields:
                form.fields[name].disabled = True
                form.fields[name].help_text = _("Counted from the members' answers.")
        if obj.state != "draft" and "online" in form.fields:
            form.fields["online"].disabled = True


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
            "online",
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
        create=services.create_survey,
        update=services.update_survey,
        prepare_form=_survey_form,
        actions=[(_("Online answers and results"), "voice:survey-results", Perm.RECORDS_VIEW)],
    )
)

register(
    RecordType(
        model=SurveyQuestion,
        slug="survey-questions",
        icon="ui-radios",
        parent_field="survey",
        nav=False,
        list_display=["order", "text", "overall", "survey"],
        search_fields=["text"],
        form_fields=["survey", "order", "text", "overall"],
        select_related=["organization", "survey"],
        ordering=["survey", "order", "pk"],
        validators=[services.question_editable],
        locked=services.question_lock,
    )
)

register_tile(
    Tile(label=_("Evaluate the union"), url_name="portal:voice-surveys", icon="clipboard-check", order=40)
)
register_tile(Tile(label=_("Suggestions"), url_name="portal:voice-suggestions", icon="lightbulb", order=41))
