"""The policy's own functions: masks, who sees what, and no query per check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.accounts.access import Access, load_grants
from gonghui.accounts.roles import Role
from gonghui.core.sensitivity import Mask, Viewer, mask, value_for
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member


def test_masks() -> None:
    assert mask("110101195703170017", Mask.ID) == "110***********0017"
    assert mask("13812345678", Mask.PHONE) == "138****5678"
    assert mask(dt.date(1957, 3, 17), Mask.DATE) == "****-**-**"
    assert mask(Decimal("86420.37"), Mask.AMOUNT) == "（受限信息）"
    assert mask("丈夫尿毒症", Mask.TEXT) == "（受限信息）"
    assert mask("", Mask.TEXT) == "" and mask(None, Mask.ID) == ""  # nothing to hide shows as nothing


def _access(user: Any) -> Access:
    return Access(user, load_grants(user))


def test_who_sees_what(tree: Any, make_user: Any) -> None:
    m = make_member(tree.union_a, mobile="13812345678")
    chair = _access(make_user(Role.CHAIR, tree.union_a))
    chair_c = _access(make_user(Role.CHAIR, tree.union_c))  # the right, on another union
    admin = _access(make_user(Role.FEDERATION_ADMIN, tree.city))
    # On demand: masked for everyone, full for a holder who asks.
    assert value_for(chair, m, "mobile") == "138****5678"
    assert value_for(chair, m, "mobile", reveal=True) == "13812345678"
    assert value_for(chair_c, m, "mobile", reveal=True) == "138****5678"
    assert value_for(admin, m, "id_number", reveal=True) != m.id_number
    assert value_for(admin, m, "name") == m.name  # not declared: as stored
    assert Viewer(chair).may_reveal(m) == ["id_number", "birth_date", "mobile"]
    assert Viewer(admin).may_reveal(m) == [] and Viewer(None).value(m, "mobile") == "138****5678"


def test_checks_read_the_loaded_grants_and_rows(
    tree: Any, make_user: Any, django_assert_num_queries: Any
) -> None:
    for union in (tree.union_a, tree.union_c, tree.union_a):
        make_member(union)
    viewer = Viewer(_access(make_user(Role.CHAIR, tree.union_a)), reveal=True)
    bare = list(Member.objects.all())  # rows without their union loaded
    with django_assert_num_queries(1):  # the page's unions, once
        viewer.prepare(bare)
    with django_assert_num_queries(0):
        shown = [viewer.value(m, "id_number") for m in bare]
    assert [s == m.id_number for s, m in zip(shown, bare, strict=True)] == [
        m.organization_id == tree.union_a.pk for m in bare
    ]
