"""Honours: the record type, its place in the menu and its metrics join the machinery here."""

from __future__ import annotations

from gonghui.core.records import RecordType, register
from gonghui.honours.models import Honour

HONOUR_FORM = [
    "title",
    "level",
    "awarded_by",
    "awarded_on",
    "document_no",
    "recipient_kind",
    "group",
    "member",
    "recipient_name",
    "note",
]

register(
    RecordType(
        model=Honour,
        slug="honours",
        period_field="awarded_on",
        icon="award",
        list_display=[
            "awarded_on",
            "title",
            "level",
            "recipient_kind",
            "recipient_name",
            "awarded_by",
            "organization__name",
        ],
        list_filters=["level", "recipient_kind"],
        search_fields=["title", "recipient_name", "awarded_by", "document_no"],
        form_fields=HONOUR_FORM,
        export_fields=["organization__name", *HONOUR_FORM],
        select_related=["organization", "group", "member"],
        ordering=["-awarded_on", "-pk"],
        nav_order=185,
    )
)
