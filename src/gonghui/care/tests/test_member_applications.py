"""Members apply on their phones: aid and insurance claims with photos enter the officers' workflow."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.access import get_access
from gonghui.accounts.roles import Role
from gonghui.care.models import AidCase, AidKind, AidStatus, InsuranceClaim, InsurancePlan
from gonghui.care.services import aid, insurance
from gonghui.core.models import Attachment
from gonghui.core.scope import unscoped
from gonghui.members.tests.factories import make_member
from gonghui.portal.tests.support import member_client

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200


def jpeg(name: str = "id.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, JPEG, content_type="image/jpeg")


def png(name: str = "cert.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def apply_url(kind: str) -> str:
    return reverse("portal:care-apply", kwargs={"kind": kind})


def post_application(client: Any, kind: str = "hardship", photos: Any = None, **data: Any) -> Any:
    body = {
        "situation": "妻子患病，家庭收入低。",
        "amount_requested": "3000",
        "photos": photos if photos is not None else [jpeg(), png()],
        **data,
    }
    return client.post(apply_url(kind), body)


def media_files() -> set[str]:
    found = set()
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.join(root, f) for f in files)
    return found


def enrolled(union: Any, member: Any) -> tuple[Any, Any]:
    """This year's mutual-insurance plan of ``union`` and ``member``'s enrolment in it."""
    year = timezone.localdate().year
    plan = insurance.plan_create(
        actor=None, organization=union,
        data={"year": year, "name": "职工医疗互助", "premium_per_person": Decimal("60")},
    )  # fmt: skip
    enrollment = insurance.enrollment_create(
        actor=None, organization=union,
        data={"plan": plan, "member": member, "enrolled_on": dt.date(year, 1, 2)},
    )  # fmt: skip
    return plan, enrollment


def test_member_applies_with_photos_and_the_officer_sees_it(tree: Any, make_user: Any, login: Any) -> None:
    member = make_member(tree.union_a)
    client = member_client(member)
    assert client.get(apply_url("hardship")).status_code == 200
    answer = post_application(client)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    with unscoped("the test reads what the page wrote"):
        case = AidCase.objects.get(member=member)
        photos = list(Attachment.objects.filter(object_id=str(case.pk)))
    assert case.status == AidStatus.APPLIED and case.submitted_online and case.kind == AidKind.HARDSHIP
    assert (
        case.applied_on == timezone.localdate() and case.case_no and case.amount_requested == Decimal("3000")
    )
    assert sorted(p.original_name for p in photos) == ["cert.png", "id.jpg"]
    assert {p.organization_id for p in photos} == {tree.union_a.pk}
    assert answer["Location"] == reverse("portal:care-detail", kwargs={"kind": "aid", "pk": case.pk})
    # The member's list and detail show it, submitted.
    page = client.get(reverse("portal:care-cases")).content.decode()
    assert "已提交" in page and case.get_kind_display() in page
    detail = client.get(answer["Location"]).content.decode()
    assert "妻子患病" in detail and "id.jpg" in detail
    # The union's chair sees it in the list (filtered to online ones, marked) and its photos on the detail.
    officer = login(make_user(Role.CHAIR, tree.union_a))
    listing = officer.get("/aid-cases/", {"submitted_online": "true"}).content.decode()
    assert case.case_no in listing and "线上" in listing
    offline = officer.get("/aid-cases/", {"submitted_online": "false"}).content.decode()
    assert case.case_no not in offline
    page = officer.get(f"/aid-cases/{case.pk}/").content.decode()
    assert "id.jpg" in page and "cert.png" in page


def test_the_member_follows_the_state(tree: Any, make_user: Any) -> None:
    member = make_member(tree.union_a)
    client = member_client(member)
    post_application(client)
    post_application(client, kind="serious_illness")
    with unscoped("the officers' steps in the test"):
        hardship_case = AidCase.objects.get(member=member, kind=AidKind.HARDSHIP)
        illness_case = AidCase.objects.get(member=member, kind=AidKind.SERIOUS_ILLNESS)
        access = get_access(make_user(Role.CHAIR, tree.union_a))
        today = timezone.localdate()
        aid.aid_review(
            access=access, case=hardship_case, passed=True, on=today,
            notice_start=today, notice_end=today, note="内部审核意见：材料齐全",
        )  # fmt: skip
        aid.aid_review(access=access, case=illness_case, passed=False, on=today, reason="医疗费用未达标准")
    page = client.get(reverse("portal:care-cases")).content.decode()
    assert "公示中" in page and "未通过" in page and "医疗费用未达标准" in page
    assert "内部审核意见" not in page
    detail = client.get(reverse("portal:care-detail", kwargs={"kind": "aid", "pk": hardship_case.pk}))
    assert "公示中" in detail.content.decode() and "内部审核意见" not in detail.content.decode()
    with unscoped("the officers' steps in the test"):
        aid.aid_approve(
            access=access, case=hardship_case, amount=Decimal("2500"), on=today + dt.timedelta(days=1)
        )
    detail = client.get(reverse("portal:care-detail", kwargs={"kind": "aid", "pk": hardship_case.pk}))
    text = detail.content.decode()
    assert "已批准" in text and "2500" in text


def test_exclusive_aid_is_refused_and_nothing_written(tree: Any) -> None:
    member = make_member(tree.union_a)
    client = member_client(member)
    assert post_application(client, kind="study", beneficiary="小明").status_code == 302
    before_files = media_files()
    answer = post_application(client, kind="study", beneficiary="小红")
    assert answer.status_code == 200
    assert "不能同时享受" in answer.content.decode()
    with unscoped("the test counts what was written"):
        assert AidCase.objects.filter(member=member).count() == 1
        assert Attachment.objects.count() == 2
    assert media_files() == before_files


def test_a_bad_photo_writes_nothing(tree: Any) -> None:
    member = make_member(tree.union_a)
    client = member_client(member)
    before_files = media_files()
    fake = SimpleUploadedFile("invoice.jpg", b"just some text, not a photo\n" * 20, content_type="image/jpeg")
    answer = post_application(client, photos=[jpeg(), fake])
    assert answer.status_code == 200
    form = answer.context["form"]
    assert form.errors["photos"] and "invoice.jpg" in " ".join(form.errors["photos"])
    # No photo at all, or too many, or a type that is no photo: field errors as well.
    assert "photos" in post_application(client, photos=[]).context["form"].errors
    many = [jpeg(f"p{i}.jpg") for i in range(7)]
    assert "photos" in post_application(client, photos=many).context["form"].errors
    doc = SimpleUploadedFile("a.docx", b"PK\x03\x04" + b"\x00" * 100)
    assert "photos" in post_application(client, photos=[doc]).context["form"].errors
    with unscoped("the test counts what was written"):
        assert not AidCase.objects.exists() and not Attachment.objects.exists()
    assert media_files() == before_files


def test_a_member_never_sees_another_members_case(tree: Any, make_user: Any, login: Any) -> None:
    mine, neighbour = make_member(tree.union_a), make_member(tree.union_a)
    far = make_member(tree.union_b)
    post_application(member_client(mine))
    with unscoped("the test reads what the page wrote"):
        case = AidCase.objects.get(member=mine)
    url = reverse("portal:care-detail", kwargs={"kind": "aid", "pk": case.pk})
    for other in (neighbour, far):
        client = member_client(other)
        assert client.get(url).status_code == 404
        assert case.case_no not in client.get(reverse("portal:care-cases")).content.decode()
    assert (
        member_client(mine)
        .get(reverse("portal:care-detail", kwargs={"kind": "claim", "pk": case.pk}))
        .status_code
        == 404
    )
    # Another union's officer: 404 on the record; the union's own: 200.
    assert login(make_user(Role.CHAIR, tree.union_b)).get(f"/aid-cases/{case.pk}/").status_code == 404
    assert login(make_user(Role.CHAIR, tree.union_a)).get(f"/aid-cases/{case.pk}/").status_code == 200


def test_claims_need_an_enrolment(tree: Any) -> None:
    member = make_member(tree.union_a)
    client = member_client(member)
    page = client.get(reverse("portal:care-claim"))
    assert page.status_code == 200 and "没有参加" in page.content.decode()
    answer = client.post(
        reverse("portal:care-claim"), {"reason": "住院", "amount_claimed": "800", "photos": [jpeg()]}
    )
    assert answer.status_code == 200
    with unscoped("the test counts what was written"):
        assert not InsuranceClaim.objects.exists()
        plan, enrollment = enrolled(tree.union_a, member)
    answer = client.post(
        reverse("portal:care-claim"),
        {
            "enrollment": enrollment.pk,
            "reason": "住院治疗",
            "amount_claimed": "800",
            "photos": [jpeg("bill.jpg")],
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    with unscoped("the test reads what the page wrote"):
        claim = InsuranceClaim.objects.get(member=member)
        assert claim.submitted_online and claim.plan == plan and InsurancePlan.objects.count() == 1
        assert Attachment.objects.get(object_id=str(claim.pk)).original_name == "bill.jpg"
    detail = client.get(answer["Location"]).content.decode()
    assert "住院治疗" in detail and "已提交" in detail
    assert client.get(apply_url("funeral")).status_code == 404


def test_a_claim_without_reason_amount_or_photos_names_every_field_and_writes_nothing(tree: Any) -> None:
    member = make_member(tree.union_a)
    with unscoped("the test sets up an enrolment"):
        _plan, enrollment = enrolled(tree.union_a, member)
    answer = member_client(member).post(reverse("portal:care-claim"), {"enrollment": enrollment.pk})
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert {"reason", "amount_claimed", "photos"} <= set(errors), errors
    with unscoped("the test counts what was written"):
        assert not InsuranceClaim.objects.exists() and not Attachment.objects.exists()
