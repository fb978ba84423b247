"""Scoping of the summary document's pages (collected by tests/test_scoping.py): the other
tree gets 404 for every download, the print view and the template pages, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.reports.summary.layout import default_template
from gonghui.reports.summary.models import SummaryDraft
from gonghui.reports.summary.template_models import DocumentTemplate
from gonghui.reports.summary.text import Block

URL_CASES: list[str] = [
    "reports:summary-docx",
    "reports:summary-pdf",
    "reports:summary-print",
    "reports:summary-template",
    "reports:summary-template-download",
    "reports:summary-template-revert",
]
API_CASES: list[tuple[str, str]] = []

SECRET = "乙乡工会的机密段落"


@pytest.fixture(params=[(Role.CHAIR, "union_a"), (Role.FEDERATION_ADMIN, "city")])
def outsider(request: Any, tree: Any, make_user: Any, login: Any) -> Any:
    """A user of the city tree: the chair of union A, or the city's federation admin."""
    role, where = request.param
    return login(make_user(role, getattr(tree, where)))


@pytest.fixture
def county_things(tree: Any) -> dict[str, Any]:
    draft = SummaryDraft.objects.create(
        organization=tree.union_b,
        year=2025,
        name="乙稿",
        title="乙乡工会2025年度工作总结",
        blocks=[Block("x", "p", SECRET).as_dict()],
    )
    template = DocumentTemplate.objects.create(
        organization=tree.county, filename="乙县.docx", content=default_template(), sha256="s"
    )
    return {"draft": draft, "template": template}


@pytest.mark.parametrize("name", ["reports:summary-docx", "reports:summary-pdf", "reports:summary-print"])
def test_another_trees_summary_is_404(tree: Any, outsider: Any, county_things: Any, name: str) -> None:
    draft = county_things["draft"]
    for params in (
        {"org": tree.union_b.pk, "year": 2025},
        {"org": tree.union_b.pk, "version": draft.pk},
        {"org": tree.county.pk, "year": 2025},
    ):
        resp = outsider.get(reverse(name), params)
        assert resp.status_code == 404, params
        assert SECRET.encode() not in resp.content


@pytest.mark.parametrize("name", ["reports:summary-docx", "reports:summary-print"])
def test_a_version_of_another_union_is_404_even_with_ones_own_org(
    tree: Any, outsider: Any, county_things: Any, name: str
) -> None:
    draft = county_things["draft"]
    resp = outsider.get(reverse(name), {"org": tree.union_a.pk, "version": draft.pk})
    assert resp.status_code == 404
    assert SECRET.encode() not in resp.content


def test_a_version_of_a_sibling_union_in_ones_scope_is_404_under_the_wrong_org(
    tree: Any, make_user: Any, login: Any
) -> None:
    """The version must belong to the org asked for, not only to the reader's scope."""
    client = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    draft = SummaryDraft.objects.create(
        organization=tree.union_c,
        year=2025,
        name="丙稿",
        title="丙",
        blocks=[Block("x", "p", SECRET).as_dict()],
    )
    resp = client.get(reverse("reports:summary-docx"), {"org": tree.union_a.pk, "version": draft.pk})
    assert resp.status_code == 404
    assert (
        client.get(reverse("reports:summary-docx"), {"org": tree.union_c.pk, "version": draft.pk}).status_code
        == 200
    )


def test_another_trees_template_pages_are_404_and_nothing_is_written(
    tree: Any, outsider: Any, county_things: Any
) -> None:
    q = f"?org={tree.county.pk}"
    assert outsider.get(reverse("reports:summary-template") + q).status_code == 404
    assert outsider.get(reverse("reports:summary-template-download") + q).status_code == 404
    assert (
        outsider.get(reverse("reports:summary-template-download"), {"org": tree.union_b.pk}).status_code
        == 404
    )
    new = SimpleUploadedFile("x.docx", default_template())
    assert outsider.post(reverse("reports:summary-template") + q, {"file": new}).status_code == 404
    assert outsider.post(reverse("reports:summary-template-revert") + q).status_code == 404
    row = DocumentTemplate.objects.get(organization=tree.county)
    assert row.filename == "乙县.docx" and row.sha256 == "s"
    assert DocumentTemplate.objects.count() == 1


def test_a_reader_without_records_view_gets_404(tree: Any, make_user: Any, login: Any) -> None:
    client = login(make_user())  # no grant at all
    resp = client.get(reverse("reports:summary-docx"), {"org": tree.union_a.pk, "year": 2025})
    assert resp.status_code == 404
    assert client.get(reverse("reports:summary-template"), {"org": tree.city.pk}).status_code == 404


def test_anonymous_is_sent_to_log_in(tree: Any, client: Any) -> None:
    for name in URL_CASES:
        resp = client.get(reverse(name), {"org": tree.union_a.pk, "year": 2025})
        assert resp.status_code in (302, 405), name
