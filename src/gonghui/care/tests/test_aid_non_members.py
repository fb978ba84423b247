"""Aid for someone not on the roster (a migrant worker named with an ID number): the same
procedure, numbering, exclusion and ledgers as a member's, the ID and phone masked as a member's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gonghui.care.models import AidCase, AidStatus
from gonghui.care.services import aid
from gonghui.care.tests.helpers import D, make_case
from gonghui.care.tests.test_non_members import _api, _body
from gonghui.core.errors import DomainError
from gonghui.core.metrics import Period, compute
from gonghui.members.validators import with_check_char
from gonghui.orgs.models import Organization

ID = with_check_char("34112219900815123")
OTHER_ID = with_check_char("34112219920101456")
PHONE = "13955007788"
YEAR = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _non_member(**kw: Any) -> dict[str, Any]:
    return {
        "member": None,
        "non_member_name": "马小军",
        "non_member_id_number": ID,
        "non_member_mobile": PHONE,
        "non_member_identity": "农民工",
        **kw,
    }


def _case(union: Any, actor: Any = None, **kw: Any) -> AidCase:
    data = {
        "kind": "hardship",
        "applied_on": dt.date(2025, 3, 1),
        "amount_requested": D("2000"),
        **_non_member(**kw),
    }
    return aid.aid_create(actor=actor, organization=union, data=data)


def _form(care: Any, **kw: Any) -> dict[str, Any]:
    return {
        "owner": care.tree.union_a.pk,
        "non_member_name": "马小军",
        "non_member_id_type": "resident",
        "non_member_id_number": ID,
        "non_member_mobile": PHONE,
        "non_member_identity": "农民工",
        "kind": "temporary",
        "applied_on": "2025-06-01",
        "amount_requested": "1500",
        "situation": "工伤住院，家庭困难",
        **kw,
    }


def _value(name: str, union: Any) -> Any:
    return compute(Organization.objects.filter(pk=union.pk), YEAR, [name])[name][union.pk]


def test_a_non_members_aid_goes_through_the_whole_procedure(care: Any, login: Any, access_of: Any) -> None:
    chair = login(care.chair)
    resp = chair.post(reverse("records:create", kwargs={"rt": "aid-cases"}), _form(care))
    assert resp.status_code == 302, resp.content.decode()[:3000]
    case = AidCase.objects.get()
    assert case.member is None and case.case_no == "2025-001" and str(case) == "2025-001 马小军 临时救助"
    listing = chair.get(reverse("records:list", kwargs={"rt": "aid-cases"})).content.decode()
    assert "申请人" in listing and "马小军" in listing
    assert (
        "马小军"
        in chair.get(reverse("records:list", kwargs={"rt": "aid-cases"}), {"q": "马小"}).content.decode()
    )

    chair_access = access_of(care.chair)
    aid.aid_review(
        access=chair_access,
        case=case,
        passed=True,
        on=dt.date(2025, 6, 2),
        notice_start=dt.date(2025, 6, 3),
        notice_end=dt.date(2025, 6, 9),
    )
    aid.aid_approve(access=chair_access, case=case, amount=D("1200"), on=dt.date(2025, 6, 10))
    finance = login(care.finance)
    create = reverse("records:create", kwargs={"rt": "aid-disbursements"})
    payment = {"owner": care.tree.union_a.pk, "aid_case": case.pk, "source": "union", "paid_on": "2025-06-12"}
    assert finance.post(create, {**payment, "amount": "1200"}).status_code == 302
    case.refresh_from_db()
    assert case.status == AidStatus.PAID
    # The ledger of payments names the person, and the metrics count the case.
    paid = finance.get(reverse("records:list", kwargs={"rt": "aid-disbursements"}), {"q": "马小军"})
    assert "1,200.00" in paid.content.decode() or "1200.00" in paid.content.decode()
    union = care.tree.union_a
    assert _value("non_member_aid_count", union) == 1 and _value("aid_count", union) == 1
    assert _value("aid_amount", union) == D("1200")
    make_case(union, kind="temporary", applied_on=dt.date(2025, 6, 1))  # a member's, not yet approved
    assert _value("non_member_aid_count", union) == 1


def test_bad_input_is_answered_field_by_field_and_nothing_is_saved(care: Any, login: Any) -> None:
    chair = login(care.chair)
    url = reverse("records:create", kwargs={"rt": "aid-cases"})
    nobody = chair.post(url, _form(care, non_member_name="", non_member_id_number=""))
    assert nobody.status_code == 400
    assert "请选择会员，或填写非会员的姓名和证件号码" in " ".join(nobody.context["form"].errors["member"])
    no_id = chair.post(url, _form(care, non_member_id_number=""))
    assert "须填写其证件号码" in " ".join(no_id.context["form"].errors["non_member_id_number"])
    wrong = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    bad_id = chair.post(url, _form(care, non_member_id_number=wrong, non_member_mobile="1395500"))
    errors = bad_id.context["form"].errors
    assert "校验" in " ".join(errors["non_member_id_number"]) and "non_member_mobile" in errors
    both = chair.post(url, _form(care, member=care.member.pk))
    assert "已选择会员" in " ".join(both.context["form"].errors["non_member_name"])
    assert not AidCase.objects.exists()


def test_a_non_member_gets_one_exclusive_aid_a_year_whichever_union_pays(care: Any) -> None:
    first = _case(care.tree.union_a, actor=care.chair, kind="study")
    with pytest.raises(DomainError) as e:
        _case(care.tree.union_b, actor=care.chair_b, kind="study")
    assert "马小军" in str(e.value) and first.case_no in str(e.value)
    # Another person, or another year, or the first case rejected: allowed.
    _case(care.tree.union_b, actor=care.chair_b, kind="study", non_member_id_number=OTHER_ID)
    _case(care.tree.union_b, kind="study", applied_on=dt.date(2026, 3, 1))
    AidCase.objects.filter(pk=first.pk).update(status=AidStatus.REJECTED)
    assert _case(care.tree.union_b, kind="study").pk


def test_a_member_of_this_union_is_chosen_rather_than_typed_in(care: Any) -> None:
    with pytest.raises(DomainError) as e:
        _case(care.tree.union_a, non_member_id_number=care.member.id_number)
    assert "non_member_id_number" in e.value.message_dict
    # Another union's member is not looked at: that union's roster says nothing here.
    case = _case(care.tree.union_b, non_member_id_number=care.member.id_number)
    assert case.member is None


def test_a_non_members_id_and_phone_leave_only_masked(care: Any, login: Any) -> None:
    case = _case(care.tree.union_a, actor=care.chair)
    detail = reverse("records:detail", kwargs={"rt": "aid-cases", "pk": case.pk})
    history = reverse("records:history", kwargs={"rt": "aid-cases", "pk": case.pk})
    export = reverse("records:export", kwargs={"rt": "aid-cases"})

    def ways_out(user: Any) -> dict[str, str]:
        c, api = login(user), _api(user)
        return {
            "list": _body(c.get(reverse("records:list", kwargs={"rt": "aid-cases"}))),
            "detail": _body(c.get(detail, {"reveal": 1})),
            "history": _body(c.get(history, {"reveal": 1})),
            "xlsx": _body(c.get(export, {"format": "xlsx", "org": care.tree.union_a.pk})),
            "api-list": _body(api.get("/api/v1/aid-cases/")),
            "api-detail": _body(api.get(f"/api/v1/aid-cases/{case.pk}")),
        }

    for user in (care.viewer, care.finance):
        for way, text in ways_out(user).items():
            assert "马小军" in text, (user, way)
            assert ID not in text and PHONE not in text, (user, way)
    chair = ways_out(care.chair)
    assert ID in chair["detail"] and PHONE in chair["xlsx"]
    other = login(care.chair_b)
    assert other.get(detail).status_code == 404
    assert "马小军" not in _body(_api(care.chair_b).get("/api/v1/aid-cases/"))


def test_the_api_takes_a_non_members_application(care: Any) -> None:
    api = _api(care.chair)
    body = {k: v for k, v in _form(care).items() if k != "owner"}
    resp = api.post(
        "/api/v1/aid-cases/", {**body, "organization": care.tree.union_a.pk}, content_type="application/json"
    )
    assert resp.status_code in (200, 201), resp.content.decode()[:2000]
    case = AidCase.objects.get()
    assert case.non_member_name == "马小军" and case.case_no == "2025-001"
    bad = api.post(
        "/api/v1/aid-cases/",
        {**body, "non_member_id_number": "", "organization": care.tree.union_a.pk},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "须填写其证件号码" in _body(bad)
    assert AidCase.objects.count() == 1
