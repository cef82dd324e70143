"""The records behind a number: as many as the number counts, with masked ID numbers."""

from __future__ import annotations

import pytest

from tests.indicators.builder import Register, values
from weijian.indicators.engine import records
from weijian.indicators.registry import lookup
from weijian.periods import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    r = Register()
    r.mum = r.person("1990-01-01", 2, r.v1, id_number="51130219900101002X", name="李娜")
    r.birth(r.mum, "2020-03-03", 1, place="hospital")
    r.birth(r.mum, "2020-03-03", 2, order=2, parity=2, place="hospital")
    other = r.person("1991-01-01", 2, r.v2, id_number="511302199101010026", name="赵敏")
    r.birth(other, "2020-05-05", 1, place="home")
    return r


def test_numerator_and_denominator_records(r):
    listed = records("institutional_delivery_rate", r.township, parse("2020TJ"))
    numerator = [row for row in listed if row.part == "numerator"]
    denominator = [row for row in listed if row.part == "denominator"]
    assert len(numerator) == 2 and len(denominator) == 3
    assert {row.id_number for row in numerator} == {"511302********002X"}
    assert [row.village for row in denominator] == [r.v1.code, r.v1.code, r.v2.code]
    assert {row.kind for row in listed} == {"出生"}
    assert all(row.name in ("李娜", "赵敏") for row in listed)


def test_records_match_the_counts_for_every_indicator(r):
    r.death(r.person("1940-01-01", 1, r.v1), "2020-02-02")
    h = r.household(r.v1)
    r.person("1980-01-01", 1, r.v1, household=h)
    r.person("1982-01-01", 2, r.v1, household=h)
    r.figure(r.v1, "meetings", "202003", 2)
    r.figure(r.township, "meetings", "2020TJ", 5)
    period = parse("2020TJ")
    from weijian.indicators.engine import compute

    for row in compute(period, r.township):
        info = lookup(row.indicator)
        listed = records(row.indicator, r.township, period)
        for part, total in (("numerator", row.numerator), ("denominator", row.denominator)):
            if total is None:
                continue
            weight = {code: coefficient for coefficient, code in info.terms(part)}
            assert sum(weight[item.measure] * (1 if item.amount is None else item.amount)
                       for item in listed if item.part == part) == total, (row.indicator, part)


def test_households_are_listed_once(r):
    h = r.household(r.v1)
    r.person("1980-01-01", 1, r.v1, household=h)
    r.person("1982-01-01", 2, r.v1, household=h)
    listed = records("households", r.v1, parse("2020TJ"))
    assert len(listed) == 1 == values("2020TJ", r.v1, "households")["households"]
    assert listed[0].kind == "户"


def test_unmasked_only_when_asked(r):
    listed = records("births", r.v1, parse("2020TJ"), masked=False)
    assert {row.id_number for row in listed} == {"51130219900101002X"}
