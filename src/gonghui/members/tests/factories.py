"""A valid member in a given union (through the service, so that it has its JOIN event)."""

from __future__ import annotations

import itertools
from typing import Any

from gonghui.members.models import Member
from gonghui.members.services import member_create
from gonghui.members.synthetic import People

_people = People(seed=424242)
_counter = itertools.count(1)


def make_member(union: Any, **fields: Any) -> Member:
    p = _people.person(next(_counter)).as_dict()
    joined = fields.get("join_date")
    while joined is not None and p["birth_date"].replace(year=p["birth_date"].year + 16, day=1) > joined:
        p = _people.person(next(_counter)).as_dict()  # someone old enough to have joined then
    data = {k: p[k] for k in ("name", "gender", "id_number", "birth_date", "mobile", "join_date", "job")}
    if "id_number" in fields:  # the number says the birth date and gender
        data.pop("birth_date"), data.pop("gender")
    data.update(fields)
    return member_create(actor=None, organization=union, data=data)


RECORD_FACTORIES = {"members": make_member}
