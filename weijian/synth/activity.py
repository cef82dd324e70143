"""aggregate.csv (monthly activity counts per village) and targets.csv (yearly tasks)."""

from __future__ import annotations

from ..catalog import DATA_ELEMENTS
from .dates import months
from .world import World

# Indicator → (the service whose yearly count it follows, weight in the year-end score).
TARGET_INDICATORS = (
    ("pre_pregnancy_checkup_couples", "pre_pregnancy_checkup", 20),
    ("premarital_checkups", "premarital_checkup", 10),
    ("cervical_screenings", "cervical_cancer_screening", 15),
    ("breast_screenings", "breast_cancer_screening", 15),
    ("elderly_insurance_enrolled", "elderly_insurance", 20),
    ("elderly_health_checks", "elderly_health_check", 20),
)
_CAMPAIGN_MONTHS = (5, 7, 10)  # 5·29, 7·11, 敬老月
_FESTIVAL_MONTHS = (1, 2, 6, 9)  # 春节, 端午, 中秋


def aggregate_rows(w: World) -> list[tuple[str, str, str, str]]:
    births: dict[tuple[int, int], int] = {}
    for b in w.births:
        if b.live:
            key = (b.mother.vi, w.cal.month_key(b.day))
            births[key] = births.get(key, 0) + 1
    codes = [item.code for item in DATA_ELEMENTS]
    rows = []
    for vi, v in enumerate(w.town.villages):
        for _, _, period in months(w.S, w.E):
            vals = _month_values(w, int(period[4:]), v.community, births.get((vi, int(period)), 0))
            rows.extend((code, period, v.code, str(vals[code])) for code in codes)
    return rows


def _month_values(w: World, month: int, community: bool, births: int) -> dict[str, int]:
    rnd = w.rnd
    campaign = month in _CAMPAIGN_MONTHS
    trainings = 1 if rnd() < 0.25 else 0
    big = 1.6 if community else 1.0
    r = rnd()
    return {
        "meetings": 1 if rnd() < 0.9 else 2,
        "trainings": trainings,
        "training_attendance": trainings * int((8 + rnd() * 30) * big),
        "publicity_materials": int((30 + rnd() * 150) * big * (2.5 if campaign else 1)),
        "slogans": int(rnd() * 6) + (5 + int(rnd() * 11) if campaign else 0),
        "lectures": 0 if r < 0.45 else (1 if r < 0.9 else 2),
        "campaign_events": 1 + int(rnd() * 3) if campaign else (1 if rnd() < 0.05 else 0),
        "special_family_visits": 1 + int(rnd() * 4) if month in _FESTIVAL_MONTHS
        else (1 if rnd() < 0.2 else 0),
        "birth_registrations": max(0, births + int(rnd() * 3) - 1),
    }


def target_rows(w: World, counts: dict[tuple[int, int, str], int]) -> list[tuple[str, ...]]:
    """Village targets near what the data achieves; township target = sum of villages'."""
    rows = []
    for yi, (_, _, period) in enumerate(w.years):
        town_total = {ind: 0 for ind, _, _ in TARGET_INDICATORS}
        for vi, v in enumerate(w.town.villages):
            for ind, code, weight in TARGET_INDICATORS:
                actual = counts.get((vi, yi, code), 0)
                target = max(1, round(actual * (0.86 + 0.28 * w.rnd())))
                town_total[ind] += target
                rows.append((v.code, period, ind, str(target), str(weight)))
        for ind, _, weight in TARGET_INDICATORS:
            rows.append((w.town.code, period, ind, str(town_total[ind]), str(weight)))
    return rows
