"""Factories for the democracy record types (used by the central scoping tests and ours)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import count
from typing import Any

from gonghui.democracy.models import (
    Channel,
    CollectiveContract,
    Congress,
    ContractKind,
    Disclosure,
    DisclosureCategory,
    FollowUp,
    OfficerReview,
    Proposal,
    ProposalCategory,
    Representative,
    Resolution,
)
from gonghui.orgs.models import Organization

_n = count(1)


def _saved(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


def make_congress(union: Organization, **kw: Any) -> Congress:
    n = next(_n)
    kw.setdefault("term_no", 1)
    kw.setdefault("session_no", n)
    kw.setdefault("name", f"{union.name}第一届职代会第{n}次会议")
    kw.setdefault("held_on", dt.date(2025, 3, 20))
    kw.setdefault("delegates_total", 45)
    kw.setdefault("delegates_present", 42)
    return _saved(Congress(organization=union, **kw))


def make_representative(union: Organization, congress: Congress | None = None, **kw: Any) -> Representative:
    kw.setdefault("person_name", f"{union.name}代表{next(_n)}")
    return _saved(Representative(organization=union, congress=congress or make_congress(union), **kw))


def make_proposal(union: Organization, congress: Congress | None = None, **kw: Any) -> Proposal:
    kw.setdefault("title", f"{union.name}关于改善职工食堂的提案{next(_n)}")
    kw.setdefault("submitter", "张代表")
    kw.setdefault("category", ProposalCategory.LIVING)
    return _saved(Proposal(organization=union, congress=congress or make_congress(union), **kw))


def make_resolution(union: Organization, congress: Congress | None = None, **kw: Any) -> Resolution:
    kw.setdefault("title", f"{union.name}《实施方案》决议{next(_n)}")
    kw.setdefault("votes_for", 40)
    return _saved(Resolution(organization=union, congress=congress or make_congress(union), **kw))


def make_follow_up(union: Organization, resolution: Resolution | None = None, **kw: Any) -> FollowUp:
    resolution = resolution or make_resolution(union)
    kw.setdefault("reported_on", resolution.congress.held_on + dt.timedelta(days=30))
    kw.setdefault("progress", f"{union.name}已落实{next(_n)}")
    return _saved(FollowUp(organization=union, resolution=resolution, **kw))


def make_disclosure(union: Organization, **kw: Any) -> Disclosure:
    kw.setdefault("item", f"{union.name}业务招待费公开{next(_n)}")
    kw.setdefault("category", DisclosureCategory.HOSPITALITY_PHONE)
    kw.setdefault("channel", Channel.NOTICE_BOARD)
    kw.setdefault("disclosed_on", dt.date(2025, 7, 10))
    return _saved(Disclosure(organization=union, **kw))


def make_contract(union: Organization, **kw: Any) -> CollectiveContract:
    kw.setdefault("kind", ContractKind.COMPREHENSIVE)
    kw.setdefault("title", f"{union.name}集体合同{next(_n)}")
    kw.setdefault("employer_party", f"{union.name}所在单位")
    kw.setdefault("signed_on", dt.date(2025, 3, 28))
    kw.setdefault("effective_from", dt.date(2025, 4, 1))
    kw.setdefault("effective_to", dt.date(2028, 3, 31))
    return _saved(CollectiveContract(organization=union, **kw))


def make_officer_review(union: Organization, **kw: Any) -> OfficerReview:
    kw.setdefault("held_on", dt.date(2025, 6, 18))
    kw.setdefault("officers", f"{union.name}主席张三{next(_n)}")
    kw.setdefault("participants", 30)
    kw.setdefault("rated_good", 24)
    kw.setdefault("rated_fair", 5)
    kw.setdefault("rated_poor", 1)
    return _saved(OfficerReview(organization=union, **kw))


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {
    "congresses": make_congress,
    "representatives": make_representative,
    "proposals": make_proposal,
    "resolutions": make_resolution,
    "resolution-follow-ups": make_follow_up,
    "disclosures": make_disclosure,
    "collective-contracts": make_contract,
    "officer-reviews": make_officer_review,
}
