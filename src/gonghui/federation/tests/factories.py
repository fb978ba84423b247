"""A valid annual return inside a given union, for core's shared scoping and export tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gonghui.federation.models import AnnualReturn
from gonghui.orgs.models import Organization


def make_return(union: Organization) -> AnnualReturn:
    year = 2000 + AnnualReturn.objects.filter(organization=union).count()  # one return a year
    return AnnualReturn.objects.create(
        organization=union, year=year, members=40, women_members=15, migrant_members=6, new_members=5
    )


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {"annual-returns": make_return}
