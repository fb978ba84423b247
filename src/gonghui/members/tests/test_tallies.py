"""Per-union tallies: today's statistics added up from them equal those counted from the roster."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.scope import unscoped
from gonghui.members import selectors, services, tallies
from gonghui.members.choices import AgeBand, years_before
from gonghui.members.models import EmploymentType, Member, MemberTally, TallyState
from gonghui.members.tests.factories import make_member
from gonghui.orgs.models import EmployerYear

FIGURES = [
    *selectors.COUNT_FIGURES,
    "enrollment_rate",
    "by_gender",
    "by_employment",
    "by_age_band",
    "by_group",
]


def _figures(org: Any, *, use_tallies: bool) -> dict[str, Any]:
    s = selectors.statistics(org, timezone.localdate(), use_tallies=use_tallies)
    out = {k: s[k] for k in FIGURES}
    out["by_unit"] = [(u["org"].pk, u["members"], u["employees"], u["enrollment_rate"]) for u in s["by_unit"]]
    return out


def _same(tree: Any) -> dict[str, Any]:
    """Tally-based and roster-based figures agree on a union and on both federations' subtrees."""
    for org in (tree.union_a, tree.union_b, tree.city, tree.county):
        assert _figures(org, use_tallies=True) == _figures(org, use_tallies=False), org.code
    assert not tallies.stale_count(None)  # everything was rebuilt on the way
    return _figures(tree.city, use_tallies=True)


def test_tallies_follow_every_kind_of_write(tree: Any) -> None:
    today = timezone.localdate()
    EmployerYear.objects.create(
        organization=tree.union_a, year=today.year, employer_name="甲局", employees=20
    )
    a = [
        make_member(tree.union_a, join_date=dt.date(2015, 1, 1), union_group=tree.group_a1) for _ in range(6)
    ]
    b = [make_member(tree.union_b, join_date=dt.date(2016, 1, 1)) for _ in range(3)]
    c = make_member(tree.union_c, join_date=dt.date(2017, 1, 1))
    start = _same(tree)
    assert start["members"] == 7

    # Each write below changes the figures; tallies built before it must not survive it.
    new = make_member(tree.union_a, join_date=today, employment_type=EmploymentType.MIGRANT)
    assert _same(tree)["migrant"] == start["migrant"] + 1
    assert _figures(tree.union_a, use_tallies=True)["new_migrant_members"] == 1
    services.member_transfer_out(actor=None, member=a[0], to_organization=tree.union_b, on=today)
    _same(tree)
    services.member_transfer_accept(actor=None, member=Member.objects.get(pk=a[0].pk), on=today)
    after = _same(tree)
    assert after["members"] == start["members"]  # 6 + 1 joined − 1 moved to the county
    assert (
        sum(
            MemberTally.objects.filter(organization=tree.union_b, dimension="status").values_list(
                "n", flat=True
            )
        )
        == 4
    )
    services.member_retain(actor=None, member=a[1], on=today, reason="retirement")
    assert _same(tree)["retained"] == 1
    services.member_leave(actor=None, member=a[2], on=today, reason="voluntary")
    services.member_death(actor=None, member=b[0], on=today)
    _same(tree)
    services.member_update(actor=None, obj=a[3], data={"employment_type": EmploymentType.MIGRANT})
    services.member_update(
        actor=None,
        obj=c,
        data={
            "id_type": "passport",
            "id_number": "E1234567",
            "gender": "F",
            "birth_date": dt.date(1960, 5, 1),
        },
    )
    edited = _same(tree)
    assert edited["migrant"] == start["migrant"] + 2
    # The one who left joins the county's union, by an approved transfer request: both unions change.
    asked = services.transfer_request_create(
        actor=None, organization=tree.union_b, id_number=a[2].id_number, name=a[2].name
    )
    services.transfer_request_approve(actor=None, request=asked)
    _same(tree)
    services.member_delete(actor=None, obj=Member.objects.get(pk=b[1].pk))
    assert _same(tree)["members"] == edited["members"]  # the county's change, not the city's
    # The new member moves to the county: a record of the county's own, a new membership
    # period. The county corrects the employment type on its record: the city's new migrant
    # members (the city's JOIN events, by the type on the city's record) stay; the city's own
    # correction changes them.
    services.member_transfer_out(actor=None, member=new, to_organization=tree.union_b, on=today)
    moved = services.member_transfer_accept(actor=None, member=Member.objects.get(pk=new.pk), on=today).member
    assert _same(tree)["members"] == edited["members"] - 1  # the county's now
    services.member_update(actor=None, obj=moved, data={"employment_type": EmploymentType.CONTRACT})
    assert _same(tree)["new_migrant_members"] == 1
    services.member_update(
        actor=None, obj=Member.objects.get(pk=new.pk), data={"employment_type": EmploymentType.CONTRACT}
    )
    assert _same(tree)["new_migrant_members"] == 0


def test_a_transfer_marks_both_unions_and_a_rebuild_clears_them(tree: Any) -> None:
    m = make_member(tree.union_a, join_date=dt.date(2015, 1, 1))
    tallies.refresh(None)
    assert not TallyState.objects.filter(dirty=True).exists()
    services.member_transfer_out(actor=None, member=m, to_organization=tree.union_b, on=timezone.localdate())
    dirty = set(TallyState.objects.filter(dirty=True).values_list("organization_id", flat=True))
    assert dirty == {tree.union_a.pk, tree.union_b.pk}
    assert tallies.refresh(tree.city) == 1  # only the city's stale union
    assert tallies.stale_count(None) == 1 and tallies.refresh(None) == 1 and tallies.refresh(None) == 0


