"""The care app's own pages and endpoints: a user of the other tree gets 404 and nothing changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.care.models import AidStatus, FileStatus, InsuranceEnrollment
from gonghui.care.tests.helpers import approved, make_case, make_file, make_member, make_plan
from gonghui.care.tests.test_member_applications import post_application
from gonghui.core.scope import unscoped
from gonghui.members.tests.factories import make_member as roster_member
from gonghui.portal.tests.support import member_client

URL_CASES = [
    "care:overview",
    "care:aid-review",
    "care:aid-decide",
    "care:aid-disburse",
    "care:hardship-exit",
    "care:plan-enrol",
    "portal:care-cases",
    "portal:care-apply",
    "portal:care-claim",
    "portal:care-detail",
]
API_CASES = [
    ("/api/v1/aid-cases/{pk}/review", "post"),
    ("/api/v1/aid-cases/{pk}/approve", "post"),
    ("/api/v1/aid-cases/{pk}/reject", "post"),
    ("/api/v1/aid-cases/totals", "get"),
    ("/api/v1/hardship-files/{pk}/exit", "post"),
    ("/api/v1/insurance-plans/{pk}/enrol-roster", "post"),
]


def _their_records(tree: Any) -> dict[str, Any]:
    """Records of union_b (the county tree) that union_a's people must not reach."""
    make_member(tree.union_b)
    return {
        "case": make_case(tree.union_b),
        "paid_case": approved(make_case(tree.union_b)),
        "file": make_file(tree.union_b),
        "plan": make_plan(tree.union_b),
    }


def test_object_pages_refuse_the_other_tree(tree: Any, make_user: Any, login: Any) -> None:
    theirs = _their_records(tree)
    mine = {"case": make_case(tree.union_a), "file": make_file(tree.union_a), "plan": make_plan(tree.union_a)}
    for role, org in [
        (Role.CHAIR, tree.union_a),
        (Role.FEDERATION_ADMIN, tree.city),
        (Role.FINANCE, tree.union_a),
    ]:
        c = login(make_user(role, org))
        for name, key in [
            ("care:aid-review", "case"),
            ("care:aid-decide", "case"),
            ("care:aid-disburse", "paid_case"),
            ("care:hardship-exit", "file"),
            ("care:plan-enrol", "plan"),
        ]:
            url = reverse(name, kwargs={"pk": theirs[key].pk})
            post = {
                "decision": "pass",
                "on": "2025-03-02",
                "notice_start": "2025-03-03",
                "notice_end": "2025-03-09",
            }
            codes = {c.get(url).status_code, c.post(url, post).status_code}
            assert 404 in codes and codes <= {404, 405}, (role, name, codes)
    theirs["case"].refresh_from_db()
    theirs["file"].refresh_from_db()
    assert theirs["case"].status == AidStatus.APPLIED and theirs["file"].status == FileStatus.ACTIVE
    assert not InsuranceEnrollment.objects.filter(plan=theirs["plan"]).exists()
    # Control: the union's own chair reaches the same pages for its own records.
    c = login(make_user(Role.CHAIR, tree.union_a))
    for name, key in [
        ("care:aid-review", "case"),
        ("care:hardship-exit", "file"),
        ("care:plan-enrol", "plan"),
    ]:
        assert c.get(reverse(name, kwargs={"pk": mine[key].pk})).status_code == 200


def test_overview_shows_nothing_of_the_other_tree(tree: Any, make_user: Any, login: Any) -> None:
    theirs = _their_records(tree)
    theirs["paid_case"].disbursements.create(
        organization=tree.union_b, amount="1234.56", source="union", paid_on=dt.date(2025, 3, 12)
    )
    c = login(make_user(Role.CHAIR, tree.union_a))
    assert c.get(reverse("care:overview"), {"org": tree.union_b.pk, "year": 2025}).status_code == 404
    assert c.get(reverse("care:overview"), {"org": tree.county.pk, "year": 2025}).status_code == 404
    page = c.get(reverse("care:overview"), {"year": 2025})
    assert page.status_code == 200
    text = page.content.decode()
    assert "1,234.56" not in text and "1234.56" not in text and "乙乡工会" not in text


