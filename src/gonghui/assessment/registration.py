"""Assessment joins the machinery: rectification tasks as a record type, and the navigation."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.assessment.filters import task_filter
from gonghui.assessment.forms import TaskForm
from gonghui.assessment.models import RectificationTask
from gonghui.assessment.selectors import assessment_q
from gonghui.assessment.services import tasks
from gonghui.core.nav import NavLink, register_nav
from gonghui.core.records import Column, RecordType, register


class AssessmentRecordType(RecordType):
    """A record of an assessment: read only by those who may read the assessment itself
    (an inspector's grant opens only the unions assigned to them)."""

    def queryset(self, access: Any, within: Any = None) -> QuerySet:
        return super().queryset(access, within).filter(assessment_q(access, "assessment__"))


register(
    AssessmentRecordType(
        model=RectificationTask,
        slug="rectification-tasks",
        module="assessment",
        icon="list-check",
        view_perm=Perm.ASSESS_VIEW,
        edit_perm=Perm.ASSESS_SELF,
        list_display=[
            "title",
            Column("assessment__campaign__name", _("Campaign")),
            Column("assessment__campaign__year", _("Year")),
            "organization__name",
            "criterion__code",
            "responsible",
            "due_date",
            "status",
            Column("points_lost", sortable=True),
        ],
        list_filters=["campaign", "status"],
        filterset=task_filter,
        search_fields=["title", "plan", "organization__name"],
        form_fields=[
            "assessment",
            "criterion",
            "title",
            "responsible",
            "due_date",
            "status",
            "plan",
            "result",
        ],
        detail_fields=[
            "assessment",
            "criterion",
            "title",
            "responsible",
            "due_date",
            "status",
            "plan",
            "result",
            "points_lost",
            "completed_on",
        ],
        api_fields=[
            "id",
            "assessment",
            "criterion",
            "title",
            "responsible",
            "due_date",
            "status",
            "plan",
            "result",
            "points_lost",
            "completed_on",
        ],
        ordering=["status", "due_date", "pk"],
        select_related=["organization", "criterion", "responsible", "assessment__campaign"],
        create=tasks.task_create,
        update=tasks.task_update,
        warnings=tasks.task_warnings,
        form_class=TaskForm,
        nav_order=40,
    )
)

register_nav(
    NavLink(
        "assessment", _("Assessments"), "assessment:index", Perm.ASSESS_VIEW, icon="clipboard-check", order=10
    )
)
register_nav(
    NavLink(
        "assessment", _("Scoring standards"), "assessment:standards", Perm.ASSESS_VIEW, icon="book", order=20
    )
)
register_nav(
    NavLink(
        "assessment",
        _("New campaign"),
        "assessment:campaign-create",
        Perm.CAMPAIGN_MANAGE,
        icon="plus",
        order=30,
    )
)
