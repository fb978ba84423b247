"""Issue 13, findings 2 and 3 for aid cases: the restricted situation in history, edit form and API."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from gonghui.accounts.services import token_create
from gonghui.care.services import aid
from gonghui.care.tests.helpers import make_case

SITUATION_OLD = "丈夫尿毒症每周透析三次"
SITUATION_NEW = "女儿白血病住院化疗"


def test_aid_case_history_masks_the_situation_without_the_hardship_right(
    care: Any, login: Any, make_user: Any
) -> None:
    case = make_case(care.tree.union_a, care.member, actor=care.chair, situation=SITUATION_OLD)
    aid.aid_update(actor=care.chair, obj=case, data={"situation": SITUATION_NEW})
    url = reverse("records:history", kwargs={"rt": "aid-cases", "pk": case.pk})
    for user in (care.finance, care.viewer, care.admin, care.auditor):
        text = login(user).get(url).content.decode()
        assert "（受限信息）" in text, user
        assert SITUATION_OLD not in text and SITUATION_NEW not in text, user
        detail = login(user).get(reverse("records:detail", kwargs={"rt": "aid-cases", "pk": case.pk}))
        assert SITUATION_NEW not in detail.content.decode()
    text = login(care.chair).get(url).content.decode()
    assert SITUATION_OLD in text and SITUATION_NEW in text


def test_federation_admin_edits_an_aid_case_without_seeing_or_overwriting_the_situation(
    care: Any, login: Any
) -> None:
    case = make_case(care.tree.union_a, care.member, actor=care.chair, situation=SITUATION_OLD)
    c = login(care.admin)
    url = reverse("records:update", kwargs={"rt": "aid-cases", "pk": case.pk})
    page = c.get(url).content.decode()
    assert page and SITUATION_OLD not in page and "（受限信息）" in page
    data = {
        "case_no": case.case_no,
        "member": case.member_id,
        "kind": case.kind,
        "beneficiary": case.beneficiary,
        "applied_on": case.applied_on.isoformat(),
        "amount_requested": "2500",
        "situation": "",  # the disabled field's post is ignored: nothing is wiped
    }
    resp = c.post(url, data)
    assert resp.status_code == 302, resp.content.decode()[:3000]
    case.refresh_from_db()
    assert str(case.amount_requested) == "2500.00" and case.situation == SITUATION_OLD


def test_api_update_keeps_what_the_caller_may_not_see(care: Any) -> None:
    case = make_case(care.tree.union_a, care.member, actor=care.chair, situation=SITUATION_OLD)
    _t, raw = token_create(user=care.admin, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/aid-cases/{case.pk}"
    read = api.get(url).json()
    assert read["situation"] == "（受限信息）"
    # Sending back what was read changes nothing; replacing what one cannot read is refused.
    ok = api.patch(url, {**{"amount_requested": "2600"}, "situation": read["situation"]}, "application/json")
    assert ok.status_code == 200, ok.content
    refused = api.patch(url, {"situation": "改写"}, "application/json")
    assert refused.status_code == 400 and "无权查看" in refused.json()["errors"]["situation"][0]
    case.refresh_from_db()
    assert case.situation == SITUATION_OLD and str(case.amount_requested) == "2600.00"
