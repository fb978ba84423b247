"""A draft's blocks as stored in ``SummaryDraft.blocks`` and the pure operations on them.

A draft block is ``Block.as_dict()`` (key, kind, text, figures, fingerprint) plus:

- ``own``: the officer wrote it (key ``own-<hex>``, no figures);
- ``generated``: the composer's text of a generated block as last composed;
- ``edited``: the officer changed the generated text; ``base_figures`` are the figures the
  officer's text was written from;
- ``stale``: edited, and the refreshed figures differ from ``base_figures``
  (then ``old_figures`` = ``base_figures``, ``figures`` = the refreshed ones).

Every function here returns new lists and dicts and touches no database: the services wrap
them in a transaction, the tests call them directly.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.reports.summary.text import Block, Figure

DraftBlock = dict[str, Any]
KINDS = ("h1", "h2", "p")
TEXT_MAX = {"h1": 100, "h2": 100, "p": 5000}
BLOCKS_MAX = 300


def fingerprint(figures: list[dict[str, Any]]) -> str:
    return Block(key="", kind="p", text="", figures=[Figure(**f) for f in figures]).fingerprint


def generated_block(block: Block) -> DraftBlock:
    return {**block.as_dict(), "generated": block.text, "edited": False, "own": False, "stale": False}


def from_summary(blocks: list[Block]) -> list[DraftBlock]:
    return [generated_block(b) for b in blocks]


def own_block(kind: str, text: str) -> DraftBlock:
    return {
        "key": f"own-{uuid.uuid4().hex[:12]}",
        "kind": kind,
        "text": text,
        "figures": [],
        "fingerprint": fingerprint([]),
        "own": True,
        "edited": False,
        "stale": False,
    }


def clean_text(kind: str, text: str) -> str:
    """The text of a block of ``kind`` as stored, or a DomainError on ``text`` in Chinese."""
    if kind not in KINDS:
        raise DomainError({"kind": _("Choose a paragraph, a heading or a subheading.")})
    text = (text or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise DomainError({"text": _("The text contains a character that cannot be saved.")})
    if not text:
        raise DomainError({"text": _("Write the text of the block.")})
    if kind != "p" and "\n" in text:
        raise DomainError({"text": _("A heading is one line.")})
    if len(text) > TEXT_MAX[kind]:
        raise DomainError(
            {
                "text": _("At most %(n)s characters (this text has %(len)s).")
                % {"n": TEXT_MAX[kind], "len": len(text)}
            }
        )
    return text


def _index(blocks: list[DraftBlock], key: str) -> int:
    for i, b in enumerate(blocks):
        if b["key"] == key:
            return i
    raise DomainError(_("This block is no longer in the draft: reload the page."))


def edit(blocks: list[DraftBlock], key: str, text: str) -> list[DraftBlock]:
    """The officer's text for block ``key``; the same text as generated makes it generated again."""
    out = copy.deepcopy(blocks)
    b = out[_index(out, key)]
    text = clean_text(b["kind"], text)
    b["text"] = text
    if b.get("own"):
        return out
    if text == b.get("generated"):
        return _unedit(out, key)
    b.update(edited=True, base_figures=b["figures"], stale=False)
    b.pop("old_figures", None)
    return out


def _unedit(blocks: list[DraftBlock], key: str) -> list[DraftBlock]:
    b = blocks[_index(blocks, key)]
    b.update(text=b.get("generated", b["text"]), edited=False, stale=False)
    b.pop("base_figures", None)
    b.pop("old_figures", None)
    return blocks


def use_generated(blocks: list[DraftBlock], key: str) -> list[DraftBlock]:
    """Drop the officer's text of block ``key`` for the generated one."""
    out = copy.deepcopy(blocks)
    if out[_index(out, key)].get("own"):
        raise DomainError(_("Your own blocks have no generated text."))
    return _unedit(out, key)


def keep_text(blocks: list[DraftBlock], key: str) -> list[DraftBlock]:
    """The officer has read the changed figures and keeps the text: the mark goes."""
    out = copy.deepcopy(blocks)
    b = out[_index(out, key)]
    if b.get("edited"):
        b.update(base_figures=b["figures"], stale=False)
        b.pop("old_figures", None)
    return out


