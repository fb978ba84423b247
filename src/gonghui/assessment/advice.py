"""Reminders of the assessment: self-assessment deadlines coming up, rectification tasks overdue."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.assessment.models import SELF_EDITABLE, Assessment, RectificationTask, TaskStatus
from gonghui.core.advice import Advice, advice

SOON = dt.timedelta(days=14)


@advice
def self_assessment_due(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    out: dict[int, list[Advice]] = {}
    rows = (
        Assessment.objects.unscoped("advice runs for the given unions outside a request")
        .filter(
            organization__in=orgs.values("pk"),
            status__in=SELF_EDITABLE,
            campaign__self_deadline__lte=day + SOON,
        )
        .values_list("pk", "organization_id", "campaign__name", "campaign__self_deadline")
        .order_by("campaign__self_deadline")
    )
    for pk, org_id, name, deadline in rows:
        late = deadline < day
        message = (
            _("The self-assessment of %(campaign)s was due on %(date)s and is not submitted.")
            if late
            else _("The self-assessment of %(campaign)s is due on %(date)s.")
        ) % {"campaign": name, "date": deadline.isoformat()}
        url = reverse("assessment:assessment", kwargs={"pk": pk})
        out.setdefault(org_id, []).append(Advice(message, "danger" if late else "warning", url))
    return out


@advice
def rectification_overdue(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    out: dict[int, list[Advice]] = {}
    rows = (
        RectificationTask.objects.unscoped("advice runs for the given unions outside a request")
        .filter(
            organization__in=orgs.values("pk"),
            status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS],
            due_date__lt=day,
        )
        .values_list(
            "pk", "organization_id", "title", "due_date", "responsible__display_name", "responsible__username"
        )
    )
    for pk, org_id, title, due, display, username in rows:
        message = _("Rectification task “%(task)s” (%(person)s) was due on %(date)s.") % {
            "task": title,
            "person": display or username,
            "date": due.isoformat(),
        }
        out.setdefault(org_id, []).append(Advice(message, "warning", f"/rectification-tasks/{pk}/"))
    return out
