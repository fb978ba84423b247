"""Inspectors, inspections, 安康杯 and mediation cases: bad input refused, good input kept."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.roles import Role
from gonghui.conftest import make_org
from gonghui.orgs.models import OrgType
from gonghui.protection.models import AnkangCup, Inspection, LaborInspector, MediationCase
from gonghui.protection.tests.factories import make_ankang_cup, make_inspector

INSPECTION = {"inspected_on": "2025-06-12", "place": "船舶队码头", "hazard_level": "major"}


def test_a_team_inspector_is_named_from_the_member_and_belongs_to_a_group(
    post_record: Any, tree: Any, make_member: Any
) -> None:
    member = make_member(tree.union_a, "钱班长")
    resp = post_record("labor-inspectors", {"level": "team", "member": member.pk, "team": tree.group_a1.pk})
    assert resp.status_code == 302
    inspector = LaborInspector.objects.get()
    assert inspector.name == "钱班长" and inspector.team == tree.group_a1


def test_a_team_inspector_without_a_team_is_refused(post_record: Any) -> None:
    resp = post_record("labor-inspectors", {"level": "team", "name": "钱班长"})
    assert resp.status_code == 400
    assert "班组检查员须选择所在班组" in resp.content.decode()
    assert not LaborInspector.objects.exists()


def test_a_team_of_another_union_is_refused(api: Any, tree: Any) -> None:
    group_c = make_org(tree.union_c, "UC-G1", OrgType.GROUP, name="丙一小组")
    client = api(tree.city, Role.FEDERATION_ADMIN)
    for team, message in [
        (group_c, "丙一小组 属于丙厂工会，不属于本工会。"),  # another union of the city
        (tree.group_b1, "选择一个有效的选项"),  # a union outside the scope: not even a choice
    ]:
        resp = client.post(
            "/api/v1/labor-inspectors/",
            {"organization": tree.union_a.pk, "level": "team", "name": "钱班长", "team_id": team.pk},
            content_type="application/json",
        )
        assert resp.status_code == 400 and message in resp.json()["errors"]["team"][0]
    assert not LaborInspector.objects.exists()


def test_leaving_before_the_appointment_is_refused(post_record: Any) -> None:
    resp = post_record(
        "labor-inspectors",
        {"level": "unit", "name": "孙检查员", "appointed_on": "2025-03-01", "left_on": "2025-02-01"},
    )
    assert resp.status_code == 400
    assert "离任日期不能早于任命日期" in resp.content.decode()
    assert not LaborInspector.objects.exists()


def test_rectification_closed_before_the_inspection_is_refused(post_record: Any) -> None:
    resp = post_record(
        "inspections",
        {
            **INSPECTION,
            "rectification_required": "on",
            "rectify_by": "2025-06-30",
            "rectified_on": "2025-06-01",
        },
    )
    assert resp.status_code == 400
    assert "整改完成日期不能早于检查日期" in resp.content.decode()
    assert not Inspection.objects.exists()


def test_rectification_without_a_deadline_is_refused(post_record: Any) -> None:
    resp = post_record("inspections", {**INSPECTION, "rectification_required": "on"})
    assert resp.status_code == 400
    assert "请填写整改期限" in resp.content.decode()
    assert not Inspection.objects.exists()


def test_an_inspection_lists_its_inspectors_of_the_same_union_only(api: Any, tree: Any) -> None:
    mine, theirs = make_inspector(tree.union_a), make_inspector(tree.union_c, name="丙厂检查员")
    client = api(tree.city, Role.FEDERATION_ADMIN)
    payload = {"organization": tree.union_a.pk, **INSPECTION, "rectification_required": True}
    resp = client.post(
        "/api/v1/inspections/",
        {**payload, "rectify_by": "2025-06-30", "inspectors": [mine.pk, theirs.pk]},
        content_type="application/json",
    )
    assert resp.status_code == 400 and "inspectors" in resp.json()["errors"]
    assert not Inspection.objects.exists()
    resp = client.post(
        "/api/v1/inspections/",
        {**payload, "rectify_by": "2025-06-30", "inspectors": [mine.pk]},
        content_type="application/json",
    )
    assert resp.status_code == 201 and resp.json()["inspectors"] == [mine.pk]


def test_the_ankang_cup_is_recorded_once_a_year(post_record: Any, tree: Any) -> None:
    make_ankang_cup(tree.union_a, year=2025)
    resp = post_record("ankang-cup", {"year": 2025, "teams": 3, "participants": 50})
    assert resp.status_code == 400
    assert "已登记" in resp.content.decode()
    assert AnkangCup.objects.count() == 1


MEDIATION = {
    "title": "加班费争议",
    "applicant": "张某",
    "respondent": "某公司",
    "kind": "pay",
    "received_on": "2025-03-01",
}


def test_a_case_closed_before_it_was_received_is_refused(post_record: Any) -> None:
    resp = post_record("mediation-cases", {**MEDIATION, "outcome": "mediated", "closed_on": "2025-02-20"})
    assert resp.status_code == 400
    assert "结案日期不能早于受理日期" in resp.content.decode()
    assert not MediationCase.objects.exists()


def test_a_closed_case_needs_its_outcome_and_an_outcome_needs_the_closing_date(post_record: Any) -> None:
    resp = post_record("mediation-cases", {**MEDIATION, "outcome": "pending", "closed_on": "2025-03-20"})
    assert resp.status_code == 400 and "已结案的案件请选择调解结果" in resp.content.decode()
    resp = post_record("mediation-cases", {**MEDIATION, "outcome": "arbitration"})
    assert resp.status_code == 400 and "请填写结案日期" in resp.content.decode()
    assert not MediationCase.objects.exists()
    resp = post_record("mediation-cases", {**MEDIATION, "outcome": "arbitration", "closed_on": "2025-03-20"})
    assert resp.status_code == 302
    assert MediationCase.objects.get().get_outcome_display() == "转劳动仲裁"
