"""Demo helpers shared by the protection, skills and activities demos: idempotent rows, roster people."""

from __future__ import annotations

from typing import Any

from django.db import models

from gonghui.core.scoping import subtree_q
from gonghui.members.models import Member

# Names used when the members demo has not filled the roster (deterministic, no two alike).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = ["建华", "志强", "丽娟", "海涛", "秀英", "国庆", "春梅", "明亮", "晓东", "文静", "红霞", "永刚"]


def fallback_name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]


def ensure(model: type[models.Model], keys: dict[str, Any], **defaults: Any) -> Any:
    """The row with ``keys``, created and validated like any other write on the first run only."""
    obj = model.objects.filter(**keys).first()
    if obj is not None:
        return obj
    obj = model(**keys, **defaults)
    obj.full_clean()
    obj.save()
    return obj


class Roster:
    """A union's members for the demo, picked deterministically (by pk); empty without the members demo."""

    def __init__(self, org: Any) -> None:
        qs = Member.objects.filter(subtree_q(org.path, "organization__path"), status="active")
        self.members = list(qs.order_by("pk"))
        self.used: set[int] = set()

    def of_group(self, group: Any, n: int = 1_000_000) -> list[Any]:
        return [m for m in self.members if m.union_group_id == group.pk][:n]

    def take(self, candidates: list[Any] | None = None) -> Any:
        """The first member not taken yet (of ``candidates``, else of the union), or None."""
        pool = self.members if candidates is None else candidates
        found = next((m for m in pool if m.pk not in self.used), None)
        if found is not None:
            self.used.add(found.pk)
        return found
