"""The session rules that read other rows (democracy/validators.py) run on every write:
the page shows the error on its field, the API answers 400 naming the field, nothing is written."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.democracy.models import Congress, Representative
from gonghui.democracy.tests.factories import make_congress, make_representative, make_resolution


def _session_form(c: Congress, **kw: Any) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "term_no": c.term_no,
        "session_no": c.session_no,
        "name": c.name,
        "held_on": c.held_on.isoformat(),
        "delegates_total": c.delegates_total,
        "delegates_present": c.delegates_present,
        **kw,
    }


def test_a_full_roster_takes_nobody_more(chair: Any, api: Any, tree: Any) -> None:
    c = make_congress(tree.union_a, delegates_total=1, delegates_present=1)
    make_representative(tree.union_a, c)
    fields = {"person_name": "第二人", "category": "frontline"}
    url = reverse("records:create", kwargs={"rt": "representatives"}) + f"?congress={c.pk}"
    page = chair.post(url, {"owner": tree.union_a.pk, "congress": c.pk, **fields})
    assert page.status_code == 400
    assert page.context["form"].errors["congress"] == ["代表名册已登记满本次会议的1名代表。"]
    body = {"organization": tree.union_a.pk, "congress_id": c.pk, **fields}
    resp = api.post("/api/v1/representatives/", body, content_type="application/json")
    assert resp.status_code == 400, resp.content
    assert resp.json()["errors"]["congress"] == ["代表名册已登记满本次会议的1名代表。"]
    assert Representative.objects.count() == 1


def test_a_session_cannot_shrink_below_its_roster_or_its_votes(chair: Any, api: Any, tree: Any) -> None:
    c = make_congress(tree.union_a, delegates_total=45, delegates_present=43)
    make_representative(tree.union_a, c)
    make_representative(tree.union_a, c)
    make_resolution(tree.union_a, c, votes_for=40, votes_against=2)
    url = reverse("records:update", kwargs={"rt": "congresses", "pk": c.pk})
    page = chair.post(url, _session_form(c, delegates_total=1, delegates_present=1))
    assert page.status_code == 400
    errors = page.context["form"].errors
    assert errors["delegates_total"] == ["代表名册已登记2名代表，代表总数不能少于此数。"]
    assert "已有决议表决票数为42票" in errors["delegates_present"][0]
    resp = api.patch(
        f"/api/v1/congresses/{c.pk}",
        {"delegates_total": 1, "delegates_present": 1},
        content_type="application/json",
    )
    assert resp.status_code == 400
    assert resp.json()["errors"]["delegates_total"] == ["代表名册已登记2名代表，代表总数不能少于此数。"]
    c.refresh_from_db()
    assert (c.delegates_total, c.delegates_present) == (45, 43)
    assert chair.post(url, _session_form(c, delegates_total=44)).status_code == 302
