"""Scores from the records: every rule, checklist sums, bonus cap, veto, grades; zeros without
records; a failing metric fails the run; N unions cost the same queries as one."""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 (short in tables of numbers)
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.accounts.roles import Role
from gonghui.assessment.models import Assessment, Campaign, ItemScore
from gonghui.assessment.scoring import compile_standard, grade_for, totals
from gonghui.assessment.services.scores import score_assessments
from gonghui.assessment.tests.conftest import make_campaign
from gonghui.conftest import make_org
from gonghui.core.metrics import Kind, Metric, MetricError, registry
from gonghui.orgs.models import Organization


def _set(values: Any, org: Any, **metrics: Any) -> None:
    for name, value in metrics.items():
        values[name][org.pk] = value


def test_a_union_with_no_records_scores_zero_and_is_vetoed(assessment_a: Assessment) -> None:
    a = assessment_a
    assert a.computed_at is not None
    # Zero values everywhere; only the capped deduction (B1: 12 expected, at most 3 off) keeps 1.
    assert a.self_total == 1 and a.score == 1
    assert a.vetoed and a.grade == "不达标"  # F1 (boolean on t_bool) fails without records
    assert a.computed["A1"] == [0, "0"]
    # a rate without base is unknown: 0 points, and the entry says why
    assert a.computed["A2"] == [None, "0", {"u": ["metric", "t_rate"]}]
    assert a.computed["A3.2"] == [None, None]  # manual: nobody scored it


def _judge_veto(a: Assessment, met: bool = True) -> None:
    """A person judged the manual veto F2 (no serious incident)."""
    ItemScore.objects.create(
        organization=a.organization,
        assessment=a,
        criterion=a.campaign.standard.criteria.get(code="F2"),
        self_points=D(1 if met else 0),
    )


def test_every_rule_kind_counts_into_the_totals(values: Any, campaign: Campaign, tree: Any) -> None:
    _set(values, tree.union_a, t_count=11, t_rate=D("60.00"), t_bool=True, t_amount=D("150.00"))
    _judge_veto(Assessment.objects.get(campaign=campaign, organization=tree.union_a))
    score_assessments(Assessment.objects.filter(campaign=campaign))
    a = Assessment.objects.get(campaign=campaign, organization=tree.union_a)
    got = {code: e[1] for code, e in a.computed.items()}
    # A1 bands ≥10 → 4; A2 (60-40)/(80-40)·4 = 2; A3.1 boolean → 2; B1 12 expected, 11 → −1 → 3;
    # B2 150 ≥ 100 → 4; J2 11 < 20 → 0; F1 true → passes.
    assert (D(got["A1"]), D(got["A2"]), D(got["A3.1"]), D(got["B1"]), D(got["B2"])) == (4, 2, 2, 3, 4)
    assert D(got["J2"]) == 0 and D(got["F1"]) == 1
    assert a.self_total == D(15) and a.points["A3"] == "2.00" and not a.vetoed
    assert a.grade == "达标"
    c = Assessment.objects.get(campaign=campaign, organization=tree.union_c)
    assert c.self_total == 1  # the other union, computed in the same run, has its own values


def test_bonus_is_capped_and_veto_overrides_the_grade(standard: Any) -> None:
    compiled = compile_standard(standard)
    full = {n.code: [None, str(n.points)] for n in compiled.leaves}
    overrides = {"A3.2": (D(2), None), "J1": (D(2), None)}
    t = totals(compiled, full, overrides)
    assert t.self_total == D(22)  # 20 + bonus (2 + 1) capped at 2
    assert grade_for(compiled, t.self_total, t.self_vetoed) == "优秀"
    t = totals(compiled, full, {**overrides, "F2": (D(0), None)})  # a manual veto marked triggered
    assert t.self_vetoed and grade_for(compiled, t.self_total, t.self_vetoed) == "不达标"
    # The inspector's column: their score, else the computed one, else the union's.
    t = totals(compiled, full, {"A3.2": (D(2), D(1)), "B2": (D(1), None)})
    assert t.review_points["A3.2"] == 1 and t.review_points["B2"] == 4 and t.self_points["B2"] == 1


def test_grades_follow_the_bands(standard: Any) -> None:
    compiled = compile_standard(standard)
    assert [grade_for(compiled, D(x), False) for x in ("20", "18", "17.99", "12", "0")] == [
        "优秀",
        "优秀",
        "达标",
        "达标",
        "不达标",
    ]


def test_people_scores_survive_recomputation(values: Any, assessment_a: Assessment, tree: Any) -> None:
    ItemScore.objects.create(
        organization=tree.union_a,
        assessment=assessment_a,
        criterion=assessment_a.campaign.standard.criteria.get(code="A3.2"),
        self_points=D("1.5"),
    )
    _set(values, tree.union_a, t_bool=True)
    _judge_veto(assessment_a)
    score_assessments(Assessment.objects.filter(pk=assessment_a.pk))
    assessment_a.refresh_from_db()
    assert assessment_a.self_total == D("4.5")  # A3.1 2 + A3.2 1.5 + B1 (12 short, at most 3 off) 1
    assert not assessment_a.vetoed


