"""In the reader's child: every row of the file checked, the good ones made ready to insert."""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from gonghui.members.choices import EmploymentType, IdType
from gonghui.members.importer.reader import CHUNK_ROWS, Table
from gonghui.members.importer.rows import (
    BIRTH_AT,
    DATES_AT,
    FIELDS,
    GENDER_AT,
    GROUP_AT,
    ID_AT,
    ID_TYPE_AT,
    JOIN_AT,
    MISSING,
    NAME_AT,
    POS,
    WIDTH,
    RowReader,
    search_keys,
)
from gonghui.members.validators import IdFacts


def _defaults(today: dt.date) -> list[Any]:
    defaults: list[Any] = ["" for _f in FIELDS]
    defaults[ID_TYPE_AT] = str(IdType.RESIDENT)
    defaults[POS["employment_type"]] = str(EmploymentType.CONTRACT)
    defaults[JOIN_AT], defaults[BIRTH_AT], defaults[GROUP_AT] = today, None, None
    return defaults


class _RowOut:
    """A good row as sent: (row number, bitmask of the cells the file left empty, the member's row).

    The row holds FIELDS with the defaults and what the ID number says filled in, dates as ISO
    text (both databases take it), then the search keys: the parent only has to insert it.
    """

    def __init__(self, reader: RowReader, today: dt.date) -> None:
        self.defaults = _defaults(today)
        present = {pos for _j, pos, *_rest in reader.readers if pos >= 0}
        self.present = sorted(present)
        self.absent = [i for i in range(WIDTH) if i not in present]  # columns the file lacks
        self.absent_mask = sum(1 << i for i in self.absent)
        self.iso: dict[dt.date, str] = {}

    def __call__(
        self, number: int, values: list[Any], facts: IdFacts | None
    ) -> tuple[int, int, tuple[Any, ...]]:
        defaults, iso, mask = self.defaults, self.iso, self.absent_mask
        row = values[:]
        for i in self.absent:
            row[i] = defaults[i]
        for i in self.present:
            if row[i] is MISSING:
                mask |= 1 << i
                row[i] = defaults[i]
        if facts is not None:  # what the ID number says fills what the file left empty
            if row[BIRTH_AT] is None:
                row[BIRTH_AT] = facts.birth_date
            if values[GENDER_AT] is MISSING:
                row[GENDER_AT] = facts.gender
        for i in DATES_AT:
            day = row[i]
            if day is not None:
                text = iso.get(day)
                if text is None:
                    text = iso[day] = day.isoformat()
                row[i] = text
        return number, mask, (*row, *search_keys(row[NAME_AT], row[ID_AT]))


def check_rows(
    table: Table, send: Callable[[bytes], None], *, groups: dict[str, int], today: dt.date, limit: int | None
) -> None:  # pragma: no cover (runs in the reader's child; covered through check_file)
    """Check every row; send chunks of (rows, listed problems, unlisted count, good rows)."""
    if table.missing:
        return
    reader = RowReader(table, groups, today)
    row_out = _RowOut(reader, today)
    seen: dict[str, int] = {}
    rows = unlisted = listed = 0
    problems: list[tuple[Any, ...]] = []
    good: list[tuple[int, int, tuple[Any, ...]]] = []
    for number, cells in table.rows:
        read = reader.read(cells)
        if read is None:
            continue
        rows += 1
        values, errors, facts = read
        key = values[ID_AT]
        if key is not MISSING and (not errors or all(k != "id_number" for k, _m in errors)):
            first = seen.get(key)
            if first is not None:
                errors.append(("id_number", _("The same ID number is on row %(row)d.") % {"row": first}))
            else:
                seen[key] = number
        if errors:
            for k, message in errors:
                if limit is None or listed < limit:
                    problems.append(reader.problem(number, k, message).as_tuple())
                    listed += 1
                else:
                    unlisted += 1
        else:
            good.append(row_out(number, values, facts))
        if rows % CHUNK_ROWS == 0:
            send(marshal.dumps((rows, problems, unlisted, good)))
            rows = unlisted = 0
            problems, good = [], []
    if rows:
        send(marshal.dumps((rows, problems, unlisted, good)))
