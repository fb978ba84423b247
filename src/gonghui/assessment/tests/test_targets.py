"""Targets (目标任务数): the type's target and the union's own, set one at a time, through the
workbook and the API, only by the federation running the campaign; the scoring's selector."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.assessment.models import Assessment, Campaign, Standard, Target
from gonghui.assessment.services import targets as services
from gonghui.assessment.services.standards import standard_from_definition
from gonghui.assessment.targets import target_for, target_metrics, target_values
from gonghui.assessment.tests.conftest import access_of, make_campaign
from gonghui.core.errors import DomainError

P = "/api/v1/assessment"


def _item(code: str, title: str, points: str, rule: dict[str, Any]) -> dict[str, Any]:
    return {"code": code, "title": title, "points": points, "guidance": "", "evidence": "", "rule": rule}


DEFINITION = {
    "code": "target-std",
    "title": "目标任务标准",
    "description": "",
    "unit_types": [],
    "total": "10",
    "bonus_max": "0",
    "grades": [{"name": "达标", "min": "6"}, {"name": "不达标", "min": "0"}],
    "sections": [
        {
            "code": "A",
            "title": "发展会员",
            "points": "10",
            "items": [
                _item(
                    "A1",
                    "新发展会员",
                    "6",
                    {"type": "proportional", "target": "t_count", "full_at": "100", "zero_at": "0"},
                ),
                _item(
                    "A2",
                    "经费",
                    "4",
                    {
                        "type": "deductions",
                        "gate": [{"metric": "t_bool", "is": True}, {"target": "t_amount", "min": "50"}],
                        "deductions": [{"target": "t_rate", "min": "80", "off": "2"}],
                    },
                ),
            ],
        }
    ],
    "bonus": [],
    "veto": [],
}


@pytest.fixture
def target_standard(values: Any) -> Standard:
    standard, _ = standard_from_definition(definition=DEFINITION)
    return standard


@pytest.fixture
def tc(tree: Any, target_standard: Standard, people: Any) -> Campaign:
    """The city's campaign under a standard reading targets: union A and union C (grassroots)."""
    return make_campaign(tree.city, target_standard, people.admin, name="甲市目标考核")


def _set(campaign: Campaign, user: Any, value: Any, **kw: Any) -> Any:
    kw.setdefault("metric", "t_count")
    return services.target_set(access=access_of(user), campaign=campaign, value=value, **kw)


def _values(campaign: Campaign, tree: Any, metric: str = "t_count") -> dict[int, Decimal]:
    return target_values(
        campaign.pk, metric, [(tree.union_a.pk, "grassroots"), (tree.union_c.pk, "grassroots")]
    )


# ---- the selectors ----------------------------------------------------------------------
def test_target_metrics_read_rules_gates_and_deductions(
    target_standard: Standard, standard: Standard
) -> None:
    assert target_metrics(target_standard) == ["t_count", "t_amount", "t_rate"]
    assert target_metrics(standard) == []  # the test standard compares with fixed numbers only
    # What is not a registered metric is no target to set.
    junk = {**DEFINITION, "code": "junk"}
    junk["sections"] = [
        {
            **DEFINITION["sections"][0],
            "items": [
                _item(
                    "A1", "x", "10", {"type": "deductions", "deductions": [{"target": "no_such_metric"}, "x"]}
                )
            ],
        }
    ]
    junk_standard, _ = standard_from_definition(definition=junk)
    assert target_metrics(junk_standard) == []


def test_the_type_target_applies_and_a_union_target_overrides_it(
    tc: Campaign, tree: Any, people: Any
) -> None:
    assert _values(tc, tree) == {}
    _set(tc, people.admin, "100", org_type="grassroots")
    assert _values(tc, tree) == {tree.union_a.pk: Decimal(100), tree.union_c.pk: Decimal(100)}
    _set(tc, people.admin, "40", union=tree.union_a)
    assert _values(tc, tree) == {tree.union_a.pk: Decimal(40), tree.union_c.pk: Decimal(100)}
    assert _values(tc, tree, "t_amount") == {}  # another metric has none
    _set(tc, people.admin, "", union=tree.union_a)  # cleared: back to the type's
    assert _values(tc, tree) == {tree.union_a.pk: Decimal(100), tree.union_c.pk: Decimal(100)}
    _set(tc, people.admin, None, org_type="grassroots")
    _set(tc, people.admin, "7.5", union=tree.union_c)
    assert _values(tc, tree) == {tree.union_c.pk: Decimal("7.5")}
    # A joint union the campaign may cover follows the joint type's target, not the grassroots one.
    assert target_values(tc.pk, "t_count", [(999_999, "joint")]) == {}


