"""Rounding, targets, time elapsed and the comparison with a year earlier."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.indicators.builder import Register, rows_by_code, values
from weijian.indicators.engine import compute, evaluate, round_half_up, time_progress
from weijian.indicators.registry import BY_CODE, IndicatorInfo, parse_terms
from weijian.periods import parse


def test_round_half_up_not_to_even():
    rate0 = IndicatorInfo("x", "x", "%", 100, 0, numerator="a", denominator="b")
    rate2 = IndicatorInfo("y", "y", "%", 100, 2, numerator="a", denominator="b")
    assert evaluate(rate0, {"a": 1, "b": 8}) == (1, 8, Decimal("13"))  # 12.5 → 13
    assert evaluate(rate2, {"a": 1, "b": 800})[2] == Decimal("0.13")  # 0.125 → 0.13
    assert evaluate(rate0, {"a": 5, "b": 200})[2] == Decimal("3")  # 2.5 → 3, banker's would give 2
    assert round_half_up(Decimal("-0.125"), 2) == Decimal("-0.13")
    assert evaluate(rate2, {"a": 1, "b": 0})[2] is None


def test_indicator_formulas_are_sums_of_measures():
    assert parse_terms("births - deaths") == ((1, "births"), (-1, "deaths"))
    assert parse_terms("0.5*a + 0.5*b") == ((Decimal("0.5"), "a"), (Decimal("0.5"), "b"))
    with pytest.raises(ValueError):
        parse_terms("births deaths")
    growth = BY_CODE["natural_growth_rate"]
    assert evaluate(growth, {"births": 30, "deaths": 10, "population_registered": 1000,
                             "population_registered_start": 1000}) == (20, 1000, Decimal("20.00"))


@pytest.mark.django_db
def test_rounding_at_a_half_on_real_records():
    """1 of 800 children checked: 0.125 % shows as 0.13."""
    from weijian.register.models import Person

    r = Register()
    Person.objects.bulk_create(
        Person(id_number=f"C{n:017d}", sex=1, birth_date=date(2018, 1, 1), village=r.v1) for n in range(800))
    r.service(Person.objects.filter(village=r.v1).first(), "child_health_check", "2020-01-01")
    assert values("2020TJ", r.v1, "child_health_management_rate_under7") == {
        "child_health_management_rate_under7": Decimal("0.13")}


def test_time_progress():
    year = parse("2020TJ")  # 366 days
    assert time_progress(year, date(2019, 10, 1)) == Decimal("0.27")  # 1 ÷ 366
    assert time_progress(year, date(2020, 3, 31)) == Decimal("50.00")  # 183 ÷ 366
    assert time_progress(year, date(2020, 3, 30)) == Decimal("49.73")  # 182 ÷ 366
    assert time_progress(year, date(2020, 9, 30)) == Decimal("100.00")
    assert time_progress(year, date(2021, 1, 1)) == Decimal("100.00")
    assert time_progress(year, date(2019, 1, 1)) == Decimal("0.00")


@pytest.mark.django_db
def test_targets_completion_and_behind():
    r = Register()
    for n in range(3):
        r.service(r.person(f"197{n}-01-01", 2, r.v1), "cervical_cancer_screening", "2020-01-01")
    r.service(r.person("1975-01-01", 2, r.v2), "cervical_cancer_screening", "2020-01-01")
    r.target(r.township, "2020TJ", "cervical_screenings", 8)
    r.target(r.v1, "2019Oct", "cervical_screenings", 4)  # the same span under DHIS2's name
    rows = {(row.org, row.indicator): row for row in compute(
        parse("2020TJ"), r.township, by="village", indicators=["cervical_screenings"], at=date(2020, 3, 31))}
    v1, v2 = rows[(r.v1.code, "cervical_screenings")], rows[(r.v2.code, "cervical_screenings")]
    assert (v1.value, v1.target, v1.completion, v1.time_progress, v1.behind) == (
        3, Decimal("4"), Decimal("75.00"), Decimal("50.00"), False)
    assert (v2.value, v2.target, v2.completion, v2.behind) == (1, None, None, None)  # actuals only
    whole = rows_by_code("2020TJ", r.township, "cervical_screenings", at=date(2020, 9, 30))["cervical_screenings"]
    assert (whole.value, whole.completion, whole.time_progress, whole.behind) == (
        4, Decimal("50.00"), Decimal("100.00"), True)


@pytest.mark.django_db
def test_completion_may_pass_100():
    r = Register()
    for n in range(3):
        r.service(r.person(f"197{n}-01-01", 2, r.v1), "breast_cancer_screening", "2020-01-01")
    r.target(r.v1, "2020TJ", "breast_screenings", 2)
    row = rows_by_code("2020TJ", r.v1, "breast_screenings", at=date(2020, 6, 30))["breast_screenings"]
    assert row.completion == Decimal("150.00") and row.behind is False


@pytest.mark.django_db
def test_compare_with_a_year_earlier():
    r = Register()
    mum = r.person("1990-01-01", 2, r.v1)
    r.birth(mum, "2019-05-05", 1)
    r.birth(mum, "2020-05-05", 1, parity=2)
    r.birth(mum, "2020-06-06", 2, parity=3, place="home")
    rows = rows_by_code("2020TJ", r.v1, "births", "institutional_delivery_rate", "stillbirths", compare=True)
    births, institutional = rows["births"], rows["institutional_delivery_rate"]
    assert (births.previous_period, births.previous_value, births.change, births.change_percent) == (
        "2019TJ", 1, 1, Decimal("100.00"))
    assert (institutional.value, institutional.previous_value, institutional.change) == (
        Decimal("50.00"), Decimal("100.00"), Decimal("-50.00"))
    assert rows["stillbirths"].change == 0 and rows["stillbirths"].change_percent is None  # 0 a year earlier


@pytest.mark.django_db
def test_sex_ratio_out_of_range():
    r = Register()
    mum = r.person("1990-01-01", 2, r.v1)
    for n, sex in enumerate((1, 1, 2)):
        r.birth(mum, f"2020-0{n + 1}-01", sex, parity=n + 1)
    row = rows_by_code("2020TJ", r.v1, "sex_ratio_at_birth")["sex_ratio_at_birth"]
    assert (row.value, row.normal_low, row.normal_high, row.out_of_range) == (Decimal("200.00"), 103, 107, True)


def test_an_old_sqlite_is_refused_with_what_to_do():
    from django.core.exceptions import ImproperlyConfigured

    from weijian.indicators.apps import check_sqlite

    with pytest.raises(ImproperlyConfigured, match=r"SQLite 3\.29\.1 太旧.*3\.30\.0"):
        check_sqlite("django.db.backends.sqlite3", (3, 29, 1))
    check_sqlite("django.db.backends.sqlite3", (3, 30, 0))
    check_sqlite("django.db.backends.postgresql", (3, 7, 17))  # PostgreSQL does not use it
