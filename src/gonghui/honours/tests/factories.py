"""Valid honours inside a given union, for the scoping tests and this app's tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gonghui.honours.models import Honour, HonourLevel
from gonghui.orgs.models import Organization


def make_honour(union: Organization, **kw: Any) -> Honour:
    kw.setdefault("title", "模范职工之家")
    kw.setdefault("level", HonourLevel.CITY)
    kw.setdefault("awarded_by", "市总工会")
    kw.setdefault("awarded_on", dt.date(2025, 4, 28))
    kw.setdefault("recipient_name", union.name)
    honour = Honour(organization=union, **kw)
    honour.full_clean()
    honour.save()
    return honour


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {"honours": make_honour}
