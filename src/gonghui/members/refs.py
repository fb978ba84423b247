"""A person named on a record: a member of the roster, or a name typed in (``person_ref``).

An inspector, a winner, a proposer, a seat holder or a delegate is often on the roster, and
sometimes not (the Party secretary, a team, someone of another unit). The record then has a
nullable ``member`` and a typed name, and one rule: a name must be there, taken from the
member when one is chosen. ``person_ref(...)`` builds the abstract model that holds the pair
and the rule; a model inherits it, and its own ``clean()`` merges ``person_errors()`` into its
errors. The name field's name, label, length and help text are the model's own, so the
columns and migrations stay as they were.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

MEMBER = "members.Member"


class PersonRef(models.Model):
    """The behaviour of the pair; the fields come from ``person_ref``."""

    person_field: ClassVar[str] = "name"
    person_missing: ClassVar[Any] = ""
    member_wins: ClassVar[bool] = False

    class Meta:
        abstract = True

    @property
    def person(self) -> str:
        """The person as shown: the name given, else the member's."""
        typed = getattr(self, self.person_field)
        if typed or not self.member_id:  # type: ignore[attr-defined]
            return typed
        return self.member.name  # type: ignore[attr-defined]

    def person_errors(self) -> dict[str, Any]:
        """Fill the name from the member (always, or only when empty) and say if none is given."""
        typed = getattr(self, self.person_field) or ""
        if self.member_id and (self.member_wins or not typed.strip()):  # type: ignore[attr-defined]
            typed = self.member.name  # type: ignore[attr-defined]
            setattr(self, self.person_field, typed)
        if not typed.strip():
            return {self.person_field: self.person_missing}
        return {}


def person_ref(
    name: str = "name",
    *,
    label: Any,
    missing: Any,
    max_length: int = 50,
    help_text: Any = None,
    member_help_text: Any = None,
    on_delete: Any = models.PROTECT,
    member_wins: bool = False,
) -> Any:
    """An abstract model with ``member`` (nullable, to the roster) and the typed name ``name``.

    ``missing``: the error when neither is given. ``member_wins``: a chosen member's name
    always replaces the typed one (a seat, a delegate); otherwise it fills an empty name only.
    """
    name_options: dict[str, Any] = {"max_length": max_length, "blank": True}
    if help_text is not None:
        name_options["help_text"] = help_text
    member_options: dict[str, Any] = {
        "verbose_name": _("member"),
        "null": True,
        "blank": True,
        "on_delete": on_delete,
        "related_name": "+",
    }
    if member_help_text is not None:
        member_options["help_text"] = member_help_text
    attrs: dict[str, Any] = {
        "__module__": __name__,
        name: models.CharField(label, **name_options),
        "member": models.ForeignKey(MEMBER, **member_options),
        "person_field": name,
        "person_missing": missing,
        "member_wins": member_wins,
        "Meta": type("Meta", (), {"abstract": True}),
    }
    return type(f"PersonRef_{name}", (PersonRef,), attrs)


# A candidate or a delegate: the roster's name always wins; the member may go (SET_NULL), the name stays.
RosterPerson: Any = person_ref(
    "person_name",
    label=_("full name"),
    on_delete=models.SET_NULL,
    member_wins=True,
    missing=_("Give the person's name or choose a member."),
)
