"""Year-end member snapshots give the membership events' figures, and follow every roster write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from gonghui.core.metrics import Period, compute, sources
from gonghui.members import services, snapshots
from gonghui.members.models import EmploymentType, MemberSnapshot
from gonghui.members.tests.factories import make_member
from gonghui.orgs.models import EmployerYear, Organization

D = dt.date
NAMES = ["member_count", "enrollment_rate", "new_members", "new_migrant_members", "women_member_count"]
YEAR = Period.year(2025)


def _figures(monkeypatch: pytest.MonkeyPatch, orgs: Any, period: Period = YEAR) -> tuple[Any, Any]:
    """(the figures from the snapshots, the figures from the events) of ``orgs``."""
    from_snapshots = compute(orgs, period, NAMES), sources(orgs, period, NAMES)
    with monkeypatch.context() as m:
        m.setattr(snapshots, "applies", lambda *a, **k: False)
        from_events = compute(orgs, period, NAMES), sources(orgs, period, NAMES)
    return from_snapshots, from_events


def test_snapshots_equal_the_events_through_every_kind_of_roster_write(
    tree: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=40)
    old = [make_member(tree.union_a, join_date=D(2019, 3, 1), gender=g) for g in "FMFMM"]
    new = [
        make_member(tree.union_a, join_date=D(2025, 5, 1), employment_type=EmploymentType.MIGRANT),
        make_member(tree.union_b, join_date=D(2025, 8, 1), gender="F"),
    ]
    orgs = Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.union_b.pk, tree.county.pk]
    )
    snap, events = _figures(monkeypatch, orgs)
    assert snap == events
    assert snap[0]["member_count"][tree.city.pk] == 6 and snap[0]["new_migrant_members"][tree.union_a.pk] == 1
    assert MemberSnapshot.objects.filter(as_of=YEAR.end, organization=tree.union_a).exists()  # really used
    assert not snapshots.stale(orgs, YEAR.end)

    writes = [
        lambda: services.member_leave(actor=None, member=old[0], on=D(2025, 6, 1), reason="voluntary"),
        lambda: services.member_retain(actor=None, member=old[1], on=D(2025, 9, 1), reason="retirement"),
        lambda: services.member_transfer_out(
            actor=None, member=old[2], to_organization=tree.union_b, on=D(2025, 10, 1)
        ),
        lambda: services.member_transfer_accept(actor=None, member=old[2], on=D(2025, 10, 8)),
        lambda: services.member_update(
            actor=None, obj=new[0], data={"employment_type": EmploymentType.CONTRACT}
        ),
        lambda: services.member_delete(actor=None, obj=new[1]),
        lambda: make_member(tree.union_c, join_date=D(2024, 1, 1)),  # a union never counted before
    ]
    for write in writes:
        write()
        assert snapshots.stale(orgs, YEAR.end)  # the write made a snapshot out of date
        snap, events = _figures(
            monkeypatch, Organization.objects.filter(org_type__in=["federation", "grassroots"])
        )
        assert snap == events
    assert snap[0]["member_count"][tree.city.pk] == 5  # the leaver and the one moved to B out, C's in
    assert snap[0]["new_migrant_members"][tree.union_a.pk] == 0


def test_a_year_under_way_and_other_periods(tree: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    make_member(tree.union_a, join_date=D(2026, 1, 5), gender="F")
    make_member(tree.union_a, join_date=D(2024, 1, 5), gender="M")
    orgs = Organization.objects.filter(pk__in=[tree.city.pk, tree.union_a.pk])
    this_year = Period.year(timezone.localdate().year)
    snap, events = _figures(monkeypatch, orgs, this_year)
    assert snap == events and snap[0]["member_count"][tree.city.pk] == 2
    # A quarter or a group: read from the events, no snapshot kept for them.
    quarter = Period(D(2026, 1, 1), D(2026, 3, 31))
    assert not snapshots.applies(orgs, quarter)
    assert not snapshots.applies(Organization.objects.filter(pk=tree.group_a1.pk), this_year)
    assert not MemberSnapshot.objects.filter(as_of=quarter.end).exists()
    compute(orgs, quarter, NAMES)
    assert not MemberSnapshot.objects.filter(as_of=quarter.end).exists()
