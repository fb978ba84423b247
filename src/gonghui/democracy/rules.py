"""Figures of DOMAIN.md that the democracy checks use, with their sources.

Defaults of DOMAIN.md. Figures that are local practice would come from a generic
per-federation settings mechanism, which does not exist yet: until then these apply.
"""

from __future__ import annotations

# 全民所有制工业企业职工代表大会条例 art. 12/18: quorum two thirds, majority of ALL delegates.
# 企业民主管理规定 2012: managers and leaders at most about 20% of the delegates.
MANAGEMENT_MAX_SHARE = 20
# Local 职代会 rules (many provinces): frontline workers not less than half of the delegates.
FRONTLINE_MIN_SHARE = 50
# 工会女职工委员会工作条例: women's share of delegates should match their share of the staff;
# a shortfall up to this many percentage points is tolerated before warning.
WOMEN_SHARE_TOLERANCE = 2
# Delegates typically 5–10% of staff (information only: small units need more).
DELEGATE_SHARE_RANGE = (5, 10)
# Standards: a congress at least once a year.
CONGRESS_MAX_GAP_DAYS = 366

# 集体合同规定 2004: a term of 1 to 3 years; renewal talks in the last 3 months; filed with the
# labour bureau within 10 days of signing.
CONTRACT_MIN_YEARS = 1
CONTRACT_MAX_YEARS = 3
CONTRACT_RENEWAL_MONTHS = 3
CONTRACT_FILING_DAYS = 10

# Accepted proposals should be replied to within this many days of the session.
PROPOSAL_REPLY_DAYS = 90

# The disclosure categories every union should disclose each year (厂务公开: major decisions;
# managers' selection and hospitality and phone costs; workers' interests).
REQUIRED_DISCLOSURES = [
    "major_decision",
    "finance",
    "hospitality_phone",
    "promotion",
    "wages",
    "welfare",
]
