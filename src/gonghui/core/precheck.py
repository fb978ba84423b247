"""Checks before commit: what a save would be refused for, and warned of, said before it is made.

An error blocks a save; a warning (a spend above the federation's cap, a due date already
past, a member who joined at five) does not, but it is said while the record can still be
changed, never once the harm is done. A record type names its warnings in one function,
``RecordType(warnings=fn)``, ``fn(candidate, stored) -> Warnings``: ``candidate`` is the row as
it would be saved (not saved), ``stored`` the row as it is now (None for a new one). Pages and
the API ask ``record_precheck`` (core/records.py) before they save, show the warnings with
the errors, and save only once the person has confirmed the very warnings shown
(``confirmed``: the form sends back their digest).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

# {field name or "__all__": [messages]}, as errors are.
Warnings = dict[str, list[str]]
CONFIRM_FIELD = "confirm_warnings"  # the form's "仍然保存" checkbox; its value is the digest


@dataclass
class Precheck:
    """What saving some data would give: its errors (blocking) and its warnings (to confirm)."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: Warnings = field(default_factory=dict)

    @property
    def digest(self) -> str:
        return digest(self.warnings)


def digest(warnings: Warnings) -> str:
    """A short fingerprint of ``warnings``: a confirmation holds for these warnings only."""
    text = "\n".join(f"{k}\t{m}" for k in sorted(warnings) for m in warnings[k])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def confirmed(warnings: Warnings, token: str | None) -> bool:
    """No warning, or the person confirmed exactly these (the data may have changed meanwhile)."""
    return not warnings or token == digest(warnings)


def merge(*parts: Warnings) -> Warnings:
    out: Warnings = {}
    for part in parts:
        for name, messages in part.items():
            out.setdefault(name, []).extend(m for m in messages if m not in out.get(name, []))
    return {k: v for k, v in out.items() if v}


def flat(warnings: Warnings) -> list[str]:
    return [m for messages in warnings.values() for m in messages]


class _UndoError(Exception):
    """Raised at the end of a trial save so that its transaction rolls back."""


def as_dict(exc: ValidationError) -> dict[str, list[str]]:
    """A ValidationError as {field or "__all__": [messages]}."""
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def trial(save: Callable[[], Any]) -> dict[str, list[str]]:
    """The errors ``save()`` raises, with nothing kept: it runs the real service (the same
    rules, in the same order) inside a transaction that is always rolled back."""
    try:
        with transaction.atomic():
            save()
            raise _UndoError
    except _UndoError:
        return {}
    except ValidationError as e:
        return as_dict(e)