@pytest.mark.parametrize("n", [2, 600])
def test_target_values_is_one_query_whatever_the_number_of_unions(
    tc: Campaign, tree: Any, people: Any, n: int, django_assert_max_num_queries: Any
) -> None:
    _set(tc, people.admin, "100", org_type="grassroots")
    _set(tc, people.admin, "30", union=tree.union_c)
    orgs = [(tree.union_a.pk, "grassroots"), (tree.union_c.pk, "grassroots")]
    orgs += [(10_000_000 + i, "joint") for i in range(n - 2)]
    with django_assert_max_num_queries(1):
        got = target_values(tc.pk, "t_count", orgs)
    assert got == {tree.union_a.pk: Decimal(100), tree.union_c.pk: Decimal(30)}


def test_target_for_gives_the_union_its_own_or_its_type_target(
    tc: Campaign, tree: Any, people: Any, django_assert_max_num_queries: Any
) -> None:
    _set(tc, people.admin, "100", org_type="grassroots")
    _set(tc, people.admin, "20", metric="t_amount", union=tree.union_a)
    a = Assessment.objects.select_related("campaign__standard", "organization").get(
        campaign=tc, organization=tree.union_a
    )
    c = Assessment.objects.select_related("campaign__standard", "organization").get(
        campaign=tc, organization=tree.union_c
    )
    with django_assert_max_num_queries(2):
        assert target_for(a) == [("测试t_count", Decimal(100)), ("测试t_amount", Decimal(20))]
    assert target_for(c) == [("测试t_count", Decimal(100))]


# ---- one at a time ----------------------------------------------------------------------
def test_setting_records_who_and_changes_only_what_differs(tc: Campaign, tree: Any, people: Any) -> None:
    out = _set(tc, people.admin, "100", org_type="grassroots")
    assert (out.set, out.unchanged) == (1, 0)
    assert _set(tc, people.admin, "100.00", org_type="grassroots").unchanged == 1
    _set(tc, people.admin, "120", org_type="grassroots")
    _set(tc, people.admin, "", org_type="grassroots")
    history = Target.history.filter(campaign_id=tc.pk).order_by("history_date", "history_id")  # type: ignore[attr-defined]
    assert [(h.history_type, h.value, h.history_user_id) for h in history] == [
        ("+", Decimal(100), people.admin.pk),
        ("~", Decimal(120), people.admin.pk),
        ("-", Decimal(120), people.admin.pk),
    ]
    assert not Target.objects.filter(campaign=tc).exists()


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"value": "abc", "org_type": "grassroots"}, "value"),
        ({"value": "0", "org_type": "grassroots"}, "value"),
        ({"value": "-5", "org_type": "grassroots"}, "value"),
        ({"value": "1.234", "org_type": "grassroots"}, "value"),
        ({"value": "1e30", "org_type": "grassroots"}, "value"),
        ({"value": "5", "org_type": "grassroots", "metric": "t_bool"}, "metric"),  # read by no target rule
        ({"value": "5", "org_type": "branch"}, "org_type"),  # a type the campaign does not cover
        ({"value": "5"}, "union"),  # neither a union nor a type
        ({"value": "5", "union": "union_b"}, "union"),  # another federation's union
        ({"value": "5", "union": "group_a1"}, "union"),  # a group: not assessed
    ],
)
def test_a_wrong_target_is_refused_with_the_field_named(
    tc: Campaign, tree: Any, people: Any, kw: dict[str, Any], field: str
) -> None:
    if "union" in kw:
        kw["union"] = getattr(tree, kw["union"])
    with pytest.raises(DomainError) as e:
        _set(tc, people.admin, **kw)
    assert field in e.value.message_dict
    assert not Target.objects.filter(campaign=tc).exists()


@pytest.mark.parametrize("who", ["chair", "viewer", "inspector", "county_admin"])
def test_only_the_campaigns_managers_set_targets(tc: Campaign, tree: Any, people: Any, who: str) -> None:
    user = getattr(people, who)
    with pytest.raises(PermissionDenied):
        _set(tc, user, "5", org_type="grassroots")
    with pytest.raises(PermissionDenied):
        _set(tc, user, "5", union=tree.union_a)
    with pytest.raises(PermissionDenied):
        services.target_template(access=access_of(user), campaign=tc)
    with pytest.raises(PermissionDenied):
        services.target_import(access=access_of(user), campaign=tc, content=b"", filename="t.xlsx")
    assert not Target.objects.filter(campaign=tc).exists()


