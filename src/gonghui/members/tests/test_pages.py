"""Roster pages: search (pinyin, card, ID tail), filters, masking and its audit, forms, import flow."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.core.models import AuditEvent
from gonghui.members import services
from gonghui.members.importer import jobs
from gonghui.members.models import CURRENT, ImportJob, Member
from gonghui.members.selectors import years_before
from gonghui.members.tests.factories import make_member
from gonghui.members.validators import with_check_char

LIST = "/members/"


def _names(client: Client, **params: Any) -> set[str]:
    page = client.get(LIST, {"org": params.pop("org", ""), **params})
    assert page.status_code == 200
    return {m.name for m in Member.objects.all() if f"/members/{m.pk}/" in page.content.decode()}


@pytest.fixture
def zhang(tree: Any) -> Member:
    return make_member(
        tree.union_a,
        name="张三",
        id_number=with_check_char("53010219800515123"),
        card_number="HY2025001",
        union_group=tree.group_a1,
        join_date=dt.date(2021, 4, 1),
    )


def _born(sex: str, age: int, n: int) -> str:
    """An ID number of someone ``age`` years and about two months old today (sequence odd for a man)."""
    born = years_before(timezone.localdate(), age) - dt.timedelta(days=60)
    return with_check_char(f"530102{born:%Y%m%d}{2 * n + (1 if sex == 'M' else 2):03d}")


def test_gender_and_age_band_filters(chair_a: Client, tree: Any) -> None:
    """Each filter keeps exactly the members it names and leaves out the others."""
    for n, (name, sex, age) in enumerate(
        [
            ("男四十", "M", 40),
            ("女四十", "F", 40),
            ("女五十", "F", 50),
            ("男廿五", "M", 25),
            ("女六十", "F", 60),
        ]
    ):
        make_member(tree.union_a, name=name, id_number=_born(sex, age, n), join_date=dt.date(2020, 1, 1))
    everyone = {"男四十", "女四十", "女五十", "男廿五", "女六十"}
    assert _names(chair_a) == everyone
    assert _names(chair_a, gender="M") == {"男四十", "男廿五"}
    assert _names(chair_a, gender="F") == {"女四十", "女五十", "女六十"}
    assert _names(chair_a, age_band="le35") == {"男廿五"}
    assert _names(chair_a, age_band="36_45") == {"男四十", "女四十"}
    assert _names(chair_a, age_band="46_55") == {"女五十"}
    assert _names(chair_a, age_band="gt55") == {"女六十"}
    assert _names(chair_a, gender="F", age_band="36_45") == {"女四十"}


def test_search_by_name_pinyin_initials_card_and_id_tail(chair_a: Client, tree: Any, zhang: Member) -> None:
    other = make_member(tree.union_a, name="李四")
    for q in ("zs", "ZS", "zhangsan", "zhang", "张", "张三", "hy2025", zhang.id_number[-4:], zhang.id_number):
        found = _names(chair_a, q=q, org=tree.union_a.pk)
        assert "张三" in found and other.name not in found, q
    assert _names(chair_a, q="ls", org=tree.union_a.pk) == {"李四"}


def test_filters(chair_a: Client, tree: Any, zhang: Member) -> None:
    young = make_member(tree.union_a, name="王小", join_date=dt.date(2024, 1, 2), employment_type="migrant")
    assert _names(chair_a, union_group=tree.group_a1.pk) == {"张三"}
    assert _names(chair_a, employment_type="migrant") == {"王小"}
    assert _names(chair_a, join_year=2021) == {"张三"}
    services.member_leave(actor=None, member=young, on=dt.date(2025, 1, 1), reason="voluntary")
    assert _names(chair_a, status="left") == {"王小"}
    assert chair_a.get(LIST, {"o": "-join_date"}).status_code == 200


def test_a_federation_finds_its_members_of_a_status(tree: Any, make_user: Any, login: Any) -> None:
    """Members not active are found across the federation through their own index: the filter
    states that index's condition (IsNot), which SQLite needs to use it; active ones the usual way."""
    from django.db import connection

    from gonghui.core.fields import IsNot
    from gonghui.members.models import NOT_ACTIVE

    admin = login(make_user(Role.FEDERATION_ADMIN, tree.city, username="city_admin"))
    working = make_member(tree.union_a, name="甲工")
    retired = make_member(tree.union_c, name="丙退")
    services.member_retain(actor=None, member=retired, on=dt.date(2025, 6, 1), reason="retirement")
    make_member(tree.union_b, name="乙外")  # another federation's
    assert _names(admin, org=tree.city.pk, status="retained") == {"丙退"}
    assert _names(admin, org=tree.city.pk, status="active") == {"甲工"}
    assert _names(admin, org=tree.city.pk, status="left") == set()
    # Not a status (a hand-edited address): the filter is left out, as every list's filters are.
    assert _names(admin, org=tree.city.pk, status="nope") == {"甲工", "丙退"}
    assert working.status == "active"
    if connection.vendor == "sqlite":
        query = Member.objects.filter(organization__in=[tree.union_a, tree.union_c], status="retained")
        sql, params = query.filter(NOT_ACTIVE).values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            assert "members_not_active_idx" in str(cursor.fetchall())
    with pytest.raises(ValueError):
        IsNot("status", "x' OR '1")


