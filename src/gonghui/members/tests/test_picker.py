"""The member picker's search (members:pick): name, pinyin, initials, ID tail; scoped; the policy."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.members import picker
from gonghui.members.tests.factories import make_member
from gonghui.members.validators import with_check_char


@pytest.fixture
def roster(tree: Any) -> dict[str, Any]:
    one = make_member(
        tree.union_a, name="张伟", union_group=tree.group_a1, id_number=with_check_char("11010119850312001")
    )
    two = make_member(
        tree.union_a, name="张伟", union_group=tree.group_a2, id_number=with_check_char("11010119900102001")
    )
    other = make_member(tree.union_a, name="李娜")
    theirs = make_member(tree.union_b, name="张伟", id_number=with_check_char("11010119770506003"))
    return {"one": one, "two": two, "other": other, "theirs": theirs}


def _pick(client: Any, q: str, **params: Any) -> Any:
    return client.get(reverse("members:pick"), {"q": q, **params})


@pytest.mark.parametrize("q", ["张", "张伟", "zhangwei", "zhang", "zw"])
def test_finds_by_name_pinyin_and_initials(
    tree: Any, roster: dict[str, Any], make_user: Any, login: Any, q: str
) -> None:
    c = login(make_user(Role.CHAIR, tree.union_a))
    found = _pick(c, q, org=tree.union_a.pk).json()["results"]
    assert {r["id"] for r in found} == {roster["one"].pk, roster["two"].pk}  # not the other union's


def test_namesakes_differ_by_group_birth_year_and_id_tail(
    tree: Any, roster: dict[str, Any], make_user: Any, login: Any
) -> None:
    c = login(make_user(Role.CHAIR, tree.union_a))
    found = {r["id"]: r["detail"] for r in _pick(c, "张伟").json()["results"]}
    assert "甲一小组" in found[roster["one"].pk] and "1985年生" in found[roster["one"].pk]
    tail = roster["one"].id_number[-4:]
    assert f"尾号{tail}" in found[roster["one"].pk]
    assert "甲二小组" in found[roster["two"].pk] and "1990年生" in found[roster["two"].pk]
    by_tail = _pick(c, tail.lower()).json()["results"]
    assert [r["id"] for r in by_tail] == [roster["one"].pk]


def test_personal_data_stays_hidden_without_the_right(
    tree: Any, roster: dict[str, Any], make_user: Any, login: Any
) -> None:
    leader = login(make_user(Role.GROUP_LEADER, tree.union_a))  # reads members, not their personal data
    tail = roster["one"].id_number[-4:]
    found = _pick(leader, "张伟").json()["results"]
    body = str(found)
    assert len(found) == 2 and "甲一小组" in body
    assert "1985" not in body and tail not in body and "年生" not in body and "尾号" not in body
    assert _pick(leader, tail).json()["results"] == []  # no search by a part of a masked number
    full = _pick(leader, roster["one"].id_number).json()["results"]  # typed in full: found, not shown
    assert [r["id"] for r in full] == [roster["one"].pk] and tail not in str(full)


def test_another_unions_officer_gets_nothing(
    tree: Any, roster: dict[str, Any], make_user: Any, login: Any
) -> None:
    c = login(make_user(Role.CHAIR, tree.union_b))
    assert _pick(c, "张伟", org=tree.union_a.pk).status_code == 404
    assert [r["id"] for r in _pick(c, "张伟").json()["results"]] == [roster["theirs"].pk]
    assert _pick(c, "甲").json()["results"] == [] and _pick(c, "zw", org=tree.union_b.pk).status_code == 200


def test_at_most_the_limit_and_no_query_per_member(
    tree: Any, roster: dict[str, Any], make_user: Any, login: Any, monkeypatch: Any
) -> None:
    c = login(make_user(Role.CHAIR, tree.union_a))
    for _i in range(3):
        make_member(tree.union_a, name="张三", union_group=tree.group_a1)
    monkeypatch.setattr(picker, "PICK_LIMIT", 1)
    with CaptureQueriesContext(connection) as one:
        body = _pick(c, "张").json()
    assert len(body["results"]) == 1 and body["more"] is True
    monkeypatch.setattr(picker, "PICK_LIMIT", 5)
    with CaptureQueriesContext(connection) as five:
        body = _pick(c, "张").json()
    assert len(body["results"]) == 5 and body["more"] is False
    assert len(five.captured_queries) == len(one.captured_queries)
