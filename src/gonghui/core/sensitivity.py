"""THE sensitivity policy: which fields carry personal data, and who may read them in full.

A model declares its sensitive fields where it is made::

    class Member(models.Model):
        sensitive_fields: ClassVar[dict[str, Sensitive]] = {
            "id_number": Sensitive(Perm.PERSONAL_DATA, Mask.ID),
            "mobile": Sensitive(Perm.PERSONAL_DATA, Mask.PHONE),
        }

Every way data leaves the system (list, detail, edit form, history, export, API, search,
annotated import, logs and audit details) reads this one declaration through the functions
of this module; none decides masking on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Mask(StrEnum):
    ID = "id"  # 110***********123X
    PHONE = "phone"  # 138****5678
    TEXT = "text"  # （受限）
    DATE = "date"  # a birth date that identifies: ****-**-**
    AMOUNT = "amount"  # household income: hidden


@dataclass(frozen=True)
class Sensitive:
    """One sensitive field: the permission (held on the record's union) that reveals it, and its mask."""

    perm: str
    mask: Mask = Mask.TEXT


def sensitive_fields(model: Any) -> dict[str, Sensitive]:
    """The model's declared sensitive fields (an empty dict when it declares none)."""
    return dict(getattr(model, "sensitive_fields", {}) or {})
