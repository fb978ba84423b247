"""Gaps become rectification tasks with a responsible person; re-scoring shows the progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D  # noqa: N817
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.assessment.models import Assessment, RectificationTask, TaskStatus
from gonghui.assessment.services.tasks import task_from_gap, task_warnings
from gonghui.assessment.sheet import build_sheet, gaps
from gonghui.assessment.tests.conftest import access_of
from gonghui.core.errors import DomainError

# A due date ahead of whatever day the tests run on (a past one is warned of first).
DUE = (timezone.localdate() + dt.timedelta(days=90)).isoformat()


def test_gaps_are_ordered_by_points_lost_with_vetoes_first(
    values: Any, assessment_a: Assessment, tree: Any
) -> None:
    rows = gaps(build_sheet(assessment_a, with_evidence=False))
    codes = [r.criterion.code for r in rows]
    # vetoes come first: F1 failed, F2 (judged by people) not judged yet
    assert set(codes[:2]) == {"F1", "F2"}
    lost = [r.lost for r in rows[2:]]
    assert lost == sorted(lost, reverse=True) and "J1" not in codes  # bonus items are no gaps
    assert set(codes[2:5]) == {"A1", "A2", "B2"}  # 4 points each


def test_a_gap_becomes_a_task_and_rescoring_shows_progress(
    values: Any, assessment_a: Assessment, people: Any, tree: Any, login: Any
) -> None:
    client = login(people.chair)
    a1 = assessment_a.campaign.standard.criteria.get(code="A1")
    resp = client.post(
        reverse("assessment:gaps", kwargs={"pk": assessment_a.pk}),
        {"criterion": a1.pk, "responsible": people.finance.pk, "due_date": DUE, "title": ""},
    )
    assert resp.status_code == 302
    task = RectificationTask.objects.get(assessment=assessment_a)
    assert task.responsible == people.finance and task.points_lost == D(4) and "人数" in task.title
    assert task.history.first().history_user == people.chair
    # The union fixes it: the records now give full points; the gap list shows the progress.
    values["t_count"][tree.union_a.pk] = 12
    client.post(reverse("assessment:assessment-rescore", kwargs={"pk": assessment_a.pk}))
    page = client.get(reverse("assessment:gaps", kwargs={"pk": assessment_a.pk})).content.decode()
    assert "整改成效" in page and "立项时失 4 分，现失 0 分" in page
    assert all(
        r.criterion.code != "A1"
        for r in gaps(build_sheet(Assessment.objects.get(pk=assessment_a.pk), with_evidence=False))
    )
    # Done: the completion date is set.
    resp = client.post(
        reverse("records:update", kwargs={"rt": "rectification-tasks", "pk": task.pk}),
        {
            "assessment": assessment_a.pk,
            "criterion": a1.pk,
            "title": task.title,
            "responsible": people.finance.pk,
            "due_date": DUE,
            "status": TaskStatus.DONE,
            "plan": "补录会员",
            "result": "已补录",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.completed_on is not None


def test_the_responsible_person_must_belong_to_the_union(
    values: Any, assessment_a: Assessment, people: Any
) -> None:
    a1 = assessment_a.campaign.standard.criteria.get(code="A1")
    with pytest.raises(DomainError) as e:
        task_from_gap(
            access=access_of(people.chair),
            assessment=assessment_a,
            criterion=a1,
            responsible=people.chair_b,
            due_date=dt.date(2026, 1, 1),
        )
    assert "responsible" in e.value.error_dict
    assert not RectificationTask.objects.exists()


def test_only_the_union_opens_tasks(values: Any, assessment_a: Assessment, people: Any, login: Any) -> None:
    a1 = assessment_a.campaign.standard.criteria.get(code="A1")
    client = login(people.inspector)
    resp = client.post(
        reverse("assessment:gaps", kwargs={"pk": assessment_a.pk}),
        {"criterion": a1.pk, "responsible": people.chair.pk, "due_date": DUE},
    )
    assert resp.status_code == 403 and not RectificationTask.objects.exists()
    assert client.get(reverse("assessment:gaps", kwargs={"pk": assessment_a.pk})).status_code == 200


def test_the_task_form_offers_only_the_unions_people(
    values: Any, assessment_a: Assessment, people: Any, login: Any
) -> None:
    client = login(people.chair)
    page = client.get(reverse("records:create", kwargs={"rt": "rectification-tasks"}))
    assert page.status_code == 200
    choices = {str(u) for u in page.context["form"].fields["responsible"].queryset}
    assert "甲主席" in choices and "chair_b" not in choices and "county_admin" not in choices


def test_reminders_for_deadlines_and_overdue_tasks(
    values: Any, assessment_a: Assessment, people: Any, tree: Any
) -> None:
    from gonghui.core.advice import advice_of

    a1 = assessment_a.campaign.standard.criteria.get(code="A1")
    task_from_gap(
        access=access_of(people.chair),
        assessment=assessment_a,
        criterion=a1,
        responsible=people.finance,
        due_date=dt.date(2025, 6, 30),
    )
    early = [x.message for x in advice_of(tree.union_a, dt.date(2025, 6, 1))]
    assert not any("自评" in m for m in early) and not any("整改" in m for m in early)
    late = [x.message for x in advice_of(tree.union_a, dt.date(2025, 11, 20))]
    assert any("2025-11-30" in m and "自评" in m for m in late)
    assert any("人数" in m and "2025-06-30" in m for m in late)
    assert not [x for x in advice_of(tree.union_c, dt.date(2025, 11, 20)) if "整改" in x.message]


def _gap_post(client: Any, a: Assessment, criterion: Any, responsible: Any, due: str, **extra: Any) -> Any:
    data = {"criterion": criterion.pk, "responsible": responsible.pk, "due_date": due, "title": "", **extra}
    return client.post(reverse("assessment:gaps", kwargs={"pk": a.pk}), data)


def test_a_past_due_date_is_warned_of_before_the_task_is_opened(
    values: Any, assessment_a: Assessment, people: Any, login: Any
) -> None:
    client = login(people.chair)
    a1 = assessment_a.campaign.standard.criteria.get(code="A1")
    first = _gap_post(client, assessment_a, a1, people.finance, "2020-01-01")
    page = first.content.decode()
    assert first.status_code == 200 and "已经过去" in page and "仍然保存" in page
    assert not RectificationTask.objects.exists()
    digest = first.context["warnings_digest"]
    saved = _gap_post(client, assessment_a, a1, people.finance, "2020-01-01", confirm_warnings=digest)
    assert saved.status_code == 302 and RectificationTask.objects.get().due_date == dt.date(2020, 1, 1)


def test_the_task_form_warns_of_a_past_due_date(
    values: Any, assessment_a: Assessment, people: Any, login: Any
) -> None:
    client = login(people.chair)
    a1 = assessment_a.campaign.standard.criteria.get(code="A1")
    data = {
        "owner": assessment_a.organization.pk,
        "assessment": assessment_a.pk,
        "criterion": a1.pk,
        "title": "补录会员",
        "responsible": people.finance.pk,
        "due_date": "2020-01-01",
        "status": TaskStatus.OPEN,
    }
    url = reverse("records:create", kwargs={"rt": "rectification-tasks"})
    first = client.post(url, data)
    assert first.status_code == 200 and "已经过去" in first.content.decode()
    assert not RectificationTask.objects.exists()
    assert client.post(url, {**data, "due_date": DUE}).status_code == 302  # a future date: no question
    task = RectificationTask.objects.get()
    # An edit that keeps the (now past) date asks nothing; a task done is not warned of.
    assert tasks_warnings_of(task, due_date=task.due_date) == {}
    assert tasks_warnings_of(task, due_date=dt.date(2020, 1, 1), status=TaskStatus.DONE) == {}
    assert set(tasks_warnings_of(task, due_date=dt.date(2020, 1, 1))) == {"due_date"}


def tasks_warnings_of(task: RectificationTask, **changes: Any) -> Any:
    changed = RectificationTask(**{f.attname: getattr(task, f.attname) for f in task._meta.concrete_fields})
    for k, v in changes.items():
        setattr(changed, k, v)
    return task_warnings(changed, task)