def test_personal_data_is_masked_and_unmasking_is_recorded(
    chair_a: Client, tree: Any, zhang: Member, make_user: Any, login: Any
) -> None:
    full, phone = zhang.id_number, zhang.mobile
    for url in (LIST, f"/members/{zhang.pk}/"):
        text = chair_a.get(url).content.decode()
        assert full not in text and phone not in text and full[-4:] in text
    shown = chair_a.post(reverse("members:reveal", kwargs={"pk": zhang.pk}))
    assert full in shown.content.decode() and phone in shown.content.decode()
    event = AuditEvent.objects.get(action="members.reveal")
    assert event.object_id == str(zhang.pk) and event.user.username == "chair_a" and event.created_at
    viewer = Client()
    login_viewer = make_user(Role.VIEWER, tree.union_a, username="viewer_a")
    viewer.force_login(login_viewer, backend="django.contrib.auth.backends.ModelBackend")
    assert viewer.post(reverse("members:reveal", kwargs={"pk": zhang.pk})).status_code == 403
    assert (
        reverse("members:reveal", kwargs={"pk": zhang.pk})
        not in viewer.get(f"/members/{zhang.pk}/").content.decode()
    )
    assert AuditEvent.objects.filter(action="members.reveal").count() == 1


def test_exports_are_recorded_and_full_only_for_who_may_see_personal_data(
    chair_a: Client, tree: Any, zhang: Member, make_user: Any
) -> None:
    csv = b"".join(
        chair_a.get("/members/export/", {"format": "csv", "org": tree.union_a.pk}).streaming_content
    ).decode()
    assert zhang.id_number in csv and "会员证号" in csv
    xlsx = chair_a.get("/members/export/", {"format": "xlsx", "q": "zs"})
    assert xlsx.status_code == 200
    viewer = Client()
    viewer.force_login(
        make_user(Role.VIEWER, tree.union_a), backend="django.contrib.auth.backends.ModelBackend"
    )
    csv = b"".join(viewer.get("/members/export/", {"format": "csv"}).streaming_content).decode()
    assert zhang.id_number not in csv and zhang.id_number[-4:] in csv
    assert AuditEvent.objects.filter(action="records.export").count() == 3
    assert AuditEvent.objects.filter(action="members.export_personal").count() == 2


def test_member_form_refuses_bad_numbers_in_chinese(chair_a: Client, tree: Any) -> None:
    elsewhere = make_member(tree.union_b)
    data = {"owner": tree.union_a.pk, "name": "赵六", "id_type": "resident", "employment_type": "contract"}
    bad = chair_a.post(
        "/members/new/", {**data, "id_number": with_check_char("53010219800515001")[:-1] + "0"}
    )
    assert bad.status_code == 400 and "校验位" in bad.content.decode()
    dup = chair_a.post("/members/new/", {**data, "id_number": elsewhere.id_number})
    page = dup.content.decode()
    assert dup.status_code == 400 and "该证件号码已有会员登记，请提交转会申请" in page and "乙乡" not in page
    ok = chair_a.post(
        "/members/new/",
        {**data, "id_number": with_check_char("53010219800515001"), "join_date": "2020-01-01"},
    )
    assert ok.status_code == 302
    assert Member.objects.filter(organization=tree.union_a).count() == 1