# ---- the workbook -----------------------------------------------------------------------
def _sheet(content: bytes) -> list[list[Any]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def _workbook(rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet("目标任务")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    wb.close()
    return buffer.getvalue()


HEAD = ["工会代码", "工会名称", "测试t_count", "测试t_amount", "测试t_rate"]


def test_the_template_lists_the_covered_unions_with_their_own_targets(
    tc: Campaign, tree: Any, people: Any
) -> None:
    _set(tc, people.admin, "100", org_type="grassroots")
    _set(tc, people.admin, "30", union=tree.union_c)
    rows = _sheet(services.target_template(access=access_of(people.admin), campaign=tc))
    assert rows[0] == HEAD
    assert [r[:3] for r in rows[1:]] == [["UA", "甲局工会", ""], ["UC", "丙厂工会", 30.0]]


def test_an_import_sets_clears_and_leaves_the_rest(tc: Campaign, tree: Any, people: Any) -> None:
    _set(tc, people.admin, "30", union=tree.union_c)
    _set(tc, people.admin, "9", metric="t_rate", union=tree.union_c)
    # No column for t_rate: those targets stay as they are.
    content = _workbook([HEAD[:4], ["UA", "甲局工会", 120, "2,000.5"], ["UC", "丙厂工会", None, None]])
    out = services.target_import(
        access=access_of(people.admin), campaign=tc, content=content, filename="t.xlsx"
    )
    assert (out.set, out.cleared) == (2, 1)
    own = {(t.union_id, t.metric): t.value for t in Target.objects.filter(campaign=tc)}
    assert own == {
        (tree.union_a.pk, "t_count"): Decimal(120),
        (tree.union_a.pk, "t_amount"): Decimal("2000.5"),
        (tree.union_c.pk, "t_rate"): Decimal(9),
    }
    # The same file again changes nothing.
    again = services.target_import(
        access=access_of(people.admin), campaign=tc, content=content, filename="t.xlsx"
    )
    assert (again.set, again.cleared) == (0, 0)


def test_an_import_with_any_wrong_cell_writes_nothing_and_names_each_cell(
    tc: Campaign, tree: Any, people: Any
) -> None:
    content = _workbook(
        [
            HEAD,
            ["UA", "甲局工会", 120, "很多", 0],
            ["UC", "丙厂工会", -3, 5, 5],
            ["UB", "乙乡工会", 5],  # another federation's union: not named as such
            ["UA-G1", "甲一小组", 5],  # in the federation, not covered
            ["UA", "甲局工会", 6],
            [None, "无代码", 6],
        ]
    )
    with pytest.raises(services.TargetImportError) as e:
        services.target_import(
            access=access_of(people.admin), campaign=tc, content=content, filename="t.xlsx"
        )
    found = {(p.row, p.column): p.message for p in e.value.problems}
    assert set(found) == {
        (2, "测试t_amount"),
        (2, "测试t_rate"),
        (3, "测试t_count"),
        (4, "工会代码"),
        (5, "工会代码"),
        (6, "工会代码"),
        (7, "工会代码"),
    }
    assert "很多" in found[(2, "测试t_amount")]
    assert "甲市总工会" in found[(4, "工会代码")] and "乙乡" not in found[(4, "工会代码")]
    assert found[(4, "工会代码")] != found[(5, "工会代码")]
    assert "2" in found[(6, "工会代码")]  # already on row 2
    assert e.value.count == 7
    assert not Target.objects.filter(campaign=tc).exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"not a workbook", "t.xlsx"),
        (b"code,value\n", "t.csv"),
        (_workbook([["名称", "测试t_count"], ["甲", 5]]), "t.xlsx"),  # no code column
        (_workbook([["工会代码", "其他"], ["UA", 5]]), "t.xlsx"),  # no target column
        (_workbook([]), "t.xlsx"),
    ],
)
def test_an_unreadable_file_is_refused_with_a_reason(
    tc: Campaign, people: Any, content: bytes, name: str
) -> None:
    with pytest.raises(services.TargetImportError) as e:
        services.target_import(access=access_of(people.admin), campaign=tc, content=content, filename=name)
    assert e.value.problems and all(p.message for p in e.value.problems)


