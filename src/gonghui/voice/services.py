"""Writes of members' voice: online evaluation rounds (会员评家) and suggestions sent from the phone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import Perm
from gonghui.core.services import save_validated
from gonghui.members.models import Member, MemberStatus
from gonghui.voice.models import (
    SatisfactionSurvey,
    Suggestion,
    SuggestionChannel,
    SurveyBallot,
    SurveyOpinion,
    SurveyQuestion,
    SurveyResponse,
    SurveyState,
    Verdict,
)

# The standard questionnaire of 会员评家: one verdict on each part of the union's work, then
# the overall verdict (the one the satisfaction rate counts).
DEFAULT_QUESTIONS = [
    gettext_lazy("Building up the union organization"),
    gettext_lazy("Protecting the workers' rights and interests"),
    gettext_lazy("Openness of the enterprise's affairs and democratic management"),
    gettext_lazy("Caring for the workers' lives and helping those in difficulty"),
    gettext_lazy("Cultural and sports activities and the workers' home"),
    gettext_lazy("The conduct of the union's officers"),
]
OVERALL_QUESTION = gettext_lazy("Overall, how satisfied are you with the union's work?")

TOTALS = ["forms_issued", "forms_returned", "satisfied", "basically_satisfied", "dissatisfied"]


# ---- officers: preparing, opening and closing a round --------------------------------------
def add_default_questions(survey: SatisfactionSurvey) -> None:
    """The standard questions, for an online round that has none yet."""
    if survey.questions.exists():
        return
    rows = [
        SurveyQuestion(organization_id=survey.organization_id, survey=survey, order=i, text=str(text))
        for i, text in enumerate(DEFAULT_QUESTIONS, start=1)
    ]
    rows.append(
        SurveyQuestion(
            organization_id=survey.organization_id,
            survey=survey,
            order=len(rows) + 1,
            text=str(OVERALL_QUESTION),
            overall=True,
        )
    )
    for row in rows:
        row.save()  # one by one: each gets its history entry


def _hand_totals_refused(names: list[str]) -> ValidationError:
    message = _("The totals of an online round are counted from the members' answers.")
    return ValidationError({n: message for n in names})


def create_survey(*, actor: Any, organization: Any, data: dict[str, Any]) -> SatisfactionSurvey:
    """A new round (the create hook): an online one starts empty, with the standard questions."""
    survey = SatisfactionSurvey(organization=organization, **data)
    if survey.online:
        entered = [n for n in TOTALS if getattr(survey, n)]
        if entered:
            raise _hand_totals_refused(entered)
    save_validated(survey, actor=actor)
    if survey.online:
        add_default_questions(survey)
    return survey


def update_survey(*, actor: Any, obj: SatisfactionSurvey, data: dict[str, Any]) -> SatisfactionSurvey:
    """Save a round from the form (the update hook): an online round's totals are never set by hand."""
    stored = SatisfactionSurvey.objects.select_for_update().get(pk=obj.pk)
    if stored.online or data.get("online"):
        changed = [n for n in TOTALS if n in data and data[n] != getattr(obj, n)]
        if changed:
            raise _hand_totals_refused(changed)
        if not stored.online and any(getattr(stored, n) for n in TOTALS):
            raise ValidationError({"online": _("A round with entered totals cannot be answered online.")})
        if stored.online and stored.state != SurveyState.DRAFT and not data.get("online", True):
            raise ValidationError({"online": _("This round has been opened online; it stays online.")})
        fields = [n for n in data if n not in TOTALS]
        for name in fields:
            setattr(obj, name, data[name])
        for name in TOTALS:  # the stored totals (answers may have come in meanwhile)
            setattr(obj, name, getattr(stored, name))
        save_validated(obj, actor=actor, update_fields=fields or None)
        add_default_questions(obj)
        return obj
    for name, value in data.items():
        setattr(obj, name, value)
    save_validated(obj, actor=actor)
    return obj


def _may_edit(access: Any, survey: SatisfactionSurvey) -> None:
    if access is not None and not access.can(Perm.RECORDS_EDIT, survey.organization):
        raise PermissionDenied(_("You do not have the right to do this here."))


def active_member_count(organization_id: int) -> int:
    return Member.objects.filter(
        organization_id=organization_id, is_current=True, status=MemberStatus.ACTIVE
    ).count()


def open_survey(*, survey: SatisfactionSurvey, access: Any) -> SatisfactionSurvey:
    """Open an online round for answers: the forms issued are the union's active members now."""
    _may_edit(access, survey)
    with transaction.atomic():
        survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
        if not survey.online:
            raise ValidationError(_("Only an online round can be opened for answers."))
        if survey.state != SurveyState.DRAFT:
            raise ValidationError(_("This round has already been opened."))
        if not survey.questions.filter(overall=True).exists():
            raise ValidationError(_("Add the overall verdict question before opening the round."))
        survey._history_user = getattr(access, "user", None)  # type: ignore[attr-defined]
        survey.state = SurveyState.OPEN
        survey.opened_at = timezone.now()
        survey.forms_issued = max(active_member_count(survey.organization_id), survey.forms_returned)
        survey.save(update_fields=["state", "opened_at", "forms_issued"])
    return survey


