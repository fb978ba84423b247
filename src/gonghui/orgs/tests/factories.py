"""Valid covered employers and area facts inside a given union, for the scoping tests and this app's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gonghui.orgs.models import AreaYear, CoveredEmployer, Organization
from gonghui.orgs.validators import with_check_char


def make_covered(union: Organization, **kw: Any) -> CoveredEmployer:
    n = CoveredEmployer.objects.count() + 1
    kw.setdefault("name", f"{union.name}覆盖单位{n}")
    kw.setdefault("credit_code", with_check_char(f"92341122MA{n:07d}"))
    kw.setdefault("employees", 20)
    kw.setdefault("women_employees", 8)
    kw.setdefault("migrant_workers", 5)
    kw.setdefault("joined_on", dt.date(2024, 3, 1))
    return CoveredEmployer.objects.create(organization=union, **kw)


def make_area(union: Organization, **kw: Any) -> AreaYear:
    kw.setdefault("year", 2000 + AreaYear.objects.filter(organization=union).count())
    kw.setdefault("population", 30_000)
    kw.setdefault("villages", 12)
    kw.setdefault("communities", 3)
    kw.setdefault("employers", 200)
    kw.setdefault("employees_in_area", 4_000)
    return AreaYear.objects.create(organization=union, **kw)


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {
    "covered-employers": make_covered,
    "area-years": make_area,
}