# ---- pages ------------------------------------------------------------------------------
def test_the_page_shows_types_and_unions_and_searches(
    tc: Campaign, tree: Any, people: Any, login: Any
) -> None:
    _set(tc, people.admin, "100", org_type="grassroots")
    _set(tc, people.admin, "30", union=tree.union_c)
    client = login(people.admin)
    url = reverse("assessment:campaign-targets", kwargs={"pk": tc.pk})
    page = client.get(url).content.decode()
    assert "测试t_count" in page and "甲局工会" in page and "丙厂工会" in page
    assert 'value="100"' in page and 'value="30"' in page
    found = client.get(url, {"q": "丙厂"}).content.decode()
    assert "丙厂工会" in found and "甲局工会" not in found
    own = client.get(url, {"own": "1"}).content.decode()
    assert "丙厂工会" in own and "甲局工会" not in own
    detail = client.get(reverse("assessment:campaign", kwargs={"pk": tc.pk})).content.decode()
    assert url in detail


def test_a_standard_without_targets_says_so(campaign: Campaign, people: Any, login: Any) -> None:
    page = login(people.admin).get(reverse("assessment:campaign-targets", kwargs={"pk": campaign.pk}))
    text = page.content.decode()
    assert page.status_code == 200 and "target:" in text and "<table" not in text


