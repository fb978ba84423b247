"""Federation-wide measures: distinct unions below, rolled up over two levels (city → township →
unions), computed for several federations at once without one query per union."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.committees.models import CommitteeKind, Position
from gonghui.committees.tests.factories import make_committee, make_seat
from gonghui.conftest import make_org
from gonghui.core.metrics import Period, compute, rate
from gonghui.democracy.models import ContractKind, ContractStatus
from gonghui.democracy.tests.factories import make_congress, make_contract, make_disclosure
from gonghui.members.tests.factories import make_member
from gonghui.orgs.models import JointKind, Organization, OrgType, UnitKind

Y2025 = Period.year(2025)
NAMES = [
    "units_with_collective_contract",
    "collective_contract_coverage_rate",
    "units_with_wage_agreement",
    "contracts_renewed",
    "units_with_congress",
    "units_with_disclosure",
    "full_time_officer_count",
    "women_member_share",
]


class Fed:
    """city ─ township ─ ent (enterprise, 2 contracts), joint (regional, renewed), office (agency,
    with a contract: no unit of the coverage base), bare (enterprise, nothing); city ─ direct
    (enterprise union right under the city); county ─ other (enterprise, one contract)."""

    def __init__(self, tree: Any) -> None:
        self.city, self.county = tree.city, tree.county
        self.town = make_org(self.city, "TOWN", OrgType.TOWNSHIP, name="城关镇总工会")
        self.ent = make_org(self.town, "ENT", unit_kind=UnitKind.ENTERPRISE, name="鑫源工会")
        self.joint = make_org(
            self.town,
            "JNT",
            OrgType.JOINT,
            unit_kind=UnitKind.ENTERPRISE,
            joint_kind=JointKind.REGIONAL,
            name="商贸区域工会联合会",
        )
        self.office = make_org(self.town, "OFF", unit_kind=UnitKind.AGENCY, name="镇机关工会")
        self.bare = make_org(self.town, "BARE", unit_kind=UnitKind.ENTERPRISE, name="华丰工会")
        self.direct = make_org(self.city, "DIR", unit_kind=UnitKind.ENTERPRISE, name="市直企业工会")
        self.other = make_org(self.county, "OTH", unit_kind=UnitKind.ENTERPRISE, name="县属企业工会")


def _values(*orgs: Organization, period: Period = Y2025) -> dict[str, dict[int, Any]]:
    return compute(Organization.objects.filter(pk__in=[o.pk for o in orgs]), period, NAMES)


@pytest.fixture
def fed(tree: Any) -> Fed:
    return Fed(tree)


def test_units_with_a_contract_count_distinct_unions_over_two_levels(fed: Fed) -> None:
    make_contract(fed.ent)  # comprehensive, in force 2025-04 … 2028-03
    make_contract(fed.ent, kind=ContractKind.SECTOR)  # a second one: still one union
    make_contract(fed.joint, kind=ContractKind.REGIONAL)
    make_contract(fed.office)
    make_contract(fed.direct, kind=ContractKind.WAGE)  # a wage agreement is no collective contract
    make_contract(  # ended before the end of 2025
        fed.bare,
        effective_from=dt.date(2022, 4, 1),
        effective_to=dt.date(2025, 3, 31),
        signed_on=dt.date(2022, 3, 1),
    )
    make_contract(
        fed.other, status=ContractStatus.TERMINATED, terminated_on=dt.date(2025, 6, 30)
    )  # terminated: not in force
    v = _values(fed.city, fed.town, fed.ent, fed.county)["units_with_collective_contract"]
    assert (v[fed.city.pk], v[fed.town.pk], v[fed.ent.pk], v[fed.county.pk]) == (3, 3, 1, 0)


def test_coverage_rate_counts_enterprise_and_joint_unions_existing_at_the_end(fed: Fed) -> None:
    make_contract(fed.ent)
    make_contract(fed.joint, kind=ContractKind.REGIONAL)
    make_contract(fed.office)  # an agency's union: neither in the base nor among the covered
    make_org(fed.town, "LATE", unit_kind=UnitKind.ENTERPRISE, founded_on=dt.date(2026, 2, 1))  # not yet
    v = _values(fed.city, fed.town, fed.office, fed.county)["collective_contract_coverage_rate"]
    # Base: ent, joint, bare under the township; and direct under the city.
    assert str(v[fed.town.pk]) == "66.67"  # 2 of 3
    assert str(v[fed.city.pk]) == "50.00"  # 2 of 4
    assert v[fed.office.pk] is None  # no union of the base: unknown, not 0 %
    assert v[fed.county.pk] is not None and v[fed.county.pk] == 0  # one in the base, none covered


def test_wage_agreements_and_renewals(fed: Fed) -> None:
    make_contract(fed.ent, kind=ContractKind.WAGE)
    make_contract(fed.ent, kind=ContractKind.WAGE, title="第二份工资专项集体合同")
    make_contract(fed.other, kind=ContractKind.WAGE)
    old = make_contract(
        fed.joint,
        kind=ContractKind.REGIONAL,
        signed_on=dt.date(2022, 2, 20),
        effective_from=dt.date(2022, 3, 1),
        effective_to=dt.date(2025, 2, 28),
    )
    make_contract(fed.joint, kind=ContractKind.REGIONAL, renews=old, signed_on=dt.date(2025, 2, 25))
    v = _values(fed.city, fed.town, fed.county)
    wage, renewed = v["units_with_wage_agreement"], v["contracts_renewed"]
    assert (wage[fed.city.pk], wage[fed.town.pk], wage[fed.county.pk]) == (1, 1, 1)
    assert (renewed[fed.city.pk], renewed[fed.town.pk], renewed[fed.county.pk]) == (1, 1, 0)
    assert _values(fed.city, period=Period.year(2024))["contracts_renewed"][fed.city.pk] == 0


def test_units_with_congress_and_disclosure(fed: Fed) -> None:
    make_congress(fed.ent)
    make_congress(fed.ent)
    make_congress(fed.joint, kind="labour_talks")  # a consultation meeting is no congress session
    make_congress(fed.direct, held_on=dt.date(2024, 5, 1))  # another year
    make_disclosure(fed.bare)
    make_disclosure(fed.bare)
    make_disclosure(fed.direct)
    v = _values(fed.city, fed.town)
    assert (v["units_with_congress"][fed.city.pk], v["units_with_congress"][fed.town.pk]) == (1, 1)
    assert (v["units_with_disclosure"][fed.city.pk], v["units_with_disclosure"][fed.town.pk]) == (2, 1)


def test_full_time_officers_on_the_current_union_committees(fed: Fed) -> None:
    city = make_committee(fed.city, term_start=dt.date(2023, 3, 1))
    make_seat(fed.city, city, position=Position.CHAIR, full_time=True)
    make_seat(fed.city, city, position=Position.MEMBER)  # part-time
    town = make_committee(fed.town)
    make_seat(fed.town, town, position=Position.VICE_CHAIR, full_time=True)
    make_seat(fed.town, town, full_time=True, term_end=dt.date(2025, 6, 30))  # left before the end
    old = make_committee(fed.ent, term_years=3, term_start=dt.date(2020, 1, 1))
    make_seat(fed.ent, old, position=Position.CHAIR, full_time=True)  # a replaced term's seat
    new = make_committee(fed.ent, term_years=5, term_start=dt.date(2024, 1, 1))
    make_seat(fed.ent, new, position=Position.CHAIR, full_time=True)
    women = make_committee(fed.joint, kind=CommitteeKind.WOMEN)
    make_seat(fed.joint, women, full_time=True)  # not a union committee
    v = _values(fed.city, fed.town, fed.ent)["full_time_officer_count"]
    assert (v[fed.city.pk], v[fed.town.pk], v[fed.ent.pk]) == (3, 2, 1)


def test_women_member_share_follows_the_member_counts(fed: Fed) -> None:
    unions = [fed.ent] * 3 + [fed.joint, fed.direct] * 2
    genders = ["F", "M", "F", "F", "M", "M", "F"]  # both in each union
    people = [
        make_member(u, join_date=dt.date(2020, 5, 1), gender=g) for u, g in zip(unions, genders, strict=True)
    ]
    women = [m for m in people if m.gender == "F"]
    in_town = [m for m in people if m.organization_id != fed.direct.pk]
    v = _values(fed.city, fed.town, fed.county)["women_member_share"]
    town_women = sum(1 for m in women if m in in_town)
    assert v[fed.town.pk] == rate({1: town_women}, {1: len(in_town)})[1]
    assert v[fed.city.pk] == rate({1: len(women)}, {1: len(people)})[1]
    assert v[fed.county.pk] is None  # no member: unknown


def test_queries_do_not_grow_with_the_unions(fed: Fed) -> None:
    make_contract(fed.ent)
    make_congress(fed.ent)
    targets = [fed.city, fed.town, fed.county]
    with CaptureQueriesContext(connection) as few:
        _values(*targets)
    for i in range(6):
        union = make_org(fed.town, f"MORE{i}", unit_kind=UnitKind.ENTERPRISE)
        make_contract(union)
        make_congress(union)
    with CaptureQueriesContext(connection) as many:
        _values(*targets)
    assert len(many) == len(few)
