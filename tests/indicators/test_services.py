"""Service tasks (DOMAIN.md §6, third list) and contraceptive prevalence, counted by hand, in 2020TJ."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.indicators.builder import Register, values
from weijian.indicators import engine
from weijian.periods import parse

pytestmark = pytest.mark.django_db


def test_distinct_persons_and_doses():
    r = Register()
    woman, other = r.person("1970-01-01", 2, r.v1), r.person("1972-01-01", 2, r.v2)
    r.service(woman, "cervical_cancer_screening", "2020-01-01")
    r.service(woman, "cervical_cancer_screening", "2020-02-01")  # the same woman again
    r.service(other, "cervical_cancer_screening", "2020-03-01")
    r.service(other, "cervical_cancer_screening", "2019-09-30")  # before the period
    r.service(woman, "breast_cancer_screening", "2020-01-01")
    baby = r.person("2020-01-01", 1, r.v1)
    for vaccine, when in (("BCG", "2020-01-01"), ("HepB1", "2020-01-02"), ("HepB2", "2020-02-01")):
        r.service(baby, "immunization", when, result=vaccine)
    got = values("2020TJ", r.township, "cervical_screenings", "breast_screenings", "immunizations",
                 "immunizations:HepB1", by="village")
    assert got[(r.v1.code, "cervical_screenings")] == 1
    assert got[(r.v2.code, "cervical_screenings")] == 1
    assert got[(r.v1.code, "breast_screenings")] == 1
    assert got[(r.v1.code, "immunizations")] == 3
    assert got[(r.v1.code, "immunizations:HepB1")] == 1


def test_every_vaccine_given():
    r = Register()
    baby = r.person("2020-01-01", 1, r.v1)
    for vaccine, when in (("BCG", "2020-01-01"), ("HepB1", "2020-01-02"), ("HepB2", "2020-02-01")):
        r.service(baby, "immunization", when, result=vaccine)
    got = values("2020TJ", r.township, "immunizations:*")
    assert got == {"immunizations:BCG": 1, "immunizations:HepB1": 1, "immunizations:HepB2": 1}


def test_a_person_served_in_two_villages_counts_once():
    r = Register()
    woman = r.person("1970-01-01", 2, r.v1)
    r.service(woman, "elderly_health_check", "2020-01-01", village=r.v2)
    r.service(woman, "elderly_health_check", "2020-02-01", village=r.v1)
    man = r.person("1950-01-01", 1, r.v2)
    r.service(man, "elderly_health_check", "2020-03-01", village=r.v1)
    r.service(man, "elderly_health_check", "2020-04-01", village=r.v2)
    # each in the village of their first record in the period (not the lower village id: v1's)
    got = values("2020TJ", r.township, "elderly_health_checks", by="village")
    assert got == {(r.v1.code, "elderly_health_checks"): 1, (r.v2.code, "elderly_health_checks"): 1}
    assert values("2020TJ", r.township, "elderly_health_checks") == {"elderly_health_checks": 2}
    assert values("2020TJ", r.v2, "elderly_health_checks") == {"elderly_health_checks": 1}
    listed = engine.records("elderly_health_checks", r.v2, parse("2020TJ"))
    assert [(row.village, row.date, row.name) for row in listed] == [(r.v2.code, date(2020, 1, 1), woman.name)]


def test_a_township_counts_none_of_another_townships_services():
    from weijian.divisions.models import Division, Level

    r = Register()
    other = Division.objects.create(code="511302102000", name="白塔镇", level=Level.TOWNSHIP, parent=r.county)
    far = r.village("511302102201", "石桥村", parent=other)
    for village in (r.v1, r.v2, far):
        r.service(r.person("1950-01-01", 1, village), "elderly_health_check", "2020-03-01")
        r.person("1950-01-01", 2, village)
    got = values("2020TJ", r.township, "elderly_health_checks", "population_registered", by="village", total=True)
    assert got[(r.township.code, "elderly_health_checks")] == 2  # the township's total: v1 and v2 only
    assert got[(r.township.code, "population_registered")] == 4
    assert values("2020TJ", r.county, "elderly_health_checks", "population_registered") == \
        {"elderly_health_checks": 3, "population_registered": 6}

def test_pre_pregnancy_checkups_count_couples():
    r = Register()
    husband, wife = r.person("1990-01-01", 1, r.v1), r.person("1992-01-01", 2, r.v1)
    r.service(wife, "pre_pregnancy_checkup", "2020-01-01", partner=husband)
    r.service(husband, "pre_pregnancy_checkup", "2020-01-01", partner=wife)
    lone = r.person("1993-01-01", 2, r.v1)
    r.service(lone, "pre_pregnancy_checkup", "2020-02-02")
    assert values("2020TJ", r.v1, "pre_pregnancy_checkup_couples") == {"pre_pregnancy_checkup_couples": 2}
    # a couple counts once, in the village of its first record
    moved, spouse = r.person("1990-05-05", 1, r.v1), r.person("1991-05-05", 2, r.v2)
    r.service(moved, "pre_pregnancy_checkup", "2020-03-01", partner=spouse, village=r.v2)
    r.service(spouse, "pre_pregnancy_checkup", "2020-04-01", partner=moved, village=r.v1)
    got = values("2020TJ", r.township, "pre_pregnancy_checkup_couples", by="village")
    assert got == {(r.v1.code, "pre_pregnancy_checkup_couples"): 2, (r.v2.code, "pre_pregnancy_checkup_couples"): 1}
    listed = engine.records("pre_pregnancy_checkup_couples", r.v2, parse("2020TJ"))
    assert [(row.village, row.date) for row in listed] == [(r.v2.code, date(2020, 3, 1))]


def test_premarital_checkup_rate():
    r = Register()
    checked, late, unchecked = (r.person(f"199{n}-01-01", n % 2 + 1, r.v1) for n in range(3))
    for person in (checked, late, unchecked):
        r.marriage(person, "2020-05-01")
    r.service(checked, "premarital_checkup", "2020-04-01")
    r.service(late, "premarital_checkup", "2020-05-02")  # after the marriage
    got = values("2020TJ", r.v1, "premarital_checkups", "premarital_checkup_rate")
    assert got == {"premarital_checkups": 2, "premarital_checkup_rate": Decimal("33.33")}


def test_elderly_insurance_rate():
    r = Register()
    insured, old, young = r.person("1950-01-01", 1, r.v1), r.person("1955-01-01", 2, r.v1), \
        r.person("1970-01-01", 1, r.v1)
    turns_60 = r.person("1960-09-30", 2, r.v1)  # 60 on the last day: counts
    for person in (insured, young, turns_60):
        r.service(person, "elderly_insurance", "2020-03-03", value=Decimal("50"))
    got = values("2020TJ", r.v1, "elderly_insurance_enrolled", "elderly_insurance_rate")
    assert old.pk and got == {"elderly_insurance_enrolled": 3, "elderly_insurance_rate": Decimal("66.67")}


def test_contraceptive_prevalence():
    r = Register()
    served, lapsed, never = (r.person(f"199{n}-01-01", 2, r.v1, marital_status="first") for n in range(3))
    r.person("1991-01-01", 2, r.v1, marital_status="single")  # not married: not in the denominator
    r.service(served, "contraception_service", "2019-12-01", result="IUD")
    r.service(lapsed, "contraception_service", "2019-09-30", result="IUD")  # more than 12 months before the end
    assert never.pk
    got = values("2020TJ", r.v1, "contraceptive_prevalence", "married_women_15_49")
    assert got == {"contraceptive_prevalence": Decimal("33.33"), "married_women_15_49": 3}
