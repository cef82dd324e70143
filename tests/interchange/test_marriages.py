"""`marriages`: marriage and divorce registrations, one row per person."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import issues, make_id, wrong_check
from weijian.register.models import Marriage

HEADER = ["公民身份号码", "配偶身份号码", "事件", "日期", "初婚"]


def records():
    return list(Marriage.objects.order_by("person__id_number", "date", "event").values_list(
        "person__id_number", "spouse__id_number", "event", "date", "first_marriage"))


def test_valid_file(township, load):
    rows = [
        [township.husband, township.wife, "结婚", "2018-10-01", "是"],
        [township.wife, township.husband, "结婚", "2018/10/1", "是"],
        [township.grandpa, "", "离婚", "20000315", ""],
    ]
    result = load("marriages", HEADER, rows)
    assert result.ok, issues(result)
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    assert records() == sorted([
        (township.husband, township.wife, "marriage", date(2018, 10, 1), True),
        (township.wife, township.husband, "marriage", date(2018, 10, 1), True),
        (township.grandpa, None, "divorce", date(2000, 3, 15), None),
    ])


def test_english_event_codes_and_reimport(township, load):
    rows = [[township.woman, "", "marriage", "2023-05-20", "Y"]]
    assert load("marriages", ["id_number", "spouse_id_number", "event", "date", "first_marriage"], rows).ok
    again = load("marriages", HEADER, [[township.woman, township.grandpa, "结婚", "2023-05-20", "是"]])
    assert again.ok and (again.created, again.updated) == (0, 1)
    assert records() == [(township.woman, township.grandpa, "marriage", date(2023, 5, 20), True)]


@pytest.mark.parametrize("spelling,value", [("是", True), ("否", False), ("1", True), ("0", False), ("Y", True),
                                            ("N", False), ("true", True), ("false", False)])
def test_boolean_spellings(township, load, spelling, value):
    result = load("marriages", HEADER, [[township.husband, "", "结婚", "2018-10-01", spelling]])
    assert result.ok, issues(result)
    assert Marriage.objects.get().first_marriage is value


def test_bad_check_character(township, load):
    bad = wrong_check(township.husband)
    result = load("marriages", HEADER, [[township.husband, bad, "结婚", "2018-10-01", ""]])
    assert issues(result) == [(2, "配偶身份号码", bad, f"身份号码校验码错误：末位应为{township.husband[17]}")]


def test_impossible_date(township, load):
    result = load("marriages", HEADER, [[township.husband, "", "结婚", "2018-02-30", ""]])
    assert issues(result) == [(2, "日期", "2018-02-30", "日期不存在：2018-02-30")]


def test_unknown_persons_and_bad_values(township, load):
    nobody = make_id("1992-02-02", 1)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    rows = [
        [nobody, "", "结婚", "2018-10-01", ""],
        [township.wife, nobody, "结婚", "2018-10-01", ""],
        [township.wife, township.woman, "结婚", "2018-10-01", ""],
        [township.husband, "", "订婚", "2018-10-01", ""],
        [township.husband, "", "结婚", tomorrow, ""],
        [township.son, "", "结婚", "2019-01-01", ""],
        [township.husband, township.husband, "结婚", "2018-10-01", "也许"],
    ]
    result = load("marriages", HEADER, rows)
    assert issues(result) == [
        (2, "公民身份号码", nobody, f"人员身份号码{nobody}在人口库中不存在：请先导入或登记该人员"),
        (3, "配偶身份号码", nobody, f"配偶身份号码{nobody}在人口库中不存在：请先导入或登记该人员"),
        (4, "配偶身份号码", township.woman, "配偶与本人性别相同"),
        (5, "事件", "订婚", "事件无法识别：订婚（应为 结婚、离婚）"),
        (6, "日期", tomorrow, "登记日期晚于今天"),
        (7, "日期", "2019-01-01", "登记日期早于本人出生日期2019-06-01"),
        (8, "初婚", "也许", "是否值无法识别：也许（应为 是/否、1/0、Y/N 或 true/false）"),
    ]
    assert Marriage.objects.count() == 0


def test_spouse_is_self(township, load):
    result = load("marriages", HEADER, [[township.husband, township.husband, "结婚", "2018-10-01", ""]])
    assert issues(result) == [(2, "配偶身份号码", township.husband, "配偶身份号码与本人相同")]


def test_missing_required_column(township, load):
    result = load("marriages", ["公民身份号码", "日期"], [[township.husband, "2018-10-01"]])
    assert issues(result) == [(1, "事件", "", "缺少必填列“事件”（event）")]


def test_duplicate_key(township, load):
    rows = [
        [township.husband, township.wife, "结婚", "2018-10-01", ""],
        [township.husband, township.wife, "离婚", "2018-10-01", ""],
        [township.husband, "", "结婚", "2018/10/01", ""],
    ]
    result = load("marriages", HEADER, rows)
    assert issues(result) == [(4, "公民身份号码", township.husband, "与第2行重复（同一人员、事件和日期出现两次）")]
    assert Marriage.objects.count() == 0


def test_duplicate_key_in_a_later_chunk(township, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 2
    rows = [
        [township.husband, township.wife, "结婚", "2018-10-01", ""],
        [township.wife, township.husband, "结婚", "2018-10-01", ""],
        [township.grandpa, "", "离婚", "2000-03-15", ""],
        [township.wife, township.husband, "结婚", "2018-10-01", ""],  # row 5 (chunk 2) repeats row 3 (chunk 1)
    ]
    result = load("marriages", HEADER, rows)
    assert issues(result) == [(5, "公民身份号码", township.wife, "与第3行重复（同一人员、事件和日期出现两次）")]
    assert Marriage.objects.count() == 0
