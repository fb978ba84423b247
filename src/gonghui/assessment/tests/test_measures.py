"""The measures of a rule computed from real records at their edges: a ratio over a zero or
unknown base, counts and sums filtered by value or by Chinese label, the last and first day of
a year, quarters and half-years, N years, shares of the unions below (direct or all, by type,
none below), and the union's own report standing in only where the records give nothing.

(``target:`` is not tested here: the targets of a campaign are written in another branch.)"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.activities.models import ActivityKind, Occasion
from gonghui.activities.tests.factories import make_activity
from gonghui.assessment import measures
from gonghui.assessment.loader import StandardFileError, read_definition
from gonghui.assessment.management.commands.bench_score import build_federation
from gonghui.assessment.models import Assessment, Criterion, ItemScore
from gonghui.assessment.tests.kit import load, rescore, scored, standard_text
from gonghui.conftest import make_org
from gonghui.orgs.models import Organization, OrgStatus, OrgType


def item(code: str, rule: dict[str, Any], points: int = 2, **kw: Any) -> dict[str, Any]:
    return {"code": code, "title": f"项目{code}", "points": points, "rule": rule, **kw}


def at_least(n: Any, **measure: Any) -> dict[str, Any]:
    return {"type": "threshold", "min": n, **measure}


def test_a_ratio_over_a_zero_or_unknown_base_is_unknown_because_of_the_base(
    tree: Any, people: Any, values: Any
) -> None:
    make_activity(tree.union_a, occasion=Occasion.LABOUR_DAY)
    make_activity(tree.union_a, occasion=Occasion.OTHER)
    values["t_count"][tree.union_a.pk] = None  # the base of R2 is not known for union A
    values["t_count"][tree.union_c.pk] = 4
    std = load(
        [
            item("R1", at_least(50, ratio=["festival_activity_count", "activity_count"])),
            item("R2", at_least(50, ratio=["activity_count", "t_count"])),
        ]
    )
    got = scored(tree, people, std)
    a, c = got["UA"].computed, got["UC"].computed
    assert a["R1"] == ["50.00", "2.00"]  # exactly at min: full points
    assert c["R1"] == [None, "0", {"u": ["base", "activity_count"]}]  # no activity: a base of 0
    assert a["R2"] == [None, "0", {"u": ["base", "t_count"]}]  # a base nobody knows
    assert c["R2"] == ["0.00", "0"]  # a part of 0 over a known base is a real 0 %


def test_counts_and_sums_filtered_by_value_and_by_chinese_label(tree: Any, people: Any, db: Any) -> None:
    make_activity(tree.union_a, occasion=Occasion.LABOUR_DAY, kind=ActivityKind.SPORTS, participant_count=30)
    make_activity(tree.union_a, occasion=Occasion.LABOUR_DAY, kind=ActivityKind.CULTURE, participant_count=7)
    make_activity(tree.union_a, occasion=Occasion.NEW_YEAR, kind=ActivityKind.SPORTS, participant_count=100)
    make_activity(tree.union_c, occasion=Occasion.OTHER, kind=ActivityKind.READING, participant_count=5)
    std = load(
        [
            item("C1", at_least(2, count="activities", where={"occasion": "labour_day"})),
            item("C2", at_least(2, count="activities", where={"occasion": "“五一”劳动节"})),
            item("C4", at_least(3, count="activities", where={"kind": ["体育", "culture"]})),
            item("M1", at_least(100, sum="activities.participant_count", where={"kind": "体育"})),
        ]
    )
    rules = dict(Criterion.objects.filter(standard=std).values_list("code", "rule"))
    # The label is stored as the value it names: the two items read the same records.
    assert rules["C1"]["where"] == rules["C2"]["where"] == {"occasion": ["labour_day"]}
    assert rules["C4"]["where"] == {"kind": ["culture", "sports"]}
    got = scored(tree, people, std)
    a, c = got["UA"].computed, got["UC"].computed
    assert a["C1"] == a["C2"] == [2, "2.00"]
    assert c["C1"] == c["C2"] == [0, "0"]
    assert a["C4"] == [3, "2.00"]
    assert a["M1"] == [130, "2.00"] and c["M1"] == [0, "0"]  # 30 + 100 of the sports activities


def test_where_on_a_field_that_cannot_be_filtered_or_a_value_it_does_not_take_is_refused(
    db: Any,
) -> None:
    bad = [
        (item("W", at_least(1, count="activities", where={"place": "礼堂"})), ["place", "occasion, kind"]),
        (item("W", at_least(1, count="activities", where={"occasion": "中秋"})), ["中秋", "labour_day"]),
        (item("W", at_least(1, metric="activity_count", where={"kind": "sports"})), ["where"]),
        (item("W", at_least(1, count="activities", where={"occasion": []})), ["occasion"]),
    ]
    for entry, words in bad:
        text = standard_text([entry])
        with pytest.raises(StandardFileError) as e:
            read_definition(text.encode(), "s.yaml")
        [message] = e.value.messages
        line = next(i for i, row in enumerate(text.splitlines(), 1) if "where:" in row)
        # the message names the line of the where (the rule's line when where sits inline)
        assert message.startswith("第 "), message
        assert int(message.split()[1]) in range(line - 3, line + 1), (message, line)
        for w in words:
            assert w in message, (w, message)


def test_a_record_on_the_last_day_of_the_year_counts_and_one_on_the_first_day_of_the_next_does_not(
    tree: Any, people: Any, db: Any
) -> None:
    make_activity(tree.union_a, held_on=dt.date(2025, 12, 31))
    make_activity(tree.union_a, held_on=dt.date(2025, 1, 1))
    make_activity(tree.union_c, held_on=dt.date(2026, 1, 1))
    make_activity(tree.union_c, held_on=dt.date(2024, 12, 31))
    got = scored(tree, people, load([item("P", at_least(1, count="activities"))]))
    assert got["UA"].computed["P"] == [2, "2.00"]
    assert got["UC"].computed["P"] == [0, "0"]


def test_each_quarter_and_each_half_take_the_smallest_and_a_quarter_without_records_fails(
    tree: Any, people: Any, db: Any
) -> None:
    for day in (dt.date(2025, 1, 1), dt.date(2025, 4, 1), dt.date(2025, 7, 1), dt.date(2025, 12, 31)):
        make_activity(tree.union_a, held_on=day)
    make_activity(tree.union_a, held_on=dt.date(2025, 12, 30))  # Q4 has two: the smallest is still 1
    for day in (dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30)):
        make_activity(tree.union_c, held_on=day)  # nothing from October to December
    std = load(
        [
            item("Q", at_least(1, count="activities", every="quarter")),
            item("Q2", at_least(1, count="activities", every="季度")),
            item("H", at_least(1, count="activities", every="half")),
            item("Y", at_least(5, count="activities")),
        ]
    )
    got = scored(tree, people, std)
    a, c = got["UA"].computed, got["UC"].computed
    assert a["Q"] == a["Q2"] == [1, "2.00"]
    assert c["Q"] == c["Q2"] == [0, "0"]  # the fourth quarter had none
    assert c["H"] == [1, "2.00"]  # Sep 30 lies in the second half
    assert a["Y"] == [5, "2.00"] and c["Y"] == [3, "0"]


def test_years_count_the_n_years_up_to_the_campaign_year_not_the_one_before(
    tree: Any, people: Any, db: Any
) -> None:
    make_activity(tree.union_a, held_on=dt.date(2023, 1, 1))
    make_activity(tree.union_a, held_on=dt.date(2025, 12, 31))
    make_activity(tree.union_a, held_on=dt.date(2026, 1, 1))  # after the campaign year
    make_activity(tree.union_c, held_on=dt.date(2022, 12, 31))  # the fourth year back
    std = load(
        [
            item("N", at_least(2, count="activities", years=3)),
            item("Z", {"type": "threshold", "max": 0, "count": "activities", "years": 3}),
        ]
    )
    got = scored(tree, people, std)
    a, c = got["UA"].computed, got["UC"].computed
    assert a["N"] == [2, "2.00"] and a["Z"] == [2, "0"]
    assert c["N"] == [0, "0"] and c["Z"] == [0, "2.00"]  # "none in three years" holds


@pytest.fixture
def deep(tree: Any) -> Any:
    """union A ─ group 1, group 2, branch S ─ its group SG, a dissolved group X; activities in group 1,
    SG and X."""
    tree.sub = make_org(tree.union_a, "UA-S", OrgType.BRANCH, name="甲局分工会")
    tree.sub_group = make_org(tree.sub, "UA-S-G", OrgType.GROUP, name="分工会小组")
    tree.closed = make_org(tree.union_a, "UA-X", OrgType.GROUP, name="已撤销小组")
    Organization.objects.filter(pk=tree.closed.pk).update(status=OrgStatus.DISSOLVED)
    tree.refresh()
    make_activity(tree.group_a1)
    make_activity(tree.sub_group)
    make_activity(tree.closed)
    return tree


def test_a_share_counts_the_unions_directly_below_or_all_below_by_type_and_none_below_is_unknown(
    deep: Any, people: Any, db: Any
) -> None:
    has_one = {"count": "activities", "min": 1}
    std = load(
        [
            item("D", at_least(60, share={**has_one, "of": "children"})),
            item("D2", at_least(60, share={**has_one, "of": "直属"})),
            item("T", at_least(60, share={**has_one})),  # subtree by default
            item("G", at_least(60, share={**has_one, "types": ["group"]})),
            item("G2", at_least(60, share={**has_one, "types": "工会小组", "of": "children"})),
        ]
    )
    got = scored(deep, people, std)
    a, c = got["UA"].computed, got["UC"].computed
    # directly below A: group 1 (yes), group 2 (no), branch S (yes: its group's activity counts)
    assert a["D"] == a["D2"] == ["66.67", "2.00"]
    assert a["T"] == ["75.00", "2.00"]  # and SG (yes); a dissolved group is not counted
    assert a["G"] == ["66.67", "2.00"]  # groups only: 1, 2 and SG
    assert a["G2"] == ["50.00", "0"]  # groups directly below: 1 and 2
    assert c["D"] == [None, "0", {"u": ["none_below", ""]}]  # nobody below union C


def test_a_share_refuses_an_unknown_key_and_a_wrong_of(db: Any) -> None:
    for share, word in (
        ({"count": "activities", "min": 1, "of": "siblings"}, "children"),
        ({"count": "activities", "min": 1, "every": "quarter"}, "every"),
    ):
        text = standard_text([item("X", at_least(50, share=share))])
        with pytest.raises(StandardFileError) as e:
            read_definition(text.encode(), "s.yaml")
        assert word in e.value.messages[0], e.value.messages


def _report(a: Assessment, code: str, **values: str) -> None:
    ItemScore.objects.create(
        organization=a.organization,
        assessment=a,
        criterion=Criterion.objects.get(standard=a.campaign.standard, code=code),
        reported=values,
    )


def test_the_union_s_report_stands_in_only_where_the_records_give_nothing(
    tree: Any, people: Any, db: Any
) -> None:
    fields = [{"key": "times", "label": "开展次数", "type": "times"}]
    make_activity(tree.union_a)
    make_activity(tree.union_a)
    std = load(
        [
            item("R", at_least(3, count="activities", reported="times"), fields=fields),
            item("O", at_least(3, reported="times"), fields=fields),  # the report alone
        ]
    )
    got = scored(tree, people, std)
    for code in ("UA", "UC"):
        _report(got[code], "R", times="5")
    _report(got["UA"], "O", times="4")
    got = rescore(got["UA"].campaign)
    a, c = got["UA"].computed, got["UC"].computed
    assert a["R"] == [2, "0"]  # the records give 2: the report of 5 is not read
    assert c["R"] == [5, "2.00", {"s": 1}]  # no record: the report counts, marked as self-reported
    assert a["O"] == [4, "2.00", {"s": 1}]
    assert c["O"] == [None, "0", {"u": ["reported", "开展次数"]}]


def test_a_report_of_another_kind_than_the_records_is_refused(db: Any) -> None:
    fields = [{"key": "rate", "label": "比例", "type": "percent"}]
    text = standard_text([item("R", at_least(3, count="activities", reported="rate"), fields=fields)])
    with pytest.raises(StandardFileError) as e:
        read_definition(text.encode(), "s.yaml")
    assert "rate" in e.value.messages[0]
    text = standard_text([item("R", at_least(3, count="activities", reported="nope"), fields=fields)])
    with pytest.raises(StandardFileError) as e:
        read_definition(text.encode(), "s.yaml")
    assert "rate" in e.value.messages[0]  # names the fields the item has


def test_a_share_of_children_counts_only_the_children_when_targets_sit_at_several_depths(deep: Any) -> None:
    """A federation and its unions scored together: the federation's children are its unions,
    not also the groups found below the unions (its grandchildren)."""
    make_activity(deep.union_c)
    measure = measures.parse({"share": {"count": "activities", "min": 1, "of": "children"}})
    subtree = measures.parse({"share": {"count": "activities", "min": 1}})
    assert measure is not None and subtree is not None
    orgs = Organization.objects.filter(pk__in=[deep.city.pk, deep.union_a.pk, deep.union_c.pk])
    cols = measures.compute_all({"c": measure, "s": subtree}, measures.Context(orgs, 2025))
    # below the city: union A (its groups' activities count: yes) and union C (yes)
    assert cols["c"].values[deep.city.pk] == Decimal("100.00")
    # all below the city: A, C, group 1 (yes), group 2 (no), S (yes), SG (yes) — X is dissolved
    assert cols["s"].values[deep.city.pk] == Decimal("83.33")
    assert cols["c"].values[deep.union_a.pk] == Decimal("66.67")


def test_a_share_costs_the_same_queries_for_many_unions_as_for_few(db: Any) -> None:
    """More than 2,000 unions at one depth (the old code split their paths in lists of 2,000
    parameters, a query each)."""
    measure = measures.parse({"share": {"count": "activities", "min": 1, "of": "children"}})
    assert measure is not None
    root = build_federation("SHARE", 2001)
    unions = Organization.objects.filter(path__startswith=root.path, depth=2)

    def queries(orgs: Any) -> tuple[int, Any]:
        with CaptureQueriesContext(connection) as ctx:
            col = measures.compute_all({"c": measure}, measures.Context(orgs, 2025))["c"]
        return len(ctx.captured_queries), col

    few, _col = queries(unions.filter(code="SHARE-00000"))
    many, col = queries(unions)
    assert many == few
    assert len(col.values) == 2001 and set(col.values.values()) == {Decimal("0.00")}
