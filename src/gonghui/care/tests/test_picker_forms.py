"""The care forms choose members with the roster's picker (members/picker.py), not a drop-down."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gonghui.care.models import AidCase, HardshipFile, Visit
from gonghui.care.tests.test_hardship import FORM
from gonghui.care.tests.test_visits import VISIT

REFUSED = "不在本单位会员花名册中"


@pytest.mark.parametrize(
    ("slug", "field"),
    [
        ("hardship-files", "member"),
        ("aid-cases", "member"),
        ("insurance-claims", "member"),
        ("visits", "recipients"),
    ],
)
def test_forms_render_the_picker_not_the_roster(care: Any, login: Any, slug: str, field: str) -> None:
    page = login(care.chair).get(reverse("records:create", kwargs={"rt": slug})).content.decode()
    assert "data-member-picker" in page and f'name="{field}__find"' in page
    assert f'<select name="{field}"' not in page
    assert care.member.name not in page and care.other.name not in page  # nobody listed until searched
    assert f"{reverse('members:pick')}?org=" in page


def test_hardship_causes_are_checkboxes(care: Any, login: Any) -> None:
    page = login(care.chair).get(reverse("records:create", kwargs={"rt": "hardship-files"})).content.decode()
    assert 'type="checkbox" name="causes" value="illness"' in page and "choice-checks" in page


def test_a_picked_member_is_saved_and_kept_on_a_form_sent_back(care: Any, login: Any) -> None:
    c = login(care.chair)
    url = reverse("records:create", kwargs={"rt": "hardship-files"})
    owner = care.tree.union_a.pk
    resp = c.post(url, {"owner": owner, "member": care.member.pk, **FORM, "household_size": "0"})
    assert resp.status_code == 400
    page = resp.content.decode()
    assert f'name="member" value="{care.member.pk}" checked' in page and care.member.name in page
    assert 'value="illness" class="form-check-input" id="id_causes_0" checked' in page
    assert c.post(url, {"owner": owner, "member": care.member.pk, **FORM}).status_code == 302
    assert HardshipFile.objects.get().member == care.member


def test_a_name_typed_without_choosing_picks_the_one_member_it_finds(care: Any, login: Any) -> None:
    c = login(care.chair)
    url = reverse("records:create", kwargs={"rt": "aid-cases"})
    data = {"owner": care.tree.union_a.pk, "kind": "serious_illness", "applied_on": "2025-03-01",
            "amount_requested": "800", "situation": "住院"}  # fmt: skip
    assert c.post(url, {**data, "member__find": "zhangwei"}).status_code == 302  # no JavaScript
    assert AidCase.objects.get().member == care.member
    resp = c.post(url, {**data, "member__find": "无此人"})
    assert resp.status_code == 400 and REFUSED in " ".join(resp.context["form"].errors["member"])
    assert 'value="无此人"' in resp.content.decode()  # what was typed stays


def test_a_member_outside_the_scope_is_refused_in_chinese(care: Any, login: Any) -> None:
    c = login(care.chair)
    resp = c.post(
        reverse("records:create", kwargs={"rt": "hardship-files"}),
        {"owner": care.tree.union_a.pk, "member": care.member_b.pk, **FORM},
    )
    assert resp.status_code == 400 and REFUSED in " ".join(resp.context["form"].errors["member"])
    assert care.member_b.name not in resp.content.decode()  # the other union's member is not shown
    resp = c.post(
        reverse("records:create", kwargs={"rt": "visits"}),
        {"owner": care.tree.union_a.pk, **VISIT, "recipients": [care.member.pk, care.member_b.pk]},
    )
    assert resp.status_code == 400 and REFUSED in " ".join(resp.context["form"].errors["recipients"])
    assert not HardshipFile.objects.exists() and not Visit.objects.exists()


def test_visit_recipients_several_picked_and_shown_again(care: Any, login: Any) -> None:
    c = login(care.chair)
    url = reverse("records:create", kwargs={"rt": "visits"})
    data = {"owner": care.tree.union_a.pk, **VISIT, "recipients": [care.member.pk, care.other.pk]}
    resp = c.post(url, {**data, "cash_amount": "-1"})
    page = resp.content.decode()
    assert resp.status_code == 400
    assert all(f'name="recipients" value="{m.pk}" checked' in page for m in (care.member, care.other))
    assert c.post(url, data).status_code == 302
    assert set(Visit.objects.get().recipients.all()) == {care.member, care.other}
