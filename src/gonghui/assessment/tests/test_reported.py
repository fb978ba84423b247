"""The values a union reports per item (``fields:``): the service, the sheet, the API, the report."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from docx import Document

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.assessment.models import Assessment, Criterion, ItemScore, Standard, Status
from gonghui.assessment.services import workflow
from gonghui.assessment.services.campaigns import assign_inspector
from gonghui.assessment.services.reported import item_report_save
from gonghui.assessment.tests.conftest import access_of, load_text, make_campaign
from gonghui.core.errors import DomainError
from gonghui.core.sensitivity import Viewer
from gonghui.reports.assessment_report.document import assessment_docx
from gonghui.reports.assessment_report.scoresheet import score_sheet_xlsx

YAML = """\
code: reported-std
title: 填报测试标准
total: 10
grades: [{name: 达标, min: 6}, {name: 不达标, min: 0}]
sections:
  - code: A
    title: 职工培训
    points: 10
    items:
      - code: A1
        title: 培训开展
        points: 6
        guidance: 每年培训不少于2次
        rule: {type: manual}
        fields:
          - {key: trained, label: 培训人数, type: 人数}
          - {key: sessions, label: 培训次数, type: times}
          - {key: rate, label: 参训率, type: 百分比}
          - {key: last_held, label: 最近一次召开日期, type: 日期}
          - {key: note, label: 说明, type: 文本}
      - {code: A2, title: 台账, points: 4, rule: {type: manual}}
"""
GOOD = {
    "trained": "120",
    "sessions": " 3 ",
    "rate": "95.50%",
    "last_held": "2026/05/01",
    "note": "含新入职职工",
}
STORED = {
    "trained": "120",
    "sessions": "3",
    "rate": "95.5",
    "last_held": "2026-05-01",
    "note": "含新入职职工",
}
SELF_REPORTED = (
    "自报：培训人数 120 人；培训次数 3 次；参训率 95.5%；最近一次召开日期 2026-05-01；说明 含新入职职工"
)


@pytest.fixture
def std(db: Any) -> Standard:
    return load_text(YAML)


@pytest.fixture
def a(std: Standard, tree: Any, people: Any) -> Assessment:
    """Union A's assessment under the standard with fields; the inspector is assigned to it."""
    campaign = make_campaign(tree.city, std, people.admin)
    assign_inspector(
        access=access_of(people.admin),
        campaign=campaign,
        inspector=people.inspector,
        organizations=[tree.union_a],
    )
    return Assessment.objects.get(campaign=campaign, organization=tree.union_a)


def a1(a: Assessment) -> Criterion:
    return a.campaign.standard.criteria.get(code="A1")


def version_of(a: Assessment) -> int:
    row = ItemScore.objects.filter(assessment=a, criterion=a1(a)).first()
    return row.version if row else 0


def report(
    user: Any, a: Assessment, data: dict[str, Any], version: int | None = None, code: str = "A1"
) -> Any:
    return item_report_save(
        access=access_of(user),
        assessment=a,
        criterion=a.campaign.standard.criteria.get(code=code),
        data=data,
        version=version_of(a) if version is None else version,
    )


def errors_of(e: pytest.ExceptionInfo[DomainError]) -> dict[str, str]:
    return {k: " ".join(m.messages[0] for m in v) for k, v in e.value.error_dict.items()}


# ---- the standard and the service --------------------------------------------------------------
def test_the_standard_declares_the_fields_in_canonical_form(a: Assessment) -> None:
    assert [(f["key"], f["type"]) for f in a1(a).fields] == [
        ("trained", "people"),
        ("sessions", "times"),
        ("rate", "percent"),
        ("last_held", "date"),
        ("note", "text"),
    ]
    assert a.campaign.standard.criteria.get(code="A2").fields == []


