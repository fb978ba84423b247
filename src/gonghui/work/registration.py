"""Union work: meetings and visits, work brands, work plans and their items, publicity."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.core.records import RecordType, register
from gonghui.work import selectors
from gonghui.work.models import PlanItem, Programme, PublicityItem, WorkMeeting, WorkPlan

register(
    RecordType(
        model=WorkMeeting,
        slug="work-meetings",
        period_field="held_on",
        icon="people-fill",
        list_display=["held_on", "kind", "title", "chaired_by", "attendee_count", "organization__name"],
        list_filters=["kind"],
        search_fields=["title", "place", "chaired_by", "employers_visited", "minutes", "decisions"],
        form_fields=[
            "kind",
            "held_on",
            "title",
            "place",
            "chaired_by",
            "employers_visited",
            "attendees",
            "attendee_count",
            "absent",
            "minutes",
            "decisions",
        ],
        select_related=["organization"],
        ordering=["-held_on", "-pk"],
        nav_order=200,
    )
)

register(
    RecordType(
        model=Programme,
        slug="programmes",
        icon="stars",
        list_display=["name", "since", "organization__name"],
        search_fields=["name", "description"],
        form_fields=["name", "description", "since"],
        select_related=["organization"],
        ordering=["organization__path", "name", "pk"],
        nav_order=201,
    )
)

register(
    RecordType(
        model=WorkPlan,
        slug="work-plans",
        icon="list-check",
        list_display=["year", "title", "adopted_on", "programme", "organization__name"],
        list_filters=["year"],
        search_fields=["title", "description"],
        form_fields=["year", "title", "adopted_on", "programme", "description"],
        select_related=["organization", "programme"],
        ordering=["-year", "-pk"],
        actions=[(_("Carry open items into next year"), "work:carry-over", Perm.RECORDS_EDIT)],
        nav_order=202,
    )
)

register(
    RecordType(
        model=PlanItem,
        slug="plan-items",
        icon="check2-square",
        parent_field="plan",
        list_display=["content", "responsible", "due_on", "status", "target_metric", "target_value", "plan"],
        list_filters=["status"],
        search_fields=["content", "responsible", "result"],
        form_fields=[
            "plan",
            "content",
            "responsible",
            "member",
            "due_on",
            "status",
            "target_metric",
            "target_value",
            "result",
            "continues",
        ],
        select_related=["plan", "organization"],
        ordering=["-plan__year", "due_on", "pk"],
        detail_template="work/_plan_item_extra.html",
        detail_context=selectors.plan_item_context,
        nav=False,
        nav_order=203,
    )
)

register(
    RecordType(
        model=PublicityItem,
        slug="publicity",
        period_field="published_on",
        icon="megaphone",
        list_display=[
            "published_on",
            "kind",
            "title",
            "channel",
            "outlet",
            "level",
            "status",
            "organization__name",
        ],
        list_filters=["kind", "channel", "level", "status"],
        search_fields=["title", "outlet", "summary"],
        form_fields=["kind", "title", "channel", "published_on", "outlet", "level", "status", "summary"],
        select_related=["organization"],
        ordering=["-published_on", "-pk"],
        nav_order=204,
    )
)
