"""Reading one roster row: the reference reading, cell by cell, that names every problem.

Each cell goes through its column's reader (problems name the row, the column as headed in
the file and what is wrong, in Chinese); then the row is checked as a whole: required
columns, and the ID number against the birth date and gender. The reader's child reads most
rows of a chunk column by column (``check.py``) and comes here for every row it cannot vouch
for; both give the same values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from gonghui.core.texts import Text, dump, load
from gonghui.core.texts import text as msg
from gonghui.members.choices import IdType
from gonghui.members.importer.columns import (
    BY_KEY,
    EXAMPLE_MARKERS,
    CellError,
    norm_header,
    norm_text,
    read_choice,
    read_date,
    read_id_number,
)
from gonghui.members.importer.reader import Table, column_letter
from gonghui.members.pinyin import name_keys
from gonghui.members.services import EDITABLE_FIELDS
from gonghui.members.validators import IdFacts, id_facts, normalize_mobile, validate_mobile

# The member fields an import writes, in this order in every planned row: the editable ones,
# the union group by its id.
FIELDS = [f"{f}_id" if f == "union_group" else f for f in EDITABLE_FIELDS]
POS = {f: i for i, f in enumerate(FIELDS)}
CHOICE_KEYS = {
    "gender",
    "ethnicity",
    "id_type",
    "education",
    "political_status",
    "employment_type",
    "model_worker_level",
}
TEXT_LIMITS = {"name": 50, "job": 60, "card_number": 30}


@dataclass
class Problem:
    """One problem of a file. Its message is a ``core.texts.Text`` (translated when shown: the
    job keeps it as msgid and params) or a text translated already (a validator's)."""

    row: int
    column: str
    message: Text | str
    cell: int | None = None  # index of the cell in the row, for highlighting

    def __post_init__(self) -> None:
        self.message = load(self.message)  # from the child's marshalled chunk

    @property
    def text(self) -> str:
        return str(self.message)

    def as_list(self) -> list[Any]:
        return [self.row, self.column, dump(self.message)]

    def as_tuple(self) -> tuple[Any, ...]:
        return (self.row, self.column, dump(self.message), self.cell)


CACHE_SIZE = 50_000  # distinct values kept per column (genders, groups, dates repeat thousands of times)
HAS_LETTER = re.compile(r"[^\W\d_]")


def attempt(read: Callable[[Any], Any], v: Any) -> tuple[bool, Any]:
    """(True, value) or (False, the message: a ``core.texts.Text`` or a translated text)."""
    try:
        return True, read(v)
    except CellError as e:
        return False, e.args[0]
    except ValidationError as e:
        return False, e.messages[0]


def is_example(cell: Any) -> bool:
    return type(cell) is str and norm_text(cell).lower() in EXAMPLE_MARKERS


def _text(v: Any, limit: int | None, upper: bool = False) -> str:
    text = norm_text(v)
    if limit and len(text) > limit:
        raise CellError(msg(gettext_noop("At most %(n)d characters."), n=limit))
    return text.upper() if upper else text


def _mobile(v: Any) -> str:
    phone = normalize_mobile(norm_text(v))
    validate_mobile(phone)
    return phone


# Positions of the planned values; MISSING marks a cell the file left empty (never written over).
MISSING: Any = object()
NAME_AT, GENDER_AT, ID_TYPE_AT, ID_AT, BIRTH_AT = (
    POS["name"],
    POS["gender"],
    POS["id_type"],
    POS["id_number"],
    POS["birth_date"],
)
JOIN_AT, GROUP_AT = POS["join_date"], POS["union_group_id"]
DATES_AT = (BIRTH_AT, JOIN_AT)
WIDTH = len(FIELDS)


class RowReader:
    """Reads one row's cells into planned values (in FIELDS order), collecting the row's problems."""

    def __init__(self, table: Table, groups: dict[str, int], today: dt.date) -> None:
        self.table = table
        self.groups = groups
        self.today = today
        self.header = {
            key: (j, table.headers[j] or str(BY_KEY[key].label)) for j, key in table.columns.items()
        }
        self.seq = next((j for j, key in table.columns.items() if key == "seq"), None)
        # (cell index, value position or -1, column key, reader); repeated values are read once.
        self.readers = [
            (j, POS.get("union_group_id" if key == "union_group" else key, -1), key, *self._reader(key))
            for j, key in sorted(table.columns.items())
        ]
        self.cached = [r for r in self.readers if r[4] is not None]
        self.plain = [r[:4] for r in self.readers if r[4] is None and r[3] is not None]
        self.ignored = [r[0] for r in self.readers if r[3] is None]

    def _reader(self, key: str) -> tuple[Callable[[Any], Any] | None, dict[Any, Any] | None]:
        """The column's reader, and a cache when its values repeat (choices, groups, dates, jobs)."""
        if key in ("seq", "status", "organization"):
            return None, None
        if key in CHOICE_KEYS:
            return partial(read_choice, key), {}
        if key in ("birth_date", "join_date"):
            return self._date, {}
        if key == "id_number":
            return read_id_number, None
        if key == "mobile":
            return _mobile, None
        if key == "union_group":
            return self._group, {}
        text = partial(_text, limit=TEXT_LIMITS.get(key), upper=key == "card_number")
        return text, ({} if key == "job" else None)

    def _date(self, v: Any) -> dt.date | None:
        day = read_date(v)
        if day is not None and day > self.today:
            raise CellError(msg(gettext_noop("The date %(d)s is in the future."), d=day.isoformat()))
        return day

    def _group(self, v: Any) -> int:
        name = norm_text(v)
        pk = self.groups.get(norm_header(name))
        if pk is None:
            raise CellError(msg(gettext_noop('This union has no union group named "%(name)s".'), name=name))
        return pk

    def read(self, cells: list[Any]) -> tuple[list[Any], list[tuple[str, str]], IdFacts | None] | None:
        """(values, problems, what the ID number says) of a row; None for an empty or example row.

        The hot loop of an import (100,000 rows × 15 cells): repeated values are looked up in
        their column's cache inline, without a call; the other cells call their reader.
        """
        n = len(cells)
        errors: list[tuple[str, str]] = []
        values = [MISSING] * WIDTH
        filled = False
        for j, pos, key, reader, cache in self.cached:
            if j < n:
                v = cells[j]
                if v is not None and v != "":
                    filled = True
                    hit = cache.get(v)
                    if hit is None:
                        hit = attempt(reader, v)
                        if len(cache) < CACHE_SIZE:
                            cache[v] = hit
                    if hit[0]:
                        values[pos] = hit[1]
                    else:
                        errors.append((key, hit[1]))
        for j, pos, key, reader in self.plain:
            if j < n:
                v = cells[j]
                if v is not None and v != "":
                    filled = True
                    try:
                        values[pos] = reader(v)
                    except CellError as e:
                        errors.append((key, e.args[0]))
                    except ValidationError as e:
                        errors.append((key, e.messages[0]))
        if len(errors) > 1:  # in the file's column order
            errors.sort(key=lambda e: self.header[e[0]][0])
        if not filled:  # a row with only a sequence number, status or union name still counts
            filled = any(j < n and cells[j] is not None and cells[j] != "" for j in self.ignored)
        if not filled:
            return None
        if self.seq is not None and self.seq < n and is_example(cells[self.seq]):
            return None
        bad = {k for k, _m in errors} if errors else ()
        for pos, key in ((NAME_AT, "name"), (ID_AT, "id_number")):
            if not values[pos] or values[pos] is MISSING:
                if key not in bad:
                    errors.append((key, msg(gettext_noop("This column is required."))))
                values[pos] = MISSING
        name = values[NAME_AT]
        if name is not MISSING and not HAS_LETTER.search(name):
            errors.append(
                ("name", msg(gettext_noop("A name has letters or characters, not only digits or signs.")))
            )
        facts = None if "id_number" in bad or "id_type" in bad else self._identity(values, errors)
        return values, errors, facts

    def _identity(self, values: list[Any], errors: list[tuple[str, str]]) -> IdFacts | None:
        number = values[ID_AT]
        if number is MISSING:
            return None
        id_type = values[ID_TYPE_AT] if values[ID_TYPE_AT] is not MISSING else IdType.RESIDENT
        try:
            facts = id_facts(id_type, number, self.today)
        except ValidationError as e:
            errors.append(("id_number", e.messages[0]))
            return None
        gender, birth = values[GENDER_AT], values[BIRTH_AT]
        if facts is None:
            if gender is MISSING and all(k != "gender" for k, _m in errors):
                errors.append(
                    ("gender", msg(gettext_noop("Fill in the gender: this ID number does not carry it.")))
                )
            return None
        if birth is not MISSING and birth is not None and birth != facts.birth_date:
            message = msg(
                gettext_noop("The ID number says the birth date is %(d)s."), d=facts.birth_date.isoformat()
            )
            errors.append(("birth_date", message))
        if gender is not MISSING and gender and gender != facts.gender:
            label = str(BY_KEY["gender"].choices(facts.gender).label)  # type: ignore[misc]
            errors.append(("gender", msg(gettext_noop("The ID number says the gender is %(g)s."), g=label)))
        return facts

    def problem(self, row: int, key: str, message: str) -> Problem:
        if key == "union_group_id":
            key = "union_group"
        j, header = self.header.get(key, (None, str(BY_KEY[key].label) if key in BY_KEY else key))
        column = f"{column_letter(j + self.table.col_offset)}（{header}）" if j is not None else header
        return Problem(row, column, message, j)


def search_keys(name: str, id_number: str) -> tuple[str, str, str]:
    """The member's search columns: pinyin, initials, reversed ID number."""
    return (*name_keys(name), id_number[::-1])