def test_the_union_reports_its_values_all_at_once(a: Assessment, people: Any) -> None:
    assert a.status == Status.NOT_STARTED
    row = report(people.chair, a, GOOD, version=0)
    assert row.reported == STORED and row.version == 1
    a.refresh_from_db()
    assert a.status == Status.SELF_ASSESSING  # reporting begins the self-assessment, as a score does
    assert row.history.latest().history_user == people.chair
    # The values given replace all: an empty or left-out field is cleared.
    row = report(people.chair, a, {**GOOD, "trained": "", "note": "  "})
    assert row.reported == {k: v for k, v in STORED.items() if k not in ("trained", "note")}
    row = report(people.chair, a, {"rate": "100"})
    assert row.reported == {"rate": "100"} and row.version == 3
    # The self-score of the same item is untouched, and the score form's version follows.
    workflow.item_score_save(
        access=access_of(people.chair),
        assessment=a,
        criterion=a1(a),
        side="self",
        points="5",
        comment="",
        version=3,
    )
    row = report(people.chair, a, GOOD)
    assert row.self_points == 5 and row.version == 5


def test_the_assessment_is_scored_again_after_a_report(a: Assessment, people: Any) -> None:
    a.refresh_from_db()
    before = a.computed_at
    report(people.chair, a, GOOD, version=0)
    a.refresh_from_db()
    assert a.computed_at is not None and (before is None or a.computed_at > before)


def test_every_wrong_value_is_reported_at_once_and_nothing_is_saved(a: Assessment, people: Any) -> None:
    with pytest.raises(DomainError) as e:
        report(
            people.chair,
            a,
            {
                "trained": "12.5",
                "sessions": "-1",
                "rate": "95.555",
                "last_held": "2026-13-01",
                "note": "长" * 501,
                "extra": "1",
            },
            version=0,
        )
    errors = errors_of(e)
    assert errors == {
        "trained": "请填写整数。",
        "sessions": "请填写不小于 0 的数。",
        "rate": "请填写百分数，例如 95 或 95.5。",
        "last_held": "请填写日期，例如 2026-05-01。",
        "note": "最多 500 个字。",
        "extra": "考核项 A1 没有填报项“extra”。",
    }
    assert not ItemScore.objects.filter(assessment=a).exists()
    assert Assessment.objects.get(pk=a.pk).status == Status.NOT_STARTED
    for raw in ("abc", "1e3x", "NaN"):
        with pytest.raises(DomainError) as e:
            report(people.chair, a, {"trained": raw}, version=0)
        assert set(errors_of(e)) == {"trained"}
    with pytest.raises(DomainError) as e:
        report(people.chair, a, {"rate": "1001"}, version=0)
    assert set(errors_of(e)) == {"rate"}


def test_an_item_without_fields_takes_no_values(a: Assessment, people: Any) -> None:
    with pytest.raises(DomainError, match="不需要填报"):
        report(people.chair, a, {"trained": "1"}, version=0, code="A2")


def test_only_the_unions_officers_report_and_only_until_submission(
    a: Assessment, people: Any, tree: Any
) -> None:
    for user in (people.inspector, people.chair_c, people.admin):
        with pytest.raises(PermissionDenied):
            report(user, a, GOOD, version=0)
    assert not ItemScore.objects.filter(assessment=a).exists()
    report(people.chair, a, GOOD, version=0)
    workflow.assessment_act(access=access_of(people.chair), assessment=a, action="submit")
    with pytest.raises(DomainError, match="自评已提交"):
        report(people.chair, a, {"trained": "1"})
    # Returned to the union: its values are its own again.
    workflow.assessment_act(access=access_of(people.inspector), assessment=a, action="return", reason="补充")
    assert report(people.chair, a, {**GOOD, "trained": "130"}).reported["trained"] == "130"


def test_a_value_saved_since_the_editor_loaded_it_is_not_overwritten(
    a: Assessment, people: Any, make_user: Any, tree: Any
) -> None:
    vice = make_user(Role.CHAIR, tree.union_a, username="vice_a")
    report(people.chair, a, GOOD, version=0)
    with pytest.raises(workflow.ConflictError, match="甲主席"):
        report(vice, a, {**GOOD, "trained": "5"}, version=0)
    with pytest.raises(workflow.ConflictError):
        report(people.chair, a, GOOD, version=7)
    assert ItemScore.objects.get(assessment=a).reported["trained"] == "120"


