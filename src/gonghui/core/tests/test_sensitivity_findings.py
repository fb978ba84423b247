"""Issue 13, findings 2 and 3, as the issue reproduces them; and the policy's cost per row.

2. History shows what every other page masks: ``/members/<pk>/`` and ``/members/<pk>/history/``
   gave old and new phones and full ID numbers to viewers, finance officers and federation
   admins; an aid case's restricted situation showed in full in its history.
3. Edit forms and the annotated import showed it too, unaudited: a federation admin's
   ``/members/<pk>/edit/`` (full ID and phone), ``/aid-cases/<pk>/edit/`` (the situation),
   ``/members/import/<n>/annotated/`` (the uploaded roster with full IDs).

The aid case's pages are tested in ``care/tests/test_sensitivity.py``.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.models import AuditEvent
from gonghui.core.sensitivity import mask_id, mask_phone
from gonghui.members.models import ImportJob, Member
from gonghui.members.services import EDITABLE_FIELDS, member_update
from gonghui.members.tests.factories import make_member
from gonghui.members.validators import with_check_char


def _other_id(m: Member) -> str:
    """Another valid ID number with the same birth date and gender."""
    seq = "97" if m.id_number[14:16] != "97" else "96"
    return with_check_char(m.id_number[:14] + seq + m.id_number[16])


@pytest.fixture
def changed(tree: Any) -> dict[str, Any]:
    """A member of union A whose phone and ID number were corrected once (both in the history)."""
    m = make_member(tree.union_a, mobile="13812345678")
    old = {"id_number": m.id_number, "mobile": m.mobile}
    member_update(actor=None, obj=m, data={"mobile": "13987654321", "id_number": _other_id(m)})
    m.refresh_from_db()
    return {"member": m, "values": [old["id_number"], old["mobile"], m.id_number, m.mobile]}


@pytest.mark.parametrize(
    "role, where", [(Role.VIEWER, "city"), (Role.FINANCE, "union_a"), (Role.FEDERATION_ADMIN, "city")]
)
@pytest.mark.parametrize("page", ["", "history/"])
def test_member_page_and_history_mask_old_and_new_numbers(
    tree: Any, make_user: Any, login: Any, changed: dict[str, Any], role: str, where: str, page: str
) -> None:
    m = changed["member"]
    c = login(make_user(role, getattr(tree, where)))
    text = c.get(f"/members/{m.pk}/{page}").content.decode()
    assert m.name in text
    for value in changed["values"]:
        assert value not in text, (role, page, value)
    # What the history says instead: the same masks as everywhere else.
    assert mask_phone("13812345678") in text and mask_phone("13987654321") in text
    assert mask_id(m.id_number) in text
    assert m.birth_date.isoformat() not in text


def test_the_chair_unmasks_the_history_on_demand_and_it_is_recorded(
    tree: Any, make_user: Any, login: Any, changed: dict[str, Any]
) -> None:
    m = changed["member"]
    c = login(make_user(Role.CHAIR, tree.union_a))
    url = f"/members/{m.pk}/history/"
    masked = c.get(url).content.decode()
    assert "13812345678" not in masked and "?reveal=1" in masked
    assert not AuditEvent.objects.filter(action="sensitive.reveal").exists()
    full = c.get(url, {"reveal": "1"}).content.decode()
    assert all(v in full for v in changed["values"])
    event = AuditEvent.objects.get(action="sensitive.reveal")
    assert event.object_id == str(m.pk) and "id_number" in event.detail["fields"]


def test_federation_admin_edits_a_member_without_seeing_or_overwriting_the_numbers(
    tree: Any, make_user: Any, login: Any
) -> None:
    m = make_member(tree.union_a, mobile="13812345678")
    stored = (m.id_number, m.mobile, m.birth_date)
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    url = reverse("records:update", kwargs={"rt": "members", "pk": m.pk})
    page = c.get(url).content.decode()
    assert m.id_number not in page and "13812345678" not in page and m.birth_date.isoformat() not in page
    assert mask_id(m.id_number) in page and "disabled" in page
    data = {k: ("" if v is None else v) for k, v in model_to_dict(m, fields=EDITABLE_FIELDS).items()}
    # A masked field is disabled: whatever comes with the post is not written.
    data.update(job="检修班长", id_number=mask_id(m.id_number), mobile="13800000000", birth_date="")
    assert c.post(url, data).status_code == 302
    m.refresh_from_db()
    assert m.job == "检修班长" and (m.id_number, m.mobile, m.birth_date) == stored
    assert not AuditEvent.objects.filter(action="sensitive.reveal").exists()


def test_the_chair_edits_with_the_full_values_and_that_is_recorded(
    tree: Any, make_user: Any, login: Any
) -> None:
    m = make_member(tree.union_a, mobile="13812345678")
    c = login(make_user(Role.CHAIR, tree.union_a))
    page = c.get(reverse("records:update", kwargs={"rt": "members", "pk": m.pk})).content.decode()
    assert m.id_number in page and "13812345678" in page
    event = AuditEvent.objects.get(action="sensitive.reveal")
    assert event.object_id == str(m.pk) and {"id_number", "mobile"} <= set(event.detail["fields"])


def _annotated(c: Any, union: Any) -> list[str]:
    good = with_check_char("53010219800515001")
    bad = with_check_char("53010219810616002")[:-1] + "X"
    upload = io.BytesIO(f"姓名,身份证号,手机号码\n张三,{good},13812345678\n李四,{bad},13987654321\n".encode())
    upload.name = "roster.csv"
    c.post(reverse("members:import"), {"organization": union.pk, "file": upload})
    job = ImportJob.objects.latest("pk")
    resp = c.get(reverse("members:import-annotated", kwargs={"pk": job.pk}))
    assert resp.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    cells = [str(v) for row in wb.active.iter_rows(values_only=True) for v in row if v is not None]
    return cells, good, bad  # type: ignore[return-value]


def test_annotated_import_is_masked_for_a_federation_admin(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    cells, good, bad = _annotated(c, tree.union_a)
    text = " ".join(cells)
    assert "张三" in text and "李四" in text
    for value in (good, bad, "13812345678", "13987654321"):
        assert value not in text
    assert mask_id(good) in cells and mask_phone("13812345678") in cells
    assert AuditEvent.objects.get(action="members.import_annotated").detail["masked"]


def test_annotated_import_is_full_for_the_chair(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.CHAIR, tree.union_a))
    cells, good, bad = _annotated(c, tree.union_a)
    assert good in cells and bad in cells and "13812345678" in cells
    assert AuditEvent.objects.get(action="members.import_annotated").detail["masked"] == []


def test_the_policy_adds_no_query_per_row(tree: Any, make_user: Any, login: Any) -> None:
    """A roster page of 25 rows costs what a page of 5 costs: the permission checks read the
    grants loaded once and the rows' unions loaded with them."""
    unions = [tree.union_a, tree.union_c]
    for i in range(5):
        make_member(unions[i % 2])
    c = login(make_user(Role.CHAIR, tree.city))
    url = reverse("records:list", kwargs={"rt": "members"})
    c.get(url)  # warm (session, current organization)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    five = count()
    for i in range(20):
        make_member(unions[i % 2])
    assert Member.objects.count() == 25
    page = c.get(url).content.decode()
    assert page.count("/members/") >= 25 and "*" in page
    assert count() == five
