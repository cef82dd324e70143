"""The indicators page's table: indicators as rows, the division and its villages as columns."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from weijian.divisions.models import Division
from weijian.indicators import cache as indicator_cache
from weijian.indicators.engine import IndicatorRow
from weijian.indicators.registry import group_of
from weijian.periods import Period
from weijian.web.dashboard_data import by_village


def rows(period: Period, division: Division) -> list[IndicatorRow]:
    """The division's own rows, then its villages' (none when it is a village itself)."""
    village = by_village(division)
    if village is None or village == division.level:
        return indicator_cache.compute(period, division)
    return indicator_cache.compute(period, division, by=village, total=True)


@dataclass
class Line:
    """One indicator across the columns, under the heading of its group (人口与出生 … 工作活动)."""

    name: str
    unit: str
    cells: list[tuple[IndicatorRow, str]]  # (row, url of its records)
    group: str = ""


def records_url(row: IndicatorRow) -> str:
    query = urlencode({"indicator": row.indicator, "org": row.org, "period": row.period})
    return f"{reverse('web:indicator_records')}?{query}"


def table(indicator_rows: list[IndicatorRow]) -> dict:
    columns = list(dict.fromkeys((row.org, row.org_name) for row in indicator_rows))
    lines: dict[str, Line] = {}
    for row in indicator_rows:
        line = lines.setdefault(row.indicator, Line(row.name, row.unit, [], group_of(row.indicator).name))
        line.cells.append((row, records_url(row)))
    return {"columns": [name for _, name in columns], "lines": list(lines.values())}