def test_union_page_and_statistics_page(chair_a: Client, tree: Any, zhang: Member) -> None:
    page = chair_a.get(f"/orgs/{tree.union_a.pk}/").content.decode()
    assert 'id="member-stats"' in page and "入会率" in page
    stats = chair_a.get(
        reverse("members:statistics"), {"org": tree.union_a.pk, "as_of": "2021-03-31"}, HTTP_HX_REQUEST="true"
    )
    assert stats.status_code == 200 and "2021-03-31" in stats.content.decode()
    assert stats.context["panel"]["stats"]["members"] == 0  # 张三 joined in April
    assert chair_a.get(reverse("members:statistics")).context["panel"]["stats"]["members"] == 1


def test_transfer_between_unions_through_the_pages(
    chair_a: Client, tree: Any, zhang: Member, make_user: Any
) -> None:
    url = reverse("members:change", kwargs={"pk": zhang.pk, "kind": "transfer-out"})
    assert chair_a.post(url, {"to_code": "NOPE", "on": "2025-03-01"}).status_code == 400
    assert chair_a.post(url, {"to_code": "ub", "on": "2025-03-01"}).status_code == 302
    chair_b = Client()
    chair_b.force_login(
        make_user(Role.CHAIR, tree.union_b), backend="django.contrib.auth.backends.ModelBackend"
    )
    assert "张三" in chair_b.get(reverse("members:transfers")).content.decode()
    zhang.refresh_from_db()
    event = services.pending_transfer(zhang)
    assert event is not None
    chair_b.post(
        reverse("members:transfer-decide", kwargs={"pk": event.pk}),
        {"decision": "accept", "on": "2025-03-05"},
    )
    # A new membership period in B; A keeps its former member, with its card, group and events.
    zhang.refresh_from_db()
    assert (zhang.organization, zhang.status, zhang.is_current) == (tree.union_a, "left", False)
    assert "张三" in chair_a.get(LIST, {"status": "left"}).content.decode()
    mine = chair_a.get(f"/members/{zhang.pk}/").content.decode()
    assert "HY2025001" in mine and "转出" in mine
    new = Member.objects.get(CURRENT, id_number=zhang.id_number)
    assert (new.organization, new.card_number, new.union_group, new.join_date) == (
        tree.union_b,
        "",
        None,
        dt.date(2021, 4, 1),
    )
    theirs = chair_b.get(f"/members/{new.pk}/").content.decode()
    assert "转入" in theirs and "HY2025001" not in theirs
    assert chair_b.get(f"/members/{zhang.pk}/").status_code == 404  # A's period is A's


