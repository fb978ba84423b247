"""The overlap rule of a federation's rules (finance/validators.py) runs on every write: the page
shows the error on its field, the API answers 400 naming the field, nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from gonghui.accounts.services import token_create
from gonghui.finance.models import FundsRule, SpendingCap

OVERLAP = "有效期与本单位另一条规定（自2025-01-01起）重叠。"


def test_overlapping_rules_are_refused_on_the_page_and_through_the_api(
    make_user: Any, login: Any, tree: Any
) -> None:
    admin = make_user("federation_admin", tree.city)
    FundsRule.objects.create(organization=tree.city, valid_from=dt.date(2025, 1, 1))
    form = {
        "owner": tree.city.pk,
        "valid_from": "2025-07-01",
        "kept_share": "65",
        "funds_rate": "2",
        "dues_rate": "0.5",
        "dues_unit": "10",
    }
    page = login(admin).post(reverse("records:create", kwargs={"rt": "funds-rules"}), form)
    assert page.status_code == 400
    assert page.context["form"].errors["valid_from"] == [OVERLAP]
    _t, raw = token_create(user=admin, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = {"organization": tree.city.pk, "purpose": "festival_gifts", "per_person_year": "1500"}
    SpendingCap.objects.create(
        organization=tree.city, valid_from=dt.date(2025, 1, 1), purpose="festival_gifts", per_person_year=1500
    )
    resp = api.post(
        "/api/v1/spending-caps/", {**body, "valid_from": "2025-07-01"}, content_type="application/json"
    )
    assert resp.status_code == 400, resp.content
    assert resp.json()["errors"]["valid_from"] == [OVERLAP]
    assert (FundsRule.objects.count(), SpendingCap.objects.count()) == (1, 1)
    # Ending the first rule before the second starts lets it in.
    later = {**body, "valid_from": "2026-01-01"}
    SpendingCap.objects.update(valid_to=dt.date(2025, 12, 31))
    assert api.post("/api/v1/spending-caps/", later, content_type="application/json").status_code == 201