def close_survey(*, survey: SatisfactionSurvey, access: Any) -> SatisfactionSurvey:
    """Close an open round: no more answers are taken."""
    _may_edit(access, survey)
    with transaction.atomic():
        survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
        if survey.state != SurveyState.OPEN:
            raise ValidationError(_("Only an open round can be closed."))
        survey._history_user = getattr(access, "user", None)  # type: ignore[attr-defined]
        survey.state = SurveyState.CLOSED
        survey.closed_at = timezone.now()
        survey.save(update_fields=["state", "closed_at"])
    return survey


def question_editable(question: SurveyQuestion) -> None:
    """Questions change only while their round is being prepared (a record type validator)."""
    survey = question.survey
    if survey.state != SurveyState.DRAFT:
        raise ValidationError(_("The round has been opened; its questions can no longer change."))
    if not survey.online:
        raise ValidationError({"survey": _("Questions belong to online rounds only.")})


def question_lock(question: SurveyQuestion) -> str:
    if question.survey.state != SurveyState.DRAFT:
        return _("The round has been opened; its questions can no longer change.")
    return ""


# ---- members: answering a round ----------------------------------------------------------
def person_key(survey: SatisfactionSurvey, id_number: str) -> str:
    """A keyed hash of the person's ID number for this round: the same after a transfer, unreadable."""
    return salted_hmac("gonghui.voice.ballot", f"{survey.pk}:{id_number}").hexdigest()


def has_answered(survey: SatisfactionSurvey, member: Member) -> bool:
    return SurveyBallot.objects.filter(
        survey=survey, person_key=person_key(survey, member.id_number)
    ).exists()


@dataclass(frozen=True)
class Answers:
    verdicts: dict[int, str]  # question id -> Verdict value
    opinion: str = ""


def cast_ballot(*, survey: SatisfactionSurvey, member: Member, answers: Answers) -> None:
    """Record a member's answers to an open round, anonymously, once per person.

    The ballot (who has answered) and the answers (what was answered) are written in the same
    transaction but with no link between them; the round's totals move with the overall verdict.
    Raises ValidationError (nothing written) for a closed round, a second answer or a missing verdict.
    """
    already = _("You have already taken part in this evaluation.")
    with transaction.atomic():
        locked = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
        if not locked.online or locked.state != SurveyState.OPEN:
            raise ValidationError(_("This evaluation is not open for answers."))
        if member.organization_id != locked.organization_id:
            raise ValidationError(_("This evaluation is not open for answers."))
        questions = list(locked.questions.all())
        missing = {
            f"q{q.pk}": _("Choose an answer.")
            for q in questions
            if answers.verdicts.get(q.pk) not in Verdict.values
        }
        if missing:
            raise ValidationError(missing)
        key = person_key(locked, member.id_number)
        if SurveyBallot.objects.filter(survey=locked, person_key=key).exists():
            raise ValidationError(already)
        try:
            with transaction.atomic():
                SurveyBallot.objects.create(
                    organization_id=locked.organization_id,
                    survey=locked,
                    person_key=key,
                    answered_on=timezone.localdate(),
                )
        except IntegrityError as exc:
            raise ValidationError(already) from exc
        SurveyResponse.objects.bulk_create(
            SurveyResponse(
                organization_id=locked.organization_id,
                survey=locked,
                question=q,
                verdict=answers.verdicts[q.pk],
            )
            for q in questions
        )
        opinion = (answers.opinion or "").strip()
        if opinion:
            SurveyOpinion.objects.create(organization_id=locked.organization_id, survey=locked, text=opinion)
        overall = next((q for q in questions if q.overall), None)
        if overall is not None:
            verdict = answers.verdicts[overall.pk]
            # A queryset update: the totals move without a history entry that would date the answer.
            SatisfactionSurvey.objects.filter(pk=locked.pk).update(
                forms_returned=F("forms_returned") + 1,
                forms_issued=Greatest(F("forms_issued"), F("forms_returned") + 1),
                **{verdict: F(verdict) + 1},
            )


# ---- suggestions from the phone -----------------------------------------------------------
def submit_suggestion(*, account: Any, member: Member, title: str, content: str) -> Suggestion:
    """A member's suggestion sent from the member pages: channel online, the member as proposer."""
    suggestion = Suggestion(
        organization_id=member.organization_id,
        title=(title or "").strip(),
        content=(content or "").strip(),
        proposer=member.name,
        member=member,
        account=account,
        channel=SuggestionChannel.ONLINE,
        submitted_on=timezone.localdate(),
    )
    with transaction.atomic():
        save_validated(suggestion, actor=account.user)
    return suggestion


def _stamp_reply(suggestion: Suggestion, previous: str) -> None:
    if suggestion.reply.strip() != previous.strip():
        suggestion.replied_at = timezone.now() if suggestion.reply.strip() else None


def create_suggestion(*, actor: Any, organization: Any, data: dict[str, Any]) -> Suggestion:
    suggestion = Suggestion(organization=organization, **data)
    _stamp_reply(suggestion, "")
    save_validated(suggestion, actor=actor)
    return suggestion


def update_suggestion(*, actor: Any, obj: Suggestion, data: dict[str, Any]) -> Suggestion:
    """Save a suggestion from the form; a new or changed reply is dated."""
    previous = Suggestion.objects.filter(pk=obj.pk).values_list("reply", flat=True).first() or ""
    for name, value in data.items():
        setattr(obj, name, value)
    _stamp_reply(obj, previous)
    save_validated(obj, actor=actor)
    return obj
