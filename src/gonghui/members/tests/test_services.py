"""Membership rules: one record per person, transfers, kept memberships, events and past dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.members import selectors, services
from gonghui.members.models import EventKind, Member, MembershipEvent, MemberStatus
from gonghui.members.tests.factories import make_member
from gonghui.members.validators import with_check_char

D = dt.date


def test_create_derives_and_records_the_join(tree: Any) -> None:
    m = services.member_create(
        actor=None,
        organization=tree.union_a,
        data={
            "name": "张三",
            "id_number": with_check_char("53010219800515001").lower(),
            "join_date": D(2020, 3, 1),
        },
    )
    assert (m.gender, m.birth_date, m.name_pinyin, m.name_initials) == ("M", D(1980, 5, 15), "zhangsan", "zs")
    assert m.id_number.endswith("1" + m.id_number[-1]) and m.id_number_rev == m.id_number[::-1]
    (event,) = MembershipEvent.objects.filter(member=m)
    assert (event.kind, event.on, event.status, event.ends_on) == (
        EventKind.JOIN,
        D(2020, 3, 1),
        "active",
        None,
    )
    assert m.history.count() == 1


def test_a_person_is_a_member_of_one_union_at_a_time(tree: Any) -> None:
    m = make_member(tree.union_b)
    with pytest.raises(DomainError) as e:
        services.member_create(
            actor=None, organization=tree.union_a, data={"name": m.name, "id_number": m.id_number}
        )
    # Which union holds the person is not told (finding 6).
    told = str(e.value.message_dict["id_number"])
    assert "该证件号码已有会员登记，请提交转会申请" in told and "乙" not in told and "UB" not in told
    with pytest.raises(DomainError) as e:
        services.member_create(
            actor=None, organization=tree.union_b, data={"name": m.name, "id_number": m.id_number}
        )
    assert "本会" in str(e.value.message_dict["id_number"])
    other = make_member(tree.union_a)
    with pytest.raises(DomainError):
        services.member_update(actor=None, obj=other, data={"id_number": m.id_number})
    assert Member.objects.count() == 2


def test_no_member_in_a_group_and_no_future_dates(tree: Any) -> None:
    with pytest.raises(DomainError):
        make_member(tree.group_a1)
    with pytest.raises(ValidationError) as e:
        make_member(tree.union_a, join_date=timezone.localdate() + dt.timedelta(days=3))
    assert "join_date" in e.value.message_dict
    assert Member.objects.count() == 0


def test_an_accepted_transfer_opens_a_new_membership_period(tree: Any) -> None:
    """Finding 5: the releasing union keeps its record (closed, status left) with its events and
    history; the receiving union gets a record of its own with the person's facts only."""
    m = make_member(tree.union_a, join_date=D(2010, 5, 1), union_group=tree.group_a1, card_number="HY001")
    services.member_retain(actor=None, member=m, on=D(2020, 1, 1), reason="retirement", note="退休")
    services.member_transfer_out(actor=None, member=m, to_organization=tree.union_b, on=D(2025, 3, 1))
    m.refresh_from_db()
    assert m.status == MemberStatus.TRANSFERRING and m.organization == tree.union_a
    event = services.member_transfer_accept(actor=None, member=m, on=D(2025, 3, 10))
    old, new = Member.objects.get(pk=m.pk), event.member
    assert (old.status, old.organization, old.union_group, old.card_number, old.is_current) == (
        "left",
        tree.union_a,
        tree.group_a1,
        "HY001",
        False,
    )
    assert new.pk != old.pk and new.is_current
    assert (new.status, new.organization, new.union_group, new.card_number, new.join_date) == (
        "active",
        tree.union_b,
        None,
        "",
        D(2010, 5, 1),
    )
    assert (new.name, new.id_number, new.gender, new.birth_date) == (
        old.name,
        old.id_number,
        old.gender,
        old.birth_date,
    )
    assert (event.kind, event.on, event.organization, event.counterpart) == (
        EventKind.TRANSFER_IN,
        D(2025, 3, 10),
        tree.union_b,
        tree.union_a,
    )
    kinds = [(e.kind, e.status) for e in selectors.member_events(old)]
    assert kinds == [
        (EventKind.JOIN, "active"),
        (EventKind.RETAIN, "retained"),
        (EventKind.TRANSFER_OUT, "transferring"),
        (EventKind.TRANSFER_OUT, "left"),
    ]
    assert [e.kind for e in selectors.member_events(new)] == [EventKind.TRANSFER_IN]
    # The new record's history is the receiving union's only: nothing the old union wrote.
    assert old.history.filter(status="retained").exists()
    rows = list(new.history.values_list("organization_id", "status", "card_number"))
    assert rows and set(rows) == {(tree.union_b.pk, "active", "")}
    # Counted in A until the day B accepted, in B from then on; never twice, never nowhere.
    assert selectors.status_at(old, D(2025, 3, 5)) == ("transferring", tree.union_a)
    assert selectors.status_at(old, D(2025, 3, 10)) == ("left", tree.union_a)
    assert selectors.status_at(new, D(2025, 3, 10)) == ("active", tree.union_b)
    assert selectors.status_at(new, D(2025, 3, 9)) is None
    for day, a, b in [(D(2024, 12, 31), 1, 0), (D(2025, 3, 9), 1, 0), (D(2025, 3, 10), 0, 1)]:
        counts = list(selectors.members_at(day).values_list("organization_id", flat=True))
        assert (counts.count(tree.union_a.pk), counts.count(tree.union_b.pk)) == (a, b)
        for org, n in ((tree.union_a, a), (tree.union_b, b), (tree.county, b), (tree.city, a)):
            assert selectors.statistics(org, day)["members"] == n, (day, org.code)
    # Neither pending any more: no second accept, no withdrawal, nothing left to decide.
    with pytest.raises(DomainError):
        services.member_transfer_accept(actor=None, member=old, on=D(2025, 3, 11))
    with pytest.raises(DomainError):
        services.member_transfer_cancel(actor=None, member=old, on=D(2025, 3, 11), refused=False)


