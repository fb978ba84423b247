"""Care for people off the roster and the aid form's opinions: a non-member visited (named, with
an ID and a phone masked like a member's), several target groups on one visit, and the
opinions of the party organization, the administration and the higher union on an aid case."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.services import token_create
from gonghui.care.models import AidStatus, Visit, VisitRecipient
from gonghui.care.services import aid, visits
from gonghui.care.tests.factories import make_visit_recipient
from gonghui.care.tests.helpers import in_notice, make_case
from gonghui.core.errors import DomainError
from gonghui.members.validators import with_check_char

ID = with_check_char("34112219850312561")
OLD_PHONE, NEW_PHONE = "13955001234", "13800138000"


def _body(resp: Any) -> str:
    raw = b"".join(resp.streaming_content) if getattr(resp, "streaming", False) else resp.content
    if raw[:2] == b"PK":  # an xlsx: every cell's text
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
    if resp.get("Content-Type", "").startswith("application/json"):  # names unescaped
        return json.dumps(resp.json(), ensure_ascii=False)
    return raw.decode()


def _api(user: Any) -> Client:
    _t, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _ways_out(c: Client, api: Client, r: VisitRecipient, org: Any) -> dict[str, str]:
    detail = reverse("records:detail", kwargs={"rt": "visit-recipients", "pk": r.pk})
    history = reverse("records:history", kwargs={"rt": "visit-recipients", "pk": r.pk})
    export = reverse("records:export", kwargs={"rt": "visit-recipients"})
    return {
        "list": _body(c.get(reverse("records:list", kwargs={"rt": "visit-recipients"}))),
        "detail": _body(c.get(detail, {"reveal": 1})),
        "visit": _body(c.get(reverse("records:detail", kwargs={"rt": "visits", "pk": r.visit_id}))),
        "history": _body(c.get(history, {"reveal": 1})),
        "xlsx": _body(c.get(export, {"format": "xlsx", "org": org.pk})),
        "csv": _body(c.get(export, {"format": "csv", "org": org.pk})),
        "api-list": _body(api.get("/api/v1/visit-recipients/")),
        "api-detail": _body(api.get(f"/api/v1/visit-recipients/{r.pk}")),
    }


def test_a_non_members_id_and_phone_are_masked_like_a_members(care: Any, login: Any) -> None:
    r = make_visit_recipient(care.tree.union_a, id_number=ID, mobile=OLD_PHONE)
    r.mobile = NEW_PHONE
    r.save()  # the old phone is in the history now
    for user in (care.viewer, care.finance, care.admin):
        out = _ways_out(login(user), _api(user), r, care.tree.union_a)
        for way, text in out.items():
            assert "杨大山" in text or way == "visit", (user, way)  # the record is there...
            for secret in (ID, OLD_PHONE, NEW_PHONE):
                assert secret not in text, (user, way, secret)  # ...its ID and phones are not
        assert ID[-4:] in out["detail"] and "*" in out["detail"]  # masked, the last digits kept
    # The chair holds the right: a reveal shows the number (and is audited by the machinery).
    chair = _ways_out(login(care.chair), _api(care.chair), r, care.tree.union_a)
    assert ID in chair["detail"] and OLD_PHONE in chair["history"] and NEW_PHONE in chair["xlsx"]


def test_another_unions_user_neither_sees_nor_opens_a_non_member_visited(care: Any, login: Any) -> None:
    r = make_visit_recipient(care.tree.union_a)
    c = login(care.chair_b)
    assert c.get(reverse("records:detail", kwargs={"rt": "visit-recipients", "pk": r.pk})).status_code == 404
    assert "杨大山" not in c.get(reverse("records:list", kwargs={"rt": "visit-recipients"})).content.decode()
    api = _api(care.chair_b)
    assert api.get(f"/api/v1/visit-recipients/{r.pk}").status_code == 404
    assert "杨大山" not in api.get("/api/v1/visit-recipients/").content.decode()


def test_a_non_member_is_added_to_a_visit_with_a_checked_id_number(care: Any, login: Any) -> None:
    visit = make_visit_recipient(care.tree.union_a).visit
    c = login(care.chair)
    url = reverse("records:create", kwargs={"rt": "visit-recipients"})
    data = {
        "owner": care.tree.union_a.pk,
        "visit": visit.pk,
        "name": "马小军",
        "id_type": "resident",
        "mobile": "13955005678",
        "identity": "农民工",
        "amount": "300",
    }
    bad = c.post(url, {**data, "id_number": ID[:-1] + ("0" if ID[-1] != "0" else "1")})
    assert bad.status_code == 400 and "校验" in " ".join(bad.context["form"].errors["id_number"])
    ok = c.post(url, {**data, "id_number": ID.lower()})
    assert ok.status_code == 302, ok.content.decode()[:2000]
    added = VisitRecipient.objects.get(name="马小军")
    assert added.id_number == ID and added.mobile == "13955005678" and added.visit == visit


def test_a_visit_goes_to_several_groups_and_is_found_by_each(care: Any, login: Any) -> None:
    c = login(care.chair)
    data = {
        "owner": care.tree.union_a.pk,
        "title": "春节慰问一线职工和农民工",
        "occasion": "spring_festival",
        "target_group": ["frontline", "migrant"],
        "visited_on": "2025-01-20",
        "union_officers": "工会主席",
        "recipient_count": "12",
        "cash_amount": "1000",
        "goods_value": "0",
        "source": "union",
    }
    resp = c.post(reverse("records:create", kwargs={"rt": "visits"}), data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    visit = Visit.objects.get()
    assert (
        visit.target_group == "frontline,migrant" and visit.get_target_group_display() == "一线职工、农民工"
    )
    listing = reverse("records:list", kwargs={"rt": "visits"})
    assert visit.title in c.get(listing, {"target_group": "migrant"}).content.decode()
    assert visit.title not in c.get(listing, {"target_group": "retirees"}).content.decode()


def test_an_aid_case_carries_the_three_opinions(care: Any, login: Any) -> None:
    case = make_case(care.tree.union_a, care.member, actor=care.chair)
    c = login(care.chair)
    url = reverse("records:update", kwargs={"rt": "aid-cases", "pk": case.pk})
    form = c.get(url).content.decode()
    assert "党组织意见" in form and "行政意见" in form and "上级工会意见" in form
    data = {
        "case_no": case.case_no,
        "member": case.member_id,
        "kind": case.kind,
        "beneficiary": "",
        "applied_on": case.applied_on.isoformat(),
        "amount_requested": "2000",
        "situation": case.situation,
        "party_opinion": "同意申报",
        "administration_opinion": "情况属实",
        "higher_union_opinion": "",
    }
    assert c.post(url, data).status_code == 302
    detail = c.get(reverse("records:detail", kwargs={"rt": "aid-cases", "pk": case.pk})).content.decode()
    assert "同意申报" in detail and "情况属实" in detail
    # Reviewed, the case takes the higher union's opinion, and nothing else.
    in_notice(case)
    case.refresh_from_db()
    assert case.status == AidStatus.IN_NOTICE
    assert c.post(url, {**data, "higher_union_opinion": "同意救助"}).status_code == 302
    assert c.post(url, {**data, "amount_requested": "9000"}).status_code == 400
    case.refresh_from_db()
    assert case.higher_union_opinion == "同意救助" and str(case.amount_requested) == "2000.00"
    read = _api(care.chair).get(f"/api/v1/aid-cases/{case.pk}").json()
    assert read["party_opinion"] == "同意申报" and read["higher_union_opinion"] == "同意救助"
    assert aid.aid_update  # the service the page and the API share


def test_a_non_member_added_later_is_counted_on_the_visit(care: Any, login: Any) -> None:
    visit = make_visit_recipient(care.tree.union_a).visit
    Visit.objects.filter(pk=visit.pk).update(recipient_count=1)  # as entered: only the one named then
    c = login(care.chair)
    data = {
        "owner": care.tree.union_a.pk,
        "visit": visit.pk,
        "name": "马小军",
        "id_type": "resident",
        "id_number": "",
        "identity": "农民工",
        "amount": "300",
    }
    assert c.post(reverse("records:create", kwargs={"rt": "visit-recipients"}), data).status_code == 302
    visit.refresh_from_db()
    assert visit.recipient_count == 2  # both non-members named on it are counted
    with pytest.raises(DomainError) as e:  # nor can the count be lowered below them
        visits.visit_update(actor=care.chair, obj=visit, data={"recipient_count": 1})
    assert "已列名 2 人" in str(e.value)
