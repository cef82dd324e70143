"""`aggregate` data values and `targets`: figures per division and period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import TOWNSHIP, VILLAGE_1, VILLAGE_2, issues
from weijian.care.models import DataValue, Target

AGG = ["数据项", "期间", "单位代码", "数值"]
TGT = ["单位代码", "期间", "指标", "目标值", "权重"]
PERIOD_HELP = "应为 2020TJ、2020TJH1、2019Oct、2020、2020S1、2020Q3、202003 或 2020-01-01..2020-06-30"


def values():
    return sorted(DataValue.objects.values_list("data_element__code", "period", "start", "end", "org__code",
                                                "value"))


def targets():
    return sorted(Target.objects.values_list("org__code", "period", "start", "end", "indicator", "target",
                                             "weight"))


# -- aggregate ----------------------------------------------------------------------------------
def test_aggregate_valid_file(divisions, load):
    rows = [
        ["meetings", "2020TJ", TOWNSHIP, "12"],
        ["trainings", "2020TJH1", VILLAGE_1, "3"],
        ["培训人次", "2019Oct", VILLAGE_2, "45"],  # by name; the DHIS2 alias of 2020TJ
        ["publicity_materials", "202003", VILLAGE_2, "1200.5"],
        ["lectures", "2020-01-01..2020-06-30", TOWNSHIP, "2"],
    ]
    result = load("aggregate", AGG, rows)
    assert result.ok, issues(result)
    assert (result.rows, result.created, result.updated) == (5, 5, 0)
    assert values() == sorted([
        ("meetings", "2020TJ", date(2019, 10, 1), date(2020, 9, 30), TOWNSHIP, Decimal("12")),
        ("trainings", "2020TJH1", date(2019, 10, 1), date(2020, 3, 31), VILLAGE_1, Decimal("3")),
        ("training_attendance", "2020TJ", date(2019, 10, 1), date(2020, 9, 30), VILLAGE_2, Decimal("45")),
        ("publicity_materials", "202003", date(2020, 3, 1), date(2020, 3, 31), VILLAGE_2, Decimal("1200.5")),
        ("lectures", "2020-01-01..2020-06-30", date(2020, 1, 1), date(2020, 6, 30), TOWNSHIP, Decimal("2")),
    ])


def test_aggregate_reimport_updates(divisions, load):
    assert load("aggregate", AGG, [["meetings", "2020TJ", TOWNSHIP, "12"]]).ok
    again = load("aggregate", AGG, [["召开例会", "2019Oct", TOWNSHIP, "13"]])
    assert again.ok and (again.created, again.updated) == (0, 1)
    assert DataValue.objects.get().value == Decimal("13")


def test_aggregate_bad_rows(divisions, load):
    rows = [
        ["meetings", "2020X", TOWNSHIP, "12"],
        ["meetings", "202013", TOWNSHIP, "12"],
        ["dances", "2020TJ", TOWNSHIP, "12"],
        ["meetings", "2020TJ", "511302199000", "12"],
        ["meetings", "2020TJ", TOWNSHIP, "十二"],
    ]
    result = load("aggregate", AGG, rows)
    assert issues(result) == [
        (2, "期间", "2020X", f"无法识别的期间“2020X”：{PERIOD_HELP}"),
        (3, "期间", "202013", "月份无效：202013"),
        (4, "数据项", "dances", "数据项“dances”不在数据项目录中"),
        (5, "单位代码", "511302199000", "单位代码511302199000不存在：请先导入行政区划"),
        (6, "数值", "十二", "应为数值：十二"),
    ]
    assert DataValue.objects.count() == 0


def test_aggregate_missing_required_column(divisions, load):
    result = load("aggregate", ["数据项", "期间", "数值"], [["meetings", "2020TJ", "12"]])
    assert issues(result) == [(1, "单位代码", "", "缺少必填列“单位代码”（org_code）")]


def test_aggregate_duplicate_key(divisions, load):
    rows = [
        ["meetings", "2020TJ", TOWNSHIP, "12"],
        ["meetings", "2020TJ", VILLAGE_1, "1"],
        ["meetings", "2019Oct", TOWNSHIP, "13"],  # the same period spelt the DHIS2 way
    ]
    result = load("aggregate", AGG, rows)
    assert issues(result) == [(4, "数据项", "meetings", "与第2行重复（同一数据项、期间和单位出现两次）")]
    assert DataValue.objects.count() == 0


def test_aggregate_duplicate_key_in_a_later_chunk(divisions, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 2
    rows = [
        ["meetings", "2020TJ", TOWNSHIP, "12"],
        ["meetings", "2020TJ", VILLAGE_1, "1"],
        ["meetings", "2020TJ", VILLAGE_2, "1"],
        ["召开例会", "2020TJ", VILLAGE_1, "2"],  # row 5 (chunk 2) repeats row 3 (chunk 1)
    ]
    result = load("aggregate", AGG, rows)
    assert issues(result) == [(5, "数据项", "召开例会", "与第3行重复（同一数据项、期间和单位出现两次）")]
    assert DataValue.objects.count() == 0


# -- targets ------------------------------------------------------------------------------------
def test_targets_valid_file(divisions, load):
    rows = [
        [VILLAGE_1, "2020TJ", "institutional_delivery_rate", "98", "10"],
        [VILLAGE_2, "2020TJ", "孕前优生健康检查", "40", "15.5"],  # by name
        [TOWNSHIP, "2020", "premarital_checkups", "100", ""],
    ]
    result = load("targets", TGT, rows)
    assert result.ok, issues(result)
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    assert targets() == sorted([
        (VILLAGE_1, "2020TJ", date(2019, 10, 1), date(2020, 9, 30), "institutional_delivery_rate", Decimal("98"),
         Decimal("10")),
        (VILLAGE_2, "2020TJ", date(2019, 10, 1), date(2020, 9, 30), "pre_pregnancy_checkup_couples",
         Decimal("40"), Decimal("15.5")),
        (TOWNSHIP, "2020", date(2020, 1, 1), date(2020, 12, 31), "premarital_checkups", Decimal("100"), None),
    ])


def test_targets_reimport_updates(divisions, load):
    assert load("targets", TGT, [[VILLAGE_1, "2020TJ", "住院分娩率", "98", "10"]]).ok
    again = load("targets", TGT, [[VILLAGE_1, "2019Oct", "institutional_delivery_rate", "99", "12"]])
    assert again.ok and (again.created, again.updated) == (0, 1)
    assert targets() == [(VILLAGE_1, "2020TJ", date(2019, 10, 1), date(2020, 9, 30), "institutional_delivery_rate",
                          Decimal("99"), Decimal("12"))]


def test_targets_bad_rows(divisions, load):
    rows = [
        [VILLAGE_1, "TJ2020", "institutional_delivery_rate", "98", ""],
        [VILLAGE_1, "2020TJ", "happiness_index", "98", ""],
        [VILLAGE_1, "2020TJ", "births", "98", ""],
        [VILLAGE_1, "2020TJ", "institutional_delivery_rate", "-1", ""],
        ["511302199000", "2020TJ", "institutional_delivery_rate", "98", ""],
        [VILLAGE_1, "2020TJ", "premarital_checkups", "一百", ""],
    ]
    result = load("targets", TGT, rows)
    assert issues(result) == [
        (2, "期间", "TJ2020", f"无法识别的期间“TJ2020”：{PERIOD_HELP}"),
        (3, "指标", "happiness_index", "指标“happiness_index”不存在"),
        (4, "指标", "births", "指标“出生人数”不能设定目标任务"),
        (5, "目标值", "-1", "目标值不能为负数"),
        (6, "单位代码", "511302199000", "单位代码511302199000不存在：请先导入行政区划"),
        (7, "目标值", "一百", "应为数值：一百"),
    ]
    assert Target.objects.count() == 0


@pytest.mark.parametrize("missing", ["单位代码", "期间", "指标", "目标值"])
def test_targets_missing_required_column(divisions, load, missing):
    names = {"单位代码": "org_code", "期间": "period", "指标": "indicator", "目标值": "target"}
    row = dict(zip(TGT, [VILLAGE_1, "2020TJ", "institutional_delivery_rate", "98", "10"]))
    header = [h for h in TGT if h != missing]
    result = load("targets", header, [[row[h] for h in header]])
    assert issues(result) == [(1, missing, "", f"缺少必填列“{missing}”（{names[missing]}）")]


def test_targets_duplicate_key(divisions, load):
    rows = [
        [VILLAGE_1, "2020TJ", "institutional_delivery_rate", "98", ""],
        [VILLAGE_1, "2020TJ", "住院分娩率", "97", ""],  # the same indicator by its name
    ]
    result = load("targets", TGT, rows)
    assert issues(result) == [(3, "单位代码", VILLAGE_1, "与第2行重复（同一单位、期间和指标出现两次）")]
    assert Target.objects.count() == 0


def test_targets_duplicate_key_in_a_later_chunk(divisions, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 2
    rows = [
        [VILLAGE_1, "2020TJ", "institutional_delivery_rate", "98", ""],
        [VILLAGE_2, "2020TJ", "institutional_delivery_rate", "98", ""],
        [TOWNSHIP, "2020TJ", "institutional_delivery_rate", "98", ""],
        [VILLAGE_1, "2020TJ", "institutional_delivery_rate", "99", ""],  # row 5 (chunk 2) repeats row 2
    ]
    result = load("targets", TGT, rows)
    assert issues(result) == [(5, "单位代码", VILLAGE_1, "与第2行重复（同一单位、期间和指标出现两次）")]
    assert Target.objects.count() == 0


def test_numbers_beyond_the_column_are_row_errors(divisions, load):
    result = load("targets", TGT, [[VILLAGE_1, "2020TJ", "premarital_checkups", "100", "100000"]])
    assert [i[:3] for i in issues(result)] == [(2, "权重", "100000")]
    result = load("aggregate", AGG, [["meetings", "2020TJ", TOWNSHIP, "1234567890123"]])
    assert [i[:3] for i in issues(result)] == [(2, "数值", "1234567890123")]
    assert Target.objects.count() == 0 and DataValue.objects.count() == 0
