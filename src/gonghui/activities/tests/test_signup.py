"""Members sign up for an activity on their phones; officers see the list; the metric counts it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.activities.models import ActivitySignup
from gonghui.activities.tests.factories import make_activity
from gonghui.members.tests.factories import make_member
from gonghui.portal.tests.support import member_client


def _upcoming(union: Any, **kw: Any) -> Any:
    kw.setdefault("held_on", timezone.localdate() + dt.timedelta(days=10))
    kw.setdefault("signup_open", True)
    kw.setdefault("participant_count", 0)
    return make_activity(union, **kw)


def _page(a: Any) -> str:
    return f"/m/activities/{a.pk}/"


def _post(a: Any) -> str:
    return f"/m/activities/{a.pk}/sign-up/"


def test_sign_up_twice_is_one_row_and_cancel_removes_it(tree: Any) -> None:
    member = make_member(tree.union_a)
    activity = _upcoming(tree.union_a)
    client = member_client(member)
    page = client.get(_page(activity)).content.decode()
    assert "我要报名" in page
    assert client.post(_post(activity), {"action": "join"}).status_code == 302
    assert client.post(_post(activity), {"action": "join"}).status_code == 302
    assert ActivitySignup.objects.filter(activity=activity, member=member).count() == 1
    page = client.get(_page(activity)).content.decode()
    assert "您已报名" in page and "取消报名" in page
    client.post(_post(activity), {"action": "cancel"})
    assert not ActivitySignup.objects.exists()


def test_the_limit_refuses_with_a_message_and_writes_nothing(tree: Any) -> None:
    activity = _upcoming(tree.union_a, signup_limit=1)
    first, second = make_member(tree.union_a), make_member(tree.union_a)
    member_client(first).post(_post(activity), {"action": "join"})
    client = member_client(second)
    page = client.post(_post(activity), {"action": "join"}, follow=True).content.decode()
    assert "名额已满" in page
    assert list(ActivitySignup.objects.values_list("member", flat=True)) == [first.pk]


def test_closed_or_not_online_refuses(tree: Any) -> None:
    member = make_member(tree.union_a)
    today = timezone.localdate()
    closed = _upcoming(tree.union_a, signup_until=today - dt.timedelta(days=1))
    offline = _upcoming(tree.union_a, title="线下报名的活动", signup_open=False)
    client = member_client(member)
    assert "报名已截止" in client.post(_post(closed), {"action": "join"}, follow=True).content.decode()
    assert "不接受网上报名" in client.post(_post(offline), {"action": "join"}, follow=True).content.decode()
    assert not ActivitySignup.objects.exists()


def test_sign_up_cannot_close_after_the_activity(tree: Any) -> None:
    from django.core.exceptions import ValidationError

    activity = _upcoming(tree.union_a)
    activity.signup_until = activity.held_on + dt.timedelta(days=1)
    try:
        activity.full_clean()
    except ValidationError as exc:
        assert "signup_until" in exc.message_dict
    else:
        raise AssertionError("a sign-up closing after the activity was accepted")


def test_officers_see_the_list_of_their_union_only(tree: Any, make_user: Any, login: Any) -> None:
    activity = _upcoming(tree.union_a, signup_limit=30)
    member = make_member(tree.union_a, name="报名人甲")
    member_client(member).post(_post(activity), {"action": "join"})
    url = reverse("records:detail", kwargs={"rt": "activities", "pk": activity.pk})
    chair_a = login(make_user(Role.CHAIR, tree.union_a))
    body = chair_a.get(url).content.decode()
    assert "网上报名" in body and "报名人甲" in body
    from django.test import Client

    chair_b = Client()
    chair_b.force_login(
        make_user(Role.CHAIR, tree.union_b), backend="django.contrib.auth.backends.ModelBackend"
    )
    assert chair_b.get(url).status_code == 404


def test_participants_metric_counts_sign_ups_when_no_number_is_entered(tree: Any) -> None:
    from gonghui.activities.metrics import activity_participants
    from gonghui.core.metrics import Period
    from gonghui.core.scope import unscoped
    from gonghui.orgs.models import Organization

    day = timezone.localdate() + dt.timedelta(days=10)
    online = _upcoming(tree.union_a, held_on=day)
    _upcoming(tree.union_a, held_on=day, title="已填人数的活动", participant_count=50)
    for _ in range(3):
        member_client(make_member(tree.union_a)).post(_post(online), {"action": "join"})
    period = Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    with unscoped("the metric reads every union of the test tree"):
        values = activity_participants(Organization.objects.filter(pk=tree.union_a.pk), period)
    assert values[tree.union_a.pk] == 53
