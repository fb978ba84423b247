"""Hardship files: create and update with the computed category, yearly review, exit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Perm
from gonghui.care import rules
from gonghui.care.models import FileStatus, HardshipFile, HardshipReview, ReviewResult
from gonghui.care.services.common import standard_for
from gonghui.core.errors import DomainError
from gonghui.core.services import save_validated

FIGURES = ["annual_income", "rigid_expenses", "household_size", "disaster_or_accident"]


def assess(
    obj: Any, *, organization: Any, on: dt.date, migrant_since: dt.date | None = None
) -> rules.Assessment:
    """Classify ``obj``'s figures against the line of ``on``'s year; fills the computed fields."""
    standard = standard_for(organization, on.year)
    line = standard.min_living_monthly if standard is not None else None
    result = rules.classify(
        income=obj.annual_income,
        expenses=obj.rigid_expenses,
        size=obj.household_size,
        line=line,
        disaster=obj.disaster_or_accident,
        migrant_since=migrant_since,
        on=on,
    )
    obj.category = result.category
    obj.per_capita_monthly = result.per_capita_monthly
    return result


def _figures_complete(obj: Any) -> bool:
    return all(getattr(obj, f) is not None for f in FIGURES) and bool(obj.household_size)


def _assess_file(obj: HardshipFile) -> None:
    if not (_figures_complete(obj) and obj.assessed_on):
        return  # full_clean names the missing field
    standard = standard_for(obj.organization, obj.assessed_on.year)
    obj.living_line = standard.min_living_monthly if standard is not None else None
    result = assess(
        obj,
        organization=obj.organization,
        on=obj.assessed_on,
        migrant_since=obj.city_work_since if obj.migrant_worker else None,
    )
    obj.migrant_hardship = result.migrant_hardship
    if not obj.level:
        obj.level = rules.DEFAULT_LEVEL.get(result.category, "")


def _check_open_file(obj: HardshipFile) -> None:
    if obj.member_id is None or obj.status != FileStatus.ACTIVE:
        return
    others = HardshipFile.objects.unscoped("the member's open file, whichever union keeps it").filter(
        member_id=obj.member_id, status=FileStatus.ACTIVE
    )
    if others.exclude(pk=obj.pk).exists():
        raise DomainError({"member": _("This member already has an open hardship file.")})


@transaction.atomic
def hardship_file_create(*, actor: Any, organization: Any, data: dict[str, Any]) -> HardshipFile:
    obj = HardshipFile(organization=organization, **data)
    _check_open_file(obj)
    _assess_file(obj)
    save_validated(obj, actor=actor)
    return obj


@transaction.atomic
def hardship_file_update(*, actor: Any, obj: HardshipFile, data: dict[str, Any]) -> HardshipFile:
    if obj.status != FileStatus.ACTIVE:
        raise DomainError(_("An exited hardship file is kept as it was; it cannot be changed."))
    for k, v in data.items():
        setattr(obj, k, v)
    _check_open_file(obj)
    _assess_file(obj)
    save_validated(obj, actor=actor)
    return obj


@transaction.atomic
def hardship_file_exit(*, access: Any, file: HardshipFile, on: dt.date, reason: str) -> HardshipFile:
    """The household is out of hardship (脱困) or the file closes for another reason."""
    if not access.can(Perm.HARDSHIP, file.organization):
        raise PermissionDenied(_("You do not have the right to do this here."))
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    if file.status != FileStatus.ACTIVE:
        raise DomainError(_("This hardship file has already exited."))
    if on < file.assessed_on:
        raise DomainError({"exited_on": _("The exit date lies before the date filed.")})
    if not reason.strip():
        raise DomainError({"exit_reason": _("Give the reason for the exit.")})
    file.status, file.exited_on, file.exit_reason = FileStatus.EXITED, on, reason.strip()
    save_validated(file, actor=access.user)
    return file


@transaction.atomic
def review_create(*, actor: Any, organization: Any, data: dict[str, Any]) -> HardshipReview:
    """The yearly review: new figures, the category again, the file updated (or exited)."""
    review = HardshipReview(organization=organization, reviewed_by=actor, **data)
    if review.hardship_file_id is None or review.reviewed_on is None or not _figures_complete(review):
        review.year = review.reviewed_on.year if review.reviewed_on else 0
        review.full_clean()  # names the missing field
    file = HardshipFile.objects.select_for_update().get(pk=review.hardship_file_id)
    if file.status != FileStatus.ACTIVE:
        raise DomainError({"hardship_file": _("This hardship file has already exited.")})
    if review.reviewed_on < file.assessed_on:
        raise DomainError({"reviewed_on": _("The review date lies before the date filed.")})
    review.year = review.reviewed_on.year
    if file.reviews.filter(year=review.year).exists():
        raise DomainError({"reviewed_on": _("This file has already been reviewed for that year.")})
    result = assess(
        review,
        organization=file.organization,
        on=review.reviewed_on,
        migrant_since=file.city_work_since if file.migrant_worker else None,
    )
    save_validated(review, actor=actor)
    # The file now holds the reviewed figures and category.
    for f in FIGURES:
        setattr(file, f, getattr(review, f))
    standard = standard_for(file.organization, review.reviewed_on.year)
    file.living_line = standard.min_living_monthly if standard is not None else None
    file.category, file.per_capita_monthly = review.category, review.per_capita_monthly
    file.migrant_hardship = result.migrant_hardship
    file.level = review.level or rules.DEFAULT_LEVEL.get(review.category, file.level)
    if review.result == ReviewResult.EXIT:
        file.status, file.exited_on = FileStatus.EXITED, review.reviewed_on
        file.exit_reason = review.note.strip()[:200] or _("Yearly review: no longer in hardship")
    save_validated(file, actor=actor)
    return review


@transaction.atomic
def review_update(*, actor: Any, obj: HardshipReview, data: dict[str, Any]) -> HardshipReview:
    """Only the note of a review may change: the file was already updated from its figures."""
    changed = [k for k, v in data.items() if k != "note" and getattr(obj, k) != v]
    if changed:
        raise DomainError(
            {changed[0]: _("A saved review keeps its figures; record next year's review instead.")}
        )
    obj.note = data.get("note", obj.note)
    save_validated(obj, actor=actor)
    return obj
