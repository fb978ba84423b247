"""In the reader's child: every row of the file checked, the good ones made ready to insert.

A real roster is mostly good rows whose cells repeat (genders, groups, dates), so a chunk is
read column by column: each column through its cache or one test that vouches for all its
cells at once, in C-level ``map`` calls rather than a Python step per cell. A row that any
column cannot vouch for (a bad cell, an unusual one, an ID document other than the resident
ID) is read again by RowReader, the reference that names every problem; for the rows it
vouches for, the chunk reading gives what RowReader would (a property test holds them equal).
"""

from __future__ import annotations

import datetime as dt
import marshal
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from operator import itemgetter
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from gonghui.core.texts import text as msg
from gonghui.members.choices import EmploymentType, IdType
from gonghui.members.importer.reader import CHUNK_ROWS, Table
from gonghui.members.importer.rows import (
    BIRTH_AT,
    CACHE_SIZE,
    DATES_AT,
    FIELDS,
    GENDER_AT,
    GROUP_AT,
    HAS_LETTER,
    ID_AT,
    ID_TYPE_AT,
    JOIN_AT,
    MISSING,
    NAME_AT,
    POS,
    TEXT_LIMITS,
    WIDTH,
    RowReader,
    attempt,
    is_example,
    search_keys,
)
from gonghui.members.pinyin import name_keys
from gonghui.members.validators import IdFacts, resident_id_facts


def _defaults(today: dt.date) -> list[Any]:
    defaults: list[Any] = ["" for _f in FIELDS]
    defaults[ID_TYPE_AT] = str(IdType.RESIDENT)
    defaults[POS["employment_type"]] = str(EmploymentType.CONTRACT)
    defaults[JOIN_AT], defaults[BIRTH_AT], defaults[GROUP_AT] = today, None, None
    return defaults


class RowOut:
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

    def columns(
        self, values: list[Any], facts: list[IdFacts | None], slow: set[int], n: int
    ) -> list[tuple[int, tuple[Any, ...]] | None]:
        """The same over a chunk's columns (None where the file lacks one): (mask, row) of every
        row not in ``slow``, None for those."""
        defaults, masks = self.defaults, [self.absent_mask] * n
        given = values[GENDER_AT]
        no_gender = [True] * n if given is None else [v is MISSING for v in given]
        for i in range(WIDTH):
            column = values[i]
            if column is None:
                values[i] = [defaults[i]] * n
            elif MISSING in column:
                bit = 1 << i
                for k, v in enumerate(column):
                    if v is MISSING:
                        column[k] = defaults[i]
                        masks[k] |= bit
        # What the ID number says fills what the file left empty.
        values[GENDER_AT] = [
            f[1] if f is not None and empty else g
            for g, f, empty in zip(values[GENDER_AT], facts, no_gender, strict=True)
        ]
        births = values[BIRTH_AT]
        if None in births:
            values[BIRTH_AT] = [
                f[0] if b is None and f is not None else b for b, f in zip(births, facts, strict=True)
            ]
        for i in DATES_AT:
            values[i] = self._iso(values[i])
        names, ids = values[NAME_AT], values[ID_AT]
        for i in slow:  # the search keys of the rows sent (RowReader reads the others)
            names[i] = ids[i] = ""
        keys = list(map(name_keys, names))
        rows = zip(*values, map(_full, keys), map(_initials, keys), map(_reversed, ids), strict=True)
        if not slow:
            return list(zip(masks, rows, strict=True))
        return [
            None if i in slow else (mask, row) for i, (mask, row) in enumerate(zip(masks, rows, strict=True))
        ]

    def _iso(self, days: list[Any]) -> list[Any]:
        iso = self.iso
        texts = list(map(iso.get, days))
        if None in texts:
            for k, day in enumerate(days):
                if texts[k] is None and day is not None and type(day) is dt.date:
                    text = iso.get(day)
                    if text is None:
                        text = iso[day] = day.isoformat()
                    texts[k] = text
        return texts


