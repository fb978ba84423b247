"""提案征集 on the member pages: a representative submits during the session's window, sees the reply."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.democracy.models import Proposal, ProposalStatus
from gonghui.democracy.tests.factories import make_congress, make_representative
from gonghui.members.tests.factories import make_member
from gonghui.portal.tests.support import member_client

NEW = "/m/proposals/new/"
MINE = "/m/proposals/"


def _open_session(union: Any, **kw: Any) -> Any:
    today = timezone.localdate()
    kw.setdefault("proposals_open_from", today - dt.timedelta(days=3))
    kw.setdefault("proposals_open_until", today + dt.timedelta(days=10))
    kw.setdefault("held_on", today + dt.timedelta(days=20))
    return make_congress(union, **kw)


def _form(congress: Any, **kw: Any) -> dict[str, Any]:
    return {
        "congress": congress.pk,
        "title": "关于改善职工食堂就餐环境的提案",
        "category": "living",
        "content": "食堂座位不足，高峰期排队时间长。建议增设座位并错峰就餐。",
        **kw,
    }


def test_a_representative_submits_and_sees_the_reply(tree: Any, make_user: Any, login: Any) -> None:
    from gonghui.accounts.roles import Role

    member = make_member(tree.union_a)
    congress = _open_session(tree.union_a)
    make_representative(tree.union_a, congress, member=member)
    client = member_client(member)
    page = client.get(NEW)
    assert page.status_code == 200 and "提交提案" in page.content.decode()
    resp = client.post(NEW, _form(congress))
    assert resp.status_code == 302 and resp["Location"] == MINE
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.PENDING and proposal.submitted_online
    assert proposal.submitter_member == member and proposal.submitter == member.name
    assert proposal.organization == tree.union_a and proposal.congress == congress
    body = client.get(MINE).content.decode()
    assert "关于改善职工食堂就餐环境的提案" in body and "待审查" in body

    # The officer accepts it and replies on the officers' proposal page.
    chair = login(make_user(Role.CHAIR, tree.union_a))
    url = reverse("records:update", kwargs={"rt": "proposals", "pk": proposal.pk})
    replied = congress.held_on + dt.timedelta(days=5)
    done = chair.post(
        url,
        {
            "congress": congress.pk,
            "title": proposal.title,
            "content": proposal.content,
            "submitter": proposal.submitter,
            "submitter_member": member.pk,
            "category": "living",
            "status": "accepted",
            "handling_department": "后勤服务中心",
            "reply": "已增设座位六十个，实行分批错峰就餐。",
            "replied_on": replied.isoformat(),
        },
    )
    assert done.status_code == 302, done.content.decode()[:3000]
    proposal.refresh_from_db()
    assert proposal.submitted_online and proposal.status == ProposalStatus.ACCEPTED
    body = member_client(member).get(MINE).content.decode()
    assert "已增设座位六十个" in body and "后勤服务中心" in body


def test_outside_the_window_nothing_is_written(tree: Any) -> None:
    member = make_member(tree.union_a)
    today = timezone.localdate()
    closed = _open_session(
        tree.union_a,
        proposals_open_from=today - dt.timedelta(days=30),
        proposals_open_until=today - dt.timedelta(days=1),
    )
    make_representative(tree.union_a, closed, member=member)
    client = member_client(member)
    page = client.get(NEW).content.decode()
    assert "目前没有会议在征集提案" in page
    resp = client.post(NEW, _form(closed))
    assert resp.status_code == 200 and "本次会议目前不接受您的提案" in resp.content.decode()
    assert not Proposal.objects.exists()


def test_a_session_without_a_window_takes_no_proposals(tree: Any) -> None:
    member = make_member(tree.union_a)
    congress = make_congress(tree.union_a)
    make_representative(tree.union_a, congress, member=member)
    resp = member_client(member).post(NEW, _form(congress))
    assert "本次会议目前不接受您的提案" in resp.content.decode()
    assert not Proposal.objects.exists()


def test_a_member_who_is_no_representative_is_pointed_to_suggestions(tree: Any) -> None:
    congress = _open_session(tree.union_a)
    make_representative(tree.union_a, congress, member=make_member(tree.union_a))
    other = make_member(tree.union_a)
    client = member_client(other)
    page = client.get(NEW).content.decode()
    assert "您不在会议代表名册上" in page and 'href="/m/suggestions/new/"' in page
    resp = client.post(NEW, _form(congress))
    assert resp.status_code == 200 and "您不在会议代表名册上" in resp.content.decode()
    assert not Proposal.objects.exists()


def test_all_errors_at_once_in_chinese(tree: Any) -> None:
    member = make_member(tree.union_a)
    congress = _open_session(tree.union_a)
    make_representative(tree.union_a, congress, member=member)
    resp = member_client(member).post(
        NEW, {"congress": congress.pk, "title": "", "category": "", "content": "短"}
    )
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "请填写提案标题" in body and "请选择类别" in body and "请再多写一些" in body
    assert not Proposal.objects.exists()


def test_the_window_must_end_after_it_starts(tree: Any) -> None:
    from django.core.exceptions import ValidationError

    congress = make_congress(tree.union_a)
    congress.proposals_open_from = dt.date(2025, 3, 1)
    congress.proposals_open_until = dt.date(2025, 2, 1)
    try:
        congress.full_clean()
    except ValidationError as exc:
        assert "proposals_open_until" in exc.message_dict
    else:
        raise AssertionError("a window ending before it starts was accepted")


def test_a_member_never_sees_another_members_proposal(tree: Any) -> None:
    congress = _open_session(tree.union_a)
    mine, theirs = make_member(tree.union_a), make_member(tree.union_a)
    for m in (mine, theirs):
        make_representative(tree.union_a, congress, member=m)
    member_client(theirs).post(NEW, _form(congress, title="别人的提案：关于增加班车的建议"))
    assert Proposal.objects.count() == 1
    body = member_client(mine).get(MINE).content.decode()
    assert "别人的提案" not in body and "您还没有提案" in body
