"""The roster's columns: headers (with the usual variants), and how each cell is read.

One list serves the template, the export (花名册) and the importer, so an export can be
imported again. Header matching is tolerant: full-width characters, spaces, a "*" marking
a required column, a hint in brackets ("出生日期（年-月-日）") and the common variants
(身份证号 / 身份证号码 / 公民身份号码 ...) all match.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop, pgettext_lazy

from gonghui.core.texts import text as msg
from gonghui.members.choices import (
    ETHNICITY_NAMES,
    Education,
    EmploymentType,
    Ethnicity,
    Gender,
    IdType,
    MemberStatus,
    ModelWorkerLevel,
    PoliticalStatus,
)


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the clerk as is."""


@dataclass(frozen=True)
class Col:
    key: str
    label: Any  # lazy, the header as written in the template
    synonyms: tuple[str, ...] = ()  # other spellings met in real rosters (matched after normalizing)
    required: bool = False
    choices: type[models.TextChoices] | None = None
    width: int = 12
    hint: Any = ""
    importable: bool = True
    extra_labels: dict[str, str] = field(default_factory=dict)  # value → more accepted spellings


COLUMNS: list[Col] = [
    Col(
        "seq",
        pgettext_lazy("roster column", "No."),
        ("序号", "编号", "序"),
        width=6,
        hint=gettext_lazy('"Example" marks the example row, which is skipped.'),
    ),
    Col(
        "name",
        pgettext_lazy("roster column", "Name"),
        ("姓名", "名字", "会员姓名", "职工姓名"),
        required=True,
        width=10,
    ),
    Col(
        "gender",
        pgettext_lazy("roster column", "Gender"),
        ("性别",),
        choices=Gender,
        width=6,
        hint=gettext_lazy("Taken from the ID number when left empty."),
    ),
    Col("ethnicity", pgettext_lazy("roster column", "Ethnicity"), ("民族",), choices=Ethnicity, width=10),
    Col(
        "id_type",
        pgettext_lazy("roster column", "ID type"),
        ("证件类型", "证件种类"),
        choices=IdType,
        width=14,
        hint=gettext_lazy("Resident ID card when left empty."),
    ),
    Col(
        "id_number",
        pgettext_lazy("roster column", "ID number"),
        (
            "证件号码",
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "身份证",
            "证件号",
            "居民身份证号码",
            "身份证件号码",
        ),
        required=True,
        width=22,
        hint=gettext_lazy("18 characters, the last may be X. Keep the column as text."),
    ),
    Col(
        "birth_date",
        pgettext_lazy("roster column", "Birth date"),
        ("出生日期", "出生年月", "生日"),
        width=12,
        hint=gettext_lazy("Taken from the ID number when left empty."),
    ),
    Col(
        "mobile",
        pgettext_lazy("roster column", "Mobile phone"),
        ("手机号码", "手机", "手机号", "联系电话", "联系方式", "电话"),
        width=14,
    ),
    Col(
        "education",
        pgettext_lazy("roster column", "Education"),
        ("文化程度", "学历"),
        choices=Education,
        width=12,
    ),
    Col(
        "political_status",
        pgettext_lazy("roster column", "Political status"),
        ("政治面貌",),
        choices=PoliticalStatus,
        width=12,
    ),
    Col(
        "employment_type",
        pgettext_lazy("roster column", "Employment type"),
        ("用工形式", "用工性质", "用工类型", "人员类别", "人员类型"),
        choices=EmploymentType,
        width=12,
        hint=gettext_lazy("Contract employee when left empty."),
    ),
    Col(
        "job",
        pgettext_lazy("roster column", "Job"),
        ("工作岗位", "岗位", "职务", "工种", "职务岗位", "岗位职务"),
        width=14,
    ),
    Col(
        "join_date",
        pgettext_lazy("roster column", "Join date"),
        ("入会日期", "入会时间", "入会年月"),
        width=12,
        hint=gettext_lazy("The day of the import when left empty."),
    ),
    Col(
        "card_number",
        pgettext_lazy("roster column", "Member card number"),
        ("会员证号", "会员证号码", "会员卡号", "会员证编号"),
        width=14,
    ),
    Col(
        "union_group",
        pgettext_lazy("roster column", "Union group"),
        ("工会小组", "所在小组", "所属小组", "所在工会小组", "小组"),
        width=16,
    ),
    Col(
        "model_worker_level",
        pgettext_lazy("roster column", "Model-worker title"),
        ("劳模称号", "劳模", "劳模级别", "劳模荣誉"),
        choices=ModelWorkerLevel,
        width=14,
    ),
    # Shown by the export, ignored by the importer (membership changes are events, not cells).
    Col(
        "status",
        pgettext_lazy("roster column", "Membership status"),
        ("会员状态", "会籍状态", "状态"),
        choices=MemberStatus,
        width=10,
        importable=False,
    ),
    Col(
        "organization",
        pgettext_lazy("roster column", "Union"),
        ("所在工会", "所属工会", "工会名称"),
        width=20,
        importable=False,
    ),
]
BY_KEY = {c.key: c for c in COLUMNS}
IMPORT_COLUMNS = [c for c in COLUMNS if c.importable]
# What a template row and an export row hold, in order.
TEMPLATE_KEYS = [c.key for c in IMPORT_COLUMNS]
EXAMPLE_MARKERS = {"示例", "例", "example", "样例", "填写示例"}

