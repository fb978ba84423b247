"""Suggestions sent from the phone: an online suggestion of the member, answered by the officers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.members.tests.factories import make_member
from gonghui.portal.tests.support import member_client
from gonghui.voice.models import Suggestion, SuggestionChannel
from gonghui.voice.tests.factories import make_suggestion


def test_a_member_sends_a_suggestion_and_reads_the_reply(tree: Any, make_user: Any, login: Any) -> None:
    member = make_member(tree.union_a)
    client = member_client(member)
    page = client.post(
        reverse("portal:voice-suggestion-new"), {"title": "食堂延长供餐", "content": "夜班职工吃不上饭。"}
    )
    assert page.status_code == 302
    s = Suggestion.objects.get(title="食堂延长供餐")
    assert s.channel == SuggestionChannel.ONLINE and s.member == member and s.proposer == member.name
    assert s.organization == tree.union_a and s.account is not None and s.replied_at is None

    officer = login(make_user(Role.CHAIR, tree.union_a))
    listed = officer.get(reverse("records:list", kwargs={"rt": "suggestions"})).content.decode()
    assert "食堂延长供餐" in listed
    form = officer.get(reverse("records:update", kwargs={"rt": "suggestions", "pk": s.pk})).context["form"]
    data = {k: v for k, v in form.initial.items() if k in form.fields and v is not None}
    data.update(reply="已与后勤协商，下月起延长至晚九点。", member=member.pk)
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    answer = officer.post(reverse("records:update", kwargs={"rt": "suggestions", "pk": s.pk}), data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    s.refresh_from_db()
    assert s.reply.startswith("已与后勤协商") and s.replied_at is not None

    mine = client.get(reverse("portal:voice-suggestions")).content.decode()
    assert "食堂延长供餐" in mine and "已与后勤协商" in mine


def test_a_suggestion_needs_a_title_and_content_all_errors_at_once(tree: Any) -> None:
    client = member_client(make_member(tree.union_a))
    page = client.post(reverse("portal:voice-suggestion-new"), {"title": "", "content": ""})
    body = page.content.decode()
    assert page.status_code == 400 and "请写上建议的标题" in body and "请写下您的建议内容" in body
    assert not Suggestion.objects.exists()


def test_a_member_sees_only_their_own_suggestions(tree: Any) -> None:
    member, neighbour = make_member(tree.union_a), make_member(tree.union_a)
    make_suggestion(tree.union_a, title="别人的建议", member=neighbour, proposer="")
    make_suggestion(tree.union_a, title="无名的建议")
    client = member_client(member)
    client.post(reverse("portal:voice-suggestion-new"), {"title": "我的建议", "content": "内容"})
    body = client.get(reverse("portal:voice-suggestions")).content.decode()
    assert "我的建议" in body and "别人的建议" not in body and "无名的建议" not in body
