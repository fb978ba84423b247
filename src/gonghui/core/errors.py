from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the domain refused a write. The message is translated and shown as is.

    It subclasses ValidationError so that forms and the API report it like any
    field or form error: ``DomainError({"field": msg})`` names the field.
    """
