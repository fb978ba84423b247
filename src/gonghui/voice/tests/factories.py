"""Valid voice records inside a given union, for the scoping tests and this app's tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gonghui.orgs.models import Organization
from gonghui.voice.models import Activist, ActivistArea, SatisfactionSurvey, Suggestion, SurveyQuestion
from gonghui.voice.services import add_default_questions


def make_suggestion(union: Organization, **kw: Any) -> Suggestion:
    kw.setdefault("title", f"{union.name}节能改造建议")
    kw.setdefault("proposer", "李四")
    kw.setdefault("submitted_on", dt.date(2025, 6, 1))
    kw.setdefault("content", "更换高耗能水泵。")
    return Suggestion.objects.create(organization=union, **kw)


def make_activist(union: Organization, **kw: Any) -> Activist:
    kw.setdefault("name", f"{union.name}积极分子")
    kw.setdefault("year", 2025)
    kw.setdefault("area", ActivistArea.CULTURE_SPORTS)
    return Activist.objects.create(organization=union, **kw)


def make_survey(union: Organization, **kw: Any) -> SatisfactionSurvey:
    kw.setdefault("title", f"{union.name}2025年会员评家")
    kw.setdefault("held_on", dt.date(2025, 11, 20))
    kw.setdefault("forms_issued", 100)
    kw.setdefault("forms_returned", 90)
    kw.setdefault("satisfied", 70)
    kw.setdefault("basically_satisfied", 15)
    kw.setdefault("dissatisfied", kw["forms_returned"] - kw["satisfied"] - kw["basically_satisfied"])
    return SatisfactionSurvey.objects.create(organization=union, **kw)


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {
    "suggestions": make_suggestion,
    "activists": make_activist,
    "satisfaction-surveys": make_survey,
}


def make_online_survey(union: Organization, **kw: Any) -> SatisfactionSurvey:
    """An online round of ``union`` with the standard questions, still being prepared."""
    kw.setdefault("title", f"{union.name}网上会员评家")
    kw.setdefault("held_on", dt.date(2025, 11, 20))
    survey = SatisfactionSurvey.objects.create(organization=union, online=True, **kw)
    add_default_questions(survey)
    return survey


def make_question(union: Organization, **kw: Any) -> SurveyQuestion:
    survey = kw.pop("survey", None) or make_online_survey(union)
    kw.setdefault("order", 99)
    kw.setdefault("text", f"对{union.name}网站的满意度")  # its own text: the scoping tests look for it
    return SurveyQuestion.objects.create(organization=union, survey=survey, **kw)


RECORD_FACTORIES["survey-questions"] = make_question