_RESIDENT = str(IdType.RESIDENT)
SAME_ID = gettext_noop("The same ID number is on row %(row)d.")
_PROVINCE_PERMITS = frozenset({"81", "82", "83"})  # a resident-ID layout, but another document type
_PLAIN_ID = re.compile(r"[0-9]{17}[0-9X]", re.ASCII).fullmatch
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}", re.ASCII).fullmatch
_is_nfkc = partial(unicodedata.is_normalized, "NFKC")
_EMPTY = (True, MISSING)  # an empty cell, as a column cache holds it
_ok, _value = itemgetter(0), itemgetter(1)  # of a cache's (ok, value or message)
_full, _initials = itemgetter(0), itemgetter(1)  # of name_keys' (full spelling, initials)
_reversed = itemgetter(slice(None, None, -1))


def _all_str(cells: Sequence[Any]) -> bool:
    return all(type(v) is str for v in cells)


class ChunkReader:
    """Reads a chunk's rows column by column: for each row, its ready row (as RowOut makes it)
    or None where RowReader must read the row."""

    def __init__(self, reader: RowReader, out: RowOut) -> None:
        self.reader, self.out, self.today = reader, out, reader.today
        for _j, _pos, _key, _read, cache in reader.cached:
            cache[None] = cache[""] = _EMPTY  # RowReader never asks: it skips empty cells first
        self.columns = [(j, pos, key, read, cache) for j, pos, key, read, cache in reader.readers if pos >= 0]
        self.seq = reader.seq
        self.id_type = next((j for j, _p, key, *_r in reader.readers if key == "id_type"), None)

    def _column(self, cells: Sequence[Any], key: str, read: Any, cache: dict[Any, Any] | None) -> list[Any]:
        """The column's values (MISSING for an empty cell, None for a cell its row must be read for)."""
        if cache is not None:
            got = list(map(cache.get, cells))
            if None in got:  # values not met before
                for i, hit in enumerate(got):
                    if hit is None:
                        v = cells[i]
                        hit = cache.get(v)  # met earlier in this chunk
                        if hit is None:
                            hit = attempt(read, v)
                            if len(cache) < CACHE_SIZE:
                                cache[v] = hit
                        got[i] = hit
            values = list(map(_value, got))
            if False in map(_ok, got):
                for i, hit in enumerate(got):
                    if not hit[0]:
                        values[i] = None
            return values
        fast = self._plain(cells, key)
        if fast is not None:
            return fast
        values = []
        for v in cells:  # an unusual column: each cell by itself
            if v is None or v == "":
                values.append(MISSING)
            else:
                hit = attempt(read, v)
                values.append(hit[1] if hit[0] else None)
        return values

    @staticmethod
    def _plain(cells: Sequence[Any], key: str) -> list[Any] | None:
        """The column's values when every cell is plain text needing no change but trimming."""
        if not _all_str(cells) or "" in cells:
            return None
        if key == "id_number":
            return list(cells) if all(map(_PLAIN_ID, cells)) else None
        if key == "mobile":
            return list(cells) if all(map(_PLAIN_MOBILE, cells)) else None
        if not all(map(_is_nfkc, cells)):
            return None
        values = list(map(str.strip, cells))
        limit = TEXT_LIMITS.get(key)
        if limit and max(map(len, values)) > limit:
            return None
        return list(map(str.upper, values)) if key == "card_number" else values

    def __call__(self, rows: list[list[Any]]) -> list[tuple[int, tuple[Any, ...]] | None]:
        n = len(rows)
        width = max(map(len, rows))
        if width == min(map(len, rows)):
            table = list(zip(*rows, strict=True))
        else:  # short rows (CSV): the missing cells are empty
            table = list(zip(*[[*r, *[None] * (width - len(r))] for r in rows], strict=True))
        absent = (None,) * n
        values: list[Any] = [None] * WIDTH
        slow = set()
        for j, pos, key, read, cache in self.columns:
            column = self._column(table[j] if j < width else absent, key, read, cache)
            if None in column:
                slow.update(i for i, v in enumerate(column) if v is None)
            values[pos] = column
        names, ids = values[NAME_AT], values[ID_AT]
        for column in (names, ids):  # required: an empty one is read (and named) by RowReader
            if MISSING in column:
                slow.update(i for i, v in enumerate(column) if v is MISSING)
        if self.seq is not None and self.seq < width:
            slow.update(i for i, v in enumerate(table[self.seq]) if is_example(v))
        if self.id_type is not None:  # permits and passports: RowReader
            slow.update(i for i, v in enumerate(values[ID_TYPE_AT]) if v is not MISSING and v != _RESIDENT)
        facts = [
            self._facts(i, number, name, slow)
            for i, (number, name) in enumerate(zip(ids, names, strict=True))
        ]
        births, genders = values[BIRTH_AT], values[GENDER_AT]
        for i, f in enumerate(facts):
            if f is not None:
                b, g = births[i] if births else MISSING, genders[i] if genders else MISSING
                if (b is not MISSING and b is not None and b != f[0]) or (
                    g is not MISSING and g and g != f[1]
                ):
                    slow.add(i)
        return self.out.columns(values, facts, slow, n)

    def _facts(self, i: int, number: Any, name: Any, slow: set[int]) -> IdFacts | None:
        if i in slow or number is None or name is None or number[:2] in _PROVINCE_PERMITS:
            slow.add(i)
            return None
        if not HAS_LETTER.search(name):
            slow.add(i)
            return None
        try:
            return resident_id_facts(number, self.today)
        except ValidationError:
            slow.add(i)
            return None


