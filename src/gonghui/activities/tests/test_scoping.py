"""The member pages of notices and activities: a member sees their own union's only, nothing personal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.activities.models import ActivitySignup
from gonghui.activities.tests.factories import make_activity
from gonghui.democracy.tests.factories import make_disclosure
from gonghui.members.tests.factories import make_member
from gonghui.portal.tests.support import member_client

URL_CASES = [
    "portal:activities-notices",
    "portal:activities-disclosure",
    "portal:activities-activity",
    "portal:activities-signup",
]


def _soon(union: Any, **kw: Any) -> Any:
    kw.setdefault("held_on", timezone.localdate() + dt.timedelta(days=7))
    return make_activity(union, signup_open=True, **kw)


def test_notices_show_the_members_own_union_only(tree: Any) -> None:
    make_disclosure(tree.union_a, item="甲单位业务招待费公开", disclosed_on=dt.date(2025, 7, 10))
    make_disclosure(tree.union_a, item="甲单位年度预算公开", disclosed_on=dt.date(2025, 9, 1))
    make_disclosure(tree.union_b, item="乙单位业务招待费公开")
    _soon(tree.union_a, title="甲单位登山活动")
    _soon(tree.union_b, title="乙单位登山活动")
    member = make_member(tree.union_a)
    body = member_client(member).get("/m/notices/").content.decode()
    assert "甲单位业务招待费公开" in body and "甲单位登山活动" in body
    assert "乙单位" not in body
    assert body.index("甲单位年度预算公开") < body.index("甲单位业务招待费公开")  # newest first


def test_another_unions_member_gets_404(tree: Any) -> None:
    disclosure = make_disclosure(tree.union_a)
    activity = _soon(tree.union_a)
    outsider = member_client(make_member(tree.union_b))
    assert outsider.get(f"/m/notices/disclosures/{disclosure.pk}/").status_code == 404
    assert outsider.get(f"/m/activities/{activity.pk}/").status_code == 404
    assert outsider.post(f"/m/activities/{activity.pk}/sign-up/", {"action": "join"}).status_code == 404
    assert not ActivitySignup.objects.exists()
    insider = member_client(make_member(tree.union_a))
    assert insider.get(f"/m/notices/disclosures/{disclosure.pk}/").status_code == 200
    assert insider.get(f"/m/activities/{activity.pk}/").status_code == 200


def test_a_member_sees_no_other_members_sign_up(tree: Any) -> None:
    activity = _soon(tree.union_a)
    someone = make_member(tree.union_a, name="别人甲乙")
    member_client(someone).post(f"/m/activities/{activity.pk}/sign-up/", {"action": "join"})
    mine = member_client(make_member(tree.union_a)).get(f"/m/activities/{activity.pk}/").content.decode()
    assert "别人甲乙" not in mine and "1人已报名" in mine
    mine_cancel = member_client(make_member(tree.union_a))
    mine_cancel.post(f"/m/activities/{activity.pk}/sign-up/", {"action": "cancel"})
    assert ActivitySignup.objects.get().member == someone  # cancelling touches one's own only


def test_signed_out_visitors_are_sent_to_sign_in(tree: Any) -> None:
    from django.test import Client

    activity = _soon(tree.union_a)
    for url in ("/m/notices/", f"/m/activities/{activity.pk}/"):
        assert Client().get(url).status_code == 302
