"""`compute(..., total=True)`: the division's rows from its villages' counts equal its own computation."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import TOWNSHIP
from weijian.divisions.models import Division
from weijian.indicators import engine
from weijian.periods import parse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("period", ["2020TJ", "2022", "2023TJH1"])
def test_total_rows_equal_the_divisions_own(full, period):
    township, period = Division.objects.get(code=TOWNSHIP), parse(period)
    at = date(2023, 6, 30)
    both = engine.compute(period, township, by="village", compare=True, at=at, total=True)
    own = engine.compute(period, township, compare=True, at=at)
    villages = engine.compute(period, township, by="village", compare=True, at=at)
    assert both == own + villages  # the division first, then its villages, every field alike
    assert any(row.value for row in own)  # real numbers, not empty rows compared
