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

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import unquote


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


# ---- free text: logs and audit details -------------------------------------------------
# A digit as it reaches a log: ASCII, full-width (NFKC would fold it), full-width
# percent-encoded in a URL ("１" is %EF%BC%91) or escaped by Django's request log (\uff11).
_DIGIT = r"(?:[0-9\uff10-\uff19]|%EF%BC%9[0-9]|\\uff1[0-9])"
_CHECK_X = r"(?:[Xx\uff38\uff58]|%EF%BC%B8|%EF%BD%98|\\uff38|\\uff58)"  # an ID number's last character
# Between digits a person or a form may put a space ("138 1234 5678"), "+" or "%20" (a space in
# a URL). Not "-": dates ("2025-01-01") and times stay readable.
_SEP = r"(?:[ +]|%20)"
_DIGIT_RUN = re.compile(rf"{_DIGIT}(?:{_SEP}?{_DIGIT}){{6,}}{_CHECK_X}?", re.IGNORECASE)
_CHAR = re.compile(rf"{_DIGIT}|{_CHECK_X}", re.IGNORECASE)


def _plain(token: str) -> str:
    """One digit or X of a run, however it was written: "%EF%BC%91", "\\uff11", "１" → "1"."""
    if token.startswith("\\"):
        token = chr(int(token[2:], 16))
    return unicodedata.normalize("NFKC", unquote(token)).upper()


def _mask_run(match: re.Match[str]) -> str:
    chars = [_plain(t) for t in _CHAR.findall(match.group(0))]
    if len(chars) >= 11:  # a mobile or an ID number: as every page masks it, 138****5678
        return "".join(chars[:3]) + "*" * (len(chars) - 7) + "".join(chars[-4:])
    return "*" * len(chars)  # a birth date, a landline, part of a number: nothing kept


def mask_digits(text: str) -> str:
    """``text`` with every run of 7 or more digits masked: what logs and audit details keep.

    A run of 11 or more (a mobile, an ID number) keeps its first 3 and last 4 characters,
    as the pages show it; a shorter one (a birth date, a landline, digits of a number typed
    into a search) keeps none. Separators a person types between digits (spaces, ``+``,
    ``%20``), full-width, percent-encoded and escaped digits and an ID number's final X count
    as part of the run. Shorter numbers (years, dates with dashes, page numbers, ids up to
    999,999) stay readable; masked text is left as it is, so masking twice changes nothing.
    """
    return _DIGIT_RUN.sub(_mask_run, text) if text else text