def test_a_failing_metric_fails_the_run_and_writes_nothing(
    values: Any, campaign: Campaign, tree: Any
) -> None:
    before = list(Assessment.objects.filter(campaign=campaign).values_list("computed_at", flat=True))

    def broken(orgs: Any, period: Any) -> dict:
        raise ValueError("坏了")

    registry._metrics["t_amount"] = Metric("t_amount", "坏", Kind.AMOUNT, broken)
    _set(values, tree.union_a, t_count=20)
    with pytest.raises(MetricError, match="t_amount"):
        score_assessments(Assessment.objects.filter(campaign=campaign))
    assert list(Assessment.objects.filter(campaign=campaign).values_list("computed_at", flat=True)) == before


def test_scoring_is_set_based(values: Any, standard: Any, tree: Any, make_user: Any) -> None:
    """Scoring 30 unions costs the same queries as scoring 3: each metric once for all."""
    admin = make_user(Role.FEDERATION_ADMIN, tree.county)
    for i in range(27):
        make_org(tree.county, f"UBX{i:02d}")
    small_root = make_org(None, "SMALL", "federation", name="小县总工会")
    for i in range(3):
        make_org(small_root, f"UBS{i}")
    big = make_campaign(tree.county, standard, admin)
    small = make_campaign(small_root, standard, make_user(Role.FEDERATION_ADMIN, small_root))
    for org in Organization.objects.filter(code__startswith="UB"):
        _set(values, org, t_count=org.pk % 13, t_bool=org.pk % 2 == 0)
    counts = {}
    for name, c in (("big", big), ("small", small)):
        with CaptureQueriesContext(connection) as ctx:
            n = score_assessments(Assessment.objects.filter(campaign=c))
        counts[name] = (n, len(ctx.captured_queries))
    assert counts["big"][0] == 28 and counts["small"][0] == 3
    assert counts["big"][1] == counts["small"][1], counts


def test_the_fast_path_agrees_with_the_reference_rules(standard: Any) -> None:
    """``bulk.score_many`` (columns, memoized) gives what ``evaluate`` + ``totals`` give, value for value."""
    import json
    import random

    from gonghui.assessment.bulk import score_many
    from gonghui.assessment.measures import Column
    from gonghui.assessment.scoring import computed_json, evaluate

    compiled = compile_standard(standard)
    rnd = random.Random(4)
    ids = list(range(1, 201))
    values = {
        "t_count": {pk: rnd.choice([0, 1, 4, 5, 9, 10, 11, 12, 20, 25]) for pk in ids},
        "t_rate": {
            pk: rnd.choice([None, D("0.00"), D("40.00"), D("55.50"), D("80.00"), D("99.99")]) for pk in ids
        },
        "t_bool": {pk: rnd.random() < 0.5 for pk in ids},
        "t_amount": {pk: D(rnd.choice(["0.00", "99.99", "100.00", "500.00"])) for pk in ids},
    }
    overrides = {7: {"A3.2": (D("1.5"), None), "J1": (D(2), D(1))}, 9: {"F2": (D(0), None)}}
    columns = {name: Column(col) for name, col in values.items()}
    columns["t_rate"].reasons = {pk: ("metric", "t_rate") for pk, v in values["t_rate"].items() if v is None}
    fast = score_many(compiled, columns, ids, overrides)
    reference = evaluate(compiled, columns, ids)
    for pk in ids:
        t = totals(compiled, reference[pk], overrides.get(pk))
        assert json.loads(fast[pk].computed) == computed_json(reference[pk])
        assert {k: D(v) for k, v in json.loads(fast[pk].points).items()} == t.self_points
        assert (fast[pk].self_total, fast[pk].review_total, fast[pk].vetoed) == (
            t.self_total,
            t.review_total,
            t.self_vetoed,
        )
        assert fast[pk].grade == grade_for(compiled, t.self_total, t.self_vetoed, bool(t.self_short))
    assert fast[9].vetoed


def test_a_run_cut_off_while_writing_leaves_every_campaign_as_it_was(
    values: Any, campaign: Campaign, tree: Any, make_user: Any, monkeypatch: Any
) -> None:
    """A database that goes away between two campaigns' writes (a restart): the first campaign's
    scores, already written, are rolled back with the rest; a rerun scores both in full."""
    from django.db import OperationalError

    from gonghui.assessment.services import scores

    county = make_campaign(tree.county, campaign.standard, make_user(Role.FEDERATION_ADMIN, tree.county))
    both = Assessment.objects.filter(campaign__in=[campaign, county])
    _set(values, tree.union_a, t_count=20, t_bool=True)
    _set(values, tree.union_b, t_count=20, t_bool=True)
    before = dict(both.values_list("pk", "self_total"))
    write, calls = scores._write, []

    def cut_off(rows: Any) -> None:
        calls.append(len(rows))
        if len(calls) == 2:
            raise OperationalError("server closed the connection unexpectedly")
        write(rows)

    monkeypatch.setattr(scores, "_write", cut_off)
    with pytest.raises(OperationalError):
        score_assessments(both)
    assert len(calls) == 2 and dict(both.values_list("pk", "self_total")) == before
    monkeypatch.setattr(scores, "_write", write)
    assert score_assessments(both) == len(before)
    after = dict(both.values_list("pk", "self_total"))
    union_b = Assessment.objects.get(campaign=county, organization=tree.union_b)
    assert after != before and after[union_b.pk] > 0
