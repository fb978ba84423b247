"""Finance models: the funds ledger, the federation's rules, dues and remittances, audits, assets."""

from gonghui.finance.models.assets import Asset, AssetCategory, AssetStatus, FundingSource
from gonghui.finance.models.audits import Audit, AuditKind, AuditPlan
from gonghui.finance.models.dues import DuesRecord, Remittance, RemittanceKind
from gonghui.finance.models.ledger import (
    EXPENDITURE_CATEGORIES,
    INCOME_CATEGORIES,
    Budget,
    Category,
    Direction,
    SpendPurpose,
    Voucher,
    VoucherLine,
    VoucherStatus,
    direction_of,
)
from gonghui.finance.models.policies import FinancePolicy, PolicyKind
from gonghui.finance.models.rules import FundsRule, SpendingCap

__all__ = [
    "EXPENDITURE_CATEGORIES",
    "INCOME_CATEGORIES",
    "Asset",
    "AssetCategory",
    "AssetStatus",
    "Audit",
    "AuditKind",
    "AuditPlan",
    "Budget",
    "Category",
    "Direction",
    "DuesRecord",
    "FinancePolicy",
    "FundingSource",
    "FundsRule",
    "PolicyKind",
    "Remittance",
    "RemittanceKind",
    "SpendPurpose",
    "SpendingCap",
    "Voucher",
    "VoucherLine",
    "VoucherStatus",
    "direction_of",
]
