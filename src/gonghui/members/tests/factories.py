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
    joined, gender = fields.get("join_date"), fields.get("gender")

    def fits(p: dict[str, Any]) -> bool:  # old enough to have joined then; the ID number says the gender
        old_enough = (
            joined is None or p["birth_date"].replace(year=p["birth_date"].year + 16, day=1) <= joined
        )
        return old_enough and gender in (None, p["gender"])

    p = _people.person(next(_counter)).as_dict()
    while "id_number" not in fields and not fits(p):
        p = _people.person(next(_counter)).as_dict()
    data = {k: p[k] for k in ("name", "gender", "id_number", "birth_date", "mobile", "join_date", "job")}
    if "id_number" in fields:  # the number says the birth date and gender
        data.pop("birth_date"), data.pop("gender")
    data.update(fields)
    return member_create(actor=None, organization=union, data=data)


RECORD_FACTORIES = {"members": make_member}
