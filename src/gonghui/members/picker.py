"""The member picker: every form field that chooses members searches the roster instead of
listing it (a hardship file, an aid case, a claim, a visit's recipients, a seat, a winner ...).

Registered with ``core.forms.register_picker`` for ``members.Member``: the generic forms give
each relation to the roster ``MemberPicker`` (one member) or ``MemberPicker(multiple=True)``,
and ``core.forms.limit_choices`` tells it the union of the record. Typing searches through
``members:pick`` (name, pinyin, initials, card number, ID number and, where the policy allows,
its last digits), scoped like the form's own choices: the members of that union the user may
read. Each result names the member's group and, for a holder of the right, the birth year and
the ID number's last four characters (``core.sensitivity.Viewer.hint``), so namesakes differ.

Without JavaScript the search box is a plain field: a text that finds exactly one member picks
that member when the form is sent; otherwise the form says so and keeps what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.forms import Picker
from gonghui.core.records import registry
from gonghui.core.sensitivity import Viewer
from gonghui.members.models import Member
from gonghui.members.selectors import search

PICK_LIMIT = 20
TEXT_SUFFIX = "__find"  # the search box's own name beside the field's: "member__find"

INVALID_CHOICE = gettext_lazy(
    "This member is not on the roster of this union, or you may not choose them here. "
    "Search again and choose from the list."
)


@dataclass(frozen=True)
class Pick:
    """One member as a picker shows them: what tells namesakes apart, through the policy."""

    id: int
    name: str
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "detail": self.detail}


def pickable(access: Any, org: Any) -> QuerySet[Member]:
    """The members ``access`` may choose on a record of ``org``: the form's own choices."""
    rt = registry.for_model(Member)
    assert rt is not None  # the roster registers itself in registration.py
    return rt.queryset(access, within=org)


def picks(members: list[Member], viewer: Viewer) -> list[Pick]:
    """Members with their group, job and (for a holder) birth year and ID tail. No query per member:
    the group and the union come with the rows."""
    viewer.prepare(members)
    out = []
    for m in members:
        parts = [m.union_group.name if m.union_group_id else "", m.job]
        year = viewer.hint(m, "birth_date")
        if year:
            parts.append(_("born %(year)s") % {"year": year})
        tail = viewer.hint(m, "id_number")
        if tail:
            parts.append(_("ID ending %(tail)s") % {"tail": tail})
        out.append(Pick(m.pk, m.name, " · ".join(p for p in parts if p)))
    return out


def find(access: Any, org: Any, text: str, limit: int = PICK_LIMIT) -> list[Member]:
    """At most ``limit`` members ``access`` may choose on ``org``'s record matching ``text``."""
    qs = pickable(access, org).select_related("union_group", "organization")
    return list(search(qs, text, access)[:limit]) if text.strip() else []


class MemberPicker(forms.Select):
    """A search box with the chosen member(s) shown above it; the values are hidden inputs.

    The rows come from the field's queryset (``self.choices.queryset``), never listed whole:
    only the chosen ones are read, to show them again on a form sent back with errors.
    """

    template_name = "members/widgets/member_picker.html"
    styled = True  # core.forms.style_widgets leaves its classes alone

    def __init__(self, attrs: dict[str, Any] | None = None, multiple: bool = False) -> None:
        super().__init__(attrs)
        self.allow_multiple_selected = multiple
        self.access: Any = None
        self.org: Any = None

    def configure(self, *, access: Any, org: Any) -> None:
        self.access, self.org = access, org

    # ---- values -----------------------------------------------------------------------
    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.allow_multiple_selected:
            values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
            values = list(values or []) if not isinstance(values, str) else [values]
        else:
            value = data.get(name)
            values = [value] if value not in (None, "") else []
        typed = (data.get(name + TEXT_SUFFIX) or "").strip()
        if typed:  # typed and not chosen from the list: one member more, or instead of the one
            found = self._resolve(typed)
            values = [*values, found] if self.allow_multiple_selected else [found]
        if self.allow_multiple_selected:
            return values
        return values[0] if values else None

    def _resolve(self, typed: str) -> str:
        """A text typed without choosing (no JavaScript): the one member it finds, else the text
        itself, which the field refuses with the picker's message."""
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or self.access is None:
            return typed
        found = list(search(queryset, typed, self.access).values_list("pk", flat=True)[:2])
        return str(found[0]) if len(found) == 1 else typed

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # the choice is a checkbox; reading the choices to decide would list them all

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an empty picker means "nobody", not "unchanged"

    def format_value(self, value: Any) -> list[str]:
        if value is None:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v.pk if isinstance(v, Member) else v) for v in values if v not in (None, "")]

    # ---- display ----------------------------------------------------------------------
    def chosen(self, values: list[str]) -> tuple[list[Pick], str]:
        """The chosen members as picks (one query), and what was typed that matched no one."""
        keys = [int(v) for v in values if v.isdigit()]
        typed = " ".join(v for v in values if not v.isdigit())
        queryset = getattr(self.choices, "queryset", None)
        if not keys or queryset is None:
            return [], typed
        rows = {m.pk: m for m in queryset.filter(pk__in=keys).select_related("union_group", "organization")}
        found = [rows[k] for k in keys if k in rows]
        return picks(found, Viewer(self.access)), typed

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen, typed = self.chosen(context["widget"]["value"])
        url = reverse("members:pick")
        if self.org is not None:
            url += f"?org={self.org.pk}"
        context["picker"] = {
            "chosen": chosen,
            "typed": typed,
            "text_name": name + TEXT_SUFFIX,
            "url": url,
            "multiple": self.allow_multiple_selected,
            "limit": PICK_LIMIT,
        }
        return context


def member_picker(multiple: bool) -> MemberPicker:
    return MemberPicker(multiple=multiple)


PICKER = Picker(widget=member_picker, invalid_choice=INVALID_CHOICE)
