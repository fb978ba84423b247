"""One factory per registered record type: makes a valid record inside a given union.

The scoping tests call these for every record type in the registry, so a new
type without a factory fails the suite. Each app adds its own in
``<app>/tests/factories.py`` as ``RECORD_FACTORIES = {slug: callable(union)}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gonghui.conftest import make_org
from gonghui.core.discovery import app_modules
from gonghui.orgs.models import EmployerYear, Organization, OrgType


def _org(union: Organization) -> Organization:
    n = Organization.objects.filter(code__startswith=f"{union.code}-F").count() + 1
    return make_org(union, f"{union.code}-F{n}", OrgType.GROUP, name=f"{union.name}测试小组{n}")


def _employer_year(union: Organization) -> EmployerYear:
    year = 2000 + EmployerYear.objects.filter(organization=union).count()
    return EmployerYear.objects.create(
        organization=union, year=year, employer_name=f"{union.name}单位", employees=100, women_employees=40
    )


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {
    "orgs": _org,
    "employer-years": _employer_year,
}
for _module in app_modules("tests.factories"):
    RECORD_FACTORIES.update(_module.RECORD_FACTORIES)


def make_record(slug: str, union: Organization) -> Any:
    return RECORD_FACTORIES[slug](union)
