"""The democracy app's own pages: the representatives' proposals on the member pages (/m/proposals/).

Its record pages are covered for every record type by core's scoping tests; its union-page
panel is tested in test_metrics_advice.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from gonghui.democracy.models import Proposal
from gonghui.democracy.tests.factories import make_congress, make_proposal, make_representative
from gonghui.members.tests.factories import make_member
from gonghui.portal.tests.support import member_client

URL_CASES: list[str] = ["portal:democracy-proposals", "portal:democracy-proposal-new"]
API_CASES: list[tuple[str, str]] = []


def _open(union: Any) -> Any:
    today = timezone.localdate()
    return make_congress(
        union,
        held_on=today + dt.timedelta(days=20),
        proposals_open_from=today - dt.timedelta(days=1),
        proposals_open_until=today + dt.timedelta(days=5),
    )


def test_another_unions_member_cannot_submit_to_union_a(tree: Any) -> None:
    congress_a = _open(tree.union_a)
    outsider = make_member(tree.union_b)
    # Even listed on A's roster by mistake, B's member does not reach A's session.
    make_representative(tree.union_a, congress_a, member=outsider)
    client = member_client(outsider)
    resp = client.post(
        "/m/proposals/new/",
        {
            "congress": congress_a.pk,
            "title": "越权提交的提案",
            "category": "other",
            "content": "越权提交的提案内容足够长",
        },
    )
    assert resp.status_code == 200 and "越权提交的提案" not in Proposal.objects.values_list(
        "title", flat=True
    )
    assert not Proposal.objects.exists()


def test_a_member_sees_their_own_proposals_only(tree: Any) -> None:
    congress = make_congress(tree.union_a)
    me, other = make_member(tree.union_a), make_member(tree.union_a)
    make_proposal(tree.union_a, congress, title="我的提案关于食堂", submitter_member=me, submitter=me.name)
    make_proposal(
        tree.union_a, congress, title="别人的提案关于班车", submitter_member=other, submitter=other.name
    )
    b_congress = make_congress(tree.union_b)
    make_proposal(tree.union_b, b_congress, title="乙乡的提案", submitter="某人")
    body = member_client(me).get("/m/proposals/").content.decode()
    assert "我的提案关于食堂" in body and "别人的提案" not in body and "乙乡的提案" not in body


def test_signed_out_visitors_are_sent_to_sign_in(tree: Any) -> None:
    for url in ("/m/proposals/", "/m/proposals/new/"):
        assert Client().get(url).status_code == 302