def test_a_transfer_is_accepted_on_the_day_it_was_sent_or_later(tree: Any) -> None:
    m = make_member(tree.union_a, join_date=D(2010, 5, 1))
    services.member_transfer_out(actor=None, member=m, to_organization=tree.union_b, on=D(2025, 3, 1))
    with pytest.raises(DomainError) as e:
        services.member_transfer_accept(actor=None, member=m, on=D(2025, 2, 28))
    assert "on" in e.value.message_dict
    # Nothing half-written: the transfer is still pending, one record, no second period.
    assert Member.objects.filter(id_number=m.id_number).count() == 1
    assert services.pending_transfer(Member.objects.get(pk=m.pk)) is not None


def test_a_member_transferred_back_gets_the_unions_own_record_again(tree: Any) -> None:
    m = make_member(tree.union_a, join_date=D(2010, 5, 1), card_number="HY001")
    services.member_transfer_out(actor=None, member=m, to_organization=tree.union_b, on=D(2024, 3, 1))
    there = services.member_transfer_accept(actor=None, member=m, on=D(2024, 3, 2)).member
    services.member_transfer_out(actor=None, member=there, to_organization=tree.union_a, on=D(2025, 1, 1))
    back = services.member_transfer_accept(actor=None, member=there, on=D(2025, 1, 2)).member
    assert back.pk == m.pk and back.organization == tree.union_a and back.card_number == "HY001"
    assert Member.objects.filter(id_number=m.id_number).count() == 2
    assert Member.objects.get(pk=there.pk).status == "left"
    steps = [(D(2024, 3, 1), 1, 0), (D(2024, 3, 2), 0, 1), (D(2025, 1, 1), 0, 1), (D(2025, 1, 2), 1, 0)]
    for day, a, b in steps:
        counts = list(selectors.members_at(day).values_list("organization_id", flat=True))
        assert (counts.count(tree.union_a.pk), counts.count(tree.union_b.pk)) == (a, b), day


def test_refused_transfer_restores_the_previous_status(tree: Any) -> None:
    m = make_member(tree.union_a, join_date=D(2010, 5, 1))
    services.member_retain(actor=None, member=m, on=D(2020, 1, 1), reason="retirement")
    services.member_transfer_out(actor=None, member=m, to_organization=tree.union_b, on=D(2025, 3, 1))
    services.member_transfer_cancel(actor=None, member=m, on=D(2025, 3, 2), refused=True)
    m.refresh_from_db()
    assert (m.status, m.organization) == ("retained", tree.union_a)
    assert services.pending_transfer(m) is None
    with pytest.raises(DomainError):
        services.member_transfer_accept(actor=None, member=m, on=D(2025, 3, 3))


