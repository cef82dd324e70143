"""Cell parsers (no database): dates, sex, booleans, ID numbers, and the test helpers themselves."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.iso7064 import mod_11_2

from tests.conftest import make_id, wrong_check
from weijian.interchange.values import (
    FieldError,
    check_id_agrees,
    id_birth_date,
    id_sex,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_id_number,
    parse_int,
    parse_sex,
)


# -- the helper ---------------------------------------------------------------------------------
def test_make_id_is_valid_and_encodes_birth_date_and_sex():
    man = make_id("1990-05-12", 1)
    woman = make_id("1994-08-20", 2, seq=7, prefix="110105")
    assert len(man) == 18 and man.startswith("51130219900512")
    # ISO 7064 MOD 11-2 (ric.is_valid would also check the address prefix against its own table).
    assert mod_11_2.is_valid(man) and mod_11_2.is_valid(woman)
    assert id_sex(man) == 1 and id_sex(woman) == 2
    assert id_birth_date(woman) == date(1994, 8, 20)
    assert woman.startswith("110105")
    assert man != make_id("1990-05-12", 1, seq=2)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)), st.sampled_from([1, 2]),
       st.integers(1, 499))
def test_make_id_round_trips_through_the_parser(day, sex, seq):
    number = make_id(day.isoformat(), sex, seq)
    assert parse_id_number(number) == number
    assert check_id_agrees(number, sex, day) is None
    assert id_birth_date(number) == day and id_sex(number) == sex


# -- dates --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["2020-03-01", "2020/3/1", "20200301", "2020/03/01", "2020-3-1", "2020.3.1",
                                  "2020年3月1日"])
def test_date_spellings(text):
    assert parse_date(text) == date(2020, 3, 1)


def test_excel_date_cells():
    assert parse_date(datetime(2020, 3, 1, 0, 0)) == date(2020, 3, 1)
    assert parse_date(date(2020, 3, 1)) == date(2020, 3, 1)


@pytest.mark.parametrize("text", ["2020-02-30", "2020/2/30", "20200230", "2019-02-29", "2020-13-01"])
def test_impossible_dates(text):
    with pytest.raises(FieldError) as error:
        parse_date(text)
    assert str(error.value) == f"日期不存在：{text}"


def test_unreadable_date():
    with pytest.raises(FieldError) as error:
        parse_date("3月1日")
    assert str(error.value) == "日期格式无法识别：3月1日（应为 2020-03-01、2020/3/1 或 20200301）"


# -- sex and booleans ---------------------------------------------------------------------------
@pytest.mark.parametrize("text,code", [("男", 1), ("女", 2), ("M", 1), ("F", 2), ("m", 1), ("f", 2),
                                       ("1", 1), ("2", 2), (1, 1), (2.0, 2)])
def test_sex_spellings(text, code):
    assert parse_sex(text) == code


def test_unknown_sex():
    with pytest.raises(FieldError) as error:
        parse_sex("X")
    assert str(error.value) == "性别无法识别：X（应为 男/女、M/F 或 1/2）"


@pytest.mark.parametrize("text,value", [("是", True), ("否", False), ("1", True), ("0", False), ("Y", True),
                                        ("N", False), ("y", True), ("n", False), ("true", True),
                                        ("false", False), ("TRUE", True), ("False", False), (True, True),
                                        (False, False), (1, True), (0, False)])
def test_boolean_spellings(text, value):
    assert parse_bool(text) is value


def test_unknown_boolean():
    with pytest.raises(FieldError) as error:
        parse_bool("有")
    assert str(error.value) == "是否值无法识别：有（应为 是/否、1/0、Y/N 或 true/false）"


# -- numbers ------------------------------------------------------------------------------------
def test_numbers():
    assert parse_int("3") == 3 and parse_int(3.0) == 3
    assert parse_decimal("12.50") == Decimal("12.50")
    with pytest.raises(FieldError, match="^应为整数：2.5$"):
        parse_int("2.5")
    with pytest.raises(FieldError, match="^应为数值：abc$"):
        parse_decimal("abc")


# -- ID numbers ---------------------------------------------------------------------------------
def test_id_number_lower_case_x_is_accepted():
    # Find an ID whose check character is X.
    number = next(n for seq in range(1, 200) if (n := make_id("1990-05-12", 1, seq)).endswith("X"))
    assert parse_id_number(number.lower()) == number


def test_id_number_check_character():
    number = make_id("1990-05-12", 1)
    with pytest.raises(FieldError) as error:
        parse_id_number(wrong_check(number))
    assert str(error.value) == f"身份号码校验码错误：末位应为{number[17]}"


def test_id_number_length_and_format():
    with pytest.raises(FieldError) as error:
        parse_id_number("51130219900512")
    assert str(error.value) == "身份号码应为18位，实为14位"
    with pytest.raises(FieldError) as error:
        parse_id_number("5113021990051200AB")
    assert str(error.value) == "身份号码格式错误：前17位应为数字，末位为数字或X"


def test_id_number_unknown_address_prefix_is_accepted():
    number = make_id("1990-05-12", 1, prefix="999999")
    assert parse_id_number(number) == number


def test_id_number_disagreements():
    man = make_id("1990-05-12", 1)
    assert check_id_agrees(man, 2, date(1990, 5, 12)) == "身份号码表明性别为男，与性别“女”不一致"
    assert check_id_agrees(man, 1, date(1990, 5, 13)) == (
        "身份号码中的出生日期1990-05-12与出生日期1990-05-13不一致"
    )
