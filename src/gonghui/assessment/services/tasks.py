"""Rectification tasks (整改): each lost point can become a task with a responsible person."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import RoleGrant, User
from gonghui.assessment.models import (
    Assessment,
    Criterion,
    CriterionKind,
    RectificationTask,
    TaskStatus,
)
from gonghui.core.errors import DomainError
from gonghui.core.precheck import Warnings
from gonghui.core.records import record_create, registry
from gonghui.core.scoping import subtree_q
from gonghui.core.services import save_validated

FIELDS = [
    "assessment",
    "criterion",
    "title",
    "responsible",
    "due_date",
    "status",
    "plan",
    "result",
    "completed_on",
]


def people_of(organization: Any) -> Any:
    """Users holding a role on the union or inside it: who can be responsible for its tasks."""
    grants = RoleGrant.objects.unscoped("the people of a union, whoever is asking").filter(
        subtree_q(organization.path, "organization__path")
    )
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by("username")


def points_lost(assessment: Assessment, criterion: Criterion) -> Decimal:
    top = Decimal(1) if criterion.kind == CriterionKind.VETO else criterion.points
    got = Decimal((assessment.points or {}).get(criterion.code, "0"))
    return max(Decimal(0), top - got)


def _check(task: RectificationTask, organization: Any) -> None:
    errors: dict[str, str] = {}
    a = task.assessment
    if a.organization_id != organization.pk:
        errors["assessment"] = _("The assessment belongs to another union.")
    elif task.criterion.standard_id != a.campaign.standard_id or task.criterion.kind == CriterionKind.SECTION:
        errors["criterion"] = _("Choose an item of the assessment's standard.")
    if task.responsible_id and not people_of(organization).filter(pk=task.responsible_id).exists():
        errors["responsible"] = _("The responsible person must hold a role in %(org)s.") % {
            "org": organization.name
        }
    if errors:
        raise DomainError(errors)


def _save(task: RectificationTask, actor: Any, organization: Any) -> RectificationTask:
    if task.status == TaskStatus.DONE and task.completed_on is None:
        task.completed_on = timezone.localdate()
    if task.status != TaskStatus.DONE:
        task.completed_on = None
    _check(task, organization)
    save_validated(task, actor=actor)
    return task


@transaction.atomic
def task_create(*, actor: Any, organization: Any, data: dict[str, Any]) -> RectificationTask:
    task = RectificationTask(organization=organization, **{k: v for k, v in data.items() if k in FIELDS})
    if task.assessment_id and task.criterion_id:
        task.points_lost = points_lost(task.assessment, task.criterion)
    if not task.title and task.criterion_id:
        task.title = _("Rectify: %(item)s") % {"item": task.criterion.title}
    return _save(task, actor, organization)


@transaction.atomic
def task_update(*, actor: Any, obj: RectificationTask, data: dict[str, Any]) -> RectificationTask:
    for k, v in data.items():
        if k in FIELDS:
            setattr(obj, k, v)
    return _save(obj, actor, obj.organization)


def task_warnings(task: RectificationTask, stored: RectificationTask | None) -> Warnings:
    """A check before commit: a due date already past, for a task still to do (nothing is saved).

    A warning, not a refusal: a union writing up a rectification it did last month (台账 kept
    after the fact) enters a past date on purpose; a typo (2020 for 2026) is far likelier, so
    it is said before the task is overdue at once. An edit that keeps the date says nothing.
    """
    if task.due_date is None or task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
        return {}
    if stored is not None and stored.due_date == task.due_date:
        return {}
    today = timezone.localdate()
    if task.due_date >= today:
        return {}
    message = _("The due date %(d)s is already past: the task will be overdue at once.")
    return {"due_date": [message % {"d": task.due_date.isoformat()}]}


def gap_task_data(
    *, assessment: Assessment, criterion: Criterion, responsible: Any, due_date: dt.date, title: str = ""
) -> dict[str, Any]:
    """The task data of one gap, as ``task_from_gap`` saves it (and its warnings are asked of)."""
    return {
        "assessment": assessment,
        "criterion": criterion,
        "responsible": responsible,
        "due_date": due_date,
        "title": title.strip()[:200],
        "status": TaskStatus.OPEN,
    }


def task_from_gap(
    *,
    access: Any,
    assessment: Assessment,
    criterion: Criterion,
    responsible: Any,
    due_date: dt.date,
    title: str = "",
) -> RectificationTask:
    """Open a task for one gap of an assessment (from the gap list)."""
    data = gap_task_data(
        assessment=assessment, criterion=criterion, responsible=responsible, due_date=due_date, title=title
    )
    return record_create(
        registry.get("rectification-tasks"), access=access, organization=assessment.organization, data=data
    )
