"""Members' voice is scoped: another union's people get 404 on its online rounds; members see their own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.members.tests.factories import make_member
from gonghui.portal.tests.support import member_client
from gonghui.voice import services
from gonghui.voice.models import SurveyState
from gonghui.voice.tests.factories import make_online_survey, make_suggestion

URL_CASES = [
    "voice:survey-results",
    "voice:survey-open",
    "voice:survey-close",
    "portal:voice-surveys",
    "portal:voice-survey",
    "portal:voice-suggestions",
    "portal:voice-suggestion-new",
]


@pytest.mark.parametrize("role", [Role.CHAIR, Role.FEDERATION_ADMIN])
def test_another_trees_officers_get_404_on_a_round(role: str, tree: Any, make_user: Any, login: Any) -> None:
    survey = make_online_survey(tree.union_b)
    client = login(make_user(role, tree.union_a if role == Role.CHAIR else tree.city))
    for name in ("voice:survey-results", "voice:survey-open", "voice:survey-close"):
        url = reverse(name, kwargs={"pk": survey.pk})
        assert (client.get(url) if name.endswith("results") else client.post(url)).status_code == 404, name
    survey.refresh_from_db()
    assert survey.state == SurveyState.DRAFT


def test_a_reader_may_see_the_results_but_not_open_the_round(tree: Any, make_user: Any, login: Any) -> None:
    survey = make_online_survey(tree.union_a)
    client = login(make_user(Role.VIEWER, tree.union_a))
    assert client.get(reverse("voice:survey-results", kwargs={"pk": survey.pk})).status_code == 200
    assert client.post(reverse("voice:survey-open", kwargs={"pk": survey.pk})).status_code == 403
    survey.refresh_from_db()
    assert survey.state == SurveyState.DRAFT
    chair = login(make_user(Role.CHAIR, tree.union_a))
    chair.post(reverse("voice:survey-open", kwargs={"pk": survey.pk}))
    survey.refresh_from_db()
    assert survey.state == SurveyState.OPEN
    chair.post(reverse("voice:survey-close", kwargs={"pk": survey.pk}))
    survey.refresh_from_db()
    assert survey.state == SurveyState.CLOSED


def test_members_see_their_own_unions_rounds_and_their_own_suggestions(tree: Any) -> None:
    mine = services.open_survey(survey=make_online_survey(tree.union_a), access=None)
    theirs = services.open_survey(survey=make_online_survey(tree.union_b), access=None)
    member = make_member(tree.union_a)
    other = make_member(tree.union_b)
    make_suggestion(tree.union_b, title="乙方的建议", member=other, proposer="")
    client = member_client(member)
    listed = client.get(reverse("portal:voice-surveys")).content.decode()
    assert mine.title in listed and theirs.title not in listed
    assert client.get(reverse("portal:voice-survey", kwargs={"pk": theirs.pk})).status_code == 404
    assert "乙方的建议" not in client.get(reverse("portal:voice-suggestions")).content.decode()
    assert client.get(reverse("portal:voice-suggestion-new")).status_code == 200


def test_the_member_pages_ask_to_sign_in(tree: Any) -> None:
    survey = make_online_survey(tree.union_a)
    anonymous = Client()
    for url in (
        reverse("portal:voice-surveys"),
        reverse("portal:voice-survey", kwargs={"pk": survey.pk}),
        reverse("portal:voice-suggestions"),
        reverse("portal:voice-suggestion-new"),
    ):
        assert anonymous.get(url).status_code == 302, url
