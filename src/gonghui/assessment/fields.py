"""Numbers a union reports per item (``fields:`` of an item in a standard file).

An item may ask the union for typed values with its self-assessment (the date of the last
congress, how many people trained): they are shown to the inspector and in the assessment
report, and a rule may read one of them (``reported: key``) where no record gives the value.
The values are kept as text in ``ItemScore.reported``; ``parse_value`` checks what a person
typed and ``number_of`` turns a stored value into what a rule compares.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.assessment.numbers import RuleError
from gonghui.core.metrics import Kind

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")

# type → (label, the metric kind a rule reading it compares)
TYPES: dict[str, tuple[Any, str]] = {
    "date": (gettext_lazy("date"), Kind.BOOL),  # a rule asks only whether it was given
    "people": (gettext_lazy("number of people"), Kind.COUNT),
    "times": (gettext_lazy("number of times"), Kind.COUNT),
    "percent": (gettext_lazy("percentage"), Kind.RATE),
    "text": (gettext_lazy("text"), Kind.BOOL),
}
TYPE_ALIASES = {"日期": "date", "人数": "people", "次数": "times", "百分比": "percent", "文本": "text"}
FIELD_KEYS = {"key", "label", "type"}
MAX_FIELDS = 10
MAX_TEXT = 500


def normalize_fields(raw: Any) -> list[dict[str, str]]:
    """The canonical ``fields`` of an item: [{key, label, type}], or RuleError (key "fields")."""
    if not isinstance(raw, list) or not raw:
        raise RuleError(_("fields is a list of {key, label, type}."), "fields")
    if len(raw) > MAX_FIELDS:
        raise RuleError(_("An item asks for at most %(n)s values.") % {"n": MAX_FIELDS}, "fields")
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for entry in raw:
        if not isinstance(entry, dict):
            raise RuleError(_("fields is a list of {key, label, type}."), "fields")
        unknown = sorted(set(entry) - FIELD_KEYS)
        if unknown:
            raise RuleError(
                _("unknown key %(key)s; allowed here: %(keys)s.")
                % {"key": unknown[0], "keys": ", ".join(sorted(FIELD_KEYS))},
                "fields",
            )
        key = str(entry.get("key") or "").strip()
        if not KEY_RE.match(key):
            raise RuleError(
                _("The key of a field is a short name in small letters, digits and “_”, e.g. trained."),
                "fields",
            )
        if key in seen:
            raise RuleError(_("The field %(key)s appears twice.") % {"key": key}, "fields")
        seen.add(key)
        label = str(entry.get("label") or "").strip()
        if not label or len(label) > 60:
            raise RuleError(_("Each field needs a label of at most 60 characters."), "fields")
        kind = str(entry.get("type") or "").strip()
        kind = TYPE_ALIASES.get(kind, kind.lower())
        if kind not in TYPES:
            raise RuleError(
                _("The type of field %(key)s is one of: %(types)s.")
                % {"key": key, "types": "、".join([*TYPE_ALIASES, *TYPES])},
                "fields",
            )
        out.append({"key": key, "label": label, "type": kind})
    return out


def kind_of_field(field_type: str) -> str:
    return TYPES[field_type][1]


def parse_value(field: dict[str, str], raw: Any) -> str:
    """What a person typed, checked and in its stored text form; "" for nothing. Raises ValueError
    with a message in the user's language."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return ""
    kind = field["type"]
    if kind == "text":
        if len(text) > MAX_TEXT:
            raise ValueError(_("At most %(n)s characters.") % {"n": MAX_TEXT})
        return text
    if kind == "date":
        try:
            return dt.date.fromisoformat(text.replace("/", "-")).isoformat()
        except ValueError:
            raise ValueError(_("Enter a date such as 2026-05-01.")) from None
    try:
        number = Decimal(text.rstrip("%").strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise ValueError(_("Enter a number of 0 or more."))
    if kind == "percent":
        if number > 1000 or number != number.quantize(Decimal("0.01")):
            raise ValueError(_("Enter a percentage such as 95 or 95.5."))
        return format(number.normalize(), "f")
    if number != number.to_integral_value() or number > 10_000_000:
        raise ValueError(_("Enter a whole number."))
    return str(int(number))


def number_of(field_type: str, stored: Any) -> Any:
    """The value a rule compares: a count, a percentage, or "was it given" for dates and text;
    None when nothing was reported."""
    if stored is None or stored == "":
        return None
    kind = kind_of_field(field_type)
    if kind == Kind.BOOL:
        return True
    if kind == Kind.RATE:
        return Decimal(str(stored))
    return int(stored)
