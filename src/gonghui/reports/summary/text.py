"""The annual work summary as data: what the composer writes, the draft page edits and the
Word document, the print view and the CLI render.

A summary is a flat list of blocks. Headings carry no numbers: the renderers number them
("一、" for level 1, "（一）" for level 2), so a heading the officer adds is numbered too.
Every generated paragraph names the figures it states, each with a link to the records behind
it; its ``fingerprint`` changes when any figure does, which is how a refreshed draft marks an
edited paragraph whose figures have changed since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["h1", "h2", "p"]
CN_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Figure:
    key: str  # stable: a metric name or "<record type>.<what>", e.g. "member_count"
    label: str  # 会员人数
    value: str  # as printed: "426人", "100%", "3.2万元"
    url: str = ""  # the records behind it (a filtered list or the metric's evidence), "" if none


@dataclass
class Block:
    key: str  # stable across refreshes: "basics.members"; an officer's own block: "own-<uuid>"
    kind: BlockKind
    text: str
    figures: list[Figure] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        raw = json.dumps([(f.key, f.value) for f in self.figures], ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "fingerprint": self.fingerprint}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        return cls(
            key=d["key"], kind=d["kind"], text=d["text"], figures=[Figure(**f) for f in d.get("figures", [])]
        )


@dataclass
class Summary:
    organization: str  # the union's full name, printed under the title and at the end
    year: int
    title: str  # 某某工会2025年度工作总结
    date: dt.date  # the date printed at the end
    blocks: list[Block] = field(default_factory=list)


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for a report's headings)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_NUMBERS[tens - 1]
    return head + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def numbered(blocks: list[Block]) -> list[tuple[str, Block]]:
    """Each block with its heading number: ("一、", h1), ("（一）", h2), ("", p)."""
    out: list[tuple[str, Block]] = []
    h1 = h2 = 0
    for b in blocks:
        if b.kind == "h1":
            h1, h2 = h1 + 1, 0
            out.append((f"{cn_number(h1)}、", b))
        elif b.kind == "h2":
            h2 += 1
            out.append((f"（{cn_number(h2)}）", b))
        else:
            out.append(("", b))
    return out
