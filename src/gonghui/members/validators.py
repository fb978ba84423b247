"""Validators for identity documents and phone numbers.

居民身份证 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence
(odd for men, even for women) and a check character (ISO 7064 MOD 11-2, "X" for 10).
港澳台居民居住证 use the same layout with the address codes 810000 / 820000 / 830000;
the older travel permits (回乡证, 台胞证) and passports have their own forms.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import unicodedata
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.members.choices import Gender, IdType, years_before

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# First two digits of an address code: provinces, and 81/82/83 for Hong Kong, Macao, Taiwan.
_PROVINCES = frozenset(str(n) for n in [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42])
_PROVINCES |= frozenset(
    str(n) for n in [43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]
)
_RESIDENT_RE = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_HK_MACAO_PERMIT_RE = re.compile(r"^[HM]\d{8}(\d{2})?$")
_TAIWAN_PERMIT_RE = re.compile(r"^\d{8}(\d{2})?$")
_PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,17}$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_PHONE_JUNK = str.maketrans("", "", " -()（）")
OLDEST_BIRTH = dt.date(1900, 1, 1)
_BIRTH_DATES: dict[str, dt.date] = {}
_MALE, _FEMALE = str(Gender.MALE), str(Gender.FEMALE)  # plain strings: they travel between processes


_DIGIT_ZERO = ord("0") * sum(_WEIGHTS)  # the weighted sum of the digits' character codes, less this


def check_char(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits (ASCII)."""
    return _CHECK[(sum(map(operator.mul, first17.encode(), _WEIGHTS)) - _DIGIT_ZERO) % 11]


def with_check_char(first17: str) -> str:
    return first17 + check_char(first17)


def normalize_id(value: object) -> str:
    """Upper-case, half-width, without spaces: how an ID number is stored."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip().upper()
    return text.replace(" ", "")


class IdFacts(NamedTuple):
    """What an 18-character ID number says about its holder."""

    birth_date: dt.date
    gender: str


def resident_id_facts(number: str, today: dt.date | None = None) -> IdFacts:
    """Check an 18-character number (GB 11643 layout) and return the birth date and gender in it.

    Raises ValidationError with a Chinese message that says what is wrong.
    """
    if len(number) != 18:
        raise ValidationError(
            _("A resident ID number has 18 characters; this one has %(n)d.") % {"n": len(number)},
            code="id_length",
        )
    if not _RESIDENT_RE.match(number):
        raise ValidationError(
            _("A resident ID number is 17 digits followed by a digit or X."), code="id_format"
        )
    if number[:2] not in _PROVINCES:
        raise ValidationError(
            _("The ID number starts with %(code)s, which is no province's code.") % {"code": number[:2]},
            code="id_region",
        )
    born = _BIRTH_DATES.get(number[6:14])
    if born is None:
        try:
            born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            raise ValidationError(
                _("The birth date in the ID number (%(d)s) does not exist.") % {"d": number[6:14]},
                code="id_birth_date",
            ) from None
        if len(_BIRTH_DATES) < 100_000:  # an import checks 100,000 numbers born on ~20,000 days
            _BIRTH_DATES[number[6:14]] = born
    today = today or timezone.localdate()  # the calendar date in Beijing, not on the server
    if born > today:
        raise ValidationError(
            _("The birth date in the ID number (%(d)s) is in the future.") % {"d": born.isoformat()},
            code="id_birth_future",
        )
    if born < OLDEST_BIRTH:
        raise ValidationError(
            _("The birth date in the ID number (%(d)s) is too early.") % {"d": born.isoformat()},
            code="id_birth_past",
        )
    expected = check_char(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _("The ID number's check character is wrong (the last one should be %(c)s): please check it.")
            % {"c": expected},
            code="id_checksum",
        )
    return IdFacts(born, _MALE if int(number[16]) % 2 else _FEMALE)


def id_facts(id_type: str, number: str, today: dt.date | None = None) -> IdFacts | None:
    """Validate ``number`` as a document of ``id_type``; the birth date and gender it carries, if any."""
    if not number:
        raise ValidationError(_("Enter the ID number."), code="required")
    if id_type == IdType.RESIDENT:
        facts = resident_id_facts(number, today)
        if number[:2] in {"81", "82", "83"}:
            raise ValidationError(
                _("This number is a Hong Kong, Macao or Taiwan residence permit: choose that ID type."),
                code="id_type_mismatch",
            )
        return facts
    if id_type == IdType.HK_MACAO:
        if len(number) == 18:
            facts = resident_id_facts(number, today)
            if number[:2] not in {"81", "82"}:
                raise ValidationError(
                    _("A Hong Kong or Macao residence permit number starts with 810000 or 820000."),
                    code="id_type_mismatch",
                )
            return facts
        if not _HK_MACAO_PERMIT_RE.match(number):
            raise ValidationError(
                _("A Hong Kong or Macao permit number is H or M and 8 or 10 digits, or 18 characters."),
                code="id_format",
            )
        return None
    if id_type == IdType.TAIWAN:
        if len(number) == 18:
            facts = resident_id_facts(number, today)
            if number[:2] != "83":
                raise ValidationError(
                    _("A Taiwan residence permit number starts with 830000."), code="id_type_mismatch"
                )
            return facts
        if not _TAIWAN_PERMIT_RE.match(number):
            raise ValidationError(
                _("A Taiwan permit number has 8 or 10 digits, or 18 characters."), code="id_format"
            )
        return None
    if id_type == IdType.PASSPORT:
        if not _PASSPORT_RE.match(number):
            raise ValidationError(_("A passport number has 5 to 17 letters and digits."), code="id_format")
        return None
    raise ValidationError(_("Choose the ID type."), code="id_type")


def normalize_mobile(value: object) -> str:
    """Digits only, without the +86 country code."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip().translate(_PHONE_JUNK)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    return text


def validate_mobile(value: str) -> None:
    if value and not _MOBILE_RE.match(value):
        raise ValidationError(_("Enter an 11-digit mobile number starting with 13 to 19."), code="mobile")


# Plausible ages (warnings, not errors: a real person may be an exception, a typo is likelier).
YOUNGEST_JOINING = 16  # the Labour Law's minimum working age; union members are employees
OLDEST_LIVING = 100


def date_warnings(birth_date: dt.date | None, join_date: dt.date | None, today: dt.date) -> dict[str, str]:
    """Warnings about a member's dates that are possible but unlikely: {field: message}.

    The one rule for the member form (a check before commit) and the roster import (its
    preview). Impossible dates (in the future, joining before birth) are errors elsewhere.
    """
    out: dict[str, str] = {}
    if birth_date is None or birth_date > today:
        return out
    if birth_date < years_before(today, OLDEST_LIVING):
        # The age, not the date: warnings are stored with an import and shown to readers who
        # may not see the birth date (the sensitivity policy masks it).
        out["birth_date"] = _("The birth date makes the member %(age)d years old, more than %(n)d.") % {
            "age": _age(birth_date, today),
            "n": OLDEST_LIVING,
        }
    if (
        join_date is not None
        and birth_date <= join_date
        and join_date < _years_after(birth_date, YOUNGEST_JOINING)
    ):
        out["join_date"] = _("Joined on %(d)s at the age of %(age)d: members are usually at least %(n)d.") % {
            "d": join_date.isoformat(),
            "age": _age(birth_date, join_date),
            "n": YOUNGEST_JOINING,
        }
    return out


def _years_after(day: dt.date, years: int) -> dt.date:
    return years_before(day, -years)


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
