"""Demo helpers shared by the committees and democracy demos: idempotent rows, roster people."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from gonghui.core.scoping import subtree_q
from gonghui.members.models import Member


def ensure(model: type[models.Model], keys: dict[str, Any], **defaults: Any) -> Any:
    """The row with ``keys``, created (validated like any other write) on the first run only."""
    obj = model.objects.filter(**keys).first()
    if obj is not None:
        return obj
    obj = model(**keys, **defaults)
    obj.full_clean()
    obj.save()
    return obj


class People:
    """Members of a union's roster for the demo's seats, picked deterministically (by pk).

    Named people (the chair 王建国 of accounts' demo) are linked when the roster holds them;
    others are the next unused members of the wanted gender. Without a roster (the members
    demo did not run) nobody is linked and the fallback names stand.
    """

    def __init__(self, org: Any, *, subtree: bool = True) -> None:
        try:
            qs = Member.objects.filter(
                subtree_q(org.path, "organization__path") if subtree else Q(organization=org)
            )
            if hasattr(Member, "status"):
                qs = qs.filter(status="active")
            self.members = list(qs.order_by("pk"))
        except Exception:  # the members app is not there: no links
            self.members = []
        self.used: set[int] = set()
        self.by_key: dict[str, Any] = {}

    def named(self, name: str) -> Any:
        found = next((m for m in self.members if m.name == name), None)
        if found is not None:
            self.used.add(found.pk)
        return found

    def pick(self, key: str, gender: str = "") -> Any:
        """The member for ``key`` (the same one each time the key is asked for), or None."""
        if key in self.by_key:
            return self.by_key[key]
        found = next(
            (
                m
                for m in self.members
                if m.pk not in self.used and (not gender or getattr(m, "gender", "") == gender)
            ),
            None,
        )
        if found is not None:
            self.used.add(found.pk)
        self.by_key[key] = found
        return found

    def person(self, key: str, fallback: str, gender: str = "", *, pinned: bool = False) -> dict[str, Any]:
        """Fields of a seat for ``key``: the named member, else a picked member, else the fallback name.

        ``pinned``: the name is fixed by another demo (the chair 王建国 of accounts' demo): it is
        kept, linked only to a member of that name.
        """
        if key in self.by_key:
            member = self.by_key[key]
        else:
            member = self.named(fallback)
            if member is None and not pinned:
                member = self.pick(key, gender)
            self.by_key[key] = member
        if member is not None:
            return {"member": member, "person_name": member.name, "gender": getattr(member, "gender", gender)}
        return {"member": None, "person_name": fallback, "gender": gender}
