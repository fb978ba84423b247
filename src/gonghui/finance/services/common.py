"""What every finance write does before saving: same-union references and full validation."""

from __future__ import annotations

from typing import Any

from django.db import models

from gonghui.core.records import check_references
from gonghui.core.scope import org_of_instance


def save_checked(obj: models.Model, actor: Any) -> None:
    obj._history_user = actor  # type: ignore[attr-defined]
    org = org_of_instance(obj)
    if org is not None:
        check_references(obj, org)
    obj.full_clean()
    obj.save()