def test_status_rules_and_date_order(tree: Any) -> None:
    m = make_member(tree.union_a, join_date=D(2015, 1, 1))
    with pytest.raises(DomainError):
        services.member_retain(
            actor=None, member=m, on=D(2020, 1, 1), reason="voluntary"
        )  # not a retain reason
    services.member_leave(actor=None, member=m, on=D(2020, 1, 1), reason="voluntary")
    with pytest.raises(DomainError):
        services.member_leave(actor=None, member=m, on=D(2021, 1, 1), reason="voluntary")  # already left
    with pytest.raises(DomainError):
        services.member_transfer_out(actor=None, member=m, to_organization=tree.union_b, on=D(2021, 1, 1))
    n = make_member(tree.union_a, join_date=D(2015, 1, 1))
    with pytest.raises(DomainError) as e:
        services.member_death(actor=None, member=n, on=D(2014, 1, 1))  # before the last change
    assert "on" in e.value.message_dict
    services.member_death(actor=None, member=n, on=D(2024, 1, 1))
    assert Member.objects.get(pk=n.pk).status == "deceased"


def test_who_left_joins_again_on_the_same_record_only_in_their_own_union(tree: Any) -> None:
    m = make_member(tree.union_a, join_date=D(2015, 1, 1))
    services.member_leave(actor=None, member=m, on=D(2020, 6, 30), reason="voluntary", note="调离")
    # Another tree's union does not take the record over (finding 5): it needs a transfer request.
    with pytest.raises(DomainError) as e:
        services.member_create(
            actor=None,
            organization=tree.union_b,
            data={"name": m.name, "id_number": m.id_number, "join_date": D(2021, 1, 1)},
        )
    assert "请提交转会申请" in str(e.value.message_dict["id_number"])
    m.refresh_from_db()
    assert (m.organization, m.status, m.is_current) == (tree.union_a, "left", True)
    # Its own union takes the person back on the same record.
    again = services.member_create(
        actor=None,
        organization=tree.union_a,
        data={"name": m.name, "id_number": m.id_number, "join_date": D(2021, 1, 1)},
    )
    assert again.pk == m.pk and again.organization == tree.union_a and again.status == "active"
    assert [e.kind for e in selectors.member_events(again)] == ["join", "leave", "join"]
    assert selectors.status_at(again, D(2020, 12, 1))[0] == "left"
    dead = make_member(tree.union_a, join_date=D(2015, 1, 1))
    services.member_death(actor=None, member=dead, on=D(2024, 1, 1))
    with pytest.raises(DomainError) as e:  # of another union's record, not even its state is told
        services.member_create(
            actor=None, organization=tree.union_b, data={"name": dead.name, "id_number": dead.id_number}
        )
    assert "去世" not in str(e.value) and "请提交转会申请" in str(e.value)
    with pytest.raises(DomainError, match=r"去世|deceased"):
        services.member_create(
            actor=None, organization=tree.union_a, data={"name": dead.name, "id_number": dead.id_number}
        )


def test_correcting_the_join_date_moves_the_join_event(tree: Any) -> None:
    m = make_member(tree.union_a, join_date=D(2015, 1, 1))
    services.member_update(actor=None, obj=m, data={"join_date": D(2014, 6, 1)})
    assert MembershipEvent.objects.get(member=m).on == D(2014, 6, 1)
    services.member_leave(actor=None, member=m, on=D(2016, 1, 1), reason="voluntary")
    with pytest.raises(DomainError):
        services.member_update(actor=None, obj=m, data={"join_date": D(2017, 1, 1)})


def test_a_member_another_record_refers_to_is_not_deleted(tree: Any) -> None:
    from gonghui.voice.models import Suggestion

    member = make_member(tree.union_a)
    Suggestion.objects.create(
        organization=tree.union_a,
        title="食堂",
        member=member,
        submitted_on=dt.date(2025, 3, 1),
        content="加菜",
    )
    with pytest.raises(DomainError, match="仍有"):
        services.member_delete(actor=None, obj=member)
    assert Member.objects.filter(pk=member.pk).exists()
    assert MembershipEvent.objects.filter(member=member).count() == 1
    other = make_member(tree.union_a)
    services.member_delete(actor=None, obj=other)  # nothing refers to this one: it goes, with its events
    assert not Member.objects.filter(pk=other.pk).exists()
    assert not MembershipEvent.objects.filter(member_id=other.pk).exists()
