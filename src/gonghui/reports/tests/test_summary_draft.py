"""The summary's draft page, its services and its API: edit, add, refresh, save, permissions."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.accounts.access import get_access
from gonghui.accounts.roles import Perm, Role
from gonghui.accounts.services import token_create
from gonghui.reports.summary import compose, services
from gonghui.reports.summary.models import SummaryDraft
from gonghui.reports.summary.text import Block, Figure, Summary

YEAR = 2025


class FakeComposer:
    """compose_summary with figures the test sets; a personal figure only for those who may read it."""

    def __init__(self) -> None:
        self.members = 426
        self.extra: list[Block] = []
        self.calls: list[Any] = []

    def __call__(self, org: Any, year: int, *, viewer: Any) -> Summary:
        self.calls.append(viewer)
        figs = [Figure("member_count", "会员人数", f"{self.members}人", "/members/?status=active")]
        blocks = [
            Block("basics", "h1", "基本情况"),
            Block("basics.members", "p", f"现有会员{self.members}人。", figs),
            Block("basics.sub", "h2", "小组"),
            Block("org", "h1", "组织建设"),
            Block("org.committee", "p", "委员会委员7人。", [Figure("committee_size", "委员人数", "7人")]),
            *self.extra,
        ]
        if viewer.access.can(Perm.PERSONAL_DATA, org):
            blocks.append(
                Block("care.personal", "p", "困难职工张秘密。", [Figure("hardship", "困难职工", "1人")])
            )
        return Summary(org.name, year, f"{org.name}{year}年度工作总结", dt.date(year + 1, 1, 15), blocks)


@pytest.fixture
def composer(monkeypatch: pytest.MonkeyPatch) -> FakeComposer:
    fake = FakeComposer()
    monkeypatch.setattr(compose, "compose_summary", fake)
    return fake


def url(name: str = "reports:summary", *args: Any, org: Any = None, **params: Any) -> str:
    base = reverse(name, args=args)
    query = "&".join(f"{k}={v}" for k, v in {"org": org.pk if org else "", "year": YEAR, **params}.items())
    return f"{base}?{query}"


def page(client: Client, org: Any, **params: Any) -> str:
    resp = client.get(url(org=org, **params))
    assert resp.status_code == 200, resp.status_code
    return resp.content.decode()


def working(org: Any) -> SummaryDraft:
    return SummaryDraft.objects.get(organization=org, year=YEAR, working=True)


def block(draft: SummaryDraft, key: str) -> dict[str, Any]:
    return next(b for b in draft.blocks if b["key"] == key)


@pytest.fixture
def chair(tree: Any, make_user: Any, login: Any) -> Client:
    return login(make_user(Role.CHAIR, tree.union_a))


def test_page_shows_the_generated_text_numbered_with_figures_and_links(
    chair: Client, tree: Any, composer: FakeComposer
) -> None:
    text = page(chair, tree.union_a)
    assert "甲局工会2025年度工作总结" in text
    assert "一、基本情况" in text and "（一）小组" in text and "二、组织建设" in text
    assert "现有会员426人。" in text
    assert 'href="/members/?status=active"' in text and "会员人数" in text
    assert "生成" in text  # the badge says this is the generated text
    assert not SummaryDraft.objects.exists()  # reading writes nothing
    # the year defaults to the latest work year; a year out of bounds falls back to it with a message
    assert chair.get(url(org=tree.union_a) + "&year=99999").status_code == 200


def test_edit_a_paragraph_keeps_it_in_the_working_copy(
    chair: Client, tree: Any, composer: FakeComposer
) -> None:
    form = page(chair, tree.union_a, edit="basics.members")
    assert "<textarea" in form and "现有会员426人。" in form
    resp = chair.post(
        url("reports:summary-block", org=tree.union_a),
        {"action": "edit", "key": "basics.members", "text": "我会现有会员426名。"},
    )
    assert resp.status_code == 302
    b = block(working(tree.union_a), "basics.members")
    assert b["text"] == "我会现有会员426名。" and b["edited"]
    text = page(chair, tree.union_a)
    assert "我会现有会员426名。" in text and "已编辑" in text and "工作稿" in text


def test_htmx_edit_answers_the_page_and_errors_show_in_the_form(
    chair: Client, tree: Any, composer: FakeComposer
) -> None:
    resp = chair.post(
        url("reports:summary-block", org=tree.union_a),
        {"action": "edit", "key": "basics.members", "text": "   "},
        HTTP_HX_REQUEST="true",
    )
    assert resp.status_code == 200  # htmx swaps only 2xx
    assert 'id="summary-doc"' in resp.content.decode() and "这个字段是必填项" in resp.content.decode()
    assert not SummaryDraft.objects.exists()
    resp = chair.post(
        url("reports:summary-block", org=tree.union_a),
        {"action": "edit", "key": "basics", "text": "两行\n标题"},
    )
    assert resp.status_code == 400 and "标题只能是一行" in resp.content.decode()
    assert not SummaryDraft.objects.exists()


def test_add_move_and_remove_own_blocks(chair: Client, tree: Any, composer: FakeComposer) -> None:
    post = url("reports:summary-block", org=tree.union_a)
    assert (
        chair.post(
            post, {"action": "add", "key": "basics.members", "kind": "p", "text": "自写段落。"}
        ).status_code
        == 302
    )
    assert (
        chair.post(post, {"action": "add", "key": "_start", "kind": "h1", "text": "前言"}).status_code == 302
    )
    draft = working(tree.union_a)
    keys = [b["key"] for b in draft.blocks]
    own_p = keys[3]
    assert (
        keys[0].startswith("own-") and keys[1:3] == ["basics", "basics.members"] and own_p.startswith("own-")
    )
    text = page(chair, tree.union_a)
    assert "一、前言" in text and "二、基本情况" in text and "自写段落。" in text  # numbered as the document
    chair.post(post, {"action": "up", "key": own_p})
    assert [b["key"] for b in working(tree.union_a).blocks][2] == own_p
    assert chair.post(post, {"action": "remove", "key": "basics.members"}).status_code == 302  # refused, said
    assert "basics.members" in [b["key"] for b in working(tree.union_a).blocks]
    chair.post(post, {"action": "remove", "key": own_p})
    assert own_p not in [b["key"] for b in working(tree.union_a).blocks]
    resp = chair.post(post, {"action": "add", "key": "basics", "kind": "h9", "text": "x"})
    assert resp.status_code == 400
    resp = chair.post(post, {"action": "bogus", "key": "basics"})
    assert resp.status_code == 302


def test_refresh_keeps_edits_and_marks_changed_figures(
    chair: Client, tree: Any, composer: FakeComposer
) -> None:
    post = url("reports:summary-block", org=tree.union_a)
    chair.post(post, {"action": "edit", "key": "basics.members", "text": "我会会员426名。"})
    chair.post(post, {"action": "add", "key": "org.committee", "kind": "p", "text": "自写。"})
    composer.members = 430
    composer.extra = [Block("org.women", "p", "女职工委员会3人。", [Figure("women", "女委员", "3人")])]
    assert chair.post(url("reports:summary-refresh", org=tree.union_a)).status_code == 302
    draft = working(tree.union_a)
    b = block(draft, "basics.members")
    assert b["text"] == "我会会员426名。" and b["stale"]
    keys = [x["key"] for x in draft.blocks]
    assert keys.index("org.women") == keys.index("org.committee") + 2  # after the officer's paragraph
    text = page(chair, tree.union_a)
    assert "数据已变化" in text and "426人" in text and "430人" in text
    chair.post(post, {"action": "keep", "key": "basics.members"})
    assert not block(working(tree.union_a), "basics.members")["stale"]
    chair.post(post, {"action": "generated", "key": "basics.members"})
    assert block(working(tree.union_a), "basics.members")["text"] == "现有会员430人。"


def test_refresh_without_a_draft_writes_nothing(chair: Client, tree: Any, composer: FakeComposer) -> None:
    assert chair.post(url("reports:summary-refresh", org=tree.union_a)).status_code == 302
    assert not SummaryDraft.objects.exists()


def test_save_named_versions_list_open_restore_delete(
    chair: Client, tree: Any, composer: FakeComposer
) -> None:
    save = url("reports:summary-save", org=tree.union_a)
    resp = chair.post(save, {"name": "", "title": ""})
    assert resp.status_code == 400
    errors = resp.context["save_form"].errors
    assert set(errors) == {"name", "title"}  # every field's errors at once
    assert not SummaryDraft.objects.exists()
    chair.post(
        url("reports:summary-block", org=tree.union_a),
        {"action": "edit", "key": "basics.members", "text": "初稿。"},
    )
    assert chair.post(save, {"name": "初稿", "title": "甲局工会2025年度工作总结"}).status_code == 302
    v1 = SummaryDraft.objects.get(name="初稿")
    assert not v1.working and block(v1, "basics.members")["text"] == "初稿。"
    assert not SummaryDraft.objects.filter(working=True).exists()  # the page shows the version now
    text = page(chair, tree.union_a)
    assert (
        "初稿。" in text
        and "已保存的版本" in text
        and reverse("reports:summary-version", args=[v1.pk]) in text
    )
    resp = chair.post(save, {"name": "初稿", "title": "标题"})
    assert resp.status_code == 400 and "已有同名版本" in resp.content.decode()
    chair.post(
        url("reports:summary-block", org=tree.union_a),
        {"action": "edit", "key": "basics.members", "text": "二稿。"},
    )
    chair.post(save, {"name": "二稿", "title": "标题"})
    assert "二稿。" in page(chair, tree.union_a)
    resp = chair.get(reverse("reports:summary-version", args=[v1.pk]))
    assert resp.status_code == 200 and "初稿。" in resp.content.decode()
    assert chair.post(reverse("reports:summary-version-restore", args=[v1.pk])).status_code == 302
    assert block(working(tree.union_a), "basics.members")["text"] == "初稿。"
    assert chair.post(url("reports:summary-discard", org=tree.union_a)).status_code == 302
    assert not SummaryDraft.objects.filter(working=True).exists()
    chair.post(reverse("reports:summary-version-delete", args=[v1.pk]))
    assert list(SummaryDraft.objects.values_list("name", flat=True)) == ["二稿"]


def test_reader_sees_the_text_read_only_and_cannot_write(
    tree: Any, make_user: Any, login: Any, composer: FakeComposer
) -> None:
    SummaryDraft.objects.create(organization=tree.union_a, year=YEAR, name="定稿", title="T", blocks=[])
    reader = make_user(Role.VIEWER, tree.union_a)
    viewer = login(reader)
    text = page(viewer, tree.union_a)
    assert "hx-post" not in text and "reports/summary/block" not in text and "<textarea" not in text
    v = SummaryDraft.objects.get()
    for target, data in [
        (
            url("reports:summary-block", org=tree.union_a),
            {"action": "edit", "key": "basics.members", "text": "x"},
        ),
        (
            url("reports:summary-block", org=tree.union_a),
            {"action": "add", "key": "_start", "kind": "p", "text": "x"},
        ),
        (url("reports:summary-refresh", org=tree.union_a), {}),
        (url("reports:summary-save", org=tree.union_a), {"name": "n", "title": "t"}),
        (url("reports:summary-discard", org=tree.union_a), {}),
        (reverse("reports:summary-version-restore", args=[v.pk]), {}),
        (reverse("reports:summary-version-delete", args=[v.pk]), {}),
    ]:
        assert viewer.post(target, data).status_code == 403, target
    assert list(SummaryDraft.objects.values_list("name", "working")) == [("定稿", False)]
    with pytest.raises(PermissionDenied):
        services.draft_save(access=get_access(reader), org=tree.union_a, year=YEAR, name="n", title="t")


def test_group_leader_without_records_view_on_union_gets_404_for_union_page(
    tree: Any, make_user: Any, login: Any, composer: FakeComposer
) -> None:
    client = login(make_user(Role.GROUP_LEADER, tree.group_a1))
    assert client.get(url(org=tree.union_a)).status_code == 404


def test_sensitivity_the_page_prints_what_the_composer_gives_the_viewer(
    tree: Any, make_user: Any, login: Any, composer: FakeComposer
) -> None:
    chair = login(make_user(Role.CHAIR, tree.union_a))
    assert "困难职工张秘密" in page(chair, tree.union_a)
    viewer = login(make_user(Role.VIEWER, tree.union_a))
    assert "困难职工张秘密" not in page(viewer, tree.union_a)
    assert all(not v.access.can(Perm.PERSONAL_DATA, tree.union_a) for v in composer.calls[-1:])


def test_service_errors_come_together(tree: Any, make_user: Any, composer: FakeComposer) -> None:
    access = get_access(make_user(Role.CHAIR, tree.union_a))
    with pytest.raises(ValidationError) as exc:
        services.draft_save(access=access, org=tree.union_a, year=YEAR, name=" ", title="x" * 201)
    assert set(exc.value.message_dict) == {"name", "title"}
    assert not SummaryDraft.objects.exists()


# ---- API -------------------------------------------------------------------------------
def api(user: Any) -> Client:
    _token, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_api_generated_versions_and_save(tree: Any, make_user: Any, composer: FakeComposer) -> None:
    c = api(make_user(Role.CHAIR, tree.union_a))
    resp = c.get(f"/api/v1/reports/summary/generated?org={tree.union_a.pk}&year={YEAR}")
    assert resp.status_code == 200
    body = resp.json()
    assert [b["number"] for b in body["blocks"][:3]] == ["一、", "", "（一）"]
    assert body["blocks"][1]["figures"][0] == {
        "key": "member_count",
        "label": "会员人数",
        "value": "426人",
        "url": "/members/?status=active",
    }
    resp = c.post(
        "/api/v1/reports/summary/versions",
        json.dumps({"org": tree.union_a.pk, "year": YEAR, "name": "", "title": ""}),
        content_type="application/json",
    )
    assert resp.status_code == 400 and set(resp.json()["errors"]) == {"name", "title"}
    resp = c.post(
        "/api/v1/reports/summary/versions",
        json.dumps(
            {
                "org": tree.union_a.pk,
                "year": YEAR,
                "name": "接口稿",
                "title": "标题",
                "blocks": [
                    {"key": "basics", "kind": "h1", "text": "基本情况"},
                    {"key": "basics.members", "kind": "p", "text": "改写的会员段落。"},
                    {"kind": "p", "text": "自写段落。"},
                ],
            }
        ),
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    saved = resp.json()
    assert [b["edited"] for b in saved["blocks"]] == [False, True, False] and saved["blocks"][2]["own"]
    assert saved["blocks"][1]["figures"][0]["value"] == "426人"
    listed = c.get(f"/api/v1/reports/summary/versions?org={tree.union_a.pk}&year={YEAR}").json()
    assert [v["name"] for v in listed["items"]] == ["接口稿"]
    assert c.get(f"/api/v1/reports/summary/versions/{saved['id']}").json()["name"] == "接口稿"
    assert c.get(f"/api/v1/reports/summary/draft?org={tree.union_a.pk}&year={YEAR}").json()["blocks"][1][
        "text"
    ] == ("改写的会员段落。")
    assert c.get(f"/api/v1/reports/summary/generated?org={tree.union_a.pk}&year=1800").status_code == 400
    assert c.get(f"/api/v1/reports/summary/versions?org={tree.union_a.pk}&limit=100000").status_code == 400
    assert c.delete(f"/api/v1/reports/summary/versions/{saved['id']}").status_code == 204
    assert not SummaryDraft.objects.exists()


def test_api_reader_cannot_save_or_delete(tree: Any, make_user: Any, composer: FakeComposer) -> None:
    v = SummaryDraft.objects.create(organization=tree.union_a, year=YEAR, name="定稿", title="T", blocks=[])
    c = api(make_user(Role.VIEWER, tree.union_a))
    assert c.get(f"/api/v1/reports/summary/versions/{v.pk}").status_code == 200
    body = json.dumps({"org": tree.union_a.pk, "year": YEAR, "name": "x", "title": "y"})
    assert (
        c.post("/api/v1/reports/summary/versions", body, content_type="application/json").status_code == 403
    )
    assert c.delete(f"/api/v1/reports/summary/versions/{v.pk}").status_code == 403
    assert SummaryDraft.objects.count() == 1


def test_api_prints_what_the_composer_gives_the_caller(
    tree: Any, make_user: Any, composer: FakeComposer
) -> None:
    q = f"/api/v1/reports/summary/generated?org={tree.union_a.pk}&year={YEAR}"

    def texts(role: str) -> list[str]:
        return [b["text"] for b in api(make_user(role, tree.union_a)).get(q).json()["blocks"]]

    assert "困难职工张秘密。" in texts(Role.CHAIR)
    assert "困难职工张秘密。" not in texts(Role.VIEWER) and "现有会员426人。" in texts(Role.VIEWER)


def test_the_reports_menu_links_the_page(chair: Client, tree: Any, composer: FakeComposer) -> None:
    assert 'href="/reports/summary/"' in chair.get(reverse("home")).content.decode()


def test_a_second_working_copy_cannot_exist(tree: Any, make_user: Any, composer: FakeComposer) -> None:
    access = get_access(make_user(Role.CHAIR, tree.union_a))
    services.draft_edit_block(access=access, org=tree.union_a, year=YEAR, key="basics.members", text="一")
    services.draft_edit_block(access=access, org=tree.union_a, year=YEAR, key="org.committee", text="二")
    draft = working(tree.union_a)
    assert block(draft, "basics.members")["text"] == "一" and block(draft, "org.committee")["text"] == "二"
    assert SummaryDraft.objects.count() == 1
