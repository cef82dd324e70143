"""`weijian bench import`: the PostgreSQL database it drops and creates is named after the given one."""

from __future__ import annotations

import pytest

from weijian.bench import bench_database


@pytest.mark.parametrize(("url", "expected"), [
    ("postgres://postgres@127.0.0.1:54329/speed", ("postgres://postgres@127.0.0.1:54329/speed_bench", "speed_bench")),
    ("postgres://u:p@host:5432/weijian?sslmode=require",
     ("postgres://u:p@host:5432/weijian_bench?sslmode=require", "weijian_bench")),
    ("postgres://host/", ("postgres://host/weijian_bench", "weijian_bench")),
])
def test_bench_database_is_named_after_the_given_one(url, expected):
    assert bench_database(url) == expected
