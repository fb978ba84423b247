"""The assessment workflow and the people's item scores.

not started → self-assessing → submitted → under review → accepted, with "returned" (to
the union, with reasons) from submitted or under review. The union's officers
(``assessment.self``) self-assess and submit; an inspector (``assessment.review``) who is
assigned to the union reviews, returns or accepts. Every save is recorded by
simple-history with its author; an item saved by someone else since the editor loaded it
is refused (optimistic version check), never silently overwritten.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Perm
from gonghui.assessment import selectors
from gonghui.assessment.models import (
    REVIEW_EDITABLE,
    SELF_EDITABLE,
    Assessment,
    Criterion,
    CriterionKind,
    ItemScore,
    Status,
)
from gonghui.assessment.scoring import compile_standard, unjudged
from gonghui.assessment.services.scores import overrides_of, refresh_totals, score_assessments
from gonghui.core.attachments import attachment_add, attachment_delete
from gonghui.core.errors import DomainError
from gonghui.core.records import RecordType

SELF, REVIEW = "self", "review"


class ConflictError(DomainError):
    """Someone else saved the same item after the editor loaded it."""


def _locked(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.unscoped("an assessment is locked before its checks")
        .select_for_update(of=("self",))
        .select_related("campaign__standard", "organization")
        .get(pk=assessment.pk)
    )


def require_self(access: Any, assessment: Assessment) -> None:
    if not selectors.can_self_assess(access, assessment):
        raise PermissionDenied(_("Only the union's own officers self-assess."))


def require_review(access: Any, assessment: Assessment) -> None:
    if not access.can(Perm.ASSESS_REVIEW, assessment.organization):
        raise PermissionDenied(_("Only an inspector may review an assessment."))
    if not selectors.is_assigned(access, assessment):
        raise PermissionDenied(_("You are not assigned to review this union."))


def _status_error(assessment: Assessment, action: str) -> DomainError:
    return DomainError(
        _("%(action)s is not possible: the assessment is %(status)s.")
        % {"action": action, "status": assessment.get_status_display()}
    )


def _save_status(assessment: Assessment, actor: Any, status: str, **fields: Any) -> None:
    assessment.status = status
    for k, v in fields.items():
        setattr(assessment, k, v)
    assessment._history_user = actor  # type: ignore[attr-defined]
    assessment.save(update_fields=["status", *fields])


@transaction.atomic
def assessment_start(*, access: Any, assessment: Assessment) -> Assessment:
    a = _locked(assessment)
    require_self(access, a)
    if a.status != Status.NOT_STARTED:
        raise _status_error(a, _("Starting the self-assessment"))
    _save_status(a, access.user, Status.SELF_ASSESSING)
    score_assessments(
        Assessment.objects.unscoped("the assessment the caller holds, checked by require_self").filter(
            pk=a.pk
        )
    )
    a.refresh_from_db()
    return a


@transaction.atomic
def assessment_submit(*, access: Any, assessment: Assessment) -> Assessment:
    """The union hands in its self-assessment: scores are taken from the records one last time."""
    a = _locked(assessment)
    require_self(access, a)
    if a.status not in SELF_EDITABLE:
        raise _status_error(a, _("Submitting"))
    score_assessments(
        Assessment.objects.unscoped("the assessment the caller holds, checked by require_self").filter(
            pk=a.pk
        )
    )
    a.refresh_from_db()
    _save_status(a, access.user, Status.SUBMITTED, submitted_at=timezone.now())
    return refresh_totals(a)


@transaction.atomic
def assessment_begin_review(*, access: Any, assessment: Assessment) -> Assessment:
    a = _locked(assessment)
    require_review(access, a)
    if a.status != Status.SUBMITTED:
        raise _status_error(a, _("Starting the review"))
    _save_status(a, access.user, Status.UNDER_REVIEW)
    return refresh_totals(a)


@transaction.atomic
def assessment_return(*, access: Any, assessment: Assessment, reason: str) -> Assessment:
    a = _locked(assessment)
    require_review(access, a)
    if a.status not in REVIEW_EDITABLE:
        raise _status_error(a, _("Returning"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": _("Say why the assessment goes back to the union.")})
    _save_status(a, access.user, Status.RETURNED, return_reason=reason[:5000])
    return refresh_totals(a)


# Who writes which opinion on the application (验收申请): the union's party organization and
# administration while the union may still change its self-assessment, the higher union's
# through the inspector reviewing it.
SELF_OPINIONS = ["party_opinion", "administration_opinion"]
REVIEW_OPINIONS = ["higher_union_opinion"]
OPINION_MAX = 5000


def opinion_fields(access: Any, a: Assessment) -> list[str]:
    """The opinions ``access`` may write on ``a`` now (none: the card only shows them)."""
    fields = []
    if a.status in SELF_EDITABLE and selectors.can_self_assess(access, a):
        fields += SELF_OPINIONS
    if a.status in REVIEW_EDITABLE and selectors.can_review(access, a):
        fields += REVIEW_OPINIONS
    return fields


@transaction.atomic
def assessment_opinions_save(*, access: Any, assessment: Assessment, data: dict[str, str]) -> Assessment:
    """Write the opinions ``access`` may write now from ``data``; any other field is ignored."""
    a = _locked(assessment)
    allowed = opinion_fields(access, a)
    if not allowed:
        raise PermissionDenied(_("The opinions cannot be written at this stage of the assessment."))
    changed = []
    for name in allowed:
        text = (data.get(name) or "").strip()
        if len(text) > OPINION_MAX:
            raise DomainError({name: _("Keep an opinion under %(n)s characters.") % {"n": OPINION_MAX}})
        if name in data and text != getattr(a, name):
            setattr(a, name, text)
            changed.append(name)
    if changed:
        a._history_user = access.user  # type: ignore[attr-defined]
        a.save(update_fields=changed)
    return a


@transaction.atomic
def assessment_accept(*, access: Any, assessment: Assessment) -> Assessment:
    """Acceptance (验收): the inspector's column becomes the final score and grade, frozen."""
    a = _locked(assessment)
    require_review(access, a)
    if a.status not in REVIEW_EDITABLE:
        raise _status_error(a, _("Accepting"))
    waiting = unjudged_items(a)
    if waiting:
        raise DomainError(
            _("Judge these items before acceptance: %(items)s.")
            % {"items": "；".join(f"{c.code} {c.title}" for c in waiting[:10])}
        )
    _save_status(a, access.user, Status.ACCEPTED, accepted_at=timezone.now(), accepted_by=access.user)
    return refresh_totals(a)


