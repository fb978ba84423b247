"""The REST API runs the same services with the same visibility as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gonghui.accounts.services import token_create
from gonghui.assessment.models import Assessment, Standard
from gonghui.assessment.tests.conftest import STANDARD_YAML

P = "/api/v1/assessment"


def client_of(user: Any) -> Client:
    _token, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_standards_load_once_and_read_back(values: Any, people: Any, tree: Any) -> None:
    admin = client_of(people.admin)
    resp = admin.post(
        f"{P}/standards",
        {"file": SimpleUploadedFile("s.yaml", STANDARD_YAML.encode()), "organization": tree.city.pk},
    )
    assert resp.status_code == 201 and resp.json()["created"] is True
    again = admin.post(
        f"{P}/standards",
        {"file": SimpleUploadedFile("s.yaml", STANDARD_YAML.encode()), "organization": tree.city.pk},
    )
    assert again.status_code == 200 and again.json()["standard"]["id"] == resp.json()["standard"]["id"]
    bad = admin.post(
        f"{P}/standards",
        {
            "file": SimpleUploadedFile("s.yaml", STANDARD_YAML.replace("total: 20", "total: 2").encode()),
            "organization": tree.city.pk,
        },
    )
    assert bad.status_code == 400 and "第 3 行" in bad.json()["detail"]
    assert (
        client_of(people.chair)
        .post(f"{P}/standards", {"file": SimpleUploadedFile("s.yaml", b"x: 1")})
        .status_code
        == 403
    )
    detail = admin.get(f"{P}/standards/{resp.json()['standard']['id']}").json()
    assert detail["definition"]["sections"][0]["items"][0]["code"] == "A1"
    assert Standard.objects.count() == 1


def test_campaign_workflow_and_items_through_the_api(
    values: Any, standard: Any, people: Any, tree: Any
) -> None:
    admin = client_of(people.admin)
    created = admin.post(
        f"{P}/campaigns",
        {
            "organization": tree.city.pk,
            "name": "接口考核",
            "year": 2025,
            "standard": standard.pk,
            "self_deadline": "2025-11-30",
            "acceptance_deadline": "2025-12-31",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assigned = admin.post(
        f"{P}/campaigns/{cid}/assignments",
        {"inspector": people.inspector.pk, "organizations": [tree.union_a.pk]},
        content_type="application/json",
    )
    assert assigned.json() == {"added": 1}
    a = Assessment.objects.get(campaign_id=cid, organization=tree.union_a)
    chair = client_of(people.chair)
    sheet = chair.get(f"{P}/assessments/{a.pk}").json()
    item = next(i for i in sheet["items"] if i["code"] == "A3.2")
    put = chair.put(
        f"{P}/assessments/{a.pk}/items/{item['criterion_id']}",
        {"side": "self", "points": 2, "comment": "齐全", "version": 0},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["version"] == 1 and Decimal(put.json()["self_points"]) == 2
    stale = chair.put(
        f"{P}/assessments/{a.pk}/items/{item['criterion_id']}",
        {"side": "self", "points": 1, "version": 0},
        content_type="application/json",
    )
    assert stale.status_code == 409 and "未保存" in stale.json()["detail"]
    assert (
        chair.post(
            f"{P}/assessments/{a.pk}/actions", {"action": "submit"}, content_type="application/json"
        ).json()["status"]
        == "submitted"
    )
    assert (
        chair.post(
            f"{P}/assessments/{a.pk}/actions", {"action": "accept"}, content_type="application/json"
        ).status_code
        == 403
    )
    inspector = client_of(people.inspector)
    # The manual veto F2 nobody judged: acceptance waits for it, and says so.
    waiting = inspector.post(
        f"{P}/assessments/{a.pk}/actions", {"action": "accept"}, content_type="application/json"
    )
    assert waiting.status_code in (400, 409) and "F2" in waiting.json()["detail"]
    veto = next(i for i in sheet["items"] if i["code"] == "F2")
    judged = inspector.put(
        f"{P}/assessments/{a.pk}/items/{veto['criterion_id']}",
        {"side": "review", "points": 1, "comment": "经核实未发生", "version": 0},
        content_type="application/json",
    )
    assert judged.status_code == 200, judged.content
    accepted = inspector.post(
        f"{P}/assessments/{a.pk}/actions", {"action": "accept"}, content_type="application/json"
    ).json()
    assert accepted["status"] == "accepted" and Decimal(accepted["score"]) == Decimal(3)
    stats = admin.get(f"{P}/campaigns/{cid}").json()
    assert stats["progress"]["accepted"] == 1 and stats["progress"]["not_started"] == 1
    listed = inspector.get(f"{P}/assessments", {"campaign": cid}).json()["items"]
    assert [x["organization"] for x in listed] == ["甲局工会"]  # union C is not assigned to them


def test_bad_campaign_input_names_the_field(values: Any, standard: Any, people: Any, tree: Any) -> None:
    resp = client_of(people.admin).post(
        f"{P}/campaigns",
        {
            "organization": tree.city.pk,
            "name": "x",
            "year": 2025,
            "standard": standard.pk,
            "org_types": ["group"],
            "self_deadline": "2025-11-30",
            "acceptance_deadline": "2025-12-31",
        },
        content_type="application/json",
    )
    assert resp.status_code == 400 and "org_types" in resp.json()["errors"]


def test_a_failing_metric_answers_409_with_its_name_and_writes_nothing(
    values: Any, assessment_a: Assessment, people: Any
) -> None:
    from gonghui.core.metrics import Kind, Metric, registry

    def broken(orgs: Any, period: Any) -> dict:
        raise ZeroDivisionError

    before = Assessment.objects.get(pk=assessment_a.pk).computed_at
    registry._metrics["t_amount"] = Metric("t_amount", "坏指标", Kind.AMOUNT, broken)
    resp = client_of(people.chair).post(f"{P}/assessments/{assessment_a.pk}/rescore")
    assert resp.status_code == 409 and "t_amount" in resp.json()["detail"]
    assert Assessment.objects.get(pk=assessment_a.pk).computed_at == before
