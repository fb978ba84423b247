"""Rules of finance records that read other rows: run by the generic save, in its transaction.

A model's ``clean()`` checks the row itself; these read its siblings, so they are declared on
the record types (``RecordType(validators=...)``) and run once, on every write through the
pages and the API, after the row's own fields have passed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from gonghui.finance.models.rules import ValidityMixin


def no_overlap(rule: ValidityMixin) -> None:
    """A rule's validity does not overlap another rule of the same union (and purpose)."""
    if rule.valid_from is None or rule.organization_id is None:
        return
    overlap = rule.siblings().filter(Q(valid_to__isnull=True) | Q(valid_to__gte=rule.valid_from))
    if rule.valid_to is not None:
        overlap = overlap.filter(valid_from__lte=rule.valid_to)
    other = overlap.first()
    if other is not None:
        message = _("The validity overlaps another rule of this union (valid from %(day)s).")
        raise ValidationError({"valid_from": message % {"day": other.valid_from}})
