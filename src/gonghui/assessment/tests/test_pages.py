"""The pages, as the union's chair, the inspector and the federation use them."""

from __future__ import annotations

import io
from decimal import Decimal as D  # noqa: N817
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.assessment.models import Assessment, Campaign, ItemScore, Standard, Status
from gonghui.assessment.tests.conftest import STANDARD_YAML, load_text, make_campaign
from gonghui.core.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name: str, **kw: Any) -> str:
    return reverse(f"assessment:{name}", kwargs=kw)


def item_post(
    client: Any,
    a: Assessment,
    code: str,
    side: str,
    points: str,
    version: int,
    htmx: bool = True,
    comment: str = "",
) -> Any:
    c = a.campaign.standard.criteria.get(code=code)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        url("item", pk=a.pk, criterion=c.pk),
        {"side": side, "points": points, "version": version, "comment": comment},
        **headers,
    )


def test_the_sheet_shows_rules_values_and_both_columns(
    values: Any, assessment_a: Assessment, people: Any, tree: Any, login: Any
) -> None:
    values["t_rate"][tree.union_a.pk] = D("60.00")
    client = login(people.chair)
    client.post(url("assessment-rescore", pk=assessment_a.pk))
    page = client.get(url("assessment", pk=assessment_a.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert "组织建设" in text and "10人以上得4分" in text  # sections, guidance
    assert "按测试t_rate比例计分" in text and "60.00%" in text  # the rule in words, the value
    assert "开始自评" in text and "验收通过" not in text
    assert 'name="side" value="self"' in text and 'name="side" value="review"' not in text
    inspector = login(people.inspector).get(url("assessment", pk=assessment_a.pk)).content.decode()
    assert 'name="side" value="self"' not in inspector and "开始自评" not in inspector


def test_evidence_links_lead_to_the_records(db: Any, tree: Any, people: Any, login: Any) -> None:
    standard = load_text(
        """
code: groups
title: 小组标准
total: 2
grades: [{name: 达标, min: 1}, {name: 不达标, min: 0}]
sections:
  - code: A
    title: 组织
    points: 2
    items:
      - {code: A1, title: 工会小组, points: 2, rule: {type: threshold, metric: union_group_count, min: 2}}
"""
    )
    campaign = make_campaign(tree.city, standard, people.admin)
    a = Assessment.objects.get(campaign=campaign, organization=tree.union_a)
    assert a.score == 2
    text = login(people.chair).get(url("assessment", pk=a.pk)).content.decode()
    assert f'href="/orgs/{tree.group_a1.pk}/"' in text and "甲一小组" in text


def test_evidence_the_reader_may_not_open_is_counted_not_named(
    db: Any, tree: Any, people: Any, login: Any
) -> None:
    from gonghui.care.tests.helpers import make_file

    file = make_file(tree.union_a)
    standard = load_text(
        """
code: care
title: 帮扶标准
total: 2
grades: [{name: 达标, min: 1}, {name: 不达标, min: 0}]
sections:
  - code: A
    title: 帮扶
    points: 2
    items:
      - code: A1
        title: 困难职工建档
        points: 2
        rule: {type: threshold, metric: hardship_family_count, min: 1}
"""
    )
    a = Assessment.objects.get(
        campaign=make_campaign(tree.city, standard, people.admin), organization=tree.union_a
    )
    link = f'href="/hardship-files/{file.pk}/"'
    assert link in login(people.chair).get(url("assessment", pk=a.pk)).content.decode()
    viewer = login(people.viewer).get(url("assessment", pk=a.pk)).content.decode()  # sees scores, not files
    assert link not in viewer and str(file.member.name) not in viewer and "1 条记录" in viewer


def test_scoring_an_item_with_htmx_swaps_its_section_and_the_totals(
    values: Any, assessment_a: Assessment, people: Any, login: Any
) -> None:
    client = login(people.chair)
    resp = item_post(client, assessment_a, "A3.2", "self", "1.5", 0, comment="台账基本齐全")
    text = resp.content.decode()
    assert resp.status_code == 200 and text.lstrip().startswith("<tbody") and 'hx-swap-oob="true"' in text
    assert 'name="version" value="1"' in text and "台账基本齐全" in text
    a = Assessment.objects.get(pk=assessment_a.pk)
    assert a.status == Status.SELF_ASSESSING and a.self_total == D("2.5")
    # A second editor still holding version 0 is refused, and told by whom.
    resp = item_post(client, assessment_a, "A3.2", "self", "2", 0)
    assert resp.status_code == 200 and "甲主席" in resp.content.decode() and "未保存" in resp.content.decode()
    assert ItemScore.objects.get(assessment=assessment_a).self_points == D("1.5")
    # Bad input: a clear message beside the item, nothing written.
    resp = item_post(client, assessment_a, "A3.2", "self", "9", 1)
    assert "0 至 2" in resp.content.decode()
    # Without htmx: back to the sheet with a message.
    resp = item_post(client, assessment_a, "A3.2", "self", "2", 1, htmx=False)
    assert resp.status_code == 302 and ItemScore.objects.get(assessment=assessment_a).self_points == D(2)


def test_the_workflow_in_the_browser(values: Any, assessment_a: Assessment, people: Any, login: Any) -> None:
    act = url("assessment-act", pk=assessment_a.pk)
    chair = login(people.chair)
    assert chair.post(act, {"action": "start"}).status_code == 302
    assert chair.post(act, {"action": "submit"}).status_code == 302
    assert chair.post(act, {"action": "accept"}).status_code == 403  # the chair cannot accept
    inspector = login(people.inspector)
    inspector.post(act, {"action": "review"})
    item_post(inspector, assessment_a, "A3.2", "review", "2", 0)
    resp = inspector.post(act, {"action": "return", "reason": ""}, follow=True)
    assert "请填写退回原因" in resp.content.decode()
    # The manual veto F2 nobody judged: acceptance is refused, and the page says which item waits.
    resp = inspector.post(act, {"action": "accept"}, follow=True)
    assert "验收前请先评定" in resp.content.decode() and "F2" in resp.content.decode()
    assert Assessment.objects.get(pk=assessment_a.pk).status == Status.UNDER_REVIEW
    item_post(inspector, assessment_a, "F2", "review", "1", 0)
    inspector.post(act, {"action": "accept"})
    a = Assessment.objects.get(pk=assessment_a.pk)
    assert a.status == Status.ACCEPTED and a.review_total == D(3) and a.accepted_by == people.inspector
    page = inspector.get(url("assessment", pk=a.pk)).content.decode()
    assert "最终得分" in page and 'name="side"' not in page
    history = inspector.get(url("history", pk=a.pk)).content.decode()
    assert "已验收" in history and "考核员甲" in history and "A3.2" in history


def test_evidence_files_upload_and_download(
    values: Any, assessment_a: Assessment, people: Any, login: Any
) -> None:
    chair = login(people.chair)
    c = assessment_a.campaign.standard.criteria.get(code="A3.2")
    resp = chair.post(
        url("evidence-upload", pk=assessment_a.pk, criterion=c.pk),
        {"file": SimpleUploadedFile("台账.pdf", PDF)},
    )
    assert resp.status_code == 302
    att = Attachment.objects.get()
    assert att.original_name == "台账.pdf" and att.record.criterion == c
    fake = chair.post(
        url("evidence-upload", pk=assessment_a.pk, criterion=c.pk),
        {"file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
        follow=True,
    )
    assert "不是" in fake.content.decode() or "不符" in fake.content.decode()
    assert Attachment.objects.count() == 1
    inspector = login(people.inspector)
    assert inspector.get(url("evidence", pk=att.pk)).status_code == 200
    chair = login(people.chair)
    chair.post(url("assessment-act", pk=assessment_a.pk), {"action": "submit"})
    chair.post(url("evidence-delete", pk=att.pk))
    assert Attachment.objects.filter(pk=att.pk).exists()  # submitted: the evidence stays


def test_uploading_a_standard(values: Any, people: Any, tree: Any, login: Any) -> None:
    upload = url("standard-upload")
    assert login(people.chair).get(upload).status_code == 403
    admin = login(people.admin)
    bad = STANDARD_YAML.replace("total: 20", "total: 21")
    resp = admin.post(
        upload, {"file": SimpleUploadedFile("bad.yaml", bad.encode()), "organization": tree.city.pk}
    )
    assert resp.status_code == 400 and "第 3 行" in resp.content.decode()
    assert not Standard.objects.exists()
    resp = admin.post(
        upload, {"file": SimpleUploadedFile("std.yaml", STANDARD_YAML.encode()), "organization": tree.city.pk}
    )
    assert resp.status_code == 302
    standard = Standard.objects.get()
    assert standard.organization == tree.city
    page = admin.get(url("standard", pk=standard.pk)).content.decode()
    assert "测试评分标准" in page and "10人以上得4分" in page
    xlsx = admin.get(url("standard-excel", pk=standard.pk)).content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_index(0).to_python()
    assert rows[1][:3] == ["标准", "test-std", "测试评分标准"]
    # The Excel loads back as the same standard.
    resp = admin.post(
        upload, {"file": SimpleUploadedFile("std.xlsx", xlsx), "organization": tree.city.pk}, follow=True
    )
    assert "已作为" in resp.content.decode() and Standard.objects.count() == 1
    assert login(people.county_admin).get(url("standard", pk=standard.pk)).status_code == 404


def test_creating_a_campaign_and_assigning_inspectors(
    standard: Any, people: Any, tree: Any, login: Any
) -> None:
    admin = login(people.admin)
    form = {
        "organization": tree.city.pk,
        "name": "2025年考核",
        "year": 2025,
        "standard": standard.pk,
        "org_types": ["grassroots"],
        "self_deadline": "2025-11-30",
        "acceptance_deadline": "2025-10-01",
    }
    resp = admin.post(url("campaign-create"), form)
    assert resp.status_code == 400 and "验收截止日期不能早于" in resp.content.decode()
    assert not Campaign.objects.exists()
    resp = admin.post(url("campaign-create"), {**form, "acceptance_deadline": "2025-12-31"})
    campaign = Campaign.objects.get()
    assert resp.status_code == 302 and campaign.assessments.count() == 2
    resp = admin.post(
        url("campaign-inspectors", pk=campaign.pk),
        {"inspector": people.inspector.pk, "organizations": [tree.union_a.pk]},
    )
    assert resp.status_code == 302
    page = admin.get(url("campaign-inspectors", pk=campaign.pk)).content.decode()
    assert "考核员甲" in page and "甲局工会" in page
    assert login(people.chair).get(url("campaign-inspectors", pk=campaign.pk)).status_code == 403
    assert login(people.viewer).get(url("campaign", pk=campaign.pk)).status_code == 200


def test_a_failing_metric_is_reported_and_changes_nothing(
    values: Any, assessment_a: Assessment, people: Any, login: Any
) -> None:
    from gonghui.core.metrics import Kind, Metric, registry

    def broken(orgs: Any, period: Any) -> dict:
        raise ZeroDivisionError

    before = Assessment.objects.get(pk=assessment_a.pk).computed_at
    registry._metrics["t_amount"] = Metric("t_amount", "坏指标", Kind.AMOUNT, broken)
    client = login(people.chair)
    resp = client.post(url("assessment-rescore", pk=assessment_a.pk), follow=True)
    assert (
        resp.status_code == 200 and "t_amount" in resp.content.decode() and "未更新" in resp.content.decode()
    )
    resp = client.post(url("assessment-act", pk=assessment_a.pk), {"action": "submit"}, follow=True)
    a = Assessment.objects.get(pk=assessment_a.pk)
    assert a.status == Status.NOT_STARTED and a.computed_at == before  # not submitted, not rescored


def test_the_assessment_module_is_in_the_navigation(values: Any, people: Any, login: Any) -> None:
    chair = login(people.chair).get(url("index")).content.decode()
    assert (
        "考核验收" in chair
        and 'href="/assessment/standards/"' in chair
        and 'href="/rectification-tasks/"' in chair
    )
    assert 'href="/assessment/campaigns/new/"' not in chair  # only for those who run campaigns
    assert 'href="/assessment/campaigns/new/"' in login(people.admin).get(url("index")).content.decode()