# ---- the sheet ---------------------------------------------------------------------------------
def url(name: str, **kw: Any) -> str:
    return reverse(f"assessment:{name}", kwargs=kw)


def page_post(client: Any, a: Assessment, values: dict[str, str], version: int, htmx: bool = True) -> Any:
    data = {f"value_{k}": v for k, v in values.items()} | {"version": version}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url("item-reported", pk=a.pk, criterion=a1(a).pk), data, **headers)


def test_the_sheet_offers_the_fields_to_the_union(a: Assessment, people: Any, login: Any) -> None:
    text = login(people.chair).get(url("assessment", pk=a.pk)).content.decode()
    assert "工会填报数值" in text and "培训人数" in text and "最近一次召开日期" in text
    assert 'name="value_last_held" type="date"' in text
    assert 'name="value_trained" type="text" inputmode="numeric"' in text
    assert 'name="value_rate" type="text" inputmode="decimal"' in text
    assert 'name="value_note" type="text" maxlength="500"' in text
    # Only the item with fields has them.
    assert text.count('name="value_trained"') == 1


def test_reporting_with_htmx_shows_every_error_then_the_values(
    a: Assessment, people: Any, login: Any
) -> None:
    client = login(people.chair)
    resp = page_post(client, a, {**GOOD, "trained": "many", "rate": "-5"}, 0)
    text = resp.content.decode()
    assert resp.status_code == 200 and text.lstrip().startswith("<tbody")
    assert "有数值未通过检查，均未保存" in text
    assert "请填写整数。" not in text and text.count("is-invalid") == 2  # both, and only those
    assert "请填写不小于 0 的数。" in text
    assert 'value="many"' in text and 'value="含新入职职工"' in text  # what was typed stays,
    assert 'type="date" value="2026-05-01"' in text  # in the form a date input shows
    assert "many 人" not in text  # (the printed values are the stored ones)
    assert not ItemScore.objects.filter(assessment=a).exists()
    resp = page_post(client, a, GOOD, 0)
    text = resp.content.decode()
    assert resp.status_code == 200 and "is-invalid" not in text and 'hx-swap-oob="true"' in text
    assert 'name="value_trained" type="text" inputmode="numeric" value="120"' in text
    assert 'value="2026-05-01"' in text and 'name="version" value="1"' in text
    assert ItemScore.objects.get(assessment=a).reported == STORED
    # A stale form is refused, and says by whom.
    resp = page_post(client, a, {**GOOD, "trained": "1"}, 0)
    assert "甲主席" in resp.content.decode() and ItemScore.objects.get(assessment=a).reported == STORED
    # Without htmx: back to the sheet, every error as a message.
    resp = page_post(client, a, {"trained": "1.5", "sessions": "y"}, 1, htmx=False)
    assert resp.status_code == 302
    shown = client.get(resp.url).content.decode()
    assert "培训人数: 请填写整数" in shown and "培训次数: 请填写不小于 0 的数" in shown
    assert page_post(client, a, GOOD, 1, htmx=False).status_code == 302
    assert ItemScore.objects.get(assessment=a).version == 2


def test_the_inspector_and_everyone_after_submission_read_the_values(
    a: Assessment, people: Any, login: Any
) -> None:
    report(people.chair, a, GOOD, version=0)
    inspector = login(people.inspector).get(url("assessment", pk=a.pk)).content.decode()
    assert "工会自报" in inspector and "120 人" in inspector and "95.5%" in inspector
    assert "2026-05-01" in inspector and 'name="value_' not in inspector
    assert page_post(login(people.inspector), a, GOOD, 1).status_code == 403
    workflow.assessment_act(access=access_of(people.chair), assessment=a, action="submit")
    chair = login(people.chair).get(url("assessment", pk=a.pk)).content.decode()
    assert "120 人" in chair and "3 次" in chair and 'name="value_' not in chair
    resp = page_post(login(people.chair), a, {"trained": "1"}, 1)
    assert "自评已提交" in resp.content.decode()
    assert ItemScore.objects.get(assessment=a).reported == STORED
    history = login(people.chair).get(url("history", pk=a.pk)).content.decode()
    assert "培训人数: 120 人" in history