def test_endpoints_refuse_the_other_tree(tree: Any, make_user: Any) -> None:
    theirs = _their_records(tree)
    theirs["paid_case"].disbursements.create(
        organization=tree.union_b, amount="1234.56", source="union", paid_on=dt.date(2025, 3, 12)
    )
    mine = make_case(tree.union_a)
    for role, org in [(Role.CHAIR, tree.union_a), (Role.FEDERATION_ADMIN, tree.city)]:
        _token, raw = token_create(user=make_user(role, org), name="t")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        case, file, plan = theirs["case"].pk, theirs["file"].pk, theirs["plan"].pk
        for path, body in [
            (f"/api/v1/aid-cases/{case}/review", {"passed": False, "on": "2025-03-02", "reason": "x"}),
            (f"/api/v1/aid-cases/{case}/approve", {"amount": "100", "on": "2025-03-20"}),
            (f"/api/v1/aid-cases/{case}/reject", {"on": "2025-03-02", "reason": "x"}),
            (f"/api/v1/hardship-files/{file}/exit", {"on": "2025-06-01", "reason": "脱困"}),
            (f"/api/v1/insurance-plans/{plan}/enrol-roster", {"on": "2025-01-15"}),
        ]:
            assert api.post(path, body, content_type="application/json").status_code == 404, (role, path)
        assert api.get("/api/v1/aid-cases/totals", {"year": 2025, "org": tree.union_b.pk}).status_code == 404
        totals = api.get("/api/v1/aid-cases/totals", {"year": 2025}).json()
        assert totals["total"] == "0.00" or float(totals["total"]) == 0
    theirs["case"].refresh_from_db()
    assert theirs["case"].status == AidStatus.APPLIED
    assert theirs["file"].__class__.objects.get(pk=theirs["file"].pk).status == FileStatus.ACTIVE
    assert not InsuranceEnrollment.objects.filter(plan=theirs["plan"]).exists()
    # Control: the chair's own case can be reviewed through the same endpoint.
    _token, raw = token_create(user=make_user(Role.CHAIR, tree.union_a), name="t2")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    resp = api.post(
        f"/api/v1/aid-cases/{mine.pk}/review",
        {"passed": True, "on": "2025-03-02", "notice_start": "2025-03-03", "notice_end": "2025-03-09"},
        content_type="application/json",
    )
    assert resp.status_code == 200 and resp.json()["status"] == AidStatus.IN_NOTICE


def test_member_pages_show_a_member_their_own_only(tree: Any, make_user: Any, login: Any) -> None:
    """A member's applications: another member (same union or another) gets 404 and sees nothing;
    officers and anonymous visitors do not reach the member pages."""
    mine, neighbour, far = (
        roster_member(tree.union_a),
        roster_member(tree.union_a),
        roster_member(tree.union_b),
    )
    assert post_application(member_client(mine), situation="我家的困难情况").status_code == 302
    with unscoped("the test reads what the page wrote"):
        case = make_case(tree.union_b)  # another union's officer-entered case
        own = mine.aid_cases.get()
    detail = reverse("portal:care-detail", kwargs={"kind": "aid", "pk": own.pk})
    for other in (neighbour, far):
        c = member_client(other)
        assert c.get(detail).status_code == 404
        listing = c.get(reverse("portal:care-cases")).content.decode()
        assert "我家的困难情况" not in listing and own.case_no not in listing
        assert c.get(reverse("portal:care-apply", kwargs={"kind": "hardship"})).status_code == 200
        assert c.get(reverse("portal:care-claim")).status_code == 200
    c = member_client(mine)
    assert c.get(reverse("portal:care-detail", kwargs={"kind": "aid", "pk": case.pk})).status_code == 404
    assert c.get(detail).status_code == 200
    # An officer (no member account) and an anonymous visitor are sent to sign in.
    officer = login(make_user(Role.CHAIR, tree.union_a))
    for name, kwargs in [
        ("portal:care-cases", {}),
        ("portal:care-apply", {"kind": "hardship"}),
        ("portal:care-claim", {}),
        ("portal:care-detail", {"kind": "aid", "pk": own.pk}),
    ]:
        for client in (officer, Client()):
            answer = client.get(reverse(name, kwargs=kwargs))
            assert answer.status_code == 302 and "/m/sign-in/" in answer["Location"], (
                name,
                answer.status_code,
            )
    # Another union's officer cannot open the member's case on the officers' pages.
    assert login(make_user(Role.CHAIR, tree.union_b)).get(f"/aid-cases/{own.pk}/").status_code == 404
