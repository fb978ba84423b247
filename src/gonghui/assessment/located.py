"""Values read from a standard file that remember where they came from, and the problems found."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError

MAX_PROBLEMS = 30


class StandardFileError(DomainError):
    """A standard file that cannot be loaded; each message names its line or cell."""


class Located(dict):
    """A mapping read from a file that remembers where it and each of its values came from.

    A place is ("line", 12) for YAML or ("cell", "D7") for Excel.
    """

    def __init__(self, *args: Any, origin: tuple[str, Any] = ("", None), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.origin = origin
        self.places: dict[str, tuple[str, Any]] = {}

    def place(self, key: str | None = None) -> tuple[str, Any]:
        if key is not None and key in self.places:
            return self.places[key]
        return self.origin


def where(place: tuple[str, Any]) -> str:
    kind, at = place
    if kind == "line":
        return _("line %(n)s") % {"n": at}
    if kind == "cell":
        return _("cell %(ref)s") % {"ref": at}
    if kind == "row":
        return _("row %(n)s") % {"n": at}
    return _("the file")


class Problems:
    """Collects every problem of a file (up to a limit) before anything is refused."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, node: Any, key: str | None, message: str) -> None:
        place = node.place(key) if isinstance(node, Located) else ("", None)
        if len(self.messages) < MAX_PROBLEMS:
            self.messages.append(_("%(where)s: %(message)s") % {"where": where(place), "message": message})

    def __bool__(self) -> bool:
        return bool(self.messages)

    def raise_if_any(self) -> None:
        if self.messages:
            raise StandardFileError(self.messages)


# ---- YAML ----------------------------------------------------------------
