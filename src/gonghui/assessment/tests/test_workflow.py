"""The workflow end to end, who may do what, frozen scores, concurrent edits, history."""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 (short in tables of numbers)
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.assessment.models import Assessment, ItemScore, Status
from gonghui.assessment.services import workflow
from gonghui.assessment.services.scores import score_one
from gonghui.assessment.tests.conftest import access_of
from gonghui.core.errors import DomainError


def crit(a: Assessment, code: str) -> Any:
    return a.campaign.standard.criteria.get(code=code)


def save(
    user: Any, a: Assessment, code: str, side: str, points: Any, comment: str = "", version: int | None = None
) -> Any:
    if version is None:
        row = ItemScore.objects.filter(assessment=a, criterion=crit(a, code)).first()
        version = row.version if row else 0
    return workflow.item_score_save(
        access=access_of(user),
        assessment=a,
        criterion=crit(a, code),
        side=side,
        points=points,
        comment=comment,
        version=version,
    )


def act(user: Any, a: Assessment, action: str, reason: str = "") -> Assessment:
    return workflow.assessment_act(access=access_of(user), assessment=a, action=action, reason=reason)


def test_the_whole_workflow(values: Any, assessment_a: Assessment, people: Any, tree: Any) -> None:
    a = assessment_a
    values["t_bool"][tree.union_a.pk] = True
    a = act(people.chair, a, "start")
    assert a.status == Status.SELF_ASSESSING and a.self_total == D(3)  # A3.1 2 + B1 1, from the records
    save(people.chair, a, "A3.2", "self", "2", "台账齐全")
    save(people.chair, a, "J1", "self", "2", "获市级表彰")
    a.refresh_from_db()
    assert a.self_total == D(7)
    # Records change before submission: the scores follow.
    values["t_amount"][tree.union_a.pk] = D("200")
    a = act(people.chair, a, "submit")
    assert a.status == Status.SUBMITTED and a.self_total == D(11) and a.submitted_at
    # ... but not after submission.
    values["t_count"][tree.union_a.pk] = 10
    assert score_one(a).self_total == D(11)
    a = act(people.inspector, a, "review")
    assert a.status == Status.UNDER_REVIEW and a.score == D(11)
    save(people.inspector, a, "A3.2", "review", "1", "会议记录不全")
    # The manual veto F2 is judged by nobody yet: acceptance waits for it, and it is not met.
    assert a.vetoed
    with pytest.raises(DomainError, match="F2"):
        act(people.inspector, a, "accept")
    save(people.inspector, a, "F2", "review", "1", "经核实未发生")
    a = act(people.inspector, a, "accept")
    assert a.status == Status.ACCEPTED and a.accepted_by == people.inspector
    assert (a.self_total, a.review_total, a.score, a.grade) == (D(11), D(10), D(10), "不达标")
    # Frozen: nothing moves any more.
    values["t_count"][tree.union_a.pk] = 99
    assert score_one(a).score == D(10)
    with pytest.raises(DomainError):
        save(people.inspector, a, "A3.2", "review", "2")
    with pytest.raises(DomainError):
        save(people.chair, a, "A3.2", "self", "2")


def test_return_needs_a_reason_and_gives_the_sheet_back(
    values: Any, assessment_a: Assessment, people: Any
) -> None:
    a = act(people.chair, assessment_a, "submit")
    with pytest.raises(DomainError) as e:
        act(people.inspector, a, "return", "  ")
    assert "原因" in str(e.value.messages)
    a = act(people.inspector, a, "return", "请补充台账材料")
    assert a.status == Status.RETURNED and a.return_reason == "请补充台账材料"
    save(people.chair, a, "A3.2", "self", "2")  # the union may change its scores again
    assert act(people.chair, a, "submit").status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("who", "action"),
    [
        ("chair", "accept"),  # the union cannot accept itself
        ("chair", "review"),
        ("other_inspector", "accept"),  # an inspector not assigned to the union
        ("admin", "accept"),  # the federation runs the campaign but does not inspect
        ("inspector", "submit"),  # the inspector does not self-assess
        ("finance", "submit"),  # union officers without assessment.self
    ],
)
def test_who_may_do_what(values: Any, assessment_a: Assessment, people: Any, who: str, action: str) -> None:
    a = act(people.chair, assessment_a, "submit") if action in ("accept", "review") else assessment_a
    with pytest.raises(PermissionDenied):
        act(getattr(people, who), a, action)
    assert Assessment.objects.get(pk=a.pk).status == a.status


