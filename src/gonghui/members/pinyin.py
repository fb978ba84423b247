"""Pinyin search keys of a name: full spelling ("zhangsan") and initials ("zs"), lower case.

pypinyin costs ~40 µs a name; an import of 100,000 rows cannot afford that, so the
reading of each character is cached (names share few characters). A surname's reading
differs from the common one for some characters (单 Shàn, 曾 Zēng, 解 Xiè ...): the first
character uses the surname reading.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Surname readings that differ from the character's most common one.
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "缪": "miao",
    "翟": "zhai",
    "盖": "ge",
    "乐": "yue",
    "尉": "yu",
    "种": "chong",
    "覃": "qin",
    "万": "wan",
    "长": "chang",
    "贲": "ben",
    "秘": "bi",
    "繁": "po",
    "召": "shao",
    "纪": "ji",
    "宿": "su",
    "员": "yun",
    "黑": "he",
    "藏": "zang",
    "褚": "chu",
    "折": "she",
    "句": "gou",
    "阚": "kan",
    "那": "na",
    "燕": "yan",
    "殷": "yin",
    "洗": "xian",
}


@lru_cache(maxsize=50_000)
def _reading(ch: str) -> str:
    spelled = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore", v_to_u=False)
    return spelled[0].lower() if spelled else ""


@lru_cache(maxsize=200_000)
def name_keys(name: str) -> tuple[str, str]:
    """(full spelling, initials) of ``name`` for search; a Latin word counts as one syllable."""
    full: list[str] = []
    initials: list[str] = []
    latin = False  # inside a run of Latin letters and digits ("Tom", "A2")
    for i, ch in enumerate(name.strip()):
        if ch.isascii():
            if ch.isalnum():
                full.append(ch.lower())
                if not latin:
                    initials.append(ch.lower())
                latin = True
            else:
                latin = False
            continue
        latin = False
        reading = (SURNAME_READINGS.get(ch) if i == 0 else None) or _reading(ch)
        if reading:
            full.append(reading)
            initials.append(reading[0])
    return "".join(full)[:200], "".join(initials)[:50]
