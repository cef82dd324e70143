"""Maternal and child health (DOMAIN.md §6, second table), counted by hand, in 2020TJ."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.indicators.builder import Register, values

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    """Village 1: four deliveries with five live births and a stillbirth.

    mum1: twins on 2020-03-03 (hospital), registered at 10 weeks, 5 prenatal visits,
          postpartum visit on day 28: fully managed.
    mum2: a girl on 2020-05-05 (home, 2400 g), registered at 13 weeks (not early), one prenatal
          visit, postpartum visit on day 29 (too late); a prenatal visit 300 days before the birth
          falls outside the pregnancy and is not counted.  High risk found and managed.
    mum3: a boy on 2020-06-06 (health centre, parity 2), no services; high risk found, not managed.
    mum4: a stillbirth on 2020-07-07 (not a live birth) with prenatal visits.
    """
    r = Register()
    r.mum1, r.mum2, r.mum3, r.mum4 = (r.person(f"199{n}-01-01", 2, r.v1) for n in range(4))
    r.twin1 = r.birth(r.mum1, "2020-03-03", 1, order=1, parity=1)
    r.twin2 = r.birth(r.mum1, "2020-03-03", 2, order=2, parity=2)
    r.service(r.mum1, "pregnancy_registration", "2019-07-20", value=10)
    for visit in ("2019-08-01", "2019-09-01", "2019-11-01", "2020-01-01", "2020-03-01"):
        r.service(r.mum1, "prenatal_visit", visit)
    r.service(r.mum1, "postpartum_visit", "2020-03-31")  # day 28
    r.girl = r.birth(r.mum2, "2020-05-05", 2, weight=2400, place="home")
    r.service(r.mum2, "pregnancy_registration", "2019-10-10", value=13)
    r.service(r.mum2, "prenatal_visit", "2019-07-10")  # 300 days before the birth
    r.service(r.mum2, "prenatal_visit", "2020-02-02")
    r.service(r.mum2, "postpartum_visit", "2020-06-03")  # day 29
    r.service(r.mum2, "high_risk_identified", "2020-01-01")
    r.service(r.mum2, "high_risk_managed", "2020-01-15")
    r.boy = r.birth(r.mum3, "2020-06-06", 1, parity=2, place="health_centre", weight=None)
    r.service(r.mum3, "high_risk_identified", "2020-02-01")
    r.birth(r.mum4, "2020-07-07", 1, live=False)
    r.service(r.mum4, "prenatal_visit", "2020-05-05")
    return r


def test_births_by_sex_parity_and_stillbirths(r):
    got = values("2020TJ", r.v1, "births", "births_male", "births_female", "births_parity_1", "births_parity_2",
                 "stillbirths", "sex_ratio_at_birth", "sex_ratio_parity_2plus")
    assert got == {
        "births": 4, "births_male": 2, "births_female": 2, "births_parity_1": 2, "births_parity_2": 2,
        "stillbirths": 1, "sex_ratio_at_birth": Decimal("100.00"),
        "sex_ratio_parity_2plus": Decimal("100.00"),  # the second twin (girl) and mum3's boy
    }


def test_delivery_and_weight(r):
    got = values("2020TJ", r.v1, "institutional_delivery_rate", "low_birth_weight_rate")
    assert got["institutional_delivery_rate"] == Decimal("75.00")  # 3 of 4: the twins and the health centre
    assert got["low_birth_weight_rate"] == Decimal("33.33")  # 1 of the 3 weighed (mum3's boy has no weight)


def test_maternal_care_counts_mothers_over_live_births(r):
    rows = values("2020TJ", r.v1, "early_pregnancy_registration_rate", "prenatal_care_rate",
                  "postpartum_visit_rate", "maternal_systematic_management_rate", "high_risk_management_rate")
    # mothers (deliveries with a live birth): mum1 (twins), mum2, mum3 over 4 live births
    assert rows == {
        "early_pregnancy_registration_rate": Decimal("25.00"),  # mum1 only; 13 weeks is not early
        "prenatal_care_rate": Decimal("50.00"),  # mum1 and mum2 (her in-window visit)
        "postpartum_visit_rate": Decimal("25.00"),  # day 28 counts, day 29 does not
        "maternal_systematic_management_rate": Decimal("25.00"),  # mum1
        "high_risk_management_rate": Decimal("50.00"),  # mum2 managed, mum3 not
    }


def test_services_outside_the_pregnancy_are_not_counted():
    r = Register()
    mum = r.person("1990-01-01", 2, r.v1)
    r.birth(mum, "2020-05-05", 1)
    r.service(mum, "prenatal_visit", "2019-07-10")  # 300 days before: outside the 42 weeks
    r.service(mum, "prenatal_visit", "2020-05-06")  # after the birth
    assert values("2020TJ", r.v1, "prenatal_care_rate") == {"prenatal_care_rate": Decimal("0.00")}
    r.service(mum, "prenatal_visit", "2019-07-16")  # exactly 294 days before
    assert values("2020TJ", r.v1, "prenatal_care_rate") == {"prenatal_care_rate": Decimal("100.00")}


def test_deaths_at_27_and_28_days_and_under_five():
    r = Register()
    mum = r.person("1990-01-01", 2, r.v1)
    r.birth(mum, "2020-01-01", 1, died="2020-01-28")  # 27 days: neonatal
    r.birth(mum, "2020-02-01", 2, died="2020-02-29")  # 28 days: infant, not neonatal
    r.birth(mum, "2020-04-01", 1, parity=3)
    r.birth(mum, "2020-05-01", 1, parity=4)
    toddler = r.person("2018-01-01", 1, r.v1)
    r.death(toddler, "2020-03-03")  # 2 years old
    five = r.person("2015-03-03", 2, r.v1)
    r.death(five, "2020-03-03")  # 5 on the day: not under 5
    got = values("2020TJ", r.v1, "deaths", "neonatal_mortality_rate", "infant_mortality_rate",
                 "under5_mortality_rate", "maternal_mortality_ratio")
    assert got == {
        "deaths": 4,
        "neonatal_mortality_rate": Decimal("250.00"),  # 1 of 4 births, per 1000
        "infant_mortality_rate": Decimal("500.00"),
        "under5_mortality_rate": Decimal("750.00"),
        "maternal_mortality_ratio": Decimal("0.00"),
    }


def test_maternal_mortality_ratio():
    r = Register()
    mum = r.person("1990-01-01", 2, r.v1)
    r.birth(mum, "2020-01-01", 1)
    r.death(mum, "2020-01-02", maternal=True)
    got = values("2020TJ", r.v1, "maternal_mortality_ratio")
    assert got == {"maternal_mortality_ratio": Decimal("100000.00")}


def test_children_turning_seven_on_the_last_day():
    r = Register()
    r.person("2013-09-30", 1, r.v1)  # 7 on 2020-09-30: not under 7
    six = r.person("2013-10-01", 2, r.v1)
    r.service(six, "child_health_check", "2020-01-01")
    r.person("2017-01-01", 1, r.v1)
    got = values("2020TJ", r.v1, "child_health_management_rate_under7")
    assert got == {"child_health_management_rate_under7": Decimal("50.00")}


def test_children_who_moved_count_where_they_live_at_the_end():
    from weijian.register.models import Direction, Residence

    r = Register()
    checked = r.person("2016-01-01", 1, r.v1)
    r.service(checked, "child_health_check", "2020-01-01")
    left = r.person("2016-02-02", 2, r.v1)  # moved away (迁出) in the period: not under 7 here at the end
    r.migration(left, Direction.MOVE_OUT, "2020-04-01")
    came = r.person("2017-03-03", 1, r.v1, residence=Residence.INCOMER, registered=False)
    r.migration(came, Direction.FLOW_IN, "2020-05-01")  # came to live here: counted
    r.service(came, "child_health_check", "2020-06-01")
    adult = r.person("1990-01-01", 2, r.v1)  # events of adults do not change the children's counts
    r.migration(adult, Direction.FLOW_OUT, "2020-02-02")
    got = values("2020TJ", r.v1, "child_health_management_rate_under7")
    assert got == {"child_health_management_rate_under7": Decimal("100.00")}  # checked and came, both checked
    # before she moved away, the girl still counted, unchecked
    assert values("2019-10-01..2020-03-31", r.v1, "child_health_management_rate_under7") == {
        "child_health_management_rate_under7": Decimal("50.00")}

def test_systematic_management_under_three():
    r = Register()
    infant = r.person("2020-01-01", 1, r.v1)  # age 0 at the end: needs 4 checks
    for when in ("2020-02-01", "2020-04-01", "2020-07-01"):
        r.service(infant, "child_health_check", when)
    toddler = r.person("2018-05-05", 2, r.v1)  # age 2: needs 2
    for when in ("2019-11-11", "2020-05-05"):
        r.service(toddler, "child_health_check", when)
    assert values("2020TJ", r.v1, "child_systematic_management_rate_under3") == {
        "child_systematic_management_rate_under3": Decimal("50.00")}
    r.service(infant, "child_health_check", "2020-09-30")
    assert values("2020TJ", r.v1, "child_systematic_management_rate_under3") == {
        "child_systematic_management_rate_under3": Decimal("100.00")}


def test_malnutrition_uses_the_latest_check_in_the_period():
    r = Register()
    better = r.person("2018-01-01", 1, r.v1)
    r.service(better, "child_health_check", "2020-01-01", result="中度营养不良")
    r.service(better, "child_health_check", "2020-06-01", result="正常")
    worse = r.person("2018-02-02", 2, r.v1)
    r.service(worse, "child_health_check", "2020-01-01", result="正常")
    r.service(worse, "child_health_check", "2020-06-01", result="重度营养不良")
    r.person("2018-03-03", 2, r.v1)  # not checked: not in the denominator
    earlier = r.person("2018-04-04", 1, r.v1)
    r.service(earlier, "child_health_check", "2019-09-01", result="中度营养不良")  # before the period
    got = values("2020TJ", r.v1, "malnutrition_prevalence_under5")
    assert got == {"malnutrition_prevalence_under5": Decimal("50.00")}


def test_policy_conforming_rate_follows_the_dated_limits():
    r = Register()
    mum = r.person("1985-01-01", 2, r.v1)
    r.birth(mum, "2021-03-01", 1, parity=3)  # limit 2 until 2021-05-30
    r.birth(mum, "2021-06-01", 1, parity=3)  # limit 3 from 2021-05-31
    r.birth(mum, "2021-07-01", 2, parity=4)
    r.birth(mum, "2021-08-01", 2, parity=2)
    assert values("2021TJ", r.v1, "policy_conforming_rate") == {"policy_conforming_rate": Decimal("50.00")}
