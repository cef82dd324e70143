"""Reporting periods (DOMAIN.md §3).

    2020TJ        statistical year 2019-10-01 .. 2020-09-30 (DHIS2 alias: 2019Oct)
    2020TJH1/H2   statistical half years
    2020          calendar year; 2020S1/S2 halves; 2020Q1..Q4 quarters; 202003 month
    2020-01-01..2020-06-30   any inclusive date range
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date


class PeriodError(ValueError):
    """An unrecognised period code; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class Period:
    code: str  # canonical spelling
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def shift_years(self, years: int) -> "Period":
        """The same period `years` later (negative: earlier), e.g. for 同比."""
        return parse(_shift_code(self, years))

    def __str__(self) -> str:
        return self.code


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _statistical(year: int, half: str | None) -> tuple[date, date]:
    if half == "H1":
        return date(year - 1, 10, 1), date(year, 3, 31)
    if half == "H2":
        return date(year, 4, 1), date(year, 9, 30)
    return date(year - 1, 10, 1), date(year, 9, 30)


_PATTERNS: list[tuple[re.Pattern[str], object]] = []


def _pattern(regex: str):
    def register(func):
        _PATTERNS.append((re.compile(regex), func))
        return func

    return register


@_pattern(r"^(\d{4})TJ(H[12])?$")
def _tj(m: re.Match) -> Period:
    start, end = _statistical(int(m[1]), m[2])
    return Period(m[0], start, end)


@_pattern(r"^(\d{4})Oct$")
def _dhis2_oct(m: re.Match) -> Period:
    year = int(m[1]) + 1
    start, end = _statistical(year, None)
    return Period(f"{year}TJ", start, end)


@_pattern(r"^(\d{4})$")
def _year(m: re.Match) -> Period:
    year = int(m[1])
    return Period(m[0], date(year, 1, 1), date(year, 12, 31))


@_pattern(r"^(\d{4})S([12])$")
def _semester(m: re.Match) -> Period:
    year, half = int(m[1]), int(m[2])
    if half == 1:
        return Period(m[0], date(year, 1, 1), date(year, 6, 30))
    return Period(m[0], date(year, 7, 1), date(year, 12, 31))


@_pattern(r"^(\d{4})Q([1-4])$")
def _quarter(m: re.Match) -> Period:
    year, quarter = int(m[1]), int(m[2])
    first = 3 * quarter - 2
    return Period(m[0], date(year, first, 1), _month_end(year, first + 2))


@_pattern(r"^(\d{4})(\d{2})$")
def _month(m: re.Match) -> Period:
    year, month = int(m[1]), int(m[2])
    if not 1 <= month <= 12:
        raise PeriodError(f"月份无效：{m[0]}")
    return Period(m[0], date(year, month, 1), _month_end(year, month))


@_pattern(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
def _range(m: re.Match) -> Period:
    try:
        start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
    except ValueError:
        raise PeriodError(f"日期无效：{m[0]}") from None
    if end < start:
        raise PeriodError(f"结束日期早于开始日期：{m[0]}")
    return Period(m[0], start, end)


def parse(code: str) -> Period:
    text = (code or "").strip()
    for regex, build in _PATTERNS:
        match = regex.match(text)
        if match:
            period = build(match)
            if period.start.year < 1900:
                break
            return period
    raise PeriodError(
        f"无法识别的期间“{code}”：应为 2020TJ、2020TJH1、2019Oct、2020、2020S1、2020Q3、202003 "
        "或 2020-01-01..2020-06-30"
    )


def _shift_code(period: Period, years: int) -> str:
    code = period.code
    if ".." in code:
        start = _add_years(period.start, years)
        end = _add_years(period.end, years)
        return f"{start.isoformat()}..{end.isoformat()}"
    return f"{int(code[:4]) + years}{code[4:]}"


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February becomes 28 February.

    Someone born on or before ``years_before(d, n)`` is at least n completed years old on d.
    """
    return _add_years(day, -years)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
