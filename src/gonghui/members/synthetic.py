"""Realistic synthetic people with valid ID numbers, deterministic for a seed (demo, tests, benchmarks).

Names come from Faker's zh_CN word lists (sampled directly: a million names in seconds);
ID numbers are built from real address codes, the birth date and a sequence number that
encodes the gender, with the GB 11643 check character, and are unique per index.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from faker.providers.person.zh_CN import Provider

from gonghui.members.choices import Education, EmploymentType, Ethnicity, Gender, PoliticalStatus
from gonghui.members.pinyin import name_keys
from gonghui.members.validators import with_check_char

# County-level address codes (昆明五华区, 北京朝阳区, 上海黄浦区, 深圳南山区, 威县, 邢台 ...).
AREA_CODES = [
    "530102", "530103", "530111", "530112", "530181", "110105", "310101", "440305",
    "130533", "130502", "130503", "130522", "510104", "420102", "320102", "330106",
]  # fmt: skip
EARLIEST_BIRTH = dt.date(1962, 1, 1)
BIRTH_DAYS = 15_000  # births spread over about 41 years
SEQUENCE_BLOCKS = 499  # sequence codes 001–997 (odd, men) and 002–998 (even, women)
SEQUENCE_STEP = 211  # neighbouring residues start at distant codes (499 is prime: all are reached)
JOBS = [
    "运行值班员",
    "检修工",
    "会计",
    "出纳",
    "驾驶员",
    "文秘",
    "技术员",
    "工程师",
    "调度员",
    "保安员",
    "厨师",
    "教师",
    "医生",
    "护士",
    "营业员",
    "电工",
    "焊工",
    "水文勘测工",
    "管理员",
]
EDUCATION_WEIGHTS = [
    (Education.BACHELOR, 35), (Education.COLLEGE, 30), (Education.SECONDARY_VOCATIONAL, 12),
    (Education.HIGH_SCHOOL, 12), (Education.MASTER, 6), (Education.MIDDLE_SCHOOL, 5),
]  # fmt: skip
POLITICAL_WEIGHTS = [(PoliticalStatus.MASSES, 55), (PoliticalStatus.CPC, 35), (PoliticalStatus.CYL, 10)]


@dataclass(frozen=True)
class Person:
    name: str
    gender: str
    ethnicity: str
    id_number: str
    birth_date: dt.date
    mobile: str
    education: str
    political_status: str
    employment_type: str
    job: str
    join_date: dt.date

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def id_number_for(index: int, gender: str | None = None) -> tuple[str, dt.date, str]:
    """A valid resident ID number, unique per ``index`` (0 ≤ index < 16 × 15,000 × 499)."""
    area, rest = index % len(AREA_CODES), index // len(AREA_CODES)
    # Neighbouring indexes are born years apart (7919 is prime to BIRTH_DAYS: one birth day per
    # residue of rest), giving a demo roster of every age.
    residue, block = rest % BIRTH_DAYS, rest // BIRTH_DAYS
    born = EARLIEST_BIRTH + dt.timedelta(days=residue * 7919 % BIRTH_DAYS)
    male = (index // 7) % 2 == 1 if gender is None else gender == Gender.MALE
    # The sequence code (顺序码) of real numbers takes any value from 001 to 999, odd for men and
    # even for women: people born on one day in one county are numbered in turn. Shifting each
    # birth day's blocks by a step of its own spreads the codes over all of them (the last four
    # characters, searched by the roster, then match about 1 in 10,000 people, as real ones do);
    # within one day and area the blocks stay distinct, so every number stays unique.
    seq = (block + residue * SEQUENCE_STEP) % SEQUENCE_BLOCKS * 2 + (1 if male else 2)
    number = with_check_char(f"{AREA_CODES[area]}{born:%Y%m%d}{seq:03d}")
    return number, born, Gender.MALE if male else Gender.FEMALE


def _adult_on(born: dt.date) -> dt.date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:
        return born.replace(year=born.year + 18, day=28)


class People:
    """Synthetic people for a seed; ``person(i)`` is the same for the same seed and index."""

    def __init__(self, seed: int = 2025) -> None:
        self.seed = seed
        self.surnames = list(Provider.last_names)
        self.male = list(Provider.first_names_male)
        self.female = list(Provider.first_names_female)
        self._edu = [e for e, w in EDUCATION_WEIGHTS for _ in range(w)]
        self._pol = [p for p, w in POLITICAL_WEIGHTS for _ in range(w)]

    def person(
        self,
        index: int,
        *,
        migrant_share: float = 0.03,
        join_from: dt.date = dt.date(1995, 1, 1),
        join_to: dt.date = dt.date(2024, 12, 31),
        gender: str | None = None,
    ) -> Person:
        rng = random.Random(self.seed * 1_000_003 + index)  # noqa: S311 (synthetic data)
        number, born, id_gender = id_number_for(self.seed * 7919 + index, gender)
        given = rng.choice(self.male if id_gender == Gender.MALE else self.female)
        name = rng.choice(self.surnames) + given
        migrant = rng.random() < migrant_share
        earliest = max(join_from, _adult_on(born))
        span = max((join_to - earliest).days, 0)
        joined = earliest + dt.timedelta(days=rng.randint(0, span)) if span else join_to
        return Person(
            name=name,
            gender=id_gender,
            ethnicity=Ethnicity.HAN if rng.random() < 0.9 else rng.choice(Ethnicity.values[1:]),
            id_number=number,
            birth_date=born,
            mobile=f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
            education=rng.choice(self._edu),
            political_status=rng.choice(self._pol),
            employment_type=EmploymentType.MIGRANT if migrant else EmploymentType.CONTRACT,
            job=rng.choice(JOBS),
            join_date=joined,
        )

    def people(self, count: int, start: int = 0, **kw: Any) -> Iterator[Person]:
        for i in range(start, start + count):
            yield self.person(i, **kw)


# The roster's columns in the order ``member_row`` gives them: the benchmarks insert synthetic
# people in bulk with ``members.importer.write.insert_rows(Member, MEMBER_COLS, rows)``.
MEMBER_COLS = [
    "organization_id",
    "union_group_id",
    "name",
    "name_pinyin",
    "name_initials",
    "gender",
    "ethnicity",
    "id_type",
    "id_number",
    "id_number_rev",
    "birth_date",
    "mobile",
    "education",
    "political_status",
    "employment_type",
    "job",
    "join_date",
    "card_number",
    "model_worker_level",
    "status",
    "created_at",
    "updated_at",
]


def member_row(
    p: Person, *, org_id: int, group_id: int | None, card: str, status: str, now: Any, join_date: Any = None
) -> tuple[Any, ...]:
    """One roster row of ``p`` for a bulk insert (``now``: the adapted timestamp of both stamps)."""
    pinyin, initials = name_keys(p.name)
    joined = p.join_date if join_date is None else join_date
    return (
        org_id, group_id, p.name, pinyin, initials, p.gender, p.ethnicity, "resident", p.id_number,
        p.id_number[::-1], p.birth_date, p.mobile, p.education, p.political_status, p.employment_type,
        p.job, joined, card, "", status, now, now,
    )  # fmt: skip
