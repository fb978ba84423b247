"""Care for workers: hardship files, aid cases, visits, donations, surveys, mutual insurance."""

from gonghui.care.models.aid import AidCase, AidDisbursement, AidKind, AidObjection, AidStatus
from gonghui.care.models.common import FundSource
from gonghui.care.models.hardship import (
    FileStatus,
    HardshipCategory,
    HardshipCause,
    HardshipFile,
    HardshipLevel,
    HardshipReview,
    Health,
    HouseholdMember,
    Relation,
    ReviewResult,
)
from gonghui.care.models.insurance import InsuranceClaim, InsuranceEnrollment, InsurancePlan
from gonghui.care.models.standards import DEFAULT_INSURANCE_TARGET, CareStandard
from gonghui.care.models.visits import (
    FESTIVAL_OCCASIONS,
    Donation,
    MigrantSurvey,
    Occasion,
    TargetGroup,
    Visit,
    VisitRecipient,
)

__all__ = [
    "DEFAULT_INSURANCE_TARGET",
    "FESTIVAL_OCCASIONS",
    "AidCase",
    "AidDisbursement",
    "AidKind",
    "AidObjection",
    "AidStatus",
    "CareStandard",
    "Donation",
    "FileStatus",
    "FundSource",
    "HardshipCategory",
    "HardshipCause",
    "HardshipFile",
    "HardshipLevel",
    "HardshipReview",
    "Health",
    "HouseholdMember",
    "InsuranceClaim",
    "InsuranceEnrollment",
    "InsurancePlan",
    "MigrantSurvey",
    "Occasion",
    "Relation",
    "ReviewResult",
    "TargetGroup",
    "Visit",
    "VisitRecipient",
]
