"""Properties over random registers: villages add up to the township, subsets stay subsets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.indicators.builder import Register
from weijian.divisions.selectors import PREFIX_LENGTH
from weijian.indicators.engine import compute, measure_counts, measure_records
from weijian.indicators.measures import MEASURES
from weijian.indicators.registry import INDICATORS
from weijian.periods import parse
from weijian.register.models import Direction, Residence

PERIOD = parse("2020TJ")
BASE = date(2019, 10, 1)
SERVICES = ("prenatal_visit", "pregnancy_registration", "postpartum_visit", "child_health_check",
            "high_risk_identified", "high_risk_managed", "contraception_service", "elderly_insurance",
            "premarital_checkup", "cervical_cancer_screening", "immunization", "pre_pregnancy_checkup")

days = st.integers(min_value=-500, max_value=500)
people = st.lists(st.fixed_dictionaries({
    "village": st.integers(0, 2),
    "sex": st.sampled_from([1, 2]),
    "age_days": st.integers(0, 90 * 365),
    "died": st.one_of(st.none(), days),
    "residence": st.sampled_from([Residence.RESIDENT, Residence.AWAY, Residence.INCOMER]),
    "married": st.booleans(),
    "household": st.integers(0, 2),
    "migrations": st.lists(st.tuples(st.sampled_from(list(Direction)), days), max_size=2),
    "births": st.lists(st.tuples(days, st.booleans(), st.sampled_from([1, 2]), st.integers(1, 4)), max_size=2),
    "services": st.lists(st.tuples(st.sampled_from(SERVICES), days, st.integers(0, 2)), max_size=4),
}), max_size=12)
# Aggregate activity figures: (village, data element, month from the period start, value in cents).
figures = st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["meetings", "training_attendance"]),
                             st.integers(-14, 14), st.decimals(0, 500, places=2)), max_size=8)


class Rollback(Exception):
    pass


def _build(spec: list[dict], figure_spec: list[tuple]) -> Register:
    r = Register()
    villages = [r.v1, r.v2, r.village("511302101203", "新村")]
    households = {}
    for n, p in enumerate(spec):
        village = villages[p["village"]]
        born = BASE - timedelta(days=p["age_days"])
        died = born + timedelta(days=abs(p["died"])) if p["died"] is not None else None
        key = (village.code, p["household"])
        if key not in households:
            households[key] = r.household(village)
        person = r.person(born.isoformat(), p["sex"], village, residence=p["residence"],
                          marital_status="first" if p["married"] else "single",
                          household=households[key])
        for direction, offset in dict(p["migrations"]).items():
            r.migration(person, direction, (BASE + timedelta(days=offset)).isoformat())
        for offset, live, sex, parity in p["births"] if p["sex"] == 2 else []:
            when = BASE + timedelta(days=offset)
            if when > born and not person.births_given.filter(birth_date=when).exists():
                r.birth(person, when.isoformat(), sex, live=live, parity=parity, village=villages[(n + offset) % 3])
        for code, offset, where in p["services"]:
            when = BASE + timedelta(days=offset)
            if not person.services.filter(service__code=code, date=when).exists():
                r.service(person, code, when.isoformat(), value=offset % 20, village=villages[where],
                          result="中度营养不良" if offset % 3 == 0 else "正常")
        if died:
            r.death(person, died.isoformat())
    _add_figures(r, villages, figure_spec)
    return r


def _add_figures(r: Register, villages: list, figure_spec: list[tuple]) -> None:
    """Monthly figures; the last of a village's figures for one element and month wins."""
    first_month = BASE.year * 12 + BASE.month - 1
    for (where, element, offset), value in {spec[:3]: spec[3] for spec in figure_spec}.items():
        year, month = divmod(first_month + offset, 12)
        r.figure(villages[where], element, f"{year}{month + 1:02d}", value)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=people, figure_spec=figures)
def test_villages_add_up_and_numerators_stay_within_denominators(spec, figure_spec):
    try:
        with transaction.atomic():
            r = _build(spec, figure_spec)
            township = {row.indicator: row for row in compute(PERIOD, r.township)}
            by_village = compute(PERIOD, r.township, by="village")
            for info in INDICATORS:
                rows = [row for row in by_village if row.indicator == info.code]
                assert len(rows) == 3
                for part in ("numerator", "denominator"):
                    total = getattr(township[info.code], part)
                    if total is not None:
                        assert sum(getattr(row, part) for row in rows) == total, (info.code, part)
                if info.subset:
                    for row in [*rows, township[info.code]]:
                        assert row.numerator <= row.denominator, (info.code, row.org)
                        assert row.value is None or row.value <= 100 * (info.factor // 100), info.code
            # The counts (some from faster queries over the whole register) are the records listed,
            # the sums of figures the amounts listed.
            [(prefix, counts)] = measure_counts(PERIOD, r.township, PREFIX_LENGTH["township"], list(MEASURES)).items() \
                or [("", {})]
            for code in MEASURES:
                listed = measure_records(code, r.township, PERIOD)
                assert sum(1 if row.amount is None else row.amount for row in listed) == counts.get(code, 0), code
            raise Rollback
    except Rollback:
        pass
