"""Democratic management: congress sessions and their records, disclosures, collective contracts."""

from gonghui.democracy.models.congress import (
    CONGRESS_KINDS,
    Congress,
    CongressKind,
    DelegateCategory,
    FollowUp,
    FollowUpStatus,
    Proposal,
    ProposalCategory,
    ProposalStatus,
    Representative,
    Resolution,
    ResolutionKind,
    Satisfaction,
    passed_q,
)
from gonghui.democracy.models.contract import (
    GENERAL_KINDS,
    CollectiveContract,
    ContractKind,
    ContractStatus,
    in_force_q,
)
from gonghui.democracy.models.disclosure import Channel, Disclosure, DisclosureCategory
from gonghui.democracy.models.review import OfficerReview

__all__ = [
    "CONGRESS_KINDS",
    "GENERAL_KINDS",
    "Channel",
    "CollectiveContract",
    "Congress",
    "CongressKind",
    "ContractKind",
    "ContractStatus",
    "DelegateCategory",
    "Disclosure",
    "DisclosureCategory",
    "FollowUp",
    "FollowUpStatus",
    "OfficerReview",
    "Proposal",
    "ProposalCategory",
    "ProposalStatus",
    "Representative",
    "Resolution",
    "ResolutionKind",
    "Satisfaction",
    "in_force_q",
    "passed_q",
]
