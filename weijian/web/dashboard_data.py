"""What the dashboard shows, every number from the indicator engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from weijian.accounts import scope
from weijian.care.models import Target
from weijian.divisions.models import LEVEL_DEPTH, Division, Level
from weijian.divisions.selectors import code_prefix
from weijian.indicators import cache as indicator_cache
from weijian.indicators.engine import IndicatorRow
from weijian.periods import Period, parse

KEY_INDICATORS = [
    "population_registered", "population_resident", "households", "births", "sex_ratio_at_birth", "birth_rate",
    "deaths", "death_rate", "natural_growth_rate", "institutional_delivery_rate", "infant_mortality_rate",
    "women_15_49",
]
SEX_RATIO = "sex_ratio_at_birth"
SEX_RATIO_YEARS = 5


def statistical_year(day: date) -> Period:
    """The statistical year (1 October – 30 September) `day` falls in: 2027TJ on 2026-12-01."""
    return parse(f"{day.year + 1 if day.month >= 10 else day.year}TJ")


REPORT_SEASON_DAYS = 92  # 1 October to 31 December


def default_period(day: date) -> Period:
    """The period pages open on: the statistical year, except in its first quarter (October to
    December, when offices report on the year just closed), which opens on the year before."""
    return statistical_year(day - timedelta(days=REPORT_SEASON_DAYS))


def recent_periods(day: date, years: int = 5) -> list[str]:
    """Period codes for the selector: the last statistical years and calendar years."""
    current = statistical_year(day)
    return [current.shift_years(-n).code for n in range(years)] + [str(day.year - n) for n in range(2)]


def selectable_divisions(user):
    """The divisions a user may pick for the dashboard and the indicators page."""
    return scope.visible_divisions(user).exclude(level=Level.GROUP)


def key_indicators(period: Period, org: Division) -> list[IndicatorRow]:
    """The key indicators of `org` with the change from the same period a year earlier."""
    return indicator_cache.compute(period, org, indicators=KEY_INDICATORS, compare=True)


def by_village(org: Division) -> str | None:
    return Level.VILLAGE if LEVEL_DEPTH[org.level] <= LEVEL_DEPTH[Level.VILLAGE] else None


def target_rows(period: Period, org: Division) -> list[IndicatorRow]:
    """The indicators with a target for exactly this period: the division's own, then each village's."""
    targeted = sorted(set(Target.objects.filter(
        org__code__startswith=code_prefix(org), start=period.start, end=period.end,
    ).values_list("indicator", flat=True)))
    if not targeted:
        return []
    village = by_village(org)
    by = village if village not in (None, org.level) else None
    rows = indicator_cache.compute(period, org, by=by, indicators=targeted, total=True)
    return [row for row in rows if row.target is not None]


@dataclass
class TargetTable:
    """Target completion with divisions as rows and the targeted indicators as columns."""

    indicators: list[str]
    lines: list[tuple[str, list[IndicatorRow | None]]]
    time_progress: object = None


def target_table(rows: list[IndicatorRow]) -> TargetTable:
    indicators = list(dict.fromkeys((row.indicator, row.name) for row in rows))
    cells = {(row.org, row.indicator): row for row in rows}
    divisions = list(dict.fromkeys((row.org, row.org_name) for row in rows))
    lines = [(name, [cells.get((org, code)) for code, _ in indicators]) for org, name in divisions]
    return TargetTable([name for _, name in indicators], lines, rows[0].time_progress if rows else None)


@dataclass
class Month:
    label: str
    births: int | None  # None for a month that has not begun


def months_of(period: Period, limit: int = 24) -> list[Period]:
    months, year, month = [], period.start.year, period.start.month
    while date(year, month, 1) <= period.end and len(months) < limit:
        months.append(parse(f"{year}{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def births_by_month(period: Period, org: Division, today: date) -> list[Month]:
    result = []
    for month in months_of(period):
        births = None
        if month.start <= today:
            births = int(indicator_cache.compute(month, org, indicators=["births"])[0].value)
        result.append(Month(f"{month.start.month}月", births))
    return result


def sex_ratio_by_year(period: Period, org: Division) -> list[IndicatorRow]:
    """Sex ratio at birth in the statistical year `period` ends in and the years before it."""
    last = statistical_year(period.end)
    years = [last.shift_years(-n) for n in reversed(range(SEX_RATIO_YEARS))]
    return [indicator_cache.compute(year, org, indicators=[SEX_RATIO])[0] for year in years]
