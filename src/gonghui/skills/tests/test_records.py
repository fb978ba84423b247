"""Competitions, awards, training and learning incentives: what is refused, what is kept."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.skills.models import Competition, CompetitionAward, LearningIncentive, Training
from gonghui.skills.tests.factories import make_competition, make_training

COMPETITION = {"name": "电焊技能比赛", "kind": "contest", "level": "unit", "started_on": "2025-09-23"}


def test_competition_ending_before_it_starts_is_refused(post_record: Any) -> None:
    resp = post_record("competitions", {**COMPETITION, "ended_on": "2025-09-01"})
    assert resp.status_code == 400
    assert "结束日期不能早于开始日期" in resp.content.decode()
    assert not Competition.objects.exists()


def test_participant_count_is_filled_from_the_members_listed(
    post_record: Any, tree: Any, make_member: Any
) -> None:
    people = [make_member(tree.union_a), make_member(tree.union_a)]
    resp = post_record("competitions", {**COMPETITION, "participants": [m.pk for m in people]})
    assert resp.status_code == 302
    c = Competition.objects.get()
    assert c.participant_count == 2 and set(c.participants.all()) == set(people)


def test_participant_count_below_the_members_listed_is_refused(
    post_record: Any, tree: Any, make_member: Any
) -> None:
    people = [make_member(tree.union_a), make_member(tree.union_a)]
    resp = post_record(
        "competitions", {**COMPETITION, "participants": [m.pk for m in people], "participant_count": 1}
    )
    assert resp.status_code == 400
    assert "少于所列的 2 人" in resp.content.decode()
    assert not Competition.objects.exists()


def test_the_form_offers_only_the_unions_own_members(
    tree: Any, make_user: Any, login: Any, make_member: Any
) -> None:
    mine, theirs = make_member(tree.union_a, "甲会员"), make_member(tree.union_c, "丙会员")
    client = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    page = client.get(
        reverse("records:create", kwargs={"rt": "competitions"}), {"org": tree.union_a.pk}
    ).content.decode()
    assert "甲会员" not in page and "丙会员" not in page  # the picker lists nobody until searched
    for name, expected in (("甲会员", [mine.pk]), ("丙会员", [])):
        found = client.get(reverse("members:pick"), {"q": name, "org": tree.union_a.pk}).json()["results"]
        assert [r["id"] for r in found] == expected
    # Posted anyway: refused, nothing written.
    resp = client.post(
        reverse("records:create", kwargs={"rt": "competitions"}),
        {"owner": tree.union_a.pk, **COMPETITION, "participants": [mine.pk, theirs.pk]},
    )
    assert resp.status_code == 400 and not Competition.objects.exists()


def test_a_participant_of_another_union_is_refused_through_the_api(
    api: Any, tree: Any, make_member: Any
) -> None:
    client = api(tree.city, Role.FEDERATION_ADMIN)
    mine, theirs = make_member(tree.union_a), make_member(tree.union_c, "丙厂会员")
    resp = client.post(
        "/api/v1/competitions/",
        {"organization": tree.union_a.pk, **COMPETITION, "participants": [mine.pk, theirs.pk]},
        content_type="application/json",
    )
    assert resp.status_code == 400
    assert resp.json()["errors"]["participants"] == ["丙厂会员 属于丙厂工会，不属于本工会。"]
    assert not Competition.objects.exists()


def test_api_keeps_participants_when_another_field_changes(api: Any, tree: Any, make_member: Any) -> None:
    client = api()
    people = [make_member(tree.union_a), make_member(tree.union_a)]
    created = client.post(
        "/api/v1/competitions/",
        {"organization": tree.union_a.pk, **COMPETITION, "participants": [m.pk for m in people]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert sorted(body["participants"]) == sorted(m.pk for m in people) and body["participant_count"] == 2
    resp = client.patch(
        f"/api/v1/competitions/{body['id']}", {"results": "一等奖1名"}, content_type="application/json"
    )
    assert resp.status_code == 200, resp.content
    c = Competition.objects.get()
    assert c.results == "一等奖1名" and c.participants.count() == 2


def test_an_award_names_its_winner_from_the_member(
    tree: Any, make_user: Any, login: Any, make_member: Any
) -> None:
    competition = make_competition(tree.union_a)
    winner = make_member(tree.union_a, "李焊工")
    client = login(make_user(Role.CHAIR, tree.union_a))
    url = reverse("records:create", kwargs={"rt": "competition-awards"})
    resp = client.post(
        f"{url}?competition={competition.pk}",
        {"owner": tree.union_a.pk, "competition": competition.pk, "award": "一等奖", "member": winner.pk},
    )
    assert resp.status_code == 302
    assert CompetitionAward.objects.get().winner == "李焊工"
    page = client.get(
        reverse("records:detail", kwargs={"rt": "competitions", "pk": competition.pk})
    ).content.decode()
    assert "李焊工" in page and "一等奖" in page


def test_an_award_needs_a_winner(post_record: Any, tree: Any) -> None:
    competition = make_competition(tree.union_a)
    resp = post_record("competition-awards", {"competition": competition.pk, "award": "一等奖"})
    assert resp.status_code == 400
    assert "请填写获奖者或选择会员" in resp.content.decode()
    assert not CompetitionAward.objects.exists()


def test_training_ending_before_it_starts_is_refused(post_record: Any) -> None:
    resp = post_record(
        "training",
        {
            "course": "工会小组长培训",
            "audience": "group_leaders",
            "started_on": "2025-03-26",
            "ended_on": "2025-03-20",
        },
    )
    assert resp.status_code == 400
    assert "结束日期不能早于开始日期" in resp.content.decode()
    assert not Training.objects.exists()


def test_training_attendees_of_another_union_are_refused(api: Any, tree: Any, make_member: Any) -> None:
    training = make_training(tree.union_a)
    outsider = make_member(tree.union_c, "丙厂学员")
    resp = api(tree.city, Role.FEDERATION_ADMIN).patch(
        f"/api/v1/training/{training.pk}", {"attendees": [outsider.pk]}, content_type="application/json"
    )
    assert resp.status_code == 400 and "丙厂学员 属于丙厂工会" in resp.json()["detail"]
    assert training.attendees.count() == 0


INCENTIVE = {"name": "赵工", "degree": "bachelor", "awarded_on": "2025-09-16", "amount": "2000.00"}


def test_shares_that_do_not_add_up_to_the_amount_are_refused(post_record: Any) -> None:
    resp = post_record(
        "learning-incentives", {**INCENTIVE, "union_share": "1000.00", "employer_share": "500.00"}
    )
    assert resp.status_code == 400
    assert (
        "工会承担部分（1000.00）与单位承担部分（500.00）之和须等于奖励金额（2000.00）"
        in resp.content.decode()
    )
    assert not LearningIncentive.objects.exists()


def test_shares_are_refused_through_the_api_too(api: Any, tree: Any) -> None:
    resp = api().post(
        "/api/v1/learning-incentives/",
        {"organization": tree.union_a.pk, **INCENTIVE, "union_share": "1500.00", "employer_share": "1500.00"},
        content_type="application/json",
    )
    assert resp.status_code == 400 and "amount" in resp.json()["errors"]
    assert not LearningIncentive.objects.exists()


def test_bonus_paid_before_the_degree_is_refused(post_record: Any) -> None:
    resp = post_record(
        "learning-incentives",
        {**INCENTIVE, "obtained_on": "2025-10-01", "union_share": "1000.00", "employer_share": "1000.00"},
    )
    assert resp.status_code == 400
    assert "奖励发放日期不能早于取得学历学位的日期" in resp.content.decode()
    assert not LearningIncentive.objects.exists()


def test_a_valid_incentive_is_kept_with_its_shares(post_record: Any) -> None:
    resp = post_record(
        "learning-incentives", {**INCENTIVE, "union_share": "800.00", "employer_share": "1200.00"}
    )
    assert resp.status_code == 302
    li = LearningIncentive.objects.get()
    assert (li.union_share, li.employer_share, li.amount) == (
        Decimal("800.00"),
        Decimal("1200.00"),
        Decimal("2000.00"),
    )


def test_member_choices_follow_the_user_not_whoever_built_the_form_first(
    api: Any, tree: Any, make_user: Any, login: Any, make_member: Any
) -> None:
    # Union A's chair opens the form first (the form class is built inside A's scope) ...
    login(make_user(Role.CHAIR, tree.union_a)).get(reverse("records:create", kwargs={"rt": "competitions"}))
    # ... then union B's chair enters a competition with B's own member.
    theirs = make_member(tree.union_b, "乙乡会员")
    resp = api(tree.union_b).post(
        "/api/v1/competitions/",
        {"organization": tree.union_b.pk, **COMPETITION, "participants": [theirs.pk]},
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    assert list(Competition.objects.get().participants.all()) == [theirs]
