"""The home page says why a figure is blank or cannot be right, and where to enter what is
missing (issue 18, item 5); its reminders speak of the year of its figures and name their
period (item 6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.advice import advice_of
from gonghui.democracy.tests.factories import make_congress
from gonghui.members.tests.factories import make_member
from gonghui.orgs.models import EmployerYear


def _figures(resp: Any) -> dict[str, Any]:
    return {f["name"]: f for f in resp.context["figures"]}


def test_a_blank_rate_says_the_employees_are_missing_and_links_to_enter_them(
    tree: Any, make_user: Any, login: Any
) -> None:
    c = login(make_user(Role.CHAIR, tree.union_a))
    resp = c.get("/", {"year": 2026})
    rate = _figures(resp)["enrollment_rate"]
    assert rate["value"] == "—"
    new = reverse("records:create", kwargs={"rt": "employer-years"}) + f"?org={tree.union_a.pk}&year=2026"
    assert rate["note"].text == "2026 年职工人数未填写" and rate["note"].url == new
    page = resp.content.decode()
    assert "2026 年职工人数未填写" in page and f'href="{new.replace("&", "&amp;")}"' in page
    assert "填写 2026 年职工人数" in page
    # The link opens the form on that union and that year.
    form = c.get(new).context["form"]
    assert form["year"].value() == "2026" and form["owner"].value() == tree.union_a.pk


def test_a_rate_above_100_percent_is_flagged_with_the_same_link(
    tree: Any, make_user: Any, login: Any
) -> None:
    facts = EmployerYear.objects.create(
        organization=tree.union_a, year=2025, employer_name="甲局", employees=1
    )
    for _i in range(2):
        make_member(tree.union_a, join_date=dt.date(2020, 1, 1))
    resp = login(make_user(Role.CHAIR, tree.union_a)).get("/", {"year": 2025})
    rate = _figures(resp)["enrollment_rate"]
    assert rate["value"] == "200.00%"
    assert "不合常理" in rate["note"].text and "2025 年职工人数可能已过时" in rate["note"].text
    assert rate["note"].url == reverse("records:update", kwargs={"rt": "employer-years", "pk": facts.pk})
    assert "不合常理" in resp.content.decode()
    facts.employees = 10
    facts.save()
    assert (
        _figures(login(make_user(Role.CHAIR, tree.union_a)).get("/", {"year": 2025}))["enrollment_rate"][
            "note"
        ]
        is None
    )


def test_reminders_judge_the_year_of_the_figures_and_name_their_period(
    tree: Any, make_user: Any, login: Any
) -> None:
    make_congress(tree.union_a, held_on=dt.date(2025, 4, 1))
    make_congress(tree.union_a, held_on=dt.date(2025, 9, 1))
    c = login(make_user(Role.CHAIR, tree.union_a))
    resp = c.get("/", {"year": 2025})
    assert _figures(resp)["congress_sessions"]["value"] == "2"
    assert not [a for a in resp.context["advice"] if "未召开职工代表大会" in a.message]
    # Judged from a later day, the checks of a year still judge the year asked for ...
    later = dt.date(2026, 12, 6)
    assert not [a for a in advice_of(tree.union_a, later, year=2025) if "职工代表大会" in a.message]
    # ... and say which twelve months they judged.
    none_held = [a.message for a in advice_of(tree.union_a, later) if "未召开职工代表大会" in a.message]
    assert none_held and "截至 2026-12-06" in none_held[0]
    b = [a.message for a in advice_of(tree.union_b, later, year=2025) if "未召开职工代表大会" in a.message]
    assert b and "截至 2025-12-31" in b[0]
    # Deadlines are still judged today, whatever year the page shows.
    assert [a for a in advice_of(tree.union_a, later, year=2025) if "集体合同" in a.message]
