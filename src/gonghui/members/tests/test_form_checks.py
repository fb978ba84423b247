"""The member form: every error at once; unlikely dates warned of before the save (issue 18, items 8, 9)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client
from django.utils import timezone

from gonghui.members.models import Member
from gonghui.members.selectors import years_before
from gonghui.members.tests.factories import make_member
from gonghui.members.validators import date_warnings, with_check_char

BASE = {"name": "赵六", "id_type": "resident", "employment_type": "contract"}


def _digest(page: str) -> str:
    found = re.search(r'name="confirm_warnings" value="([0-9a-f]+)"', page)
    assert found, "no confirmation offered"
    return found.group(1)


def test_every_field_error_in_one_response(chair_a: Client, tree: Any) -> None:
    bad = chair_a.post(
        "/members/new/",
        {
            **BASE,
            "owner": tree.union_a.pk,
            "mobile": "12345",
            "id_number": with_check_char("53010219800515001")[:-1] + "0",
            "join_date": "2030-01-01",
        },
    )
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "手机号" in page  # the form's own field check
    assert "校验位" in page  # the record's rules, which used to wait for the next round
    assert "日期不能晚于今天" in page
    assert not Member.objects.exists()


def test_every_field_error_at_once_when_editing(chair_a: Client, tree: Any) -> None:
    member = make_member(tree.union_a, join_date=dt.date(2021, 4, 1))
    data = {**BASE, "id_number": member.id_number, "mobile": "12345", "join_date": "2030-01-01"}
    bad = chair_a.post(f"/members/{member.pk}/edit/", data)
    assert bad.status_code == 400
    assert "手机号" in bad.content.decode() and "日期不能晚于今天" in bad.content.decode()
    member.refresh_from_db()
    assert member.join_date == dt.date(2021, 4, 1)


def _id_of_age(age: int) -> str:
    born = years_before(timezone.localdate(), age) - dt.timedelta(days=30)
    return with_check_char(f"530102{born:%Y%m%d}001")


def test_a_child_joining_is_warned_of_before_the_save(chair_a: Client, tree: Any) -> None:
    data = {**BASE, "owner": tree.union_a.pk, "id_number": _id_of_age(5)}
    first = chair_a.post("/members/new/", data)
    page = first.content.decode()
    assert first.status_code == 200 and "仍然保存" in page and "16" in page
    assert not Member.objects.exists()
    wrong = chair_a.post("/members/new/", {**data, "confirm_warnings": "0" * 16})
    assert wrong.status_code == 200 and not Member.objects.exists()  # a confirmation of other warnings
    saved = chair_a.post("/members/new/", {**data, "confirm_warnings": _digest(page)})
    assert saved.status_code == 302 and Member.objects.count() == 1


def test_errors_still_block_when_warned(chair_a: Client, tree: Any) -> None:
    elsewhere = make_member(tree.union_b)
    data = {**BASE, "owner": tree.union_a.pk, "id_number": _id_of_age(5), "mobile": "12345"}
    assert chair_a.post("/members/new/", data).status_code == 400
    data = {**BASE, "owner": tree.union_a.pk, "id_number": elsewhere.id_number, "birth_date": "1900-01-02"}
    resp = chair_a.post("/members/new/", data)
    assert resp.status_code == 400 and not Member.objects.filter(organization=tree.union_a).exists()


def test_a_plausible_member_is_saved_without_a_question(chair_a: Client, tree: Any) -> None:
    data = {**BASE, "owner": tree.union_a.pk, "id_number": _id_of_age(30)}
    assert chair_a.post("/members/new/", data).status_code == 302


def test_the_date_rule() -> None:
    today = dt.date(2026, 6, 1)
    assert set(date_warnings(dt.date(2020, 1, 1), today, today)) == {"join_date"}
    assert date_warnings(dt.date(2010, 6, 1), dt.date(2026, 6, 1), today) == {}  # sixteen that day
    too_old = date_warnings(dt.date(1920, 3, 5), dt.date(1950, 1, 1), today)
    assert set(too_old) == {"birth_date"}
    # The age is named, never the birth date (the warning is stored and read by others).
    assert "1920" not in too_old["birth_date"]
    assert "106" in too_old["birth_date"]
    assert date_warnings(dt.date(1990, 1, 1), None, today) == {}
    assert date_warnings(None, today, today) == {}
