"""Congresses and their children, disclosures and contracts through the generic pages and API:
bad input is refused with a Chinese message naming the field, and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from gonghui.democracy.models import (
    CollectiveContract,
    Congress,
    Disclosure,
    FollowUp,
    Proposal,
    Representative,
    Resolution,
)
from gonghui.democracy.tests.factories import (
    make_congress,
    make_proposal,
    make_representative,
    make_resolution,
)


def _create(slug: str, **query: Any) -> str:
    url = reverse("records:create", kwargs={"rt": slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _congress_form(tree: Any, **kw: Any) -> dict[str, Any]:
    return {
        "owner": tree.union_a.pk,
        "kind": "workers",
        "term_no": 5,
        "session_no": 1,
        "held_on": "2025-03-20",
        "delegates_total": 45,
        "delegates_present": 43,
        **kw,
    }


def test_a_session_is_recorded_and_shows_its_quorum(chair: Any, tree: Any) -> None:
    resp = chair.post(_create("congresses"), _congress_form(tree, management_delegates=8, women_delegates=13))
    assert resp.status_code == 302
    c = Congress.objects.get()
    assert str(c) == "第5届职工代表大会第1次会议"
    page = chair.get(reverse("records:detail", kwargs={"rt": "congresses", "pk": c.pk})).content.decode()
    assert "到会人数有效" in page and "至少23票赞成" in page


def test_session_figures_out_of_order_are_refused(chair: Any, tree: Any) -> None:
    more = chair.post(_create("congresses"), _congress_form(tree, delegates_present=46))
    assert more.status_code == 400 and "实到代表（46人）超过代表总数（45人）" in more.content.decode()
    shares = chair.post(
        _create("congresses"), _congress_form(tree, frontline_delegates=40, management_delegates=9)
    )
    assert shares.status_code == 400 and "合计49人，超过代表总数45人" in shares.content.decode()
    assert not Congress.objects.exists()
    make_congress(tree.union_a, term_no=5, session_no=1)
    twice = chair.post(_create("congresses"), _congress_form(tree))
    assert twice.status_code == 400 and "已登记该届次的这次会议" in twice.content.decode()
    assert Congress.objects.count() == 1


def test_votes_cannot_exceed_the_delegates_present(chair: Any, api: Any, tree: Any) -> None:
    c = make_congress(tree.union_a, delegates_total=45, delegates_present=43)
    resp = chair.post(
        _create("resolutions", congress=c.pk),
        {
            "owner": tree.union_a.pk,
            "congress": c.pk,
            "title": "《方案》",
            "kind": "plan",
            "votes_for": 40,
            "votes_against": 3,
            "votes_abstain": 1,
        },
    )
    assert resp.status_code == 400
    assert "赞成、反对、弃权票合计44票，超过实到代表43人" in resp.content.decode()
    body = {
        "organization": tree.union_a.pk,
        "congress_id": c.pk,  # the API names a relation by its id
        "title": "《方案》",
        "kind": "plan",
        "votes_for": 44,
    }
    api_resp = api.post("/api/v1/resolutions/", body, content_type="application/json")
    assert api_resp.status_code == 400, api_resp.content
    assert "超过实到代表43人" in api_resp.json()["errors"]["votes_for"][0], api_resp.json()
    assert not Resolution.objects.exists()


def test_lowering_attendance_below_recorded_votes_is_refused(api: Any, tree: Any) -> None:
    c = make_congress(tree.union_a, delegates_total=45, delegates_present=43)
    make_resolution(tree.union_a, c, votes_for=40, votes_against=2)
    resp = api.patch(f"/api/v1/congresses/{c.pk}", {"delegates_present": 40}, content_type="application/json")
    assert resp.status_code == 400 and "已有决议表决票数为42票" in resp.json()["detail"]
    c.refresh_from_db()
    assert c.delegates_present == 43


def test_passing_needs_more_than_half_of_all_delegates_and_a_quorum(tree: Any) -> None:
    c = make_congress(tree.union_a, delegates_total=45, delegates_present=43)
    assert make_resolution(tree.union_a, c, votes_for=23).passed
    assert not make_resolution(tree.union_a, c, votes_for=22, votes_against=20).passed
    thin = make_congress(tree.union_a, delegates_total=45, delegates_present=29)  # 2/3 of 45 is 30
    assert not make_resolution(tree.union_a, thin, votes_for=29).passed
    even = make_congress(tree.union_a, delegates_total=44, delegates_present=30)  # 29.33 needed
    assert make_resolution(tree.union_a, even, votes_for=23).passed
    assert not make_resolution(tree.union_a, even, votes_for=22).passed


def test_the_roster_cannot_outgrow_the_delegates(chair: Any, tree: Any) -> None:
    c = make_congress(tree.union_a, delegates_total=2, delegates_present=2)
    make_representative(tree.union_a, c)
    make_representative(tree.union_a, c)
    resp = chair.post(
        _create("representatives", congress=c.pk),
        {
            "owner": tree.union_a.pk,
            "congress": c.pk,
            "person_name": "第三人",
            "category": "frontline",
            "attended": "on",
        },
    )
    assert resp.status_code == 400 and "已登记满本次会议的2名代表" in resp.content.decode()
    assert Representative.objects.count() == 2


def test_proposal_rules(chair: Any, tree: Any) -> None:
    c = make_congress(tree.union_a, held_on=dt.date(2025, 3, 20))
    url = _create("proposals", congress=c.pk)
    base = {
        "owner": tree.union_a.pk,
        "congress": c.pk,
        "title": "关于食堂的提案",
        "submitter": "张三",
        "category": "living",
    }
    no_reason = chair.post(url, {**base, "status": "not_accepted"})
    assert no_reason.status_code == 400 and "须写明理由" in no_reason.content.decode()
    early = chair.post(url, {**base, "status": "accepted", "reply": "已办", "replied_on": "2025-03-01"})
    assert early.status_code == 400 and "答复日期不能早于会议日期（2025-03-20）" in early.content.decode()
    rated = chair.post(url, {**base, "status": "accepted", "satisfaction": "satisfied"})
    assert rated.status_code == 400 and "提案答复后才能由提案人评价" in rated.content.decode()
    assert not Proposal.objects.exists()
    ok = chair.post(
        url,
        {
            **base,
            "status": "accepted",
            "reply": "已办",
            "replied_on": "2025-04-01",
            "satisfaction": "satisfied",
        },
    )
    assert ok.status_code == 302 and Proposal.objects.get().handled


def test_a_follow_up_cannot_predate_its_session(chair: Any, tree: Any) -> None:
    r = make_resolution(tree.union_a, make_congress(tree.union_a, held_on=dt.date(2025, 3, 20)))
    resp = chair.post(
        _create("resolution-follow-ups", resolution=r.pk),
        {
            "owner": tree.union_a.pk,
            "resolution": r.pk,
            "reported_on": "2025-03-01",
            "status": "done",
            "progress": "已落实",
        },
    )
    assert resp.status_code == 400 and "不能早于通过该决议的会议日期（2025-03-20）" in resp.content.decode()
    assert not FollowUp.objects.exists()
    page = chair.get(reverse("records:detail", kwargs={"rt": "resolutions", "pk": r.pk})).content.decode()
    assert "尚无落实情况记录" in page and f"resolution={r.pk}" in page


def test_disclosure_periods_and_congress_channel(chair: Any, tree: Any) -> None:
    c = make_congress(tree.union_a, held_on=dt.date(2025, 3, 20))
    base = {
        "owner": tree.union_a.pk,
        "item": "2024年度财务收支",
        "category": "finance",
        "disclosed_on": "2025-03-20",
    }
    backwards = chair.post(
        _create("disclosures"),
        {**base, "channel": "notice_board", "period_start": "2024-12-31", "period_end": "2024-01-01"},
    )
    assert backwards.status_code == 400 and "所属期间的截止日期不能早于起始日期" in backwards.content.decode()
    wrong_channel = chair.post(_create("disclosures"), {**base, "channel": "notice_board", "congress": c.pk})
    assert (
        wrong_channel.status_code == 400 and "公开渠道请选择“职工代表大会”" in wrong_channel.content.decode()
    )
    assert not Disclosure.objects.exists()
    assert (
        chair.post(_create("disclosures"), {**base, "channel": "congress", "congress": c.pk}).status_code
        == 302
    )


def _contract_body(tree: Any, **kw: Any) -> dict[str, Any]:
    return {
        "organization": tree.union_a.pk,
        "kind": "comprehensive",
        "title": "甲局集体合同",
        "employer_party": "甲局",
        "status": "signed",
        "signed_on": "2025-03-28",
        "effective_from": "2025-04-20",
        "effective_to": "2028-04-19",
        "covered_employers": [],  # the API asks for every list field, as for an inspection's inspectors
        **kw,
    }


def test_a_contract_without_a_term_is_refused(api: Any, chair: Any, tree: Any) -> None:
    body = _contract_body(tree)
    del body["effective_to"]
    resp = api.post("/api/v1/collective-contracts/", body, content_type="application/json")
    assert resp.status_code == 400
    assert resp.json()["errors"]["effective_to"] == ["集体合同必须约定期限：请填写终止日期。"]
    form = {**_contract_body(tree), "owner": tree.union_a.pk, "effective_from": "", "effective_to": ""}
    page = chair.post(_create("collective-contracts"), form).content.decode()
    assert "请填写生效日期" in page and "请填写终止日期" in page
    assert not CollectiveContract.objects.exists()


def test_contract_terms_and_dates_in_order(api: Any, tree: Any) -> None:
    cases = [
        ({"effective_to": "2028-04-21"}, "effective_to", "期限最长3年（最迟至2028-04-20）"),
        ({"effective_to": "2025-12-31"}, "effective_to", "期限至少一年"),
        ({"effective_to": "2025-01-01"}, "effective_to", "终止日期必须晚于生效日期"),
        ({"filed_on": "2025-03-01"}, "filed_on", "报送备案日期不能早于签订日期"),
        ({"approved_on": "2025-04-01"}, "approved_on", "应先经职代会审议通过再签订"),
        ({"signed_on": None}, "signed_on", "已签订的合同须填写签订日期"),
        ({"status": "terminated"}, "terminated_on", "请填写提前终止日期"),
    ]
    for change, field, message in cases:
        resp = api.post(
            "/api/v1/collective-contracts/", _contract_body(tree, **change), content_type="application/json"
        )
        assert resp.status_code == 400, change
        assert message in resp.json()["errors"][field][0], change
    assert not CollectiveContract.objects.exists()
    ok = api.post("/api/v1/collective-contracts/", _contract_body(tree), content_type="application/json")
    assert ok.status_code == 201


def test_the_proposal_list_filters_by_status_and_exports(chair: Any, tree: Any) -> None:
    c = make_congress(tree.union_a)
    make_proposal(tree.union_a, c, title="关于澡堂的提案", status="accepted")
    make_proposal(tree.union_a, c, title="关于车棚的提案", status="not_accepted", reason="不属于职代会职权")
    page = chair.get(
        reverse("records:list", kwargs={"rt": "proposals"}), {"status": "accepted"}
    ).content.decode()
    assert "关于澡堂的提案" in page and "关于车棚的提案" not in page
    csv = b"".join(
        chair.get(reverse("records:export", kwargs={"rt": "proposals"}), {"format": "csv"}).streaming_content
    ).decode("utf-8-sig")
    assert "关于车棚的提案" in csv and "不属于职代会职权" in csv