def unjudged_items(a: Assessment) -> list[Criterion]:
    """Vetoes and mandatory items left to people that nobody has judged yet."""
    codes = unjudged(compile_standard(a.campaign.standard), a.computed or {}, overrides_of(a))
    if not codes:
        return []
    return list(
        Criterion.objects.filter(standard_id=a.campaign.standard_id, code__in=codes).order_by("position")
    )


ACTIONS = {
    "start": assessment_start,
    "submit": assessment_submit,
    "review": assessment_begin_review,
    "accept": assessment_accept,
}


def assessment_act(*, access: Any, assessment: Assessment, action: str, reason: str = "") -> Assessment:
    if action == "return":
        return assessment_return(access=access, assessment=assessment, reason=reason)
    if action not in ACTIONS:
        raise DomainError(_("Unknown action %(action)s.") % {"action": action})
    return ACTIONS[action](access=access, assessment=assessment)


# ---- item scores -------------------------------------------------------------
def item_row_for_edit(a: Assessment, criterion: Criterion, version: int) -> ItemScore:
    """The item's row, locked, if no one saved it since the editor loaded ``version``; a new
    unsaved row for an item nobody touched yet. Raises ConflictError naming who saved first."""
    row = (
        ItemScore.objects.unscoped("the item row of an assessment already checked")
        .select_for_update(of=("self",))
        .select_related("criterion", "updated_by")
        .filter(assessment=a, criterion=criterion)
        .first()
    )
    if (row.version if row is not None else 0) != version:
        raise _conflict(row) if row is not None else ConflictError(_("The item changed; reload the page."))
    if row is None:
        row = ItemScore(organization=a.organization, assessment=a, criterion=criterion)
    return row


def item_row_save(row: ItemScore, user: Any) -> None:
    """Save an item's row as the next version, by ``user``; a row another editor created at the
    same moment is a conflict, never overwritten."""
    row.version = (row.version or 0) + 1
    row.updated_by = user
    row._history_user = user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise _conflict(
            ItemScore.objects.unscoped("the item row of an assessment already checked")
            .select_related("criterion", "updated_by")
            .get(assessment=row.assessment_id, criterion=row.criterion_id)
        ) from None


