"""The whole federation: joint-union kinds, covered employers, township facts and union counts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.conftest import make_org
from gonghui.core.metrics import Period, compute, registry
from gonghui.members.models import EmploymentType
from gonghui.members.tests.factories import make_member
from gonghui.orgs.models import AreaYear, CoveredEmployer, EmployerYear, JointKind, Organization, OrgType
from gonghui.orgs.services import org_create
from gonghui.orgs.tests.factories import make_area, make_covered
from gonghui.orgs.validators import with_check_char

D = dt.date
GOOD_CODE = with_check_char("92341122MA2R1C3D4")
BAD_CODE = GOOD_CODE[:17] + ("0" if GOOD_CODE[17] != "0" else "1")
CHECK_MESSAGE = "统一社会信用代码的校验码不正确"


@pytest.fixture
def joint(tree: Any) -> Organization:
    """A township federation under the city with a regional joint union."""
    township = make_org(tree.city, "CG", OrgType.TOWNSHIP, name="城关镇总工会")
    return make_org(
        township, "CG-SM", OrgType.JOINT, name="城关镇商贸区域性工会联合会", joint_kind="regional"
    )


@pytest.fixture
def joint_chair(joint: Organization, make_user: Any, login: Any) -> Client:
    return login(make_user(Role.CHAIR, joint))


# ---- joint-union kind --------------------------------------------------------------------------
def test_a_joint_kind_on_another_type_is_refused_in_chinese(tree: Any) -> None:
    with pytest.raises(ValidationError) as e:
        org_create(
            parent=tree.city,
            data={"code": "XX", "name": "某厂工会", "org_type": OrgType.GRASSROOTS, "joint_kind": "sector"},
        )
    assert "只有联合基层工会才有联合工会类别" in str(e.value.message_dict["joint_kind"])
    assert not Organization.objects.filter(code="XX").exists()


def test_a_joint_union_with_or_without_a_kind_is_kept(tree: Any) -> None:
    sector = org_create(
        parent=tree.city,
        data={
            "code": "JZ",
            "name": "建筑业行业工会联合会",
            "org_type": OrgType.JOINT,
            "joint_kind": "sector",
        },
    )
    plain = org_create(parent=tree.city, data={"code": "LH", "name": "联合工会", "org_type": OrgType.JOINT})
    assert sector.get_joint_kind_display() == "行业性工会联合会" and plain.joint_kind == ""


def test_the_org_form_refuses_a_joint_kind_on_a_grassroots_union(
    tree: Any, make_user: Any, login: Any
) -> None:
    client = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    resp = client.post(
        reverse("records:create", kwargs={"rt": "orgs"}),
        {
            "owner": tree.city.pk,
            "code": "YY",
            "name": "某厂工会",
            "org_type": "grassroots",
            "joint_kind": "park",
        },
    )
    assert resp.status_code == 400
    assert "只有联合基层工会才有联合工会类别" in resp.content.decode()


def test_the_joint_union_page_shows_its_kind_and_its_covered_employers(
    joint: Organization, joint_chair: Client
) -> None:
    make_covered(joint, name="城关镇华联超市")
    make_covered(joint, name="城关镇永兴五金店", joined_on=D(2019, 3, 12), left_on=D(2025, 6, 30))
    page = joint_chair.get(reverse("records:detail", kwargs={"rt": "orgs", "pk": joint.pk})).content.decode()
    assert "区域性工会联合会" in page
    assert "当前覆盖 1 家单位" in page and "城关镇华联超市" in page and "城关镇永兴五金店" not in page
    assert f"/covered-employers/?org={joint.pk}&amp;coverage=current" in page


# ---- covered employers -------------------------------------------------------------------------
def _employer_form(**kw: Any) -> dict[str, Any]:
    return {
        "name": "城关镇百家福餐饮店",
        "credit_code": GOOD_CODE,
        "employees": 22,
        "women_employees": 14,
        "migrant_workers": 16,
        "joined_on": "2025-05-08",
        **kw,
    }


def test_a_covered_employer_is_entered_under_its_joint_union(
    joint: Organization, joint_chair: Client
) -> None:
    resp = joint_chair.post(
        reverse("records:create", kwargs={"rt": "covered-employers"}), {"owner": joint.pk, **_employer_form()}
    )
    assert resp.status_code == 302
    assert CoveredEmployer.objects.get().organization == joint


def test_a_wrong_check_character_is_refused_on_the_page(joint: Organization, joint_chair: Client) -> None:
    resp = joint_chair.post(
        reverse("records:create", kwargs={"rt": "covered-employers"}),
        {"owner": joint.pk, **_employer_form(credit_code=BAD_CODE)},
    )
    assert resp.status_code == 400 and CHECK_MESSAGE in resp.content.decode()
    assert not CoveredEmployer.objects.exists()


def test_a_wrong_check_character_is_refused_by_the_api(joint: Organization, make_user: Any) -> None:
    _token, raw = token_create(user=make_user(Role.CHAIR, joint), name="test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    data = {"organization": joint.pk, **_employer_form(credit_code=BAD_CODE)}
    resp = api.post("/api/v1/covered-employers/", data, content_type="application/json")
    assert resp.status_code in (400, 422) and CHECK_MESSAGE in json.dumps(resp.json(), ensure_ascii=False)
    assert not CoveredEmployer.objects.exists()
    resp = api.post(
        "/api/v1/covered-employers/", {**data, "credit_code": GOOD_CODE}, content_type="application/json"
    )
    assert resp.status_code in (200, 201) and CoveredEmployer.objects.get().credit_code == GOOD_CODE


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"left_on": "2025-01-01"}, "left_on", "覆盖截止日期不能早于覆盖起始日期"),
        ({"women_employees": 30}, "women_employees", ""),
        ({"migrant_workers": 23}, "migrant_workers", ""),
    ],
)
def test_impossible_coverage_facts_are_refused(
    joint: Organization, joint_chair: Client, change: dict[str, Any], field: str, message: str
) -> None:
    resp = joint_chair.post(
        reverse("records:create", kwargs={"rt": "covered-employers"}),
        {"owner": joint.pk, **_employer_form(**change)},
    )
    assert resp.status_code == 400
    assert field in resp.context["form"].errors
    assert message in resp.content.decode()
    assert not CoveredEmployer.objects.exists()


def test_covered_employers_only_belong_to_joint_unions(tree: Any, make_user: Any, login: Any) -> None:
    client = login(make_user(Role.CHAIR, tree.union_a))
    resp = client.post(
        reverse("records:create", kwargs={"rt": "covered-employers"}),
        {"owner": tree.union_a.pk, **_employer_form()},
    )
    assert resp.status_code in (400, 403) and not CoveredEmployer.objects.exists()


def test_the_coverage_filter_and_the_search(joint: Organization, joint_chair: Client) -> None:
    make_covered(joint, name="城关镇华联超市", credit_code=GOOD_CODE)
    make_covered(joint, name="城关镇永兴五金店", left_on=D(2025, 6, 30))
    url = reverse("records:list", kwargs={"rt": "covered-employers"})
    current = joint_chair.get(url, {"coverage": "current"}).content.decode()
    assert "城关镇华联超市" in current and "城关镇永兴五金店" not in current
    left = joint_chair.get(url, {"coverage": "left"}).content.decode()
    assert "城关镇永兴五金店" in left and "城关镇华联超市" not in left
    found = joint_chair.get(url, {"q": GOOD_CODE}).content.decode()
    assert "城关镇华联超市" in found and "城关镇永兴五金店" not in found


# ---- scoping -----------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", ["covered-employers", "area-years"])
def test_another_unions_user_sees_nothing(tree: Any, make_user: Any, login: Any, slug: str) -> None:
    theirs_org = make_org(tree.county, "HP", OrgType.TOWNSHIP, name="黄坡镇总工会")
    if slug == "covered-employers":
        theirs_org = make_org(theirs_org, "HP-LH", OrgType.JOINT, name="黄坡镇联合工会")
        theirs = make_covered(theirs_org, name="黄坡镇兴旺农资店")
    else:
        theirs = make_area(theirs_org, year=2025, note="黄坡镇")
    client = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    for name in ("records:detail", "records:update", "records:history"):
        assert client.get(reverse(name, kwargs={"rt": slug, "pk": theirs.pk})).status_code == 404
    listing = client.get(reverse("records:list", kwargs={"rt": slug})).content.decode()
    assert f"/{slug}/{theirs.pk}/" not in listing and "黄坡镇" not in listing
    assert client.get(reverse("records:list", kwargs={"rt": slug}), {"org": theirs_org.pk}).status_code == 404
    _token, raw = token_create(user=make_user(Role.FEDERATION_ADMIN, tree.city), name="test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(f"/api/v1/{slug}/{theirs.pk}/").status_code == 404
    assert str(theirs.pk) not in [str(r["id"]) for r in api.get(f"/api/v1/{slug}/").json()["items"]]


# ---- area facts --------------------------------------------------------------------------------
def test_area_facts_belong_to_townships_and_federations_once_a_year(
    tree: Any, make_user: Any, login: Any
) -> None:
    township = make_org(tree.city, "CG", OrgType.TOWNSHIP, name="城关镇总工会")
    client = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    url = reverse("records:create", kwargs={"rt": "area-years"})
    data = {"year": 2025, "villages": 12, "communities": 6, "employers": 1240, "employees_in_area": 14800}
    assert client.post(url, {"owner": township.pk, **data}).status_code == 302
    again = client.post(url, {"owner": township.pk, **data})
    assert again.status_code == 400 and AreaYear.objects.count() == 1
    assert client.post(url, {"owner": tree.union_a.pk, **data}).status_code == 400


# ---- metrics -----------------------------------------------------------------------------------
def _federation(tree: Any) -> dict[str, Organization]:
    """city ─ township CG ─ joint SM (2 covered now, 1 left, 1 joined 2025), joint JZ (1), the
    grassroots unions of each unit kind, a branch; a dissolved union and one founded in 2026."""
    cg = make_org(tree.city, "CG", OrgType.TOWNSHIP, name="城关镇总工会")
    o = {
        "cg": cg,
        "sm": make_org(cg, "CG-SM", OrgType.JOINT, joint_kind=JointKind.REGIONAL),
        "jz": make_org(cg, "CG-JZ", OrgType.JOINT, joint_kind=JointKind.SECTOR),
        "jg": make_org(cg, "CG-JG", unit_kind="agency"),
        "xx": make_org(cg, "CG-XX", unit_kind="institution"),
        "ng": make_org(cg, "CG-NG", unit_kind="village"),
        "xy": make_org(cg, "CG-XY", unit_kind="enterprise", founded_on=D(2010, 5, 1)),
        "late": make_org(cg, "CG-LATE", unit_kind="enterprise", founded_on=D(2026, 2, 1)),
        "gone": make_org(cg, "CG-GONE", unit_kind="enterprise"),
    }
    o["b1"] = make_org(o["xy"], "CG-XY-B1", OrgType.BRANCH)
    Organization.objects.filter(pk=o["gone"].pk).update(status="dissolved", dissolved_on=D(2025, 3, 1))
    make_covered(o["sm"], employees=38, joined_on=D(2016, 4, 20))
    make_covered(o["sm"], employees=46, joined_on=D(2025, 5, 8))
    make_covered(o["sm"], employees=8, joined_on=D(2019, 3, 12), left_on=D(2025, 6, 30))
    make_covered(o["sm"], employees=12, joined_on=D(2026, 1, 5))
    make_covered(o["jz"], employees=60, joined_on=D(2019, 5, 1))
    return o


def test_union_counts_by_type_roll_up_to_the_township_and_the_city(tree: Any) -> None:
    o = _federation(tree)
    names = [
        "unions_existing",
        "enterprise_unions_existing",
        "agency_unions_existing",
        "institution_unions_existing",
        "village_unions_existing",
        "joint_unions_existing",
        "branch_union_count",
    ]
    orgs = Organization.objects.filter(pk__in=[tree.city.pk, o["cg"].pk, o["xy"].pk, tree.county.pk])
    v = compute(orgs, Period.year(2025), names)
    cg, city = o["cg"].pk, tree.city.pk
    # Township: SM, JZ, JG, XX, NG, XY (the dissolved one and the one founded in 2026 do not count).
    assert v["unions_existing"][cg] == 6
    assert v["unions_existing"][city] == 8  # and the city's unions A and C
    assert v["enterprise_unions_existing"][cg] == 1 and v["agency_unions_existing"][cg] == 1
    assert v["institution_unions_existing"][cg] == 1 and v["village_unions_existing"][cg] == 1
    assert v["joint_unions_existing"] == {city: 2, cg: 2, o["xy"].pk: 0, tree.county.pk: 0}
    assert v["branch_union_count"][cg] == 1 and v["branch_union_count"][o["xy"].pk] == 1
    assert v["unions_existing"][tree.county.pk] == 1
    evidence = registry.get("joint_unions_existing").evidence(o["cg"], Period.year(2025))
    assert {x.code for x in evidence} == {"CG-SM", "CG-JZ"}
    # The year before, the union dissolved in 2025 still counted.
    assert (
        compute(orgs, Period.year(2024), ["enterprise_unions_existing"])["enterprise_unions_existing"][cg]
        == 2
    )


def test_covered_employer_metrics_roll_up(tree: Any) -> None:
    o = _federation(tree)
    names = ["covered_employers", "employers_newly_covered", "covered_employees"]
    orgs = Organization.objects.filter(pk__in=[tree.city.pk, o["cg"].pk, o["sm"].pk, tree.county.pk])
    v = compute(orgs, Period.year(2025), names)
    sm, cg, city = o["sm"].pk, o["cg"].pk, tree.city.pk
    assert v["covered_employers"] == {sm: 2, cg: 3, city: 3, tree.county.pk: 0}
    assert v["employers_newly_covered"][sm] == 1 and v["employers_newly_covered"][city] == 1
    assert v["covered_employees"][sm] == 84 and v["covered_employees"][cg] == 144
    evidence = registry.get("covered_employers").evidence(o["cg"], Period.year(2025))
    assert sorted(e.employees for e in evidence) == [38, 46, 60]
    # Mid-2025 the employer that left on 30 June was still covered.
    mid = compute(orgs, Period(D(2025, 1, 1), D(2025, 6, 29)), ["covered_employers"])["covered_employers"]
    assert mid[sm] == 3


def test_employer_details_and_dispatched_enrollment(tree: Any) -> None:
    EmployerYear.objects.create(
        organization=tree.union_a,
        year=2025,
        employer_name="甲局",
        employees=100,
        dispatched_workers=4,
        above_scale=True,
        average_wage="68500.00",
    )
    EmployerYear.objects.create(organization=tree.union_c, year=2025, employer_name="丙厂", employees=30)
    for i in range(3):
        make_member(
            tree.union_a,
            join_date=D(2024, 1, 1),
            employment_type=EmploymentType.DISPATCHED,
            union_group=tree.group_a1 if i == 0 else None,
        )
    make_member(tree.union_a, join_date=D(2024, 1, 1))
    orgs = Organization.objects.filter(pk__in=[tree.city.pk, tree.union_a.pk, tree.union_c.pk])
    v = compute(orgs, Period.year(2025), ["dispatched_enrollment_rate", "above_scale_employers"])
    assert str(v["dispatched_enrollment_rate"][tree.union_a.pk]) == "75.00"  # 3 of 4
    assert str(v["dispatched_enrollment_rate"][tree.city.pk]) == "75.00"
    assert v["dispatched_enrollment_rate"][tree.union_c.pk] is None  # no dispatched workers entered
    assert v["above_scale_employers"] == {tree.city.pk: 1, tree.union_a.pk: 1, tree.union_c.pk: 0}
    m = registry.get("dispatched_enrollment_rate")
    assert m.unknown and m.entered_at is not None
    assert len(m.evidence(tree.union_a, Period.year(2025))) == 3


def test_dispatched_workers_cannot_exceed_employees(tree: Any, make_user: Any, login: Any) -> None:
    client = login(make_user(Role.CHAIR, tree.union_a))
    resp = client.post(
        reverse("records:create", kwargs={"rt": "employer-years"}),
        {
            "owner": tree.union_a.pk,
            "year": 2025,
            "employer_name": "甲局",
            "employees": 10,
            "dispatched_workers": 11,
        },
    )
    assert resp.status_code == 400 and "劳务派遣工人数不能超过职工人数" in resp.content.decode()


def test_area_metrics_add_up_the_townships(tree: Any) -> None:
    cg = make_org(tree.city, "CG", OrgType.TOWNSHIP)
    hp = make_org(tree.city, "HP", OrgType.TOWNSHIP)
    make_area(cg, year=2025, employers=1240, employees_in_area=14800)
    make_area(hp, year=2025, employers=310, employees_in_area=3650)
    make_area(hp, year=2024, employers=290, employees_in_area=3400)
    orgs = Organization.objects.filter(pk__in=[tree.city.pk, cg.pk, tree.county.pk])
    v = compute(orgs, Period.year(2025), ["area_employers", "area_employees"])
    assert v["area_employers"] == {tree.city.pk: 1550, cg.pk: 1240, tree.county.pk: 0}
    assert v["area_employees"][tree.city.pk] == 18450