def test_tallies_of_an_earlier_day_are_stale(tree: Any) -> None:
    """Age bands move with the day: a member born 36 years ago today was 35 yesterday."""
    today = timezone.localdate()
    born = years_before(today, 36)
    make_member(tree.union_a, id_type="passport", id_number="E7654321", gender="M", birth_date=born)
    make_member(tree.union_a, join_date=dt.date(2015, 1, 1))
    tallies.refresh(None, day=today - dt.timedelta(days=1))

    def band(code: str) -> int:
        rows = MemberTally.objects.filter(organization=tree.union_a, dimension="age_band", value=code)
        return sum(rows.values_list("n", flat=True))

    before = band(AgeBand.FROM_36_TO_45)
    assert tallies.stale_count(tree.city) == 5  # the city, its two unions and the two groups
    s = _figures(tree.union_a, use_tallies=True)
    assert s == _figures(tree.union_a, use_tallies=False)
    assert band(AgeBand.FROM_36_TO_45) == before + 1


def test_federation_statistics_read_tallies_not_the_roster(tree: Any) -> None:
    for _ in range(3):
        make_member(tree.union_a, join_date=dt.date(2015, 1, 1))
    tallies.refresh(None)
    with CaptureQueriesContext(connection) as ctx:
        s = selectors.statistics(tree.city, timezone.localdate())
    assert s["members"] == 3
    member_table = Member._meta.db_table
    reads = [q["sql"] for q in ctx.captured_queries if f'FROM "{member_table}"' in q["sql"]]
    assert not reads, reads  # (new members come from the JOIN events, joined to their members)
    assert not any(q["sql"].startswith(("INSERT", "UPDATE", "DELETE")) for q in ctx.captured_queries)


def test_refresh_tallies_command(tree: Any, capsys: Any) -> None:
    make_member(tree.union_a, join_date=dt.date(2015, 1, 1))
    call_command("refresh_tallies")
    assert "rebuilt" in capsys.readouterr().out
    assert tallies.stale_count(None) == 0
    assert (
        sum(
            MemberTally.objects.filter(organization=tree.union_a, dimension="status").values_list(
                "n", flat=True
            )
        )
        == 1
    )


def _pg_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs PostgreSQL's row locks (SQLite serializes all writers)")


def _in_thread(fn: Any) -> threading.Thread:
    def body() -> None:
        from django.db import connection as conn

        try:
            with unscoped("a thread starts outside the test body's block"):
                fn()
        finally:
            conn.close()

    t = threading.Thread(target=body)
    t.start()
    return t


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_waits_for_a_writer_that_marked_the_union(transactional_db: Any, tree: Any) -> None:
    """The writer marks, then keeps its transaction open: the rebuild must count what it commits."""
    _pg_only()
    m = make_member(tree.union_a, join_date=dt.date(2015, 1, 1))
    tallies.refresh(None)
    services.member_update(actor=None, obj=m, data={"job": "焊工"})  # committed: the union is stale
    marked, go = threading.Event(), threading.Event()

    def writer() -> None:
        with transaction.atomic():
            services.member_update(
                actor=None, obj=Member.objects.get(pk=m.pk), data={"employment_type": "migrant"}
            )
            marked.set()
            go.wait(10)

    w = _in_thread(writer)
    assert marked.wait(10)
    r = _in_thread(lambda: tallies.refresh(tree.city))
    r.join(0.5)
    assert r.is_alive()  # waiting for the writer's row lock
    go.set()
    w.join(10), r.join(10)
    assert tallies.stale_count(None) == 0
    assert (
        _figures(tree.city, use_tallies=True)["migrant"]
        == 1
        == _figures(tree.city, use_tallies=False)["migrant"]
    )


@pytest.mark.django_db(transaction=True)
def test_a_writer_during_a_rebuild_leaves_the_union_dirty(
    transactional_db: Any, tree: Any, monkeypatch: Any
) -> None:
    """The rebuild has counted; a writer commits a change it did not see: the union stays stale."""
    _pg_only()
    m = make_member(tree.union_a, join_date=dt.date(2015, 1, 1))
    tallies.refresh(None)
    services.member_update(actor=None, obj=m, data={"job": "焊工"})  # stale again
    counted, go = threading.Event(), threading.Event()
    count = tallies._count_claimed

    def slow_count(day: dt.date, **claimed: Any) -> None:
        count(day, **claimed)
        counted.set()
        go.wait(10)

    monkeypatch.setattr(tallies, "_count_claimed", slow_count)
    r = _in_thread(lambda: tallies.refresh(tree.city))
    assert counted.wait(10)
    w = _in_thread(
        lambda: services.member_update(
            actor=None, obj=Member.objects.get(pk=m.pk), data={"employment_type": "migrant"}
        )
    )
    w.join(0.5)
    assert w.is_alive()  # its mark waits for the rebuild's row lock
    go.set()
    r.join(10), w.join(10)
    monkeypatch.undo()
    assert TallyState.objects.get(organization=tree.union_a).dirty
    assert (
        _figures(tree.city, use_tallies=True)["migrant"]
        == 1
        == _figures(tree.city, use_tallies=False)["migrant"]
    )
