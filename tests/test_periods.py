"""Reporting periods of DOMAIN.md §3."""

from datetime import date

import pytest

from weijian.periods import PeriodError, parse


@pytest.mark.parametrize("code, canonical, start, end", [
    ("2020TJ", "2020TJ", date(2019, 10, 1), date(2020, 9, 30)),
    ("2019Oct", "2020TJ", date(2019, 10, 1), date(2020, 9, 30)),
    ("2020TJH1", "2020TJH1", date(2019, 10, 1), date(2020, 3, 31)),
    ("2020TJH2", "2020TJH2", date(2020, 4, 1), date(2020, 9, 30)),
    ("2020", "2020", date(2020, 1, 1), date(2020, 12, 31)),
    ("2020S1", "2020S1", date(2020, 1, 1), date(2020, 6, 30)),
    ("2020S2", "2020S2", date(2020, 7, 1), date(2020, 12, 31)),
    ("2020Q3", "2020Q3", date(2020, 7, 1), date(2020, 9, 30)),
    ("202002", "202002", date(2020, 2, 1), date(2020, 2, 29)),
    ("2020-01-01..2020-06-30", "2020-01-01..2020-06-30", date(2020, 1, 1), date(2020, 6, 30)),
])
def test_periods(code, canonical, start, end):
    period = parse(code)
    assert (period.code, period.start, period.end) == (canonical, start, end)


def test_days_and_shift():
    assert parse("2020TJ").days == 366
    assert parse("2021TJH1").shift_years(-1) == parse("2020TJH1")
    assert parse("2020-02-29..2020-03-31").shift_years(1).start == date(2021, 2, 28)


@pytest.mark.parametrize("code", ["2020TJH3", "202013", "2020Q5", "20-01", "2020-06-30..2020-01-01", "2020-02-30..2020-03-01", ""])
def test_bad_periods_have_a_chinese_reason(code):
    with pytest.raises(PeriodError) as error:
        parse(code)
    assert "期间" in str(error.value) or "日期" in str(error.value) or "月份" in str(error.value)
