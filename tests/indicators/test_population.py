"""Population, households and vital rates (DOMAIN.md §6, first table), counted by hand.

Statistical year 2020TJ: 2019-10-01 .. 2020-09-30; the start population is that of 2019-09-30.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.indicators.builder import Register, values
from weijian.register.models import Direction, Residence

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    r = Register()
    h1, h2, h3, h4 = (r.household(r.v1) for _ in range(4))
    h5, h6, h7, h8 = (r.household(r.v2) for _ in range(4))
    # village 1
    r.a = r.person("1980-01-01", 1, r.v1, household=h1)
    r.b = r.person("1990-06-15", 2, r.v1, household=h1, marital_status="first", first_marriage_date=None)
    r.k = r.person("2019-09-30", 1, r.v1, household=h1)  # born the day before the period: in the start population
    r.c = r.person("1970-09-30", 2, r.v1, household=h2, marital_status="first")  # 50 on the last day
    r.d = r.person("1971-10-01", 2, r.v1, household=h3, marital_status="single")  # 48
    r.e = r.person("1940-02-02", 1, r.v1, household=h3)
    r.death(r.e, "2020-03-01")
    r.f = r.person("1985-05-05", 1, r.v1, household=h4)
    r.migration(r.f, Direction.MOVE_OUT, "2020-05-01")
    Person = type(r.f)
    Person.objects.filter(pk=r.f.pk).update(registered_here=False)  # as the migration import leaves it
    # village 2
    r.g = r.person("1995-01-01", 1, r.v2, household=h5, residence=Residence.AWAY)
    r.migration(r.g, Direction.FLOW_OUT, "2019-01-01")
    r.h = r.person("1992-02-02", 2, r.v2, household=h7, residence=Residence.INCOMER)
    r.migration(r.h, Direction.FLOW_IN, "2019-12-01")
    r.l = r.person("1960-07-07", 1, r.v2, household=h6)
    r.migration(r.l, Direction.MOVE_IN, "2020-04-01")
    mother_elsewhere = r.person("1993-03-03", 2, r.v2, household=h6, residence=Residence.INCOMER)
    r.i = r.birth(mother_elsewhere, "2020-02-02", 1)  # the child is registered here
    r.j = r.person("1930-03-03", 1, r.v2, household=h8)
    r.death(r.j, "2019-09-30")  # died before the period
    return r


def test_population_at_end_start_and_average(r):
    got = values("2020TJ", r.township, "population_registered", "population_average", by="village")
    # end: v1 a b k c d (e died, f moved out); v2 g i l (h registered elsewhere, j died earlier)
    assert got[(r.v1.code, "population_registered")] == 5
    assert got[(r.v2.code, "population_registered")] == 3
    # start (2019-09-30): v1 a b k c d e f = 7; v2 g = 1 (l moved in later, i not born, j died that day)
    assert got[(r.v1.code, "population_average")] == Decimal("6.0")
    assert got[(r.v2.code, "population_average")] == Decimal("2.0")
    whole = values("2020TJ", r.township, "population_registered", "population_average")
    assert whole == {"population_registered": 8, "population_average": Decimal("8.0")}


def test_resident_population_and_migrants(r):
    got = values("2020TJ", r.township, "population_resident", "migrants_in", "migrants_out", by="village")
    # v2: i, l and the incomers h and the mother; g is away
    assert got[(r.v1.code, "population_resident")] == 5
    assert got[(r.v2.code, "population_resident")] == 4
    assert got[(r.v2.code, "migrants_in")] == 2
    assert got[(r.v2.code, "migrants_out")] == 1
    assert got[(r.v1.code, "migrants_in")] == got[(r.v1.code, "migrants_out")] == 0


def test_population_before_the_incomer_arrived(r):
    # At the end of 2019-11-30 h had not yet come (流入 2019-12-01), the mother had (no events).
    got = values("2019-11-01..2019-11-30", r.v2, "population_resident", "migrants_in")
    assert got == {"population_resident": 1, "migrants_in": 1}  # the mother; g away, j dead, l and i not yet here


def test_women_of_childbearing_age(r):
    got = values("2020TJ", r.v1, "women_15_49", "married_women_15_49")
    assert got == {"women_15_49": 2, "married_women_15_49": 1}  # b and d; c turned 50 on the last day


def test_households_with_a_living_registered_member(r):
    got = values("2020TJ", r.township, "households", by="village")
    # v1: h1, h2, h3 (d lives); h4's only member moved out.  v2: h5 (g, away but registered), h6.
    assert got[(r.v1.code, "households")] == 3
    assert got[(r.v2.code, "households")] == 2


def test_households_before_their_members_moved(r):
    # At the end of 2019: f had not moved out yet, so h4 counts by his events although the
    # register no longer has him; l had not moved in, so h6 (his, the incomer mother's, and
    # from February the child's) does not count although the register has him.
    got = values("2019-10-01..2019-12-31", r.township, "households", by="village")
    assert got[(r.v1.code, "households")] == 4  # h1, h2, h3, h4
    assert got[(r.v2.code, "households")] == 1  # h5
    # At the end of March 2020 the child born in February counts h6 by herself.
    got = values("2020-01-01..2020-03-31", r.township, "households", by="village")
    assert got[(r.v1.code, "households")] == 4
    assert got[(r.v2.code, "households")] == 2  # h5, h6


def test_a_member_who_only_went_away_keeps_the_household_registered(r):
    # Flows (外出, 返回, 流入) do not change where one is registered: n, registered in h6 and
    # away since November, counts h6 at the end of 2019 although l had not moved in yet.
    n = r.person("1988-08-08", 1, r.v2, household=r.l.household, residence=Residence.AWAY)
    r.migration(n, Direction.FLOW_OUT, "2019-11-01")
    got = values("2019-10-01..2019-12-31", r.township, "households", by="village")
    assert got[(r.v2.code, "households")] == 2  # h5, h6
    # Without n's registration h6 does not count then, his flow or not.
    type(n).objects.filter(pk=n.pk).update(registered_here=False)
    got = values("2019-10-01..2019-12-31", r.township, "households", by="village")
    assert got[(r.v2.code, "households")] == 1  # h5


def test_births_deaths_and_rates(r):
    got = values("2020TJ", r.township, "births", "deaths", "birth_rate", "death_rate", "natural_growth_rate")
    assert got["births"] == 1 and got["deaths"] == 1
    assert got["birth_rate"] == Decimal("125.00")  # 1 ÷ 8 × 1000
    assert got["death_rate"] == Decimal("125.00")
    assert got["natural_growth_rate"] == Decimal("0.00")


def test_zero_denominator_gives_no_value(r):
    got = values("2020TJ", r.v1, "sex_ratio_at_birth", "institutional_delivery_rate", "birth_rate")
    assert got["sex_ratio_at_birth"] is None and got["institutional_delivery_rate"] is None
    assert got["birth_rate"] == Decimal("0.00")  # no births over a population of 6


def test_first_marriages_of_women(r):
    r.marriage(r.d, "2020-06-01", first=True)
    r.marriage(r.c, "2020-06-01", first=False)  # a remarriage
    r.marriage(r.a, "2020-06-01", first=True)  # a man
    r.marriage(r.h, "2019-09-30", first=True)  # before the period
    assert values("2020TJ", r.township, "first_marriages_female") == {"first_marriages_female": 1}


def test_events_on_30_september_and_1_october():
    r = Register()
    mum = r.person("1990-01-01", 2, r.v1)
    for born in ("2019-09-30", "2019-10-01", "2020-09-30", "2020-10-01"):
        r.birth(mum, born, 2)
    assert values("2020TJ", r.v1, "births")["births"] == 2
    assert values("2019TJ", r.v1, "births")["births"] == 1
    assert values("2019Oct", r.v1, "births")["births"] == 2  # DHIS2's name of 2020TJ
    assert values("2020TJH1", r.v1, "births")["births"] == 1
    assert values("2020TJH2", r.v1, "births")["births"] == 1
    assert values("2020Q4", r.v1, "births")["births"] == 1
    assert values("202010", r.v1, "births")["births"] == 1


def test_events_of_one_day_and_of_long_ago(r):
    # Two events of one kind on one day: the later direction name decides (move_out after
    # move_in, return after flow_out), on both databases alike; an event of 1950 is the
    # latest before the period as one of last year would be.
    o = r.person("1948-04-04", 1, r.v1, household=r.a.household)
    r.migration(o, Direction.MOVE_IN, "2020-06-01")
    r.migration(o, Direction.MOVE_OUT, "2020-06-01")
    r.migration(o, Direction.FLOW_OUT, "1950-01-01")
    q = r.person("1960-06-06", 2, r.v1, household=r.a.household, residence=Residence.AWAY)
    r.migration(q, Direction.FLOW_OUT, "2020-03-03")
    r.migration(q, Direction.RETURN, "2020-03-03")
    # At the period end o has moved out (the register has not caught up) and q is back home
    # (the register still says away): q is registered and resident, o neither.
    got = values("2020TJ", r.v1, "population_registered", "population_resident", "migrants_out")
    assert got == {"population_registered": 6, "population_resident": 6, "migrants_out": 0}  # a b k c d, q
    # At the end of 2019 both their first events were ahead: before a move in, o was not
    # registered here; before going away (流出), q lived here.
    got = values("2019-10-01..2019-12-31", r.v1, "population_registered", "population_resident", "migrants_out")
    # a b k c d e f (see test_households_before_their_members_moved), and q
    assert got == {"population_registered": 8, "population_resident": 8, "migrants_out": 0}


def test_every_direction_has_a_code_in_the_order_of_its_name():
    from weijian.indicators.sql import DIRECTION_CODES

    assert set(DIRECTION_CODES) == set(Direction.values)
    assert sorted(DIRECTION_CODES, key=DIRECTION_CODES.get) == sorted(DIRECTION_CODES)
    assert max(DIRECTION_CODES.values()) < 8  # the key is days × 8 + code
