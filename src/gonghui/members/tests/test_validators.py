"""ID numbers (GB 11643) and mobile numbers: property tests, plus the model's cross-checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gonghui.members.models import IdType, Member
from gonghui.members.validators import (
    check_char,
    id_facts,
    normalize_id,
    normalize_mobile,
    resident_id_facts,
    validate_mobile,
    with_check_char,
)

TODAY = dt.date(2026, 6, 1)
provinces = st.sampled_from(["11", "31", "44", "53", "13", "65"])
# Slow machines (and parallel runs) must not fail a property: no deadline, no speed health check.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
births = st.dates(min_value=dt.date(1920, 1, 1), max_value=TODAY)


@st.composite
def resident_ids(draw: Any) -> tuple[str, dt.date, int]:
    area = draw(provinces) + draw(st.text("0123456789", min_size=4, max_size=4))
    born = draw(births)
    seq = draw(st.integers(0, 999))
    return with_check_char(f"{area}{born:%Y%m%d}{seq:03d}"), born, seq


@relaxed
@given(resident_ids())
def test_a_valid_number_gives_its_birth_date_and_gender(case: tuple[str, dt.date, int]) -> None:
    number, born, seq = case
    facts = resident_id_facts(number, TODAY)
    assert facts.birth_date == born
    assert facts.gender == ("M" if seq % 2 else "F")


@relaxed
@given(resident_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_changed_character_is_caught(case: tuple[str, dt.date, int], pos: int, ch: str) -> None:
    number = case[0]
    assume(number[pos] != ch and (pos == 17 or ch != "X"))
    changed = number[:pos] + ch + number[pos + 1 :]
    with pytest.raises(ValidationError):
        resident_id_facts(changed, TODAY)


@relaxed
@given(resident_ids(), st.integers(0, 15))
def test_swapped_neighbours_are_caught(case: tuple[str, dt.date, int], pos: int) -> None:
    number = case[0]
    assume(number[pos] != number[pos + 1])
    swapped = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2 :]
    with pytest.raises(ValidationError):
        resident_id_facts(swapped, TODAY)


@relaxed
@given(resident_ids())
def test_lower_case_x_full_width_digits_and_spaces_are_normalized(case: tuple[str, dt.date, int]) -> None:
    number = case[0]
    messy = (
        " "
        + "".join(chr(ord(c) + 0xFEE0) if c.isdigit() and i % 2 else c for i, c in enumerate(number)).lower()
        + " "
    )
    assert normalize_id(messy) == number


def test_messages_say_what_is_wrong() -> None:
    good = with_check_char("11010519491231002")
    assert good == "11010519491231002X"  # the example of GB 11643
    with pytest.raises(ValidationError, match="18"):
        resident_id_facts(good[:-1], TODAY)
    wrong = good[:-1] + "1"
    with pytest.raises(ValidationError) as e:
        resident_id_facts(wrong, TODAY)
    assert e.value.code == "id_checksum"
    future = with_check_char(f"110105{TODAY + dt.timedelta(days=1):%Y%m%d}001")
    with pytest.raises(ValidationError) as e:
        resident_id_facts(future, TODAY)
    assert e.value.code == "id_birth_future"
    with pytest.raises(ValidationError) as e:
        resident_id_facts(with_check_char("11010519490231002"), TODAY)
    assert e.value.code == "id_birth_date"
    with pytest.raises(ValidationError) as e:
        resident_id_facts(with_check_char("99010519491231002"), TODAY)
    assert e.value.code == "id_region"


def test_permits_and_passports() -> None:
    hk = with_check_char("81000019800101001")
    assert id_facts(IdType.HK_MACAO, hk, TODAY).gender == "M"
    with pytest.raises(ValidationError):
        id_facts(IdType.RESIDENT, hk, TODAY)  # a residence permit is not a resident ID card
    assert id_facts(IdType.HK_MACAO, "H12345678", TODAY) is None
    assert id_facts(IdType.TAIWAN, "12345678", TODAY) is None
    assert id_facts(IdType.TAIWAN, with_check_char("83000019900101002"), TODAY).gender == "F"
    assert id_facts(IdType.PASSPORT, "E12345678", TODAY) is None
    for kind, bad in [(IdType.HK_MACAO, "X1234567"), (IdType.TAIWAN, "1234"), (IdType.PASSPORT, "E1-234")]:
        with pytest.raises(ValidationError):
            id_facts(kind, bad, TODAY)
    assert check_char("11010519491231002") == "X"


@relaxed
@given(st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9))
def test_mobile_numbers_in_any_usual_spelling(second: str, rest: str) -> None:
    number = f"1{second}{rest}"
    validate_mobile(number)
    for spelling in (
        f"+86 {number}",
        f"86{number}",
        f"{number[:3]}-{number[3:7]}-{number[7:]}",
        f" {number} ",
    ):
        assert normalize_mobile(spelling) == number
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert normalize_mobile(wide) == number


@relaxed
@given(st.text("0123456789", min_size=1, max_size=15))
def test_anything_else_is_not_a_mobile_number(digits: str) -> None:
    assume(not (len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"))
    with pytest.raises(ValidationError):
        validate_mobile(digits)


def test_model_cross_checks_the_id_number(tree: Any) -> None:
    number = with_check_char("53010219800515001")  # a man born 1980-05-15
    m = Member(organization=tree.union_a, name="张三", id_number=number, join_date=dt.date(2020, 1, 1))
    m.full_clean(validate_unique=False)
    assert (m.birth_date, m.gender) == (dt.date(1980, 5, 15), "M")  # derived
    m = Member(
        organization=tree.union_a, name="张三", id_number=number, birth_date=dt.date(1980, 5, 16), gender="F"
    )
    with pytest.raises(ValidationError) as e:
        m.full_clean(validate_unique=False)
    assert set(e.value.message_dict) == {"birth_date", "gender"}
    assert "1980-05-15" in e.value.message_dict["birth_date"][0]
    m = Member(organization=tree.union_a, name="李四", id_type=IdType.PASSPORT, id_number="E12345678")
    with pytest.raises(ValidationError) as e:
        m.full_clean(validate_unique=False)
    assert "gender" in e.value.message_dict  # a passport does not say it


def test_synthetic_id_numbers_are_valid_unique_and_spread_like_real_ones() -> None:
    from collections import Counter

    from gonghui.members.synthetic import id_number_for

    numbers = {}
    for index in range(99 * 7919, 99 * 7919 + 60_000):  # the benchmark's seed
        number, born, gender = id_number_for(index)
        assert resident_id_facts(number) == (born, gender)
        numbers[number] = index
    assert len(numbers) == 60_000
    # Sequence codes (顺序码) take any value from 001 to 998, odd for men and even for women
    # (the roster's ID-tail search meets as many matches as it would on real numbers).
    codes = Counter(int(n[14:17]) for n in numbers)
    assert min(codes) == 1 and max(codes) == 998 and len(codes) == 998
    assert max(codes.values()) < 3 * 60_000 / 998
    tails = Counter(n[-4:] for n in numbers)
    assert max(tails.values()) < 30  # about 1 in 10,000 share a tail, plus chance
