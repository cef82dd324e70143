"""Indicator results are reused while the data is unchanged, and recomputed after a write."""

from __future__ import annotations

import pytest

from tests.conftest import BIRTHS_HEADER, TOWNSHIP, make_id
from weijian.divisions.models import Division
from weijian.indicators import cache, engine
from weijian.periods import parse

pytestmark = pytest.mark.django_db


def test_reused_until_the_data_changes(township, load, monkeypatch):
    calls = []
    real = engine.compute
    monkeypatch.setattr(engine, "compute", lambda *a, **k: calls.append(1) or real(*a, **k))
    org, period = Division.objects.get(code=TOWNSHIP), parse("2024")

    first = cache.compute(period, org, indicators=["births"])
    again = cache.compute(period, org, indicators=["births"])
    assert [r.value for r in first] == [r.value for r in again] == [0] and len(calls) == 1
    cache.compute(period, org, indicators=["births"], by="village")  # another question
    assert len(calls) == 2

    # An import is audited: the data version moves and the number is computed afresh.
    child = make_id("2024-03-01", 1, seq=9)
    result = load("births", BIRTHS_HEADER, [[township.wife, "2024-03-01", "男", child, "张小军", "", "1", "", "是",
                                             "3300", "39", "医院", "", "", ""]])
    assert result.ok
    assert [r.value for r in cache.compute(period, org, indicators=["births"])] == [1]
    assert len(calls) == 3


def test_one_version_reads_the_version_once(township, django_assert_num_queries):
    org, period = Division.objects.get(code=TOWNSHIP), parse("2024")
    cache.compute(period, org, indicators=["births"])
    cache.compute(period, org, indicators=["deaths"])
    with django_assert_num_queries(1):  # the version, once; both answers from the cache
        with cache.one_version():
            cache.compute(period, org, indicators=["births"])
            cache.compute(period, org, indicators=["deaths"])
    assert cache._pinned.version is None
