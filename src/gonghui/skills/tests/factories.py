"""Valid skills records inside a given union, for the scoping tests and this app's tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from gonghui.orgs.models import Organization
from gonghui.skills.models import (
    Audience,
    Competition,
    CompetitionAward,
    CompetitionKind,
    Degree,
    LearningIncentive,
    Training,
)


def make_competition(union: Organization, **kw: Any) -> Competition:
    kw.setdefault("name", f"{union.name}安全知识竞赛")
    kw.setdefault("kind", CompetitionKind.KNOWLEDGE)
    kw.setdefault("started_on", dt.date(2025, 5, 10))
    kw.setdefault("participant_count", 30)
    return Competition.objects.create(organization=union, **kw)


def make_award(union: Organization, **kw: Any) -> CompetitionAward:
    competition = kw.pop("competition", None) or make_competition(union)
    kw.setdefault("award", "一等奖")
    kw.setdefault("winner", f"{union.name}获奖者")
    return CompetitionAward.objects.create(organization=union, competition=competition, **kw)


def make_training(union: Organization, **kw: Any) -> Training:
    kw.setdefault("course", f"{union.name}工会小组长培训")
    kw.setdefault("audience", Audience.GROUP_LEADERS)
    kw.setdefault("started_on", dt.date(2025, 3, 20))
    kw.setdefault("hours", Decimal("8.0"))
    kw.setdefault("attendee_count", 20)
    return Training.objects.create(organization=union, **kw)


def make_learning_incentive(union: Organization, **kw: Any) -> LearningIncentive:
    kw.setdefault("name", f"{union.name}学员")
    kw.setdefault("degree", Degree.BACHELOR)
    kw.setdefault("awarded_on", dt.date(2025, 9, 1))
    kw.setdefault("amount", Decimal("2000.00"))
    kw.setdefault("union_share", Decimal("1000.00"))
    kw.setdefault("employer_share", kw["amount"] - kw["union_share"])
    return LearningIncentive.objects.create(organization=union, **kw)


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {
    "competitions": make_competition,
    "competition-awards": make_award,
    "training": make_training,
    "learning-incentives": make_learning_incentive,
}