def parse_points(raw: Any, criterion: Criterion) -> Decimal | None:
    """A score typed by a person: empty means "no score of mine" (the computed one counts)."""
    if raw is None or str(raw).strip() == "":
        return None
    top = Decimal(1) if criterion.kind == CriterionKind.VETO else criterion.points
    try:
        points = Decimal(str(raw).strip())
    except InvalidOperation:
        points = None
    if (
        points is None
        or not points.is_finite()
        or points < 0
        or points > top
        or points != points.quantize(Decimal("0.01"))
    ):
        raise DomainError(
            {"points": _("Enter a score from 0 to %(max)s (two decimals at most).") % {"max": top}}
        )
    return points


def _conflict(row: ItemScore) -> ConflictError:
    who = str(row.updated_by) if row.updated_by else _("someone")
    when = date_format(timezone.localtime(row.updated_at), "Y-m-d H:i:s")
    return ConflictError(
        _(
            "%(user)s changed item %(code)s at %(time)s while you were editing it; your change was "
            "not saved. The item now shows their version: check it and save again."
        )
        % {"user": who, "code": row.criterion.code, "time": when}
    )


@transaction.atomic
def item_score_save(
    *,
    access: Any,
    assessment: Assessment,
    criterion: Criterion,
    side: str,
    points: Any,
    comment: str,
    version: int,
) -> ItemScore:
    """Save one side of one item. ``version`` is the item's version the editor started from."""
    a = _locked(assessment)
    if criterion.standard_id != a.campaign.standard_id or criterion.kind == CriterionKind.SECTION:
        raise DomainError(_("This item is not part of the assessment's standard."))
    if criterion.rule.get("type") == "checklist":
        raise DomainError(_("This item is scored through its sub-items."))
    if side == SELF:
        require_self(access, a)
        if a.status not in SELF_EDITABLE:
            raise DomainError(_("The self-assessment was submitted: the union's scores no longer change."))
    elif side == REVIEW:
        require_review(access, a)
        if a.status not in REVIEW_EDITABLE:
            raise DomainError(
                _("The assessment is not waiting for review: the inspection scores cannot change.")
            )
    else:
        raise DomainError(_("Unknown side %(side)s.") % {"side": side})
    value = parse_points(points, criterion)
    row = item_row_for_edit(a, criterion, version)
    if side == SELF:
        row.self_points, row.self_comment = value, (comment or "").strip()[:5000]
    else:
        row.review_points, row.review_comment = value, (comment or "").strip()[:5000]
    item_row_save(row, access.user)
    if side == SELF and a.status == Status.NOT_STARTED:
        _save_status(a, access.user, Status.SELF_ASSESSING)
    if side == REVIEW and a.status == Status.SUBMITTED:
        _save_status(a, access.user, Status.UNDER_REVIEW)
    refresh_totals(a)
    return row


# ---- evidence files of an item ---------------------------------------------------
# Attachments of item scores reuse the core checks and storage; they are served by the
# assessment's own views, which apply its visibility (assigned inspectors only).
EVIDENCE_TYPE = RecordType(model=ItemScore, slug="item-evidence", edit_perm=Perm.ASSESS_SELF)


@transaction.atomic
def evidence_add(
    *, access: Any, assessment: Assessment, criterion: Criterion, upload: Any, description: str = ""
) -> Any:
    a = _locked(assessment)
    require_self(access, a)
    if a.status not in SELF_EDITABLE:
        raise DomainError(_("The self-assessment was submitted: evidence can no longer be added."))
    if criterion.standard_id != a.campaign.standard_id or criterion.kind == CriterionKind.SECTION:
        raise DomainError(_("This item is not part of the assessment's standard."))
    row, _created = ItemScore.objects.unscoped("the item row of an assessment already checked").get_or_create(
        assessment=a,
        criterion=criterion,
        defaults={"organization": a.organization, "updated_by": access.user},
    )
    return attachment_add(EVIDENCE_TYPE, access=access, obj=row, upload=upload, description=description)


@transaction.atomic
def evidence_delete(*, access: Any, attachment: Any) -> None:
    row = attachment.record
    a = _locked(row.assessment)
    require_self(access, a)
    if a.status not in SELF_EDITABLE:
        raise DomainError(_("The self-assessment was submitted: evidence can no longer be removed."))
    attachment_delete(EVIDENCE_TYPE, access=access, attachment=attachment)
