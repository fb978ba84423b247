"""The demo's committees: the seed report's facts, loaded twice without duplicates."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.core.management import call_command

from gonghui.committees.models import Candidate, Committee, CommitteeKind, Election, Seat


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Committee, Seat, Election, Candidate))


def test_demo_committees_follow_the_seed_reports(db: Any) -> None:
    call_command("demo", "--quiet")
    first = _counts()
    call_command("demo", "--quiet")
    assert _counts() == first

    out = StringIO()
    call_command("metrics", "DEMO-BUREAU", "--year", "2025", "--json", stdout=out)
    bureau = json.loads(out.getvalue())
    assert bureau["committee_present"] and bureau["committee_size"] == 7 and bureau["chair_full_time"]
    assert bureau["women_committee_present"] and bureau["funds_review_committee_present"]
    assert bureau["labor_protection_committee_present"] and bureau["mediation_committee_present"]
    assert bureau["leading_group_count"] == 4 and bureau["committee_term_valid"]
    assert bureau["committee_election_approved"]

    union = Committee.objects.get(organization__code="DEMO-BUREAU", kind=CommitteeKind.UNION)
    seats = list(union.seats.all())
    assert sum(s.full_time for s in seats) == 1 and sum(not s.full_time for s in seats) == 6
    review = Committee.objects.get(organization__code="DEMO-BUREAU", kind=CommitteeKind.FUNDS_REVIEW)
    assert review.seats.count() == 2 and not review.seats.filter(full_time=True).exists()
    women = Committee.objects.get(organization__code="DEMO-BUREAU", kind=CommitteeKind.WOMEN)
    assert (
        women.seats.filter(full_time=True).count() == 1 and women.seats.filter(full_time=False).count() == 4
    )
    group = Committee.objects.get(name="局工会标准化建设活动领导小组")
    leader = group.seats.get(position="leader")
    assert leader.job_title == "局党委书记" and leader.member is None

    changan = Committee.objects.get(organization__code="DEMO-CHANGAN", kind=CommitteeKind.UNION)
    assert set(changan.seats.values_list("position", flat=True)) == {
        "chair",
        "vice_chair",
        "organization",
        "publicity",
        "funds_review",
        "women",
        "mediation",
    }
    assert Committee.objects.filter(
        organization__code="DEMO-CHANGAN", name="长安乡工会组织建设领导小组"
    ).exists()
