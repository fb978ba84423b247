"""The 台账 pack: a zip with a cover index and one workbook per ledger of the chosen set."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from gonghui.accounts.access import get_access
from gonghui.accounts.roles import Perm, Role
from gonghui.accounts.services import token_create
from gonghui.core.models import AuditEvent
from gonghui.core.sensitivity import Viewer
from gonghui.members.models import COUNTED_STATUSES, Member
from gonghui.reports.jobs.kinds import JobContext, get_kind
from gonghui.reports.pack.build import write_pack
from gonghui.reports.pack.ledgers import KINDS
from gonghui.reports.pack.models import PackSetting
from gonghui.reports.pack.sets import all_sets, effective_set, get_set, parse_set
from gonghui.reports.tests.pack_helpers import YEAR, data_rows, index_rows, open_pack, seed, sheet, texts

MONEY_LEDGERS = {"dues", "funds", "hardship", "visits", "suggestions"}


def _download(client: Any, org: Any, **params: Any) -> Any:
    return client.get(reverse("reports:pack-download"), {"org": org.pk, "year": YEAR, **params})


def _files(zf: Any) -> dict[str, str]:
    """{ledger name: file} from the index."""
    return {r[1]: r[2] for r in index_rows(zf) if r[2]}


def test_shipped_sets_name_known_ledgers() -> None:
    sets = all_sets()
    assert next(iter(sets)) == "default"
    assert [e.code for e in sets["default"].entries] == list(KINDS)
    assert len(sets["qibu-sandang-sance"].entries) == 13 and sets["qibu-sandang-sance"].name == "七簿三档三册"
    assert len(sets["wubu-erce-yidang"].entries) == 8 and sets["wubu-erce-yidang"].name == "五簿二册一档"
    with pytest.raises(ValueError, match="unknown ledger code"):
        parse_set({"code": "x", "name": "X", "ledgers": [{"code": "nope", "name": "N"}]})
    with pytest.raises(ValueError, match="twice"):
        parse_set({"code": "x", "name": "X", "ledgers": [{"code": "dues"}, {"code": "dues"}]})


def test_pack_holds_the_sets_ledgers_in_order_with_title_union_period_unit_and_signature(
    tree: Any, make_user: Any, login: Any
) -> None:
    seed(tree.union_a)
    c = login(make_user(Role.CHAIR, tree.union_a))
    resp = _download(c, tree.union_a)
    assert resp.status_code == 200 and resp["Content-Type"] == "application/zip"
    assert "attachment" in resp["Content-Disposition"]
    zf = open_pack(b"".join(resp.streaming_content))
    ls = get_set("default")
    index = index_rows(zf)
    assert [(r[0], r[1]) for r in index] == [(i, e.name) for i, e in enumerate(ls.entries, start=1)]
    names = sorted(zf.namelist())
    assert names[0] == "00-目录.xlsx" and len(names) == 16
    head = texts(sheet(zf, "00-目录.xlsx")[:3])
    assert "2025年度工会工作台账目录" in head and "甲局工会" in head and "全部台账（十五项）" in head
    for (number, name, file, rows, remark), entry in zip(index, ls.entries, strict=True):
        assert file == f"{number:02d}-{name.replace('/', '、')}.xlsx" and file in names
        content = sheet(zf, file)
        assert content[0][0] == name  # the title
        top = texts(content[:2])
        assert "工会名称：甲局工会" in top and "期间：2025年1月1日至2025年12月31日" in top
        assert ("单位：元" in top) == (entry.code in MONEY_LEDGERS), entry.code
        assert "填表人" in texts(content[-1:]) and "工会主席（签字）" in texts(content[-1:])
        assert content[3][0] == "序号"
        assert rows == len(data_rows(content)), entry.code
        assert remark == ("" if rows else "无记录")


def test_rows_match_the_records(tree: Any, make_user: Any, login: Any) -> None:
    seed(tree.union_a)
    seed(tree.union_b)  # another tree: never in union_a's pack
    c = login(make_user(Role.CHAIR, tree.union_a))
    zf = open_pack(b"".join(_download(c, tree.union_a).streaming_content))
    files = _files(zf)
    roster = data_rows(sheet(zf, files["会员花名册"]))
    # Current members of the year: the one who joined in 2026 and the one who left are not on it.
    expected = Member.objects.filter(organization=tree.union_a, is_current=True, status__in=COUNTED_STATUSES)
    expected = expected.filter(Q(join_date__isnull=True) | Q(join_date__lte=dt.date(YEAR, 12, 31)))
    assert sorted(r[1] for r in roster) == sorted(expected.values_list("name", flat=True))
    assert {"张三", "李四"} <= {r[1] for r in roster}
    assert "王五后入" not in {r[1] for r in roster} and "赵六已退" not in {r[1] for r in roster}
    assert {r[-1] for r in roster} == {"甲局工会"}
    dues = {r[1]: r for r in data_rows(sheet(zf, files["会费收缴台账"]))}
    assert dues["张三"][2] == 22.8 and dues["张三"][3] == 22.8 and dues["张三"][14] == 45.6
    assert dues["李四"][2] == 15 and dues["李四"][14] == 15  # last year's December is not in 2025
    total = next(r for r in sheet(zf, files["会费收缴台账"]) if r[0] == "合计")
    assert total[14] == 60.6
    funds = sheet(zf, files["经费收支台账"])
    assert next(r for r in funds if r[3] == "上年结余")[7] == 500  # brought forward, not numbered
    assert [(r[3], r[5], r[6], r[7]) for r in data_rows(funds)] == [
        ("会费收入", 1000, None, 1500),
        ("春节慰问", None, 800, 700),
    ]
    hardship = data_rows(sheet(zf, files["困难职工档案"]))
    assert len(hardship) == 1 and hardship[0][2] == "李四" and "因病致困" in hardship[0]
    for name in ("送温暖/慰问台账", "合理化建议簿", "活动登记簿", "集体合同档案", "职工教育培训档案"):
        assert len(data_rows(sheet(zf, files[name]))) == 1, name
    for name in ("劳动保护监督检查台账", "劳动争议调解台账", "工会积极分子名册", "职代会提案处理簿"):
        assert len(data_rows(sheet(zf, files[name]))) == 1, name
    meetings = sheet(zf, files["会议记录簿"])
    assert len(data_rows(meetings)) >= 1 and "工会委员会会议等其他会议未在系统中登记" in texts(meetings)


def test_masks_for_a_reader_without_personal_data_and_no_hardship_files(
    tree: Any, make_user: Any, login: Any
) -> None:
    seed(tree.union_a)
    admin = make_user(Role.FEDERATION_ADMIN, tree.city)  # reads records, holds neither right
    c = login(admin)
    zf = open_pack(b"".join(_download(c, tree.union_a).streaming_content))
    index = {r[1]: r for r in index_rows(zf)}
    assert index["困难职工档案"][2] is None and index["困难职工档案"][4] == "无权查看"
    assert not any("困难职工档案" in n for n in zf.namelist())
    roster = {r[1]: r for r in data_rows(sheet(zf, _files(zf)["会员花名册"]))}
    zhang = roster["张三"]
    assert "*" in zhang[4] and zhang[5] == "****-**-**" and zhang[6] == "138****5678"
    assert (
        AuditEvent.objects.filter(action="reports.pack", user=admin, organization=tree.union_a).count() == 1
    )
    assert not AuditEvent.objects.filter(action="sensitive.export", user=admin).exists()
    event = AuditEvent.objects.get(action="reports.pack", user=admin)
    assert event.detail["year"] == YEAR and "hardship" not in event.detail["ledgers"]


def test_full_values_and_an_audit_for_a_holder(tree: Any, make_user: Any, login: Any) -> None:
    records = seed(tree.union_a)
    chair = make_user(Role.CHAIR, tree.union_a)  # members.personal and care.hardship
    zf = open_pack(b"".join(_download(login(chair), tree.union_a).streaming_content))
    zhang = {r[1]: r for r in data_rows(sheet(zf, _files(zf)["会员花名册"]))}["张三"]
    assert zhang[4] == records["zhang"].id_number and zhang[6] == "13812345678"
    hardship = data_rows(sheet(zf, _files(zf)["困难职工档案"]))[0]
    assert hardship[5] == float(records["hardship"].annual_income)
    assert AuditEvent.objects.filter(action="reports.pack", user=chair).count() == 1
    export = AuditEvent.objects.get(action="sensitive.export", user=chair)
    assert {Perm.PERSONAL_DATA, Perm.HARDSHIP} <= set(export.detail["perms"])


def test_a_federations_choice_applies_below_it(tree: Any, make_user: Any, login: Any) -> None:
    admin = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    resp = admin.post(
        f"{reverse('reports:pack-setting')}?org={tree.city.pk}", {"ledger_set": "qibu-sandang-sance"}
    )
    assert resp.status_code == 302
    assert PackSetting.objects.get(organization=tree.city).ledger_set == "qibu-sandang-sance"
    assert effective_set(tree.group_a1).code == "qibu-sandang-sance"
    assert effective_set(tree.union_b).code == "default"  # the other tree keeps the default
    c = login(make_user(Role.CHAIR, tree.union_a))
    page = c.get(reverse("reports:pack"), {"org": tree.union_a.pk})
    assert page.status_code == 200 and "七簿三档三册" in page.content.decode()
    zf = open_pack(b"".join(c.get(reverse("reports:pack-download"), {"year": YEAR}).streaming_content))
    ls = get_set("qibu-sandang-sance")
    assert [r[1] for r in index_rows(zf)] == [e.name for e in ls.entries]
    assert index_rows(zf)[4][1] == "会费收缴簿" and "01-会议记录簿.xlsx" in zf.namelist()
    # A set asked for explicitly wins over the federation's choice.
    zf = open_pack(b"".join(_download(c, tree.union_a, set="wubu-erce-yidang").streaming_content))
    assert len(index_rows(zf)) == 8


def test_only_a_federation_chooses(tree: Any, make_user: Any, login: Any) -> None:
    chair = login(make_user(Role.CHAIR, tree.union_a))  # org.manage, on a grassroots union
    resp = chair.post(f"{reverse('reports:pack-setting')}?org={tree.union_a.pk}", {"ledger_set": "default"})
    assert resp.status_code == 400 and "只有总工会" in resp.content.decode()
    admin = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    resp = admin.post(f"{reverse('reports:pack-setting')}?org={tree.city.pk}", {"ledger_set": "no-such"})
    assert resp.status_code == 400 and "没有名为" in resp.content.decode()
    assert not PackSetting.objects.exists()


def test_bad_input_gets_a_chinese_answer_and_writes_nothing(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.CHAIR, tree.union_a))
    resp = _download(c, tree.union_a, set="no-such")
    assert resp.status_code == 400 and "没有名为" in resp.content.decode()
    resp = c.get(reverse("reports:pack-download"), {"org": tree.union_a.pk, "year": 3000})
    assert resp.status_code == 400 and "1900" in resp.content.decode() and "年份" in resp.content.decode()
    resp = c.get(reverse("reports:pack-download"), {"org": tree.union_a.pk, "year": "abc"})
    assert resp.status_code == 400
    assert not AuditEvent.objects.filter(action="reports.pack").exists()


def test_a_union_without_records_gets_empty_ledgers(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.CHAIR, tree.union_c))
    zf = open_pack(b"".join(_download(c, tree.union_c).streaming_content))
    index = index_rows(zf)
    assert len(index) == 15 and {r[4] for r in index} == {"无记录"}
    roster = sheet(zf, _files(zf)["会员花名册"])
    assert "本年度无记录" in texts(roster) and data_rows(roster) == []
    funds = sheet(zf, _files(zf)["经费收支台账"])
    assert data_rows(funds) == [] and next(r for r in funds if r[3] == "上年结余")[7] == 0


def test_the_api_answers_the_pack_with_bounded_parameters(tree: Any, make_user: Any) -> None:
    seed(tree.union_a)
    _token, raw = token_create(user=make_user(Role.CHAIR, tree.union_a), name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    resp = api.get("/api/v1/reports/pack", {"org": tree.union_a.pk, "year": YEAR})
    assert resp.status_code == 200
    zf = open_pack(b"".join(resp.streaming_content))
    assert len(index_rows(zf)) == 15
    for params in ({"year": 1800}, {"year": YEAR, "set": "no-such"}, {"year": YEAR, "set": "x" * 60}):
        resp = api.get("/api/v1/reports/pack", {"org": tree.union_a.pk, **params})
        assert resp.status_code == 400, params
        assert any("\u4e00" <= ch <= "\u9fff" for ch in resp.json()["detail"]), resp.json()
    assert AuditEvent.objects.filter(action="reports.pack").count() == 1


def test_the_job_kind_writes_the_pack(tree: Any, make_user: Any) -> None:
    seed(tree.union_a)
    user = make_user(Role.CHAIR, tree.union_a)
    out = io.BytesIO()
    seen: list[float] = []
    kind = get_kind("pack")
    name = kind.write(
        JobContext(
            organization=tree.union_a,
            params={"year": YEAR, "set": "wubu-erce-yidang"},
            access=get_access(user),
            out=out,
            progress=seen.append,
        )
    )
    assert name.endswith(".zip") and "五簿二册一档" in name
    assert len(index_rows(open_pack(out.getvalue()))) == 8
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert AuditEvent.objects.filter(action="reports.pack", user=user).count() == 1


def test_write_pack_streams_into_an_unseekable_file(tree: Any, make_user: Any) -> None:
    class Sink(io.RawIOBase):
        def __init__(self) -> None:
            self.buf = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b: Any) -> int:
            self.buf += bytes(b)
            return len(b)

    seed(tree.union_a)
    sink = Sink()
    viewer = Viewer(get_access(make_user(Role.FEDERATION_ADMIN, tree.city)), reveal=True)
    result = write_pack(sink, organization=tree.union_a, year=YEAR, ledger_set="default", viewer=viewer)
    zf = open_pack(bytes(sink.buf))
    assert len(zf.namelist()) == 15  # the index and 14 ledgers: hardship files are 无权查看
    assert "hardship" not in result.ledgers and not result.revealed
    # Without a reader nothing is written but the index.
    sink = Sink()
    write_pack(sink, organization=tree.union_a, year=YEAR, ledger_set="default", viewer=Viewer(None))
    assert open_pack(bytes(sink.buf)).namelist() == ["00-目录.xlsx"]
