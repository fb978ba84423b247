"""Big lists: the count stops at the cap; a page reads its keys, then its rows, in order."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.conftest import make_org
from gonghui.core.paging import RecordPaginator
from gonghui.orgs.models import Organization, OrgType

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups() -> list[Organization]:
    fed = make_org(None, "PG-FED", OrgType.FEDERATION)
    union = make_org(fed, "PG-U")
    return [make_org(union, f"PG-U-G{i}", OrgType.GROUP) for i in range(7)]


def test_the_count_stops_at_the_cap(groups: list[Organization]) -> None:
    qs = Organization.objects.filter(org_type=OrgType.GROUP).order_by("code")
    assert RecordPaginator(qs, 3, cap=5).capped
    exact = RecordPaginator(qs, 3, cap=100)
    assert exact.count == 7 and not exact.capped and exact.num_pages == 3


def test_a_page_keeps_the_order_in_three_queries(groups: list[Organization]) -> None:
    qs = Organization.objects.filter(org_type=OrgType.GROUP).order_by("-code")
    paginator = RecordPaginator(qs, 3)
    with CaptureQueriesContext(connection) as ctx:
        page = paginator.page(2)
        codes = [g.code for g in page]
    assert codes == ["PG-U-G3", "PG-U-G2", "PG-U-G1"]
    assert len(ctx.captured_queries) == 3  # count, the page's keys, the page's rows
    # The rows are read by their keys alone: the keys came through every filter already.
    keys = ", ".join(str(g.pk) for g in page)
    assert ctx.captured_queries[2]["sql"].split(" WHERE ")[1] == f'"orgs_organization"."id" IN ({keys})'
    assert list(page.elided) == [1, 2, 3]
    assert paginator.get_page("99").number == 3  # an out-of-range page shows the last one


def test_a_search_reads_its_keys_and_count_in_one_query(groups: list[Organization]) -> None:
    qs = Organization.objects.filter(org_type=OrgType.GROUP).order_by("-code")
    paginator = RecordPaginator(qs, 3, cap=5, narrow=True)
    with CaptureQueriesContext(connection) as ctx:
        page = paginator.page(2)
        codes = [g.code for g in page]
    assert codes == ["PG-U-G3", "PG-U-G2", "PG-U-G1"]
    assert len(ctx.captured_queries) == 2  # the first cap + 1 keys (counted), the page's rows
    assert paginator.capped and paginator.count == 6 and paginator.num_pages == 2