def test_import_through_the_pages(
    chair_a: Client, tree: Any, roster: Callable[..., str], monkeypatch: Any
) -> None:
    assert chair_a.get(reverse("members:import")).status_code == 200
    assert chair_a.get(reverse("members:import-template")).status_code == 200
    with open(roster(3), "rb") as f:
        resp = chair_a.post(reverse("members:import"), {"organization": tree.union_a.pk, "file": f})
    job = ImportJob.objects.get()
    assert resp.status_code == 302 and job.status == "checked" and job.created == 3
    assert "确认导入" in chair_a.get(reverse("members:import-job", kwargs={"pk": job.pk})).content.decode()
    chair_a.post(reverse("members:import-commit", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert job.status == "done" and Member.objects.count() == 3
    # A bigger file goes to the background task (the immediate backend runs it at once in tests).
    monkeypatch.setattr(jobs, "BACKGROUND_BYTES", 10)
    calls: list[int] = []
    task = jobs.check_import
    monkeypatch.setattr(
        jobs, "check_import", SimpleNamespace(enqueue=lambda pk: calls.append(pk) or task.enqueue(pk))
    )
    with open(roster(4, start=100, name="big.xlsx"), "rb") as f:
        chair_a.post(reverse("members:import"), {"organization": tree.union_a.pk, "file": f})
    big = ImportJob.objects.latest("pk")
    assert calls == [big.pk] and ImportJob.objects.get(pk=big.pk).status == "checked"
    poll = chair_a.get(reverse("members:import-job", kwargs={"pk": big.pk}), HTTP_HX_REQUEST="true")
    assert poll.status_code == 200 and "every 1s" not in poll.content.decode()
    # While the import's one transaction runs, the page polls and shows a running bar, no figure.
    ImportJob.objects.filter(pk=big.pk).update(status="writing", progress=0)
    poll = chair_a.get(reverse("members:import-job", kwargs={"pk": big.pk}), HTTP_HX_REQUEST="true").content
    assert "every 1s" in poll.decode() and "正在导入" in poll.decode() and "0%</div>" not in poll.decode()
    ImportJob.objects.filter(pk=big.pk).update(status="checked", progress=100)
    chair_a.post(reverse("members:import-commit", kwargs={"pk": big.pk}))
    assert ImportJob.objects.get(pk=big.pk).status == "done" and Member.objects.count() == 7


def test_a_file_with_problems_shows_them_and_offers_the_marked_workbook(chair_a: Client, tree: Any) -> None:
    upload = io.BytesIO(f"姓名,身份证号\n张三,{with_check_char('53010219800515001')[:-1]}0\n".encode())
    upload.name = "bad.csv"
    chair_a.post(reverse("members:import"), {"organization": tree.union_a.pk, "file": upload})
    job = ImportJob.objects.get()
    page = chair_a.get(reverse("members:import-job", kwargs={"pk": job.pk})).content.decode()
    assert job.status == "invalid" and "校验位" in page and "B（身份证号）" in page
    marked = chair_a.get(reverse("members:import-annotated", kwargs={"pk": job.pk}))
    assert marked.status_code == 200 and AuditEvent.objects.filter(action="members.import_annotated").exists()
    assert chair_a.post(reverse("members:import-commit", kwargs={"pk": job.pk})).status_code == 302
    assert Member.objects.count() == 0
    junk = io.BytesIO(b"\x00\x01\x02 not a spreadsheet")
    junk.name = "x.xlsx"
    assert (
        chair_a.post(reverse("members:import"), {"organization": tree.union_a.pk, "file": junk}).status_code
        == 302
    )
    assert (
        "不是表格"
        in chair_a.get(
            reverse("members:import-job", kwargs={"pk": ImportJob.objects.latest("pk").pk})
        ).content.decode()
    )


def test_the_roster_of_a_subtree_checks_permission_and_subtree_in_one_subquery(
    tree: Any, make_user: Any
) -> None:
    from gonghui.accounts.access import get_access
    from gonghui.accounts.models import RoleGrant
    from gonghui.core.scope import scope
    from gonghui.members.registration import MEMBERS

    user = make_user(Role.CHAIR, tree.union_a)
    RoleGrant.objects.create(user=user, organization=tree.union_b, role=Role.VIEWER)
    a = make_member(tree.union_a, name="甲")
    b = make_member(tree.union_b, name="乙")
    make_member(tree.union_c, name="丙")
    access = get_access(user)
    with scope(organization=access.visible_orgs()):
        assert set(MEMBERS.queryset(access)) == {a, b}
        assert set(MEMBERS.queryset(access, within=tree.city)) == {a}  # union C is not theirs
        assert set(MEMBERS.queryset(access, within=tree.county)) == {b}
        assert set(MEMBERS.queryset(access, within=tree.group_a1)) == set()
        # Each member is checked against the organizations twice: the ambient scope, then the
        # permission and the chosen subtree together (a search over a federation checks every match).
        sql = str(MEMBERS.queryset(access, within=tree.city).values("pk").query)
        assert sql.count('FROM "orgs_organization"') == 2, sql