def test_another_unions_officer_cannot_reach_the_fields(a: Assessment, people: Any, login: Any) -> None:
    client = login(people.chair_c)
    assert client.get(url("assessment", pk=a.pk)).status_code == 404
    assert page_post(client, a, GOOD, 0).status_code == 404
    assert not ItemScore.objects.filter(assessment=a).exists()


# ---- the API -----------------------------------------------------------------------------------
P = "/api/v1/assessment"


def client_of(user: Any) -> Client:
    _token, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_api_reads_and_saves_the_values(a: Assessment, people: Any) -> None:
    chair = client_of(people.chair)
    c = a1(a)
    put = f"{P}/assessments/{a.pk}/items/{c.pk}/reported"
    item = next(i for i in chair.get(f"{P}/assessments/{a.pk}").json()["items"] if i["code"] == "A1")
    assert [f["key"] for f in item["fields"]] == ["trained", "sessions", "rate", "last_held", "note"]
    assert item["reported"] == {}
    resp = chair.put(
        put,
        {"values": {**GOOD, "trained": 120, "rate": 95.5}, "version": 0},
        content_type="application/json",
    )
    assert resp.status_code == 200, resp.content
    assert resp.json()["reported"] == STORED and resp.json()["version"] == 1
    bad = chair.put(
        put,
        {"values": {"trained": "x", "last_held": "昨天", "zz": "1"}, "version": 1},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"trained", "last_held", "zz"}
    stale = chair.put(put, {"values": GOOD, "version": 0}, content_type="application/json")
    assert stale.status_code == 409 and "甲主席" in stale.json()["detail"]
    # The inspector reads them, but does not write them.
    inspector = client_of(people.inspector)
    item = next(i for i in inspector.get(f"{P}/assessments/{a.pk}").json()["items"] if i["code"] == "A1")
    assert item["reported"] == STORED
    assert (
        inspector.put(put, {"values": GOOD, "version": 1}, content_type="application/json").status_code == 403
    )
    # Another union's officer does not see the assessment at all.
    other = client_of(people.chair_c)
    assert other.get(f"{P}/assessments/{a.pk}").status_code == 404
    assert other.put(put, {"values": GOOD, "version": 1}, content_type="application/json").status_code == 404
    # A criterion of another standard is not an item of this assessment.
    stranger = load_text(YAML.replace("reported-std", "other-std"))
    c2 = stranger.criteria.get(code="A1")
    resp = chair.put(
        f"{P}/assessments/{a.pk}/items/{c2.pk}/reported",
        {"values": GOOD, "version": 1},
        content_type="application/json",
    )
    assert resp.status_code == 404
    assert ItemScore.objects.get(assessment=a).reported == STORED


# ---- the report --------------------------------------------------------------------------------
def test_the_report_and_the_sheet_print_the_values(a: Assessment, people: Any) -> None:
    report(people.chair, a, GOOD, version=0)
    a.refresh_from_db()
    doc = Document(io.BytesIO(assessment_docx(a, viewer=Viewer(access_of(people.inspector)))))
    rows = {
        row.cells[0].text: [c.text for c in row.cells]
        for table in doc.tables
        for row in table.rows
        if row.cells
    }
    assert rows["A1"][3] == f"每年培训不少于2次\n{SELF_REPORTED}"  # 评分依据
    assert "自报" not in "".join(rows["A2"])
    book = openpyxl.load_workbook(io.BytesIO(score_sheet_xlsx(a)))
    sheet = book.active
    cells = {str(r[0].value): r for r in sheet.iter_rows() if r[0].value}
    assert cells["A1 培训开展"][2].value == f"每年培训不少于2次\n{SELF_REPORTED}"  # 评分细则
    assert "自报" not in str(cells["A2 台账"][2].value)