def _chunks(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[list[int], list[list[Any]]]]:
    numbers: list[int] = []
    cells: list[list[Any]] = []
    size = max(CHUNK_ROWS // 8, 1)  # a small first chunk: the writer waits for it alone
    for number, row in rows:
        numbers.append(number)
        cells.append(row)
        if len(numbers) >= size:
            yield numbers, cells
            numbers, cells, size = [], [], CHUNK_ROWS
    if numbers:
        yield numbers, cells


def check_rows(
    table: Table, send: Callable[[bytes], None], *, groups: dict[str, int], today: dt.date, limit: int | None
) -> None:  # pragma: no cover (runs in the reader's child; covered through check_file)
    """Check every row; send chunks of (rows, listed problems, unlisted count, good rows)."""
    if table.missing:
        return
    reader = RowReader(table, groups, today)
    row_out = RowOut(reader, today)
    read_chunk = ChunkReader(reader, row_out)
    seen: dict[str, int] = {}
    listed = 0
    for numbers, chunk in _chunks(table.rows):
        rows = unlisted = 0
        problems: list[tuple[Any, ...]] = []
        good: list[tuple[int, int, tuple[Any, ...]]] = []
        for number, cells, ready in zip(numbers, chunk, read_chunk(chunk), strict=True):
            if ready is not None:
                rows += 1
                key = ready[1][ID_AT]
                first = seen.get(key)
                if first is None:
                    seen[key] = number
                    good.append((number, *ready))
                    continue
                errors = [("id_number", msg(SAME_ID, row=first))]
            else:
                read = reader.read(cells)
                if read is None:
                    continue
                rows += 1
                values, errors, facts = read
                key = values[ID_AT]
                if key is not MISSING and all(k != "id_number" for k, _m in errors):
                    first = seen.get(key)
                    if first is not None:
                        errors.append(("id_number", msg(SAME_ID, row=first)))
                    else:
                        seen[key] = number
                if not errors:
                    good.append(row_out(number, values, facts))
                    continue
            for k, message in errors:
                if limit is None or listed < limit:
                    problems.append(reader.problem(number, k, message).as_tuple())
                    listed += 1
                else:
                    unlisted += 1
        send(marshal.dumps((rows, problems, unlisted, good)))
