"""Democracy metrics (per_org subtree roll-up, evidence) and advisory checks, and the union page panel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from gonghui.core.advice import advice_of
from gonghui.core.metrics import Period, compute, registry
from gonghui.democracy.tests.factories import (
    make_congress,
    make_contract,
    make_disclosure,
    make_proposal,
    make_resolution,
)
from gonghui.orgs.models import EmployerYear, Organization

Y2025 = Period.year(2025)
D = dt.date


def _values(names: list[str], *orgs: Any) -> dict[str, dict[int, Any]]:
    return compute(Organization.objects.filter(pk__in=[o.pk for o in orgs]), Y2025, names)


def test_sessions_resolutions_and_proposals(tree: Any) -> None:
    a, b = tree.union_a, tree.union_b
    s1 = make_congress(a, held_on=D(2025, 3, 20))
    s2 = make_congress(a, held_on=D(2025, 9, 18), delegates_present=29)  # no quorum
    make_congress(a, held_on=D(2024, 3, 20))  # another year
    make_resolution(a, s1, votes_for=41)
    make_resolution(a, s1, votes_for=22, votes_against=20)  # not more than half of 45
    make_resolution(a, s2, votes_for=29)  # no quorum: does not pass
    make_proposal(a, s1, status="accepted", reply="已办", replied_on=D(2025, 4, 1))
    make_proposal(a, s1, status="accepted")
    make_proposal(a, s1, status="not_accepted", reason="不属职权")
    make_congress(b, held_on=D(2025, 5, 1))
    names = ["congress_sessions", "resolutions_passed", "proposals_count", "proposals_handled_rate"]
    v = _values(names, a, b, tree.union_c, tree.city)
    assert v["congress_sessions"] == {a.pk: 2, b.pk: 1, tree.union_c.pk: 0, tree.city.pk: 2}
    assert v["resolutions_passed"][a.pk] == 1
    assert v["proposals_count"][a.pk] == 3
    assert v["proposals_handled_rate"][a.pk] == 50 and v["proposals_handled_rate"][b.pk] is None
    evidence = registry.get("resolutions_passed").evidence(a, Y2025)
    assert [r.votes_for for r in evidence] == [41]


def test_records_of_a_group_count_for_its_union(tree: Any) -> None:
    make_disclosure(tree.group_a1, category="finance")
    make_disclosure(tree.union_a, category="finance")
    make_disclosure(tree.union_a, category="wages")
    v = _values(
        ["disclosure_count", "disclosure_categories_covered", "disclosure_checklist_rate"], tree.union_a
    )
    assert v["disclosure_count"][tree.union_a.pk] == 3
    assert v["disclosure_categories_covered"][tree.union_a.pk] == 2
    assert v["disclosure_checklist_rate"][tree.union_a.pk] == Decimal("33.33")


def test_contracts_in_force_at_the_end_of_the_period(tree: Any) -> None:
    a = tree.union_a
    make_contract(a)  # 2025-04-01 to 2028-03-31
    make_contract(
        a, kind="women", effective_from=D(2023, 1, 1), effective_to=D(2025, 12, 30), signed_on=D(2022, 12, 20)
    )
    make_contract(a, kind="wage", status="negotiating", signed_on=None)
    make_contract(
        tree.union_b,
        kind="wage",
        status="terminated",
        terminated_on=D(2025, 6, 1),
    )
    names = [
        "collective_contract_in_force",
        "women_special_agreement_in_force",
        "wage_special_agreement_in_force",
    ]
    v = _values(names, a, tree.union_b)
    assert v["collective_contract_in_force"] == {a.pk: True, tree.union_b.pk: False}
    assert v["women_special_agreement_in_force"][a.pk] is False  # ended on 30 December
    assert v["wage_special_agreement_in_force"] == {a.pk: False, tree.union_b.pk: False}
    assert v == _values(names, a, tree.union_b)


def _messages(org: Any, day: dt.date) -> list[str]:
    return [x.message for x in advice_of(org, day)]


def test_advice_on_the_shares_of_delegates_and_quorum(tree: Any) -> None:
    EmployerYear.objects.create(
        organization=tree.union_a, year=2025, employer_name="甲局", employees=400, women_employees=160
    )
    make_congress(
        tree.union_a,
        held_on=D(2025, 3, 20),
        delegates_total=40,
        delegates_present=26,
        frontline_delegates=18,
        women_delegates=8,
        management_delegates=10,
    )
    messages = _messages(tree.union_a, D(2025, 6, 1))
    assert any("不足三分之二" in m for m in messages)
    assert any("管理人员和领导人员代表占25.0%，超过20%" in m for m in messages)
    assert any("一线职工代表占45.0%，低于50%" in m for m in messages)
    assert any("女职工代表占20.0%" in m and "40.0%" in m for m in messages)


def test_advice_on_missing_congress_disclosure_and_contract(tree: Any) -> None:
    messages = _messages(tree.union_a, D(2025, 6, 1))
    assert any("十二个月内未召开职工代表大会" in m for m in messages)
    assert any("十二个月内没有厂务公开记录" in m for m in messages)
    assert any("没有生效中的集体合同" in m for m in messages)
    assert not any("职工代表大会" in m for m in _messages(tree.group_a1, D(2025, 6, 1)))


def test_advice_on_contract_expiry_and_unreplied_proposals(tree: Any) -> None:
    k = make_contract(
        tree.union_a, effective_from=D(2023, 1, 1), effective_to=D(2025, 12, 31), signed_on=D(2022, 12, 20)
    )
    assert not any("续签" in m for m in _messages(tree.union_a, D(2025, 9, 30)))
    assert any("将于2025-12-31到期，请启动续签协商" in m for m in _messages(tree.union_a, D(2025, 10, 1)))
    expired = [x for x in advice_of(tree.union_a, D(2026, 1, 5)) if "尚未续签" in x.message]
    assert expired and expired[0].level == "danger" and str(k.pk) in expired[0].url
    make_contract(
        tree.union_a, effective_from=D(2026, 1, 1), effective_to=D(2028, 12, 31), signed_on=D(2025, 12, 20)
    )
    assert not any("尚未续签" in m for m in _messages(tree.union_a, D(2026, 1, 5)))
    c = make_congress(tree.union_a, held_on=D(2025, 3, 20))
    make_proposal(tree.union_a, c, status="accepted")
    assert any("1件已立案提案超过90天未答复" in m for m in _messages(tree.union_a, D(2025, 7, 1)))


def test_the_union_page_shows_the_disclosure_checklist(chair: Any, tree: Any) -> None:
    c = make_congress(tree.union_a, held_on=D(2025, 3, 20))
    make_disclosure(
        tree.union_a,
        item="2024年度财务收支情况",
        category="finance",
        channel="congress",
        congress=c,
        disclosed_on=D(2025, 3, 20),
    )
    make_disclosure(tree.union_b, item="乙乡招待费", category="hospitality_phone")
    url = reverse("records:detail", kwargs={"rt": "orgs", "pk": tree.union_a.pk})
    page = chair.get(url, {"disclosure_year": 2025}).content.decode()
    assert "2025年厂务公开：1项" in page and "2024年度财务收支情况" in page
    assert "尚缺：" in page and "领导干部业务招待费和电话费" in page
    assert "乙乡招待费" not in page
    assert "2024年厂务公开：0项" in chair.get(url, {"disclosure_year": 2024}).content.decode()
