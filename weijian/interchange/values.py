"""Cell parsers for the canonical files (DOMAIN.md §5).

Each parser takes the cell as read (a stripped string, or a date/number from an XLSX cell)
and returns the Python value, or raises `FieldError` with the reason in Chinese.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from stdnum.cn import ric


class FieldError(ValueError):
    """A bad cell; `str(error)` is the reason shown to the user."""


_DATE_SEPARATED = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:  # fast path for ISO dates, the common case
            return date.fromisoformat(text)
        except ValueError:
            raise FieldError(f"日期不存在：{text}") from None
    if len(text) == 8 and text.isdigit():
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    else:
        match = _DATE_SEPARATED.match(text)
        if not match:
            raise FieldError(f"日期格式无法识别：{text}（应为 2020-03-01、2020/3/1 或 20200301）")
        year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldError(f"日期不存在：{text}") from None


_SEX = {"男": 1, "女": 2, "m": 1, "f": 2, "1": 1, "2": 2, "male": 1, "female": 2}


def parse_sex(value) -> int:
    try:
        return _SEX[value]
    except (KeyError, TypeError):
        pass
    text = _text(value).lower()
    try:
        return _SEX[text]
    except KeyError:
        raise FieldError(f"性别无法识别：{value}（应为 男/女、M/F 或 1/2）") from None


_BOOL = {"是": True, "否": False, "1": True, "0": False, "y": True, "n": False, "yes": True, "no": False,
         "true": True, "false": False}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    try:
        return _BOOL[text]
    except KeyError:
        raise FieldError(f"是否值无法识别：{value}（应为 是/否、1/0、Y/N 或 true/false）") from None


def parse_int(value) -> int:
    text = _text(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FieldError(f"应为整数：{value}") from None
    if number != number.to_integral_value():
        raise FieldError(f"应为整数：{value}")
    return int(number)


def positive_int(value) -> int:
    number = parse_int(value)
    if number < 1:
        raise FieldError(f"应为正整数：{value}")
    return number


def parse_decimal(value) -> Decimal:
    text = _text(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FieldError(f"应为数值：{value}") from None
    if not number.is_finite():
        raise FieldError(f"应为数值：{value}")
    return number


def text(max_length: int):
    """Text of at most `max_length` characters (the database column's size)."""

    def parse(value) -> str:
        result = _text(value)
        if len(result) > max_length:
            raise FieldError(f"长度超过{max_length}个字符")
        return result

    return parse


def decimal(max_digits: int, places: int):
    """A number that fits a DECIMAL(max_digits, places) column."""
    limit = Decimal(10) ** (max_digits - places)

    def parse(value) -> Decimal:
        number = parse_decimal(value)
        if number.as_tuple().exponent < -places and number != round(number, places):
            raise FieldError(f"最多{places}位小数：{value}")
        if abs(number) >= limit:
            raise FieldError(f"数值过大：{value}（应小于{limit:,}）")
        return number

    return parse


def parse_id_number(value) -> str:
    """An 18-character resident ID (GB 11643-1999) with a correct check character.

    The address prefix is not checked: division codes change after IDs are issued.
    """
    number = value if value.__class__ is str else _text(value)
    if len(number) != 18 or not number.isdigit():
        number = number.replace(" ", "").upper()
    if len(number) != 18:
        raise FieldError(f"身份号码应为18位，实为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise FieldError("身份号码格式错误：前17位应为数字，末位为数字或X")
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise FieldError(f"身份号码校验码错误：末位应为{expected}")
    try:
        date.fromisoformat(f"{number[6:10]}-{number[10:12]}-{number[12:14]}")
    except ValueError:
        raise FieldError(f"身份号码中的出生日期不存在：{number[6:14]}") from None
    return number


def id_birth_date(number: str) -> date:
    return date.fromisoformat(f"{number[6:10]}-{number[10:12]}-{number[12:14]}")


def id_sex(number: str) -> int:
    return 1 if int(number[16]) % 2 else 2


def check_id_agrees(number: str, sex: int | None, birth_date: date | None) -> str | None:
    """The reason an ID number disagrees with the row's sex or birth date, or None."""
    if birth_date is not None and number[6:14] != f"{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}":
        return f"身份号码中的出生日期{id_birth_date(number).isoformat()}与出生日期{birth_date.isoformat()}不一致"
    if sex is not None and id_sex(number) != sex:
        return f"身份号码表明性别为{SEX_LABELS[id_sex(number)]}，与性别“{SEX_LABELS[sex]}”不一致"
    return None


SEX_LABELS = {1: "男", 2: "女"}


def choice(mapping: dict[str, str], what: str):
    """A parser accepting the Chinese labels or the codes of a TextChoices."""
    lookup = {}
    for code, label in mapping.items():
        lookup[code.lower()] = code
        lookup[str(label).lower()] = code

    def parse(value) -> str:
        found = lookup.get(value) if value.__class__ is str else None
        if found is not None:
            return found
        text = _text(value).lower()
        try:
            return lookup[text]
        except KeyError:
            allowed = "、".join(str(label) for label in mapping.values())
            raise FieldError(f"{what}无法识别：{value}（应为 {allowed}）") from None

    return parse


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