def test_a_cell_is_saved_by_htmx_and_a_wrong_value_is_explained(
    tc: Campaign, tree: Any, people: Any, login: Any
) -> None:
    client = login(people.admin)
    url = reverse("assessment:campaign-target-set", kwargs={"pk": tc.pk})
    ok = client.post(
        url, {"metric": "t_count", "union": tree.union_a.pk, "value": "88"}, HTTP_HX_REQUEST="true"
    )
    assert ok.status_code == 200 and 'value="88"' in ok.content.decode()
    assert Target.objects.get(campaign=tc, union=tree.union_a).value == Decimal(88)
    bad = client.post(
        url, {"metric": "t_count", "union": tree.union_a.pk, "value": "0"}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 400 and "大于0" in bad.content.decode()
    assert Target.objects.get(campaign=tc, union=tree.union_a).value == Decimal(88)
    # A union the campaign does not cover is not there to set.
    other = client.post(url, {"metric": "t_count", "union": tree.union_b.pk, "value": "5"})
    assert other.status_code == 404
    by_type = client.post(url, {"metric": "t_count", "org_type": "grassroots", "value": "60"})
    assert by_type.status_code == 302
    assert Target.objects.get(campaign=tc, org_type="grassroots").value == Decimal(60)


def test_the_workbook_goes_down_and_comes_back(tc: Campaign, tree: Any, people: Any, login: Any) -> None:
    client = login(people.admin)
    down = client.get(reverse("assessment:campaign-targets-template", kwargs={"pk": tc.pk}))
    assert down.status_code == 200 and down["Content-Disposition"].startswith("attachment")
    rows = _sheet(down.content)
    rows[1][2] = 150
    rows[2][2] = "x"
    url = reverse("assessment:campaign-targets-import", kwargs={"pk": tc.pk})
    bad = client.post(url, {"file": _named_file(_workbook(rows), "t.xlsx")})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "“x”" in text and "测试t_count" in text
    assert not Target.objects.filter(campaign=tc).exists()
    rows[2][2] = 70
    good = client.post(url, {"file": _named_file(_workbook(rows), "t.xlsx")})
    assert good.status_code == 302
    assert {t.union_id: t.value for t in Target.objects.filter(campaign=tc)} == {
        tree.union_a.pk: Decimal(150),
        tree.union_c.pk: Decimal(70),
    }


def _named_file(content: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f


def test_a_union_sees_its_target_on_its_assessment(tc: Campaign, tree: Any, people: Any, login: Any) -> None:
    _set(tc, people.admin, "100", org_type="grassroots")
    _set(tc, people.admin, "40", union=tree.union_a)
    a = Assessment.objects.get(campaign=tc, organization=tree.union_a)
    page = login(people.chair).get(reverse("assessment:assessment", kwargs={"pk": a.pk})).content.decode()
    assert "测试t_count" in page and "<strong>40</strong>" in page


# ---- who may ----------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["chair", "viewer", "inspector"])
def test_a_reader_of_the_campaign_cannot_reach_its_targets(
    tc: Campaign, tree: Any, people: Any, login: Any, who: str
) -> None:
    client = login(getattr(people, who))
    pk = {"pk": tc.pk}
    # The inspector, assigned to no union of this campaign, does not see the campaign at all.
    refused = 404 if who == "inspector" else 403
    assert client.get(reverse("assessment:campaign-targets", kwargs=pk)).status_code == refused
    assert client.get(reverse("assessment:campaign-targets-template", kwargs=pk)).status_code == refused
    set_url = reverse("assessment:campaign-target-set", kwargs=pk)
    posted = client.post(set_url, {"metric": "t_count", "union": tree.union_a.pk, "value": "5"})
    assert posted.status_code == refused
    upload = client.post(
        reverse("assessment:campaign-targets-import", kwargs=pk),
        {"file": _named_file(_workbook([HEAD, ["UA", "甲局工会", 5]]), "t.xlsx")},
    )
    assert upload.status_code == refused
    assert not Target.objects.filter(campaign=tc).exists()
    if who != "inspector":
        detail = client.get(reverse("assessment:campaign", kwargs=pk)).content.decode()
        assert "甲市目标考核" in detail and reverse("assessment:campaign-targets", kwargs=pk) not in detail


def test_another_federation_gets_404_everywhere(tc: Campaign, tree: Any, people: Any, login: Any) -> None:
    client = login(people.county_admin)
    pk = {"pk": tc.pk}
    for name in ("assessment:campaign-targets", "assessment:campaign-targets-template"):
        assert client.get(reverse(name, kwargs=pk)).status_code == 404
    for name in ("assessment:campaign-target-set", "assessment:campaign-targets-import"):
        resp = client.post(
            reverse(name, kwargs=pk), {"metric": "t_count", "org_type": "grassroots", "value": "5"}
        )
        assert resp.status_code == 404
    _token, raw = token_create(user=people.county_admin, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(f"{P}/campaigns/{tc.pk}/targets").status_code == 404
    body = {"targets": [{"metric": "t_count", "org_type": "grassroots", "value": 5}]}
    assert api.put(f"{P}/campaigns/{tc.pk}/targets", body, content_type="application/json").status_code == 404
    assert not Target.objects.filter(campaign=tc).exists()


# ---- API --------------------------------------------------------------------------------
def _api(user: Any) -> Client:
    _token, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_api_reads_and_writes_targets_all_or_nothing(tc: Campaign, tree: Any, people: Any) -> None:
    api = _api(people.admin)
    url = f"{P}/campaigns/{tc.pk}/targets"
    body = {
        "targets": [
            {"metric": "t_count", "org_type": "grassroots", "value": 100},
            {"metric": "t_count", "union": tree.union_a.pk, "value": "40"},
        ]
    }
    put = api.put(url, body, content_type="application/json")
    assert put.status_code == 200 and put.json() == {"set": 2, "cleared": 0, "unchanged": 0}
    got = api.get(url).json()
    assert {"name": "t_count", "label": "测试t_count"} in got["metrics"]
    assert {(t["union"], t["union_code"], t["org_type"], Decimal(t["value"])) for t in got["targets"]} == {
        (None, None, "grassroots", Decimal(100)),
        (tree.union_a.pk, "UA", "", Decimal(40)),
    }
    wrong = {
        "targets": [
            {"metric": "t_count", "union": tree.union_a.pk, "value": None},  # fine alone: clears
            {"metric": "t_count", "union": tree.union_b.pk, "value": 5},
            {"metric": "t_count", "org_type": "grassroots", "value": -1},
        ]
    }
    bad = api.put(url, wrong, content_type="application/json")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"1.union", "2.value"}
    assert Target.objects.filter(campaign=tc).count() == 2  # the clear was not written either
    cleared = api.put(url, {"targets": wrong["targets"][:1]}, content_type="application/json")
    assert cleared.json() == {"set": 0, "cleared": 1, "unchanged": 0}


def test_a_union_officer_cannot_set_targets_through_the_api(tc: Campaign, tree: Any, people: Any) -> None:
    api = _api(people.chair)
    url = f"{P}/campaigns/{tc.pk}/targets"
    body = {"targets": [{"metric": "t_count", "union": tree.union_a.pk, "value": 500}]}
    assert api.put(url, body, content_type="application/json").status_code == 403
    assert api.get(url).status_code == 403
    assert not Target.objects.filter(campaign=tc).exists()


def test_a_federation_admin_above_manages_the_campaign_targets(
    tc: Campaign, tree: Any, people: Any, make_user: Any
) -> None:
    # A second admin of the same federation (not the campaign's creator) may set them too.
    other = make_user(Role.FEDERATION_ADMIN, tree.city, username="city_admin2")
    _set(tc, other, "5", org_type="joint")
    assert Target.objects.get(campaign=tc).organization_id == tree.city.pk
