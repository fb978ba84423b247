"""Suggestions, activists and members' evaluations: bad input refused, nothing written."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.voice.models import Activist, SatisfactionSurvey, Suggestion
from gonghui.voice.tests.factories import make_activist, make_survey

SURVEY = {"title": "2025年会员评家", "held_on": "2025-11-20", "forms_issued": 100}


def test_more_forms_returned_than_issued_is_refused(post_record: Any) -> None:
    resp = post_record(
        "satisfaction-surveys",
        {**SURVEY, "forms_returned": 120, "satisfied": 100, "basically_satisfied": 15, "dissatisfied": 5},
    )
    assert resp.status_code == 400
    assert "收回 120 份，但只发放了 100 份" in resp.content.decode()
    assert not SatisfactionSurvey.objects.exists()


def test_verdicts_that_do_not_add_up_to_the_forms_returned_are_refused(post_record: Any) -> None:
    resp = post_record(
        "satisfaction-surveys",
        {**SURVEY, "forms_returned": 90, "satisfied": 70, "basically_satisfied": 15, "dissatisfied": 10},
    )
    assert resp.status_code == 400
    assert "满意、基本满意、不满意合计 95 份，与收回的 90 份不符" in resp.content.decode()
    assert not SatisfactionSurvey.objects.exists()


def test_inconsistent_totals_are_refused_through_the_api(api: Any, tree: Any) -> None:
    resp = api().post(
        "/api/v1/satisfaction-surveys/",
        {
            "organization": tree.union_a.pk,
            **SURVEY,
            "forms_returned": 90,
            "satisfied": 80,
            "basically_satisfied": 5,
            "dissatisfied": 1,
        },
        content_type="application/json",
    )
    assert resp.status_code == 400 and "dissatisfied" in resp.json()["errors"]
    assert not SatisfactionSurvey.objects.exists()


def test_a_round_shows_its_satisfaction_rate(tree: Any, make_user: Any, login: Any) -> None:
    survey = make_survey(tree.union_a, forms_returned=90, satisfied=70, basically_satisfied=15)
    client = login(make_user("chair", tree.union_a))
    page = client.get(reverse("records:detail", kwargs={"rt": "satisfaction-surveys", "pk": survey.pk}))
    assert "94.44%" in page.content.decode()
    listing = client.get(reverse("records:list", kwargs={"rt": "satisfaction-surveys"}))
    assert "94.44%" in listing.content.decode()


def test_an_implemented_suggestion_must_have_been_adopted(post_record: Any) -> None:
    data = {
        "title": "节能改造",
        "proposer": "李四",
        "submitted_on": "2025-06-01",
        "content": "更换水泵",
        "reward": "0",
    }
    resp = post_record("suggestions", {**data, "implemented": "on"})
    assert resp.status_code == 400
    assert "只有已采纳的建议才能实施" in resp.content.decode()
    assert not Suggestion.objects.exists()
    resp = post_record("suggestions", {**data, "adopted": "on", "implemented": "on", "reward": "200.00"})
    assert resp.status_code == 302 and Suggestion.objects.get().implemented


def test_a_suggestion_names_its_proposer(post_record: Any, tree: Any, make_member: Any) -> None:
    data = {"title": "节能改造", "submitted_on": "2025-06-01", "content": "更换水泵", "reward": "0"}
    resp = post_record("suggestions", data)
    assert resp.status_code == 400 and "请填写建议人或选择会员" in resp.content.decode()
    member = make_member(tree.union_a, "周建议")
    assert post_record("suggestions", {**data, "member": member.pk}).status_code == 302
    assert Suggestion.objects.get().proposer == "周建议"


def test_a_member_is_on_a_years_roster_once(post_record: Any, tree: Any, make_member: Any) -> None:
    member = make_member(tree.union_a, "吴积极")
    make_activist(tree.union_a, member=member, name="吴积极")
    resp = post_record("activists", {"year": 2025, "member": member.pk, "area": "publicity"})
    assert resp.status_code == 400
    assert "该会员已在当年的积极分子名册中" in resp.content.decode()
    assert Activist.objects.count() == 1
    assert (
        post_record("activists", {"year": 2024, "member": member.pk, "area": "publicity"}).status_code == 302
    )


def test_a_suggestion_keeps_its_channel_and_the_list_filters_by_it(
    post_record: Any, api: Any, tree: Any, make_user: Any, login: Any
) -> None:
    base = {
        "title": "改进食堂排队",
        "proposer": "张三",
        "submitted_on": "2025-05-06",
        "content": "增设窗口",
        "reward": "0",
    }
    assert post_record("suggestions", {**base, "channel": "box"}).status_code == 302
    resp = api().post(
        "/api/v1/suggestions/",
        {"organization": tree.union_a.pk, **base, "title": "网上提的建议", "channel": "online"},
        content_type="application/json",
    )
    assert resp.status_code == 201 and resp.json()["channel"] == "online"
    bad = api().post(
        "/api/v1/suggestions/",
        {"organization": tree.union_a.pk, **base, "channel": "pigeon"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "channel" in bad.json()["errors"]
    assert set(Suggestion.objects.values_list("channel", flat=True)) == {"box", "online"}
    chair = login(make_user("chair", tree.union_a))
    page = chair.get(
        reverse("records:list", kwargs={"rt": "suggestions"}), {"channel": "box"}
    ).content.decode()
    assert "改进食堂排队" in page and "网上提的建议" not in page and "意见箱/信箱" in page
