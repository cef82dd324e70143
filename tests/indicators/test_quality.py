"""Events reported late (DOMAIN.md §9): the report date more than 30 days after the event."""

from __future__ import annotations

import pytest

from tests.conftest import BIRTHS_HEADER, DEATHS_HEADER, TOWNSHIP, issues, make_id
from weijian.divisions.models import Division
from weijian.indicators import engine
from weijian.periods import parse

pytestmark = pytest.mark.django_db


def birth(mother, born, reported, seq):
    return [mother, born, "男", make_id(born, 1, seq=seq), "", "", "1", "", "是", "3200", "39", "医院", "", "", reported]


def test_reported_late_is_more_than_30_days_after(township, load):
    t = township
    result = load("births", BIRTHS_HEADER, [
        birth(t.wife, "2024-03-01", "2024-03-31", 20),  # 30 days: on time
        birth(t.woman, "2024-03-01", "2024-04-01", 21),  # 31 days: late
        birth(t.wife, "2024-05-10", "", 22),  # no report date: not counted as late
    ])
    assert result.ok, issues(result)
    result = load("deaths", DEATHS_HEADER, [[t.grandpa, "", "", "", "2024-06-01", "I21.9", "否", "2024-08-15"]])
    assert result.ok, issues(result)
    township_division, period = Division.objects.get(code=TOWNSHIP), parse("2024")
    values = {(row.org, row.indicator): row.value for row in engine.compute(
        period, township_division, by="village", indicators=["births_reported_late", "deaths_reported_late"])}
    assert values == {
        (t.village_1, "births_reported_late"): 0, (t.village_2, "births_reported_late"): 1,
        (t.village_1, "deaths_reported_late"): 0, (t.village_2, "deaths_reported_late"): 1,
    }
    late = engine.records("births_reported_late", township_division, period)
    assert [(r.name, r.village, r.date.isoformat()) for r in late] == [("赵敏", t.village_2, "2024-03-01")]