_BRACKETS = re.compile(r"\(.*?\)|\[.*?\]|【.*?】")
_JUNK = re.compile(r"[\s*:：\-_/、.]")


def norm_header(text: Any) -> str:
    t = unicodedata.normalize("NFKC", str(text or "")).strip()
    t = _BRACKETS.sub("", t)
    return _JUNK.sub("", t).lower()


@lru_cache(maxsize=4)
def _header_map(language: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for col in COLUMNS:
        for lang in ("zh-hans", "en", language):
            with translation.override(lang):
                out.setdefault(norm_header(str(col.label)), col.key)
        for s in col.synonyms:
            out.setdefault(norm_header(s), col.key)
    return out


def match_header(text: Any) -> str | None:
    return _header_map(translation.get_language() or "zh-hans").get(norm_header(text))


# ---- reading cells ------------------------------------------------------------
def norm_text(value: Any) -> str:
    """A cell as text: numbers without ".0", full-width characters made half-width, trimmed."""
    if type(value) is str:  # the common case first
        if value.isascii() or unicodedata.is_normalized("NFKC", value):
            return value.strip()
        return unicodedata.normalize("NFKC", value).strip()
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if type(value) is tuple:  # a date from the workbook reader
        return dt.date.fromordinal(value[1]).isoformat()
    text = str(value)
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.strip()


def _choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value, _label in choices.choices:
        out[norm_header(value)] = value
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                label = norm_header(str(choices(value).label))
            out.setdefault(label, value)
            # "汉族" and "汉", "中共党员" and "党员" ...
            if lang == "zh-hans" and label.endswith("族") and len(label) > 2:
                out.setdefault(label[:-1], value)
    return out


# Spellings met in real rosters beyond the labels (matched after normalizing).
_EXTRA_CHOICES: dict[str, dict[str, str]] = {
    "gender": {"男": "M", "女": "F", "男性": "M", "女性": "F", "m": "M", "f": "F"},
    "id_type": {
        "身份证": "resident",
        "居民身份证": "resident",
        "二代身份证": "resident",
        "港澳居民居住证": "hk_macao",
        "港澳居民来往内地通行证": "hk_macao",
        "回乡证": "hk_macao",
        "台湾居民居住证": "taiwan",
        "台湾居民来往大陆通行证": "taiwan",
        "台胞证": "taiwan",
        "护照": "passport",
    },
    "education": {
        "博士": "doctorate",
        "博士研究生": "doctorate",
        "硕士": "master",
        "硕士研究生": "master",
        "研究生": "master",
        "本科": "bachelor",
        "大学本科": "bachelor",
        "大专": "college",
        "专科": "college",
        "大学专科": "college",
        "中专": "secondary_vocational",
        "中技": "secondary_vocational",
        "技校": "secondary_vocational",
        "职高": "secondary_vocational",
        "高中": "high_school",
        "初中": "middle_school",
        "小学": "primary",
        "小学及以下": "primary",
    },
    "political_status": {
        "党员": "cpc",
        "中共党员": "cpc",
        "预备党员": "cpc_probationary",
        "团员": "cyl",
        "共青团员": "cyl",
        "群众": "masses",
        "无党派": "non_party",
        "无党派人士": "non_party",
        "民革": "rcckmt",
        "民盟": "cdl",
        "民建": "cdnca",
        "民进": "capd",
        "农工党": "cpwdp",
        "致公党": "czgp",
        "九三学社": "jiusan",
        "台盟": "tdsgl",
    },
    "employment_type": {
        "合同制": "contract",
        "合同工": "contract",
        "劳动合同制": "contract",
        "正式工": "contract",
        "在编": "civil_servant",
        "在编在岗": "civil_servant",
        "公务员": "civil_servant",
        "事业编制": "civil_servant",
        "劳务派遣": "dispatched",
        "派遣": "dispatched",
        "农民工": "migrant",
        "灵活就业": "flexible",
        "退休返聘": "rehired",
        "返聘": "rehired",
        "其他": "other",
    },
    "model_worker_level": {
        "全国劳模": "national",
        "全国劳动模范": "national",
        "省部级劳模": "provincial",
        "省级劳模": "provincial",
        "市级劳模": "municipal",
        "市劳模": "municipal",
        "县级劳模": "county",
        "五一劳动奖章": "may_day",
        "全国五一劳动奖章": "may_day",
    },
}


@lru_cache(maxsize=16)
def choice_map(key: str) -> dict[str, str]:
    col = BY_KEY[key]
    assert col.choices is not None
    out = _choice_lookup(col.choices)
    extra = dict(_EXTRA_CHOICES.get(key, {}))
    if key == "ethnicity":
        extra.update({name: code for code, name in ETHNICITY_NAMES.items()})
        extra.update({name[:-1]: code for code, name in ETHNICITY_NAMES.items()})  # "汉" for 汉族
    for spelling, value in extra.items():
        out.setdefault(norm_header(spelling), value)
    return out


def read_choice(key: str, value: Any) -> str:
    text = norm_text(value)
    if not text:
        return ""
    found = choice_map(key).get(norm_header(text))
    if found is None:
        col = BY_KEY[key]
        options = "、".join(str(label) for _v, label in col.choices.choices[:8])  # type: ignore[union-attr]
        raise CellError(
            msg(
                gettext_noop('"%(value)s" is not a known value. Use one of: %(options)s…'),
                value=text,
                options=options,
            )
        )
    return str(found)  # the plain value, not its enum member: rows travel between processes


# 1900 date system: serial 1 is 1900-01-01, with Excel's phantom 1900-02-29.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


def read_date(value: Any) -> dt.date | None:
    """A date from a date cell, an Excel serial number or text (2024-05-01, 2024/5/1, 2024年5月1日, 20240501).

    A month without a day ("2024-05", 2024年5月) means the first of the month.
    """
    if value is None or value == "":
        return None
    if type(value) is tuple:  # (tag, ordinal) from the workbook reader
        return dt.date.fromordinal(value[1])
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        text = norm_text(value)
    else:
        text = norm_text(value)
    m = _DATE_TEXT.match(text) or _DATE_DIGITS.match(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        except ValueError:
            pass
    elif text.replace(".", "", 1).isdigit():
        serial = float(text)
        if 1 <= serial < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(serial))
    raise CellError(msg(gettext_noop('"%(value)s" is not a date: write it as 2024-05-01.'), value=text))


LOST_DIGITS = gettext_noop(
    "Excel stored this ID number as a number (%(v)s) and lost its last digits: "
    "format the column as text and type the numbers again."
)
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$")


def read_id_number(value: Any) -> str:
    """An ID number; refuses one Excel has turned into a number (3.7E+17 lost its last digits)."""
    if isinstance(value, float) and value >= 1e15:
        raise CellError(msg(LOST_DIGITS, v=f"{value:.6g}"))
    text = norm_text(value).upper().replace(" ", "")
    if _SCIENTIFIC.match(text):
        raise CellError(msg(LOST_DIGITS, v=text))
    return text


CellReader = Callable[[Any], Any]