def add(blocks: list[DraftBlock], after: str | None, kind: str, text: str) -> tuple[list[DraftBlock], str]:
    """A block of the officer's after block ``after`` (None: at the start); returns its key too."""
    if len(blocks) >= BLOCKS_MAX:
        raise DomainError(_("A summary holds at most %(n)s blocks.") % {"n": BLOCKS_MAX})
    new = own_block(kind, clean_text(kind, text))
    out = copy.deepcopy(blocks)
    at = 0 if after is None else _index(out, after) + 1
    out.insert(at, new)
    return out, new["key"]


def remove(blocks: list[DraftBlock], key: str) -> list[DraftBlock]:
    out = copy.deepcopy(blocks)
    i = _index(out, key)
    if not out[i].get("own"):
        raise DomainError(_("Only blocks you added can be removed; edit a generated one instead."))
    del out[i]
    return out


def move(blocks: list[DraftBlock], key: str, step: int) -> list[DraftBlock]:
    """Block ``key`` one place up (``step`` -1) or down (+1); at an end it stays."""
    out = copy.deepcopy(blocks)
    i = _index(out, key)
    j = i + (1 if step > 0 else -1)
    if 0 <= j < len(out):
        out[i], out[j] = out[j], out[i]
    return out


def merge(blocks: list[DraftBlock], fresh: list[Block]) -> list[DraftBlock]:
    """The draft ``blocks`` with the freshly composed ``fresh`` blocks merged in.

    - an unedited generated block takes the new text and figures;
    - an edited one keeps the officer's text and takes the new figures; it is marked stale when
      they differ from those its text was written from (``old_figures`` keeps those);
    - a generated block the composer no longer writes goes, unless edited (it stays, its
      figures now none);
    - the officer's own blocks stay where they are; the draft's order is kept;
    - a new generated block goes after its predecessor in ``fresh`` (and after the officer's
      paragraphs that follow it), or first when it has none in the draft.
    """
    by_key: dict[str, Block] = {}
    for b in fresh:
        by_key.setdefault(b.key, b)
    out: list[DraftBlock] = []
    for d in blocks:
        if d.get("own"):
            out.append(copy.deepcopy(d))
            continue
        new = by_key.get(d["key"])
        if not d.get("edited"):
            if new is not None:
                out.append(generated_block(new))
            continue
        kept = copy.deepcopy(d)
        figures = new.as_dict()["figures"] if new is not None else []
        base: list[dict[str, Any]] = kept["base_figures"] if "base_figures" in kept else kept["figures"]
        kept.update(
            figures=figures,
            fingerprint=fingerprint(figures),
            generated=new.text if new is not None else "",
            kind=new.kind if new is not None else kept["kind"],
            base_figures=base,
        )
        if fingerprint(base) != kept["fingerprint"]:
            kept.update(stale=True, old_figures=base)
        else:
            kept["stale"] = False
            kept.pop("old_figures", None)
        out.append(kept)
    present = {d["key"] for d in out}
    for i, b in enumerate(fresh):
        if b.key in present:
            continue
        at = 0
        for prev in reversed(fresh[:i]):
            if prev.key in present:
                at = next(n for n, d in enumerate(out) if d["key"] == prev.key) + 1
                while at < len(out) and out[at].get("own") and out[at]["kind"] == "p":
                    at += 1
                break
        out.insert(at, generated_block(b))
        present.add(b.key)
    return out


def changed_figures(block: DraftBlock) -> list[dict[str, str]]:
    """A stale block's figures as ``{label, old, new}`` where the value changed (or came, or went)."""
    old = {f["key"]: f for f in block.get("old_figures", [])}
    new = {f["key"]: f for f in block.get("figures", [])}
    rows = []
    for key in list(old) + [k for k in new if k not in old]:
        o, n = old.get(key), new.get(key)
        if o is None or n is None or o["value"] != n["value"]:
            label = (n or o or {}).get("label", key)
            rows.append({"label": label, "old": o["value"] if o else "—", "new": n["value"] if n else "—"})
    return rows


def to_blocks(blocks: list[DraftBlock]) -> list[Block]:
    return [Block.from_dict(b) for b in blocks]
