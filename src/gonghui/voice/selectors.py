"""Reads of members' voice chosen by person: a member's rounds and suggestions, a round's results."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from gonghui.members.models import Member
from gonghui.voice.models import (
    SatisfactionSurvey,
    Suggestion,
    SurveyBallot,
    SurveyOpinion,
    SurveyResponse,
    SurveyState,
    Verdict,
)
from gonghui.voice.services import person_key


def open_rounds_for(member: Member) -> list[tuple[SatisfactionSurvey, bool]]:
    """The open online rounds of the member's union, each with whether the member has answered it."""
    rounds = list(
        SatisfactionSurvey.objects.filter(
            organization_id=member.organization_id, online=True, state=SurveyState.OPEN
        ).order_by("-opened_at", "-pk")
    )
    keys = {person_key(r, member.id_number): r.pk for r in rounds}
    answered = set(
        SurveyBallot.objects.filter(survey__in=rounds, person_key__in=list(keys)).values_list(
            "survey_id", flat=True
        )
    )
    return [(r, r.pk in answered) for r in rounds]


def round_for(member: Member, pk: int) -> SatisfactionSurvey | None:
    """An online round of the member's own union that members may see (open or closed), else None."""
    return SatisfactionSurvey.objects.filter(
        organization_id=member.organization_id,
        online=True,
        pk=pk,
        state__in=[SurveyState.OPEN, SurveyState.CLOSED],
    ).first()


def own_suggestions(member: Member, account: object) -> QuerySet:
    """The member's own suggestions (by their roster record or the account that sent them)."""
    return Suggestion.objects.filter(
        Q(member=member) | Q(account=account), organization_id=member.organization_id
    ).order_by("-submitted_on", "-pk")


@dataclass
class QuestionTotals:
    text: str
    overall: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def round_results(survey: SatisfactionSurvey) -> tuple[list[QuestionTotals], list[str], int]:
    """Per-question totals, the opinions (in no particular order) and the number of ballots: never who."""
    counts = (
        SurveyResponse.objects.filter(survey=survey)
        .values("question_id", "verdict")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_question: dict[int, dict[str, int]] = {}
    for row in counts:
        by_question.setdefault(row["question_id"], {})[row["verdict"]] = row["n"]
    out = [
        QuestionTotals(q.text, q.overall, {v: by_question.get(q.pk, {}).get(v, 0) for v in Verdict.values})
        for q in survey.questions.all()
    ]
    opinions = list(
        SurveyOpinion.objects.filter(survey=survey).order_by("text").values_list("text", flat=True)
    )
    return out, opinions, SurveyBallot.objects.filter(survey=survey).count()
