"""Factories for the committees' record types (used by the central scoping tests and ours)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import count
from typing import Any

from gonghui.committees.models import Candidate, Committee, CommitteeKind, Election, Position, Seat
from gonghui.orgs.models import Organization

_n = count(1)


def make_committee(union: Organization, **kw: Any) -> Committee:
    kw.setdefault("kind", CommitteeKind.UNION)
    kw.setdefault("name", f"{union.name}第{next(_n)}届委员会")
    if kw["kind"] in (CommitteeKind.UNION, CommitteeKind.FUNDS_REVIEW, CommitteeKind.WOMEN):
        kw.setdefault("term_years", 5)
        kw.setdefault("term_start", dt.date(2023, 3, 1))
    c = Committee(organization=union, **kw)
    c.full_clean()
    c.save()
    return c


def make_seat(union: Organization, committee: Committee | None = None, **kw: Any) -> Seat:
    committee = committee or make_committee(union)
    kw.setdefault("position", Position.MEMBER)
    kw.setdefault("person_name", f"{union.name}委员{next(_n)}")
    s = Seat(organization=union, committee=committee, **kw)
    s.full_clean()
    s.save()
    return s


def make_election(union: Organization, committee: Committee | None = None, **kw: Any) -> Election:
    committee = committee or make_committee(union)
    kw.setdefault("held_on", dt.date(2023, 3, 1))
    kw.setdefault("seats", 7)
    kw.setdefault("eligible_voters", 60)
    kw.setdefault("present", 55)
    kw.setdefault("votes_cast", 55)
    e = Election(organization=union, committee=committee, **kw)
    e.full_clean()
    e.save()
    return e


def make_candidate(union: Organization, election: Election | None = None, **kw: Any) -> Candidate:
    election = election or make_election(union)
    kw.setdefault("person_name", f"{union.name}候选人{next(_n)}")
    kw.setdefault("votes", 50)
    c = Candidate(organization=union, election=election, **kw)
    c.full_clean()
    c.save()
    return c


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {
    "committees": make_committee,
    "committee-seats": make_seat,
    "elections": make_election,
    "election-candidates": make_candidate,
}
