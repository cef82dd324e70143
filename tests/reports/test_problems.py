"""三、存在的问题: each rule fires on data made to trigger it and stays silent otherwise."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import (
    BIRTHS_HEADER,
    SERVICES_HEADER,
    TARGETS_HEADER,
    TOWNSHIP,
    VILLAGE_1,
    VILLAGE_2,
    issues,
    make_id,
)
from weijian.divisions.models import Division
from weijian.periods import parse
from weijian.reports.problems import RULES, find_problems

pytestmark = pytest.mark.django_db


def texts(problems, rule):
    return [p.text for p in problems if p.rule == rule]


def test_every_rule_fires_on_data_made_to_trigger_it(full, load):
    t = full
    # 2022: the twins of 赵敏 (a boy and a girl, the girl died at 5 days) and, loaded here,
    # a boy of 李娜 reported 49 days late; targets of cervical screenings for both villages,
    # met by 白鹤村 (one screening of 赵敏) and not by 石堰村.
    for kind, header, rows in (
        ("births", BIRTHS_HEADER, [[t.wife, "2022-11-01", "男", make_id("2022-11-01", 1, seq=30), "张小乐", t.husband,
                                    "1", "", "是", "3300", "39", "医院", "", "", "2022-12-20"]]),
        ("targets", TARGETS_HEADER, [[VILLAGE_1, "2022", "cervical_screenings", "4", ""],
                                     [VILLAGE_2, "2022", "cervical_screenings", "1", ""]]),
        ("services", SERVICES_HEADER, [[t.woman, "cervical_cancer_screening", "2022-06-01", "", "正常", "", "", ""]]),
    ):
        result = load(kind, header, rows)
        assert result.ok, issues(result)

    problems = find_problems(parse("2022"), Division.objects.get(code=TOWNSHIP), at=date(2022, 12, 31))

    assert texts(problems, "behind") == ["石堰村宫颈癌筛查完成率0%，低于序时进度100%"]  # 白鹤村 met its target
    assert "出生人口性别比为200，超出正常范围103–107" in texts(problems, "out_of_range")  # 2 boys, 1 girl
    worse = texts(problems, "worse")
    assert "婴儿死亡率333.33‰，比上年同期0‰上升333.33" in worse  # 1 infant death of 3 births; none in 2021
    assert not any(text.startswith("住院分娩率") for text in worse)  # 100% both years
    assert texts(problems, "lagging") == ["石堰村1项任务中1项落后于序时进度（宫颈癌筛查）"]
    assert texts(problems, "late") == ["出生1例报告晚于事件发生30天"]
    assert [p.rule for p in problems] == sorted((p.rule for p in problems), key=[r.code for r in RULES].index)


def test_silent_when_nothing_is_wrong(township, load):
    # A year with no events, and a target met ahead of time.
    result = load("targets", TARGETS_HEADER, [[VILLAGE_2, "2024", "cervical_screenings", "1", ""]])
    assert result.ok, issues(result)
    services = [[township.woman, "cervical_cancer_screening", "2024-02-01", "", "正常", "", "", ""]]
    assert load("services", SERVICES_HEADER, services).ok
    assert find_problems(parse("2024"), Division.objects.get(code=TOWNSHIP), at=date(2024, 6, 30)) == []


def test_in_range_and_improved_values_are_not_problems(township):
    from dataclasses import replace
    from decimal import Decimal

    from weijian.indicators import engine
    from weijian.reports.problems import Rows, _out_of_range, _worse

    rows = {row.indicator: row for row in engine.compute(parse("2024"), Division.objects.get(code=TOWNSHIP),
                                                        indicators=["sex_ratio_at_birth", "infant_mortality_rate"])}
    ratio, infant = rows["sex_ratio_at_birth"], rows["infant_mortality_rate"]
    in_range = replace(ratio, value=Decimal("105.00"), out_of_range=False)
    assert _out_of_range(Rows([in_range], [])) == []
    assert len(_out_of_range(Rows([replace(ratio, value=Decimal("108.00"), out_of_range=True)], []))) == 1
    improved = replace(infant, value=Decimal("2.00"), previous_value=Decimal("4.00"), change=Decimal("-2.00"))
    assert _worse(Rows([improved], [])) == []
    worse = replace(improved, value=Decimal("4.00"), previous_value=Decimal("2.00"), change=Decimal("2.00"))
    assert [p.text for p in _worse(Rows([worse], []))] == ["婴儿死亡率4‰，比上年同期2‰上升2"]
