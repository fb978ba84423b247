"""会员评家 online: a member answers once, anonymously; the round's totals and the metric move."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.metrics import Period, compute
from gonghui.core.scope import unscoped
from gonghui.members.tests.factories import make_member
from gonghui.orgs.models import Organization
from gonghui.portal.tests.support import member_client
from gonghui.voice import services
from gonghui.voice.models import (
    SatisfactionSurvey,
    SurveyBallot,
    SurveyOpinion,
    SurveyResponse,
    SurveyState,
)
from gonghui.voice.tests.factories import make_online_survey

YEAR = Period.year(2025)


def _open(survey: SatisfactionSurvey) -> SatisfactionSurvey:
    return services.open_survey(survey=survey, access=None)


def _answers(survey: SatisfactionSurvey, overall: str = "satisfied", opinion: str = "") -> dict[str, str]:
    data = {f"q{q.pk}": ("basically_satisfied" if not q.overall else overall) for q in survey.questions.all()}
    data["opinion"] = opinion
    return data


def _rate(union: Organization) -> Any:
    return compute(Organization.objects.filter(pk=union.pk), YEAR, ["satisfaction_rate"])[
        "satisfaction_rate"
    ][union.pk]


def _written() -> tuple[int, int, int]:
    with unscoped("the test counts every union's rows"):
        return SurveyBallot.objects.count(), SurveyResponse.objects.count(), SurveyOpinion.objects.count()


def test_an_online_round_gets_the_standard_questions_and_opens_with_the_members(tree: Any) -> None:
    for _ in range(3):
        make_member(tree.union_a)
    survey = make_online_survey(tree.union_a)
    texts = list(survey.questions.values_list("overall", flat=True))
    assert len(texts) == 7 and texts.count(True) == 1
    survey = _open(survey)
    assert survey.state == SurveyState.OPEN and survey.forms_issued == 3


def test_answers_move_the_satisfaction_rate_and_a_second_answer_is_refused(tree: Any) -> None:
    one, two = make_member(tree.union_a), make_member(tree.union_a)
    survey = _open(make_online_survey(tree.union_a))
    assert _rate(tree.union_a) is None
    url = reverse("portal:voice-survey", kwargs={"pk": survey.pk})
    page = member_client(one).post(url, _answers(survey, "satisfied", "食堂要改进"))
    assert page.status_code == 302
    assert _rate(tree.union_a) == 100
    member_client(two).post(url, _answers(survey, "dissatisfied"))
    survey.refresh_from_db()
    assert (survey.forms_returned, survey.satisfied, survey.dissatisfied) == (2, 1, 1)
    assert _rate(tree.union_a) == 50
    before = _written()
    again = member_client(one).post(url, _answers(survey, "dissatisfied"))
    assert again.status_code == 400 and "您已参加过本次评议" in again.content.decode()
    survey.refresh_from_db()
    assert _written() == before and survey.forms_returned == 2 and survey.dissatisfied == 1


def test_the_service_itself_refuses_a_second_ballot_and_writes_nothing(tree: Any) -> None:
    member = make_member(tree.union_a)
    survey = _open(make_online_survey(tree.union_a))
    answers = services.Answers({q.pk: "satisfied" for q in survey.questions.all()})
    services.cast_ballot(survey=survey, member=member, answers=answers)
    before = _written()
    try:
        services.cast_ballot(survey=survey, member=member, answers=answers)
    except Exception as exc:
        assert "您已参加过本次评议" in " ".join(exc.messages)  # type: ignore[attr-defined]
    else:
        raise AssertionError("a second ballot was taken")
    assert _written() == before


def test_every_question_but_the_opinion_must_be_answered_all_errors_at_once(tree: Any) -> None:
    member = make_member(tree.union_a)
    survey = _open(make_online_survey(tree.union_a))
    page = member_client(member).post(reverse("portal:voice-survey", kwargs={"pk": survey.pk}), {})
    assert page.status_code == 400
    assert page.content.decode().count("请选择一项") == 7
    assert _written() == (0, 0, 0)


def test_a_member_of_another_union_gets_404_on_the_round(tree: Any) -> None:
    survey = _open(make_online_survey(tree.union_a))
    outsider = member_client(make_member(tree.union_b))
    url = reverse("portal:voice-survey", kwargs={"pk": survey.pk})
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, _answers(survey)).status_code == 404
    assert survey.title not in outsider.get(reverse("portal:voice-surveys")).content.decode()
    assert _written() == (0, 0, 0)


def test_a_closed_round_refuses_answers(tree: Any) -> None:
    member = make_member(tree.union_a)
    survey = services.close_survey(survey=_open(make_online_survey(tree.union_a)), access=None)
    page = member_client(member).post(
        reverse("portal:voice-survey", kwargs={"pk": survey.pk}), _answers(survey)
    )
    assert page.status_code == 400 and "本次评议已结束" in page.content.decode()
    assert _written() == (0, 0, 0)


def test_a_round_being_prepared_is_not_shown_to_members(tree: Any) -> None:
    survey = make_online_survey(tree.union_a)
    client = member_client(make_member(tree.union_a))
    assert client.get(reverse("portal:voice-survey", kwargs={"pk": survey.pk})).status_code == 404


def test_the_officers_results_show_totals_and_opinions_never_who(
    tree: Any, make_user: Any, login: Any
) -> None:
    member = make_member(tree.union_a)
    survey = _open(make_online_survey(tree.union_a))
    member_client(member).post(
        reverse("portal:voice-survey", kwargs={"pk": survey.pk}), _answers(survey, opinion="希望多组织活动")
    )
    body = (
        login(make_user(Role.CHAIR, tree.union_a))
        .get(reverse("voice:survey-results", kwargs={"pk": survey.pk}))
        .content.decode()
    )
    assert "希望多组织活动" in body and survey.questions.first().text in body
    assert member.name not in body and member.id_number not in body and member.mobile not in body


def test_officers_cannot_type_in_an_online_rounds_totals(tree: Any, make_user: Any, login: Any) -> None:
    survey = _open(make_online_survey(tree.union_a))
    client = login(make_user(Role.CHAIR, tree.union_a))
    url = reverse("records:update", kwargs={"rt": "satisfaction-surveys", "pk": survey.pk})
    data = {
        "title": survey.title,
        "held_on": "2025-11-20",
        "online": "on",
        "forms_issued": 50,
        "forms_returned": 40,
        "satisfied": 40,
        "basically_satisfied": 0,
        "dissatisfied": 0,
    }
    client.post(url, data)
    survey.refresh_from_db()
    assert survey.forms_returned == 0 and survey.satisfied == 0  # the disabled fields keep the counts
    obj = SatisfactionSurvey.objects.get(pk=survey.pk)
    try:
        services.update_survey(actor=None, obj=obj, data={"satisfied": 5})
    except Exception as exc:
        assert "由会员的回答统计" in " ".join(exc.messages)  # type: ignore[attr-defined]
    else:
        raise AssertionError("the totals were typed in")


def test_an_offline_round_keeps_its_entered_totals(tree: Any) -> None:
    survey = SatisfactionSurvey.objects.create(
        organization=tree.union_a,
        title="纸质评议",
        held_on=dt.date(2025, 6, 1),
        forms_issued=10,
        forms_returned=10,
        satisfied=8,
        basically_satisfied=0,
        dissatisfied=2,
    )
    services.update_survey(actor=None, obj=survey, data={"satisfied": 9, "dissatisfied": 1})
    survey.refresh_from_db()
    assert survey.satisfied == 9 and _rate(tree.union_a) == 90


def test_no_column_of_the_answers_refers_to_the_ballot_or_the_person() -> None:
    for model in (SurveyResponse, SurveyOpinion):
        names = {f.name for f in model._meta.get_fields()}
        assert names <= {"id", "organization", "survey", "question", "verdict", "text"}, names
        related = {f.related_model for f in model._meta.get_fields() if isinstance(f, models.ForeignKey)}
        assert SurveyBallot not in related
        assert not any(
            r._meta.label in {"members.Member", "portal.MemberAccount", "auth.User"} for r in related
        )
        assert not any(
            isinstance(f, models.DateTimeField | models.DateField) for f in model._meta.get_fields()
        )
        assert isinstance(model._meta.pk, models.UUIDField)  # no insertion order to line up with ballots
    assert not hasattr(SurveyResponse, "history") and not hasattr(SurveyBallot, "history")
    ballot_fields = {f.name for f in SurveyBallot._meta.get_fields()}
    assert ballot_fields == {"id", "organization", "survey", "person_key", "answered_on"}
