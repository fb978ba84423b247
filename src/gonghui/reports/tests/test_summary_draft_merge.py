"""The draft's pure operations: refreshing keeps the officer's work (``drafts.merge``)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gonghui.reports.summary import drafts
from gonghui.reports.summary.text import Block, Figure


def members(n: int, rate: int = 100) -> Block:
    figs = [
        Figure("member_count", "会员人数", f"{n}人", "/members/"),
        Figure("enrollment_rate", "入会率", f"{rate}%"),
    ]
    return Block("basics.members", "p", f"现有会员{n}人，入会率{rate}%。", figs)


def composed(n: int = 426, *extra: Block) -> list[Block]:
    return [
        Block("basics", "h1", "基本情况"),
        members(n),
        Block("org", "h1", "组织建设"),
        Block("org.committee", "p", "工会委员会委员7人。", [Figure("committee_size", "委员人数", "7人")]),
        *extra,
    ]


def keys(blocks: list[drafts.DraftBlock]) -> list[str]:
    return [b["key"] for b in blocks]


def by_key(blocks: list[drafts.DraftBlock], key: str) -> drafts.DraftBlock:
    return next(b for b in blocks if b["key"] == key)


def test_unedited_blocks_take_the_new_text_and_figures() -> None:
    draft = drafts.from_summary(composed(426))
    merged = drafts.merge(draft, composed(430))
    b = by_key(merged, "basics.members")
    assert b["text"] == "现有会员430人，入会率100%。"
    assert b["figures"][0]["value"] == "430人"
    assert b["fingerprint"] == members(430).fingerprint
    assert not b["stale"] and not b["edited"]
    assert keys(merged) == keys(draft)


def test_edited_block_keeps_its_text_and_is_marked_when_its_figures_changed() -> None:
    draft = drafts.edit(drafts.from_summary(composed(426)), "basics.members", "我会现有会员426人，全员入会。")
    merged = drafts.merge(draft, composed(430))
    b = by_key(merged, "basics.members")
    assert b["text"] == "我会现有会员426人，全员入会。"
    assert b["edited"] and b["stale"]
    assert [f["value"] for f in b["old_figures"]] == ["426人", "100%"]
    assert [f["value"] for f in b["figures"]] == ["430人", "100%"]
    assert b["generated"] == "现有会员430人，入会率100%。"
    assert drafts.changed_figures(b) == [{"label": "会员人数", "old": "426人", "new": "430人"}]


def test_edited_block_with_the_same_figures_is_not_marked() -> None:
    draft = drafts.edit(drafts.from_summary(composed(426)), "basics.members", "改写的句子。")
    merged = drafts.merge(draft, composed(426))
    b = by_key(merged, "basics.members")
    assert b["text"] == "改写的句子。" and b["edited"] and not b["stale"]
    assert "old_figures" not in b


def test_marked_block_stays_marked_until_acknowledged_and_compares_with_the_written_figures() -> None:
    draft = drafts.edit(drafts.from_summary(composed(426)), "basics.members", "改写。")
    once = drafts.merge(draft, composed(430))
    twice = drafts.merge(once, composed(430))
    assert by_key(twice, "basics.members")["stale"]  # still differs from 426, what the text says
    back = drafts.merge(twice, composed(426))
    assert not by_key(back, "basics.members")["stale"]  # the figures are what the text was written from
    kept = drafts.keep_text(twice, "basics.members")
    b = by_key(kept, "basics.members")
    assert not b["stale"] and b["text"] == "改写。"
    assert not by_key(drafts.merge(kept, composed(430)), "basics.members")["stale"]
    assert by_key(drafts.merge(kept, composed(431)), "basics.members")["stale"]


def test_editing_a_marked_block_clears_the_mark() -> None:
    stale = drafts.merge(
        drafts.edit(drafts.from_summary(composed(426)), "basics.members", "旧。"), composed(430)
    )
    b = by_key(drafts.edit(stale, "basics.members", "现有会员430人。"), "basics.members")
    assert not b["stale"] and b["edited"] and [f["value"] for f in b["base_figures"]] == ["430人", "100%"]


def test_own_blocks_stay_in_place() -> None:
    draft = drafts.from_summary(composed(426))
    draft, own_p = drafts.add(draft, "basics.members", "p", "我会还开展了读书活动。")
    draft, own_h = drafts.add(draft, "org.committee", "h1", "其他工作")
    draft, first = drafts.add(draft, None, "p", "开篇语。")
    merged = drafts.merge(draft, composed(430))
    assert keys(merged) == [first, "basics", "basics.members", own_p, "org", "org.committee", own_h]
    assert by_key(merged, own_p)["text"] == "我会还开展了读书活动。" and by_key(merged, own_p)["own"]


def test_new_generated_blocks_appear_in_their_section() -> None:
    draft = drafts.from_summary(composed(426))
    draft, own_p = drafts.add(draft, "basics.members", "p", "补充说明。")
    draft, own_h = drafts.add(draft, own_p, "h1", "自加一节")
    groups = Block("basics.groups", "p", "下设小组49个。", [Figure("group_count", "小组数", "49个")])
    fresh = composed(426)
    fresh.insert(2, groups)  # after basics.members, before 组织建设
    merged = drafts.merge(draft, fresh)
    # after its predecessor and the officer's paragraph that follows it, before the officer's heading
    assert keys(merged) == ["basics", "basics.members", own_p, "basics.groups", own_h, "org", "org.committee"]
    assert by_key(merged, "basics.groups")["text"] == "下设小组49个。"


def test_a_new_first_block_and_a_new_section_at_the_end() -> None:
    draft = drafts.from_summary(composed(426))
    intro = Block("intro", "p", "引言。")
    tail = [Block("plans", "h1", "下一步打算"), Block("plans.tasks", "p", "整改任务2项。")]
    merged = drafts.merge(draft, [intro, *composed(426), *tail])
    assert keys(merged) == [
        "intro",
        "basics",
        "basics.members",
        "org",
        "org.committee",
        "plans",
        "plans.tasks",
    ]


def test_blocks_the_composer_no_longer_writes() -> None:
    draft = drafts.from_summary(composed(426))
    draft = drafts.edit(draft, "basics.members", "我的文字。")
    fresh = [b for b in composed(426) if b.key not in ("basics.members", "org.committee")]
    merged = drafts.merge(draft, fresh)
    assert "org.committee" not in keys(merged)  # unedited: gone
    b = by_key(merged, "basics.members")  # edited: kept, its figures now none, marked
    assert b["text"] == "我的文字。" and b["figures"] == [] and b["stale"]
    assert {c["new"] for c in drafts.changed_figures(b)} == {"—"}


def test_the_officers_order_is_kept() -> None:
    draft = drafts.move(drafts.from_summary(composed(426)), "org.committee", -1)
    assert keys(draft) == ["basics", "basics.members", "org.committee", "org"]
    merged = drafts.merge(draft, composed(430))
    assert keys(merged) == ["basics", "basics.members", "org.committee", "org"]


def test_merge_does_not_change_its_input() -> None:
    draft = drafts.edit(drafts.from_summary(composed(426)), "basics.members", "x")
    before = [dict(b) for b in draft]
    drafts.merge(draft, composed(430))
    assert draft == before


def test_editing_back_to_the_generated_text_makes_it_generated_again() -> None:
    draft = drafts.edit(drafts.from_summary(composed(426)), "basics.members", "x")
    b = by_key(drafts.edit(draft, "basics.members", "现有会员426人，入会率100%。"), "basics.members")
    assert not b["edited"] and "base_figures" not in b
    b = by_key(drafts.use_generated(draft, "basics.members"), "basics.members")
    assert b["text"] == "现有会员426人，入会率100%。" and not b["edited"]


def test_moves_stop_at_the_ends() -> None:
    draft = drafts.from_summary(composed(426))
    assert keys(drafts.move(draft, "basics", -1)) == keys(draft)
    assert keys(drafts.move(draft, "org.committee", 1)) == keys(draft)
    assert keys(drafts.move(draft, "basics", 1))[:2] == ["basics.members", "basics"]


def test_only_own_blocks_are_removed() -> None:
    draft, own = drafts.add(drafts.from_summary(composed(426)), "basics", "p", "自写。")
    assert own not in keys(drafts.remove(draft, own))
    with pytest.raises(ValidationError):
        drafts.remove(draft, "basics.members")


@pytest.mark.parametrize(
    ("kind", "text", "field"),
    [
        ("p", "   ", "text"),
        ("h1", "两行\n标题", "text"),
        ("h1", "长" * 101, "text"),
        ("p", "长" * 5001, "text"),
        ("p", "a\x00b", "text"),
        ("h3", "标题", "kind"),
    ],
)
def test_bad_text_is_refused_in_chinese(kind: str, text: str, field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        drafts.clean_text(kind, text)
    assert field in exc.value.message_dict


def test_unknown_key_is_refused() -> None:
    with pytest.raises(ValidationError):
        drafts.edit(drafts.from_summary(composed(426)), "nope", "x")


def test_block_count_is_bounded() -> None:
    many = [drafts.own_block("p", "x") for _ in range(drafts.BLOCKS_MAX)]
    with pytest.raises(ValidationError):
        drafts.add(many, None, "p", "one more")
