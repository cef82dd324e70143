"""The demo township: realistic, deterministic, built through the import services."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count, Q

from weijian.care.models import DataValue, ServiceRecord, Target
from weijian.demo import DEMO_PASSWORD, DEMO_USER, build_demo, last_statistical_year_end
from weijian.divisions.models import Division
from weijian.interchange.models import ImportBatch
from weijian.register.models import Birth, Death, Household, Marriage, Migration, Person

TODAY = date(2026, 11, 22)


def test_last_statistical_year_end():
    assert last_statistical_year_end(date(2026, 11, 22)) == date(2026, 9, 30)
    assert last_statistical_year_end(date(2026, 9, 30)) == date(2026, 9, 30)
    assert last_statistical_year_end(date(2026, 9, 29)) == date(2025, 9, 30)


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_township_is_realistic():
    login = build_demo(seed=1, today=TODAY)
    assert (login.username, login.password) == (DEMO_USER, DEMO_PASSWORD)
    user = authenticate(username=DEMO_USER, password=DEMO_PASSWORD)
    assert user is not None
    from weijian.accounts import scope

    assert scope.home_division(user).level == "township"  # the pages open on the demo township

    assert Division.objects.filter(level="county").count() == 1
    assert Division.objects.filter(level="township").count() == 1
    assert Division.objects.filter(level="village").count() == 8
    persons = Person.objects.count()
    assert 15_000 <= persons <= 17_000
    assert Household.objects.count() > persons / 6

    # Three statistical years of births, about 145 a year, with the seeds' parity and sex mix.
    for year in (2024, 2025, 2026):
        live = Birth.objects.filter(live_birth=True, birth_date__range=(date(year - 1, 10, 1), date(year, 9, 30)))
        assert 110 <= live.count() <= 180, year
    live = Birth.objects.filter(live_birth=True)
    mix = live.aggregate(
        first=Count("pk", filter=Q(parity=1)), second=Count("pk", filter=Q(parity=2)),
        boys=Count("pk", filter=Q(sex=1)), girls=Count("pk", filter=Q(sex=2)),
    )
    assert 0.45 <= mix["first"] / live.count() <= 0.65
    assert 0.30 <= mix["second"] / live.count() <= 0.50
    assert 0.95 <= mix["boys"] / mix["girls"] <= 1.30
    assert Birth.objects.values("mother", "birth_date").annotate(n=Count("pk")).filter(n=2).exists()  # twins

    # Deaths about 80 a year, including infants, one of them without an ID number.
    assert 180 <= Death.objects.count() <= 300
    infant = Death.objects.filter(person__birth__isnull=False)
    assert infant.exists()
    assert infant.filter(person__id_number__isnull=True).exists()

    assert Marriage.objects.filter(event="marriage", first_marriage=True).exists()
    assert set(Migration.objects.values_list("direction", flat=True)) >= {"move_in", "move_out", "flow_in", "flow_out"}
    services = set(ServiceRecord.objects.values_list("service__code", flat=True).distinct())
    assert {"prenatal_visit", "postpartum_visit", "child_health_check", "cervical_cancer_screening",
            "elderly_health_check"} <= services
    assert DataValue.objects.filter(data_element__code="meetings").exists()
    villages_with_targets = Target.objects.filter(period="2026TJ", org__level="village").values("org").distinct()
    assert villages_with_targets.count() == 8
    assert set(ImportBatch.objects.values_list("status", flat=True)) == {"committed"}


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_is_deterministic_and_runs_once():
    build_demo(seed=3, today=TODAY)
    first = list(Person.objects.order_by("id_number").values_list("id_number", "name", "birth_date")[:200])
    births = Birth.objects.count()
    build_demo(seed=3, today=TODAY)  # a filled database is left as it is
    assert Birth.objects.count() == births
    assert first == list(Person.objects.order_by("id_number").values_list("id_number", "name", "birth_date")[:200])
