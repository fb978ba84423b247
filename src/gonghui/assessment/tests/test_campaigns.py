"""Campaigns: coverage of a subtree by type, strict input, inspectors, the federation's figures."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D  # noqa: N817
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.accounts.roles import Role
from gonghui.assessment import selectors
from gonghui.assessment.models import Assessment, Assignment, Campaign, ItemScore, Status
from gonghui.assessment.services.campaigns import (
    assign_inspector,
    campaign_create,
    campaign_sync,
    inspector_candidates,
)
from gonghui.assessment.services.scores import score_assessments
from gonghui.assessment.tests.conftest import access_of, make_campaign
from gonghui.conftest import make_org
from gonghui.core.errors import DomainError
from gonghui.orgs.models import OrgType


def data(standard: Any, **kw: Any) -> dict[str, Any]:
    return {
        "name": "2025年考核",
        "year": 2025,
        "standard": standard,
        "org_types": ["grassroots", "joint"],
        "self_deadline": dt.date(2025, 11, 30),
        "acceptance_deadline": dt.date(2025, 12, 31),
        **kw,
    }


def test_a_campaign_covers_the_unions_of_its_subtree_by_type(standard: Any, tree: Any, people: Any) -> None:
    joint = make_org(tree.city, "UJ", OrgType.JOINT, name="联合工会")
    c = make_campaign(tree.city, standard, people.admin)
    covered = set(Assessment.objects.filter(campaign=c).values_list("organization__code", flat=True))
    assert covered == {"UA", "UC", "UJ"}  # not the groups, not the county
    only = campaign_create(
        access=access_of(people.admin),
        organization=tree.city,
        data=data(standard, name="联合", org_types=["joint"]),
    )
    assert list(only.assessments.values_list("organization", flat=True)) == [joint.pk]
    # A union founded later joins when the campaign is brought up to date.
    make_org(tree.city, "UD", name="丁厂工会")
    assert campaign_sync(access=access_of(people.admin), campaign=c) == 1
    assert c.assessments.count() == 4


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"acceptance_deadline": dt.date(2025, 1, 1)}, "acceptance_deadline"),
        ({"org_types": []}, "org_types"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_campaigns_are_refused_and_write_nothing(
    standard: Any, tree: Any, people: Any, change: dict, field: str
) -> None:
    with pytest.raises(DomainError) as e:
        campaign_create(access=access_of(people.admin), organization=tree.city, data=data(standard, **change))
    assert field in e.value.error_dict
    assert not Campaign.objects.exists() and not Assessment.objects.exists()


def test_root_standard_and_runner_are_checked(standard: Any, tree: Any, people: Any) -> None:
    from gonghui.assessment.tests.conftest import STANDARD_YAML, load_text

    theirs = load_text(STANDARD_YAML.replace("test-std", "county-std"), organization=tree.county)
    admin = access_of(people.admin)
    with pytest.raises(DomainError) as e:
        campaign_create(access=admin, organization=tree.city, data=data(theirs))
    assert "standard" in e.value.error_dict
    with pytest.raises(DomainError) as e:
        campaign_create(access=admin, organization=tree.city, data=data(standard, root=tree.union_b))
    assert "root" in e.value.error_dict
    with pytest.raises(PermissionDenied):
        campaign_create(access=access_of(people.chair), organization=tree.union_a, data=data(standard))
    make_campaign(tree.city, standard, people.admin, name="同名")
    with pytest.raises(DomainError):
        make_campaign(tree.city, standard, people.admin, name="同名")


def test_inspectors_are_users_reviewing_the_unions(
    campaign: Campaign, tree: Any, people: Any, make_user: Any
) -> None:
    county_inspector = make_user(Role.INSPECTOR, tree.county)
    candidates = set(inspector_candidates(campaign))
    assert {people.inspector, people.other_inspector} <= candidates and county_inspector not in candidates
    assert people.chair not in candidates
    with pytest.raises(DomainError):
        assign_inspector(access=access_of(people.admin), campaign=campaign, inspector=county_inspector)
    # Without a list: every union the inspector may review.
    assert (
        assign_inspector(access=access_of(people.admin), campaign=campaign, inspector=people.other_inspector)
        == 2
    )
    assert (
        assign_inspector(access=access_of(people.admin), campaign=campaign, inspector=people.other_inspector)
        == 0
    )
    with pytest.raises(PermissionDenied):
        assign_inspector(access=access_of(people.chair), campaign=campaign, inspector=people.inspector)
    assert Assignment.objects.filter(inspector=people.other_inspector).count() == 2


def test_federation_figures(values: Any, campaign: Campaign, tree: Any, people: Any) -> None:
    values["t_bool"][tree.union_a.pk] = True
    values["t_count"][tree.union_a.pk] = 12
    values["t_amount"][tree.union_a.pk] = D(500)
    a = Assessment.objects.get(campaign=campaign, organization=tree.union_a)
    ItemScore.objects.create(  # people judged the manual veto: no serious incident
        organization=tree.union_a,
        assessment=a,
        criterion=campaign.standard.criteria.get(code="F2"),
        self_points=1,
    )
    score_assessments(Assessment.objects.filter(campaign=campaign))
    qs = selectors.visible_assessments(access_of(people.admin)).filter(campaign=campaign)
    assert selectors.progress(qs)[Status.NOT_STARTED] == 2
    dist = {(b["low"], b["high"]): b["count"] for b in selectors.distribution(qs)}
    assert dist[(None, D(60))] == 2  # 14 and 1 points (of 20) are both below 60
    lost = selectors.most_lost(campaign, qs)
    assert lost[0]["criterion"].code in ("A2", "A1", "B2") and lost[0]["unions"] >= 1
    by_code = {r["criterion"].code: r for r in lost}
    assert by_code["A2"]["lost"] == D(8) and by_code["A2"]["unions"] == 2  # no rate for either union
    assert selectors.grade_counts(qs) == {"达标": 1, "不达标": 1}


def test_comparison_with_the_previous_year_and_export(
    values: Any, standard: Any, tree: Any, people: Any, login: Any
) -> None:
    last = make_campaign(tree.city, standard, people.admin, year=2024)
    this = make_campaign(tree.city, standard, people.admin, year=2025)
    values["t_count"][tree.union_a.pk] = 10
    score_assessments(Assessment.objects.filter(campaign=this))
    assert selectors.previous_campaign(this) == last
    client = login(people.admin)
    page = client.get(reverse("assessment:campaign", kwargs={"pk": this.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "2024" in text and last.name in text
    rows = page.context["rows"]
    a_row = next(r for r in rows if r["a"].organization_id == tree.union_a.pk)
    assert a_row["previous"] == D(1) and a_row["delta"] == a_row["a"].score - 1
    export = client.get(reverse("assessment:campaign-export", kwargs={"pk": this.pk}))
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content)))
    sheet = book.get_sheet_by_index(0).to_python()
    assert sheet[0][:2] == ["编号", "工会"] and any("A1" in str(h) for h in sheet[0])
    assert {r[1] for r in sheet[1:]} == {"甲局工会", "丙厂工会"}