def test_item_permissions_by_side(values: Any, assessment_a: Assessment, people: Any) -> None:
    with pytest.raises(PermissionDenied):
        save(people.inspector, assessment_a, "A3.2", "self", "1")
    with pytest.raises(PermissionDenied):
        save(people.chair_c, assessment_a, "A3.2", "self", "1")  # another union's chair
    with pytest.raises(DomainError):  # not submitted yet: nothing to review
        save(people.inspector, assessment_a, "A3.2", "review", "1")
    a = act(people.chair, assessment_a, "submit")
    with pytest.raises(PermissionDenied):
        save(people.other_inspector, a, "A3.2", "review", "1")


def test_bad_scores_are_refused_and_nothing_is_written(
    values: Any, assessment_a: Assessment, people: Any
) -> None:
    for bad in ("5", "-1", "1.234", "abc"):
        with pytest.raises(DomainError) as e:
            save(people.chair, assessment_a, "A3.2", "self", bad)
        assert "0" in e.value.messages[0] and "2" in e.value.messages[0]
    with pytest.raises(DomainError):
        save(people.chair, assessment_a, "A3", "self", "1")  # a checklist item: scored by its sub-items
    assert not ItemScore.objects.filter(assessment=assessment_a).exists()


def test_two_people_saving_the_same_item_do_not_overwrite_each_other(
    values: Any, assessment_a: Assessment, people: Any, tree: Any, make_user: Any
) -> None:
    from gonghui.accounts.roles import Role

    deputy = make_user(Role.CHAIR, tree.union_a, username="deputy_a", display_name="甲副主席")
    save(people.chair, assessment_a, "A3.2", "self", "1", version=0)  # both loaded version 0
    with pytest.raises(workflow.ConflictError) as e:
        save(deputy, assessment_a, "A3.2", "self", "2", version=0)
    assert "甲主席" in e.value.messages[0] and "A3.2" in e.value.messages[0]
    row = ItemScore.objects.get(assessment=assessment_a, criterion=crit(assessment_a, "A3.2"))
    assert row.self_points == D(1) and row.version == 1
    save(deputy, assessment_a, "A3.2", "self", "2", version=1)  # after reloading: fine
    row.refresh_from_db()
    assert row.self_points == D(2) and row.version == 2


def test_every_change_is_recorded_with_who_and_when(
    values: Any, assessment_a: Assessment, people: Any
) -> None:
    save(people.chair, assessment_a, "A3.2", "self", "1", "初评")
    save(people.chair, assessment_a, "A3.2", "self", "2", "补充材料后")
    a = act(people.chair, assessment_a, "submit")
    save(people.inspector, a, "A3.2", "review", "1.5")
    row = ItemScore.objects.get(assessment=a, criterion=crit(a, "A3.2"))
    history = list(
        row.history.order_by("history_date").values_list(
            "history_user__username", "self_points", "review_points"
        )
    )
    assert history == [("chair_a", D(1), None), ("chair_a", D(2), None), ("inspector", D(2), D("1.5"))]
    statuses = list(a.history.order_by("history_date").values_list("status", "history_user__username"))
    assert ("submitted", "chair_a") in statuses and ("under_review", "inspector") in statuses


def test_a_manual_veto_marked_by_the_inspector_fails_the_assessment(
    values: Any, assessment_a: Assessment, people: Any, tree: Any
) -> None:
    values["t_bool"][tree.union_a.pk] = True
    save(people.chair, assessment_a, "F2", "self", "1", "未发生")
    a = act(people.chair, assessment_a, "submit")
    assert not a.vetoed
    save(people.inspector, a, "F2", "review", "0", "发生重大安全事故")
    a = act(people.inspector, a, "accept")
    assert a.vetoed and a.grade == "不达标"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_item_on_postgresql(
    transactional_db: Any, values: Any, assessment_a: Assessment, people: Any, tree: Any, make_user: Any
) -> None:
    """Two officers press "save" on the same item at the same moment: one wins, the other is told."""
    import threading

    from django.db import connection

    from gonghui.accounts.roles import Role
    from gonghui.core.scope import unscoped

    if connection.vendor != "postgresql":
        pytest.skip("a real race needs PostgreSQL's row locks (SQLite serializes all writers)")
    deputy = make_user(Role.CHAIR, tree.union_a, username="deputy_a")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def press(user: Any, points: str) -> None:
        from django.db import connection as conn

        try:
            with unscoped("a thread starts outside the test body's block"):
                barrier.wait()
                save(user, assessment_a, "A3.2", "self", points, version=0)
                outcomes.append("saved")
        except workflow.ConflictError:
            outcomes.append("conflict")
        finally:
            conn.close()

    threads = [threading.Thread(target=press, args=(u, p)) for u, p in ((people.chair, "1"), (deputy, "2"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    row = ItemScore.objects.get(assessment=assessment_a)
    assert row.version == 1 and row.history.count() == 1
