"""Hardship files: who may see them, masking elsewhere, the computed category, review, exit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.accounts.services import token_create
from gonghui.care.models import FileStatus, HardshipFile, HardshipReview
from gonghui.care.services import hardship
from gonghui.care.tests.helpers import D, make_case, make_file, make_standard

FORM = {
    "assessed_on": "2025-03-01",
    "causes": ["illness", "schooling"],
    "annual_income": "30000",
    "rigid_expenses": "6000",
    "household_size": "3",
}


def _api(user: Any) -> Client:
    _token, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_only_holders_of_the_hardship_right_see_the_files(care: Any, login: Any) -> None:
    file = make_file(care.tree.union_a, care.member, situation="本人尿毒症透析")
    detail = reverse("records:detail", kwargs={"rt": "hardship-files", "pk": file.pk})
    listing = reverse("records:list", kwargs={"rt": "hardship-files"})
    export = reverse("records:export", kwargs={"rt": "hardship-files"})

    chair = login(care.chair)
    assert chair.get(detail).status_code == 200
    assert "张伟" in chair.get(listing).content.decode()
    assert _api(care.chair).get(f"/api/v1/hardship-files/{file.pk}").status_code == 200

    for user in (
        care.finance,
        care.auditor,
        care.leader,
        care.leader_union,
        care.viewer,
        care.admin,
        care.chair_b,
    ):
        c = login(user)
        assert c.get(detail).status_code == 404, user
        page = c.get(listing, {"org": care.tree.union_a.pk})
        assert "张伟" not in page.content.decode() and "透析" not in page.content.decode(), user
        body = b"".join(c.get(export, {"format": "csv"}).streaming_content).decode()
        assert "张伟" not in body and "透析" not in body
        api = _api(user)
        assert api.get(f"/api/v1/hardship-files/{file.pk}").status_code == 404
        assert api.get("/api/v1/hardship-files/").json()["items"] == []
        # The household and the reviews are as closed as the file.
        assert api.get("/api/v1/household-members/").json()["items"] == []
        if user != care.chair_b:  # a chair elsewhere has the menu entry, for its own files
            assert "/hardship-files/" not in c.get("/").content.decode()


def test_aid_case_shows_the_person_but_masks_hardship_details(care: Any, login: Any) -> None:
    file = make_file(care.tree.union_a, care.member, situation="本人尿毒症透析")
    case = make_case(
        care.tree.union_a, care.member, actor=care.chair, hardship_file=file, situation="尿毒症透析费用高"
    )
    url = reverse("records:detail", kwargs={"rt": "aid-cases", "pk": case.pk})

    text = login(care.finance).get(url).content.decode()
    assert "张伟" in text and "尿毒症" not in text and f"/hardship-files/{file.pk}/" not in text
    listing = login(care.finance).get(reverse("records:list", kwargs={"rt": "aid-cases"})).content.decode()
    assert "张伟" in listing
    data = _api(care.finance).get(f"/api/v1/aid-cases/{case.pk}").json()
    assert data["member"] == care.member.pk and "尿毒症" not in data["situation"]
    assert "hardship_file" not in data

    text = login(care.chair).get(url).content.decode()
    assert "尿毒症透析费用高" in text and f"/hardship-files/{file.pk}/" in text


def test_a_file_created_on_the_page_gets_its_category(care: Any, login: Any) -> None:
    c = login(care.chair)
    resp = c.post(
        reverse("records:create", kwargs={"rt": "hardship-files"}),
        {"owner": care.tree.union_a.pk, "member": care.member.pk, **FORM},
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    file = HardshipFile.objects.get(member=care.member)
    # (30000 − 6000) ÷ 12 ÷ 3 = 666.67 < 750: deep hardship, level 特困 by default.
    assert (file.category, file.level, file.per_capita_monthly, file.living_line) == (
        "deep",
        "special",
        D("666.67"),
        D("750.00"),
    )
    assert file.causes == "illness,schooling"
    assert file.history.first().history_user == care.chair
    page = c.get(resp["Location"]).content.decode()
    assert "深度困难" in page and "666.67" in page


def test_the_line_of_the_nearest_locality_and_latest_year_applies(care: Any) -> None:
    union = care.tree.union_a
    make_standard(care.tree.city, 2024, "700")
    make_standard(care.tree.city, 2026, "2000")  # a later year does not apply to 2025
    file = make_file(union, annual_income=D("27000"), rigid_expenses=D("0"))
    assert file.living_line == D("750.00") and file.category == "relative"  # exactly at the line
    make_standard(union, 2025, "800")  # the union's own line is nearer than the city's
    hardship.hardship_file_update(actor=care.chair, obj=file, data={"annual_income": D("27000")})
    file.refresh_from_db()
    assert file.living_line == D("800.00") and file.category == "deep"
    lone = make_file(care.tree.union_b)  # the county holds no line
    assert lone.category == "unknown" and lone.living_line is None


def test_cause_filter_matches_whole_codes(care: Any, login: Any) -> None:
    make_file(care.tree.union_a, care.member, causes=["illness", "disability"])
    make_file(care.tree.union_a, care.other, causes=["schooling"])
    c = login(care.chair)
    url = reverse("records:list", kwargs={"rt": "hardship-files"})
    text = c.get(url, {"cause": "disability"}).content.decode()
    assert "张伟" in text and "李娜" not in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("annual_income", "-1", "负"),
        ("rigid_expenses", "12.345", "2"),
        ("household_size", "0", "至少"),
    ],
)
def test_bad_figures_are_refused_with_a_message_on_the_field(
    care: Any, login: Any, field: str, value: str, message: str
) -> None:
    c = login(care.chair)
    resp = c.post(
        reverse("records:create", kwargs={"rt": "hardship-files"}),
        {"owner": care.tree.union_a.pk, "member": care.member.pk, **FORM, field: value},
    )
    assert resp.status_code == 400
    errors = resp.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not HardshipFile.objects.exists()


def test_bad_input_through_the_api_writes_nothing(care: Any) -> None:
    api = _api(care.chair)
    base = {"organization": care.tree.union_a.pk, "member_id": care.member.pk, **FORM, "causes": "illness"}
    for change in ({"causes": "illness,flying"}, {"migrant_worker": True}, {"annual_income": "1.001"}):
        resp = api.post("/api/v1/hardship-files/", {**base, **change}, content_type="application/json")
        assert resp.status_code == 400, (change, resp.content)
        assert resp.json()["detail"]
    assert not HardshipFile.objects.exists()
    # A member of another union is refused.
    resp = api.post(
        "/api/v1/hardship-files/", {**base, "member_id": care.member_b.pk}, content_type="application/json"
    )
    assert resp.status_code == 400 and not HardshipFile.objects.exists()


def test_one_open_file_per_member(care: Any) -> None:
    make_file(care.tree.union_a, care.member)
    with pytest.raises(ValidationError):
        make_file(care.tree.union_a, care.member)


def _review(file: HardshipFile, actor: Any, **data: Any) -> HardshipReview:
    fields = {
        "hardship_file": file,
        "reviewed_on": dt.date(2025, 12, 1),
        "annual_income": D("20000"),
        "rigid_expenses": D("0"),
        "household_size": 3,
        "disaster_or_accident": False,
        "level": "",
        "result": "continue",
        "note": "",
        **data,
    }
    return hardship.review_create(actor=actor, organization=file.organization, data=fields)


def test_yearly_review_updates_the_file_and_may_close_it(care: Any) -> None:
    file = make_file(care.tree.union_a, care.member, assessed_on=dt.date(2024, 3, 1))
    review = _review(file, care.chair, annual_income=D("30000"))  # 833.33: relative now
    file.refresh_from_db()
    assert (review.year, review.category, file.category, file.annual_income) == (
        2025,
        "relative",
        "relative",
        D("30000"),
    )
    with pytest.raises(ValidationError, match=r"已|already"):
        _review(file, care.chair, reviewed_on=dt.date(2025, 12, 20))  # one review a year
    _review(file, care.chair, reviewed_on=dt.date(2026, 12, 1), annual_income=D("90000"), result="exit")
    file.refresh_from_db()
    assert (
        file.status == FileStatus.EXITED
        and file.exited_on == dt.date(2026, 12, 1)
        and file.category == "none"
    )
    with pytest.raises(ValidationError):
        _review(file, care.chair, reviewed_on=dt.date(2027, 12, 1))
    with pytest.raises(ValidationError):
        hardship.hardship_file_update(actor=care.chair, obj=file, data={"annual_income": D("1")})


def test_exit_page_for_the_chair_only(care: Any, login: Any) -> None:
    file = make_file(care.tree.union_a, care.member)
    url = reverse("care:hardship-exit", kwargs={"pk": file.pk})
    for user in (care.finance, care.viewer):
        assert login(user).post(url, {"on": "2025-06-01", "exit_reason": "脱困"}).status_code == 404
    c = login(care.chair)
    resp = c.post(url, {"on": "2025-01-01", "exit_reason": "脱困"})  # before the date filed
    assert resp.status_code == 400 and "on" in resp.context["form"].errors
    assert c.post(url, {"on": "2025-06-01", "exit_reason": "子女就业，家庭收入提高，脱困"}).status_code == 302
    file.refresh_from_db()
    assert file.status == FileStatus.EXITED and file.exit_reason.startswith("子女就业")
    resp = _api(care.chair).post(
        f"/api/v1/hardship-files/{file.pk}/exit",
        {"on": "2025-07-01", "reason": "x"},
        content_type="application/json",
    )
    assert resp.status_code == 400  # already exited


def test_household_members_belong_to_the_file(care: Any, login: Any) -> None:
    file = make_file(care.tree.union_a, care.member)
    c = login(care.chair)
    url = reverse("records:create", kwargs={"rt": "household-members"})
    resp = c.post(
        f"{url}?hardship_file={file.pk}",
        {
            "owner": care.tree.union_a.pk,
            "hardship_file": file.pk,
            "name": "张小明",
            "relation": "child",
            "age": "12",
            "health": "healthy",
            "annual_income": "0",
        },
    )
    assert resp.status_code == 302
    assert file.household.get().name == "张小明"
    page = c.get(reverse("records:detail", kwargs={"rt": "hardship-files", "pk": file.pk})).content.decode()
    assert "张小明" in page
