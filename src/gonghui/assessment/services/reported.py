"""The values a union reports for an item (``fields:`` of the item in its standard).

The union's officers fill them in with the self-assessment, all of an item's values at once,
while the self-assessment is theirs to edit; every wrong value is reported at once, by field.
A rule may read them (``reported: key``), so the assessment is scored again after each save.
Like a score, an item saved by someone else since the editor loaded it is refused (optimistic
version check), and every save is recorded by simple-history with its author.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.assessment.fields import parse_value
from gonghui.assessment.models import SELF_EDITABLE, Assessment, Criterion, CriterionKind, ItemScore, Status
from gonghui.assessment.services.scores import refresh_totals, score_assessments
from gonghui.assessment.services.workflow import (
    _locked,
    _save_status,
    item_row_for_edit,
    item_row_save,
    require_self,
)
from gonghui.core.errors import DomainError


def clean_reported(criterion: Criterion, data: dict[str, Any]) -> dict[str, str]:
    """The item's values as stored ({key: text}, empty ones left out), or a DomainError naming
    every wrong field at once. A field not in ``data`` is empty: the values given replace all."""
    fields = criterion.fields or []
    known = {f["key"] for f in fields}
    errors: dict[str, str] = {}
    for key in data:
        if key not in known:
            errors[str(key)] = _("Item %(code)s asks for no value “%(key)s”.") % {
                "code": criterion.code,
                "key": key,
            }
    out: dict[str, str] = {}
    for f in fields:
        try:
            value = parse_value(f, data.get(f["key"]))
        except ValueError as e:
            errors[f["key"]] = str(e)
            continue
        if value:
            out[f["key"]] = value
    if errors:
        raise DomainError(errors)
    return out


@transaction.atomic
def item_report_save(
    *, access: Any, assessment: Assessment, criterion: Criterion, data: dict[str, Any], version: int
) -> ItemScore:
    """Save the values the union reports for one item. ``version`` is the item's version the
    editor started from; the assessment is then scored again from the records and these values."""
    a = _locked(assessment)
    if criterion.standard_id != a.campaign.standard_id or criterion.kind == CriterionKind.SECTION:
        raise DomainError(_("This item is not part of the assessment's standard."))
    require_self(access, a)
    if a.status not in SELF_EDITABLE:
        raise DomainError(_("The self-assessment was submitted: the union's values no longer change."))
    if not criterion.fields:
        raise DomainError(_("Item %(code)s asks for no values.") % {"code": criterion.code})
    values = clean_reported(criterion, data)
    row = item_row_for_edit(a, criterion, version)
    row.reported = values
    item_row_save(row, access.user)
    if a.status == Status.NOT_STARTED:
        _save_status(a, access.user, Status.SELF_ASSESSING)
    # A rule may read the values: score the assessment again (it is still the union's).
    score_assessments(
        Assessment.objects.unscoped("the assessment the caller holds, checked by require_self").filter(
            pk=a.pk
        )
    )
    a.refresh_from_db()
    refresh_totals(a)
    return row
