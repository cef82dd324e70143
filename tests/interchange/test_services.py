"""`services`: service records against the service catalog (DOMAIN.md §7)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.conftest import VILLAGE_1, VILLAGE_2, issues, make_id, wrong_check
from weijian.care.models import ServiceRecord

HEADER = ["公民身份号码", "服务项目", "日期", "配偶身份号码", "结果", "数值", "服务机构", "村居代码"]


def records():
    return sorted(ServiceRecord.objects.values_list(
        "person__id_number", "service__code", "date", "partner__id_number", "result", "value", "provider",
        "village__code"))


def test_valid_file(township, load):
    rows = [
        [township.wife, "pre_pregnancy_checkup", "2020-05-06", township.husband, "正常", "", "青山镇卫生院", ""],
        [township.wife, "孕产妇建册", "2020/7/1", "", "", "11", "青山镇卫生院", ""],
        [township.son, "immunization", "20190601", "", "HepB1", "", "县妇幼保健院", ""],
        [township.grandpa, "elderly_insurance", "2024-01-05", "", "", "120.50", "", VILLAGE_1],
    ]
    result = load("services", HEADER, rows)
    assert result.ok, issues(result)
    assert (result.rows, result.created, result.updated) == (4, 4, 0)
    assert records() == sorted([
        (township.wife, "pre_pregnancy_checkup", date(2020, 5, 6), township.husband, "正常", None, "青山镇卫生院",
         VILLAGE_1),
        (township.wife, "pregnancy_registration", date(2020, 7, 1), None, "", Decimal("11"), "青山镇卫生院",
         VILLAGE_1),
        (township.son, "immunization", date(2019, 6, 1), None, "HepB1", None, "县妇幼保健院", VILLAGE_1),
        # An explicit village overrides the person's own (王建国 lives in village 2).
        (township.grandpa, "elderly_insurance", date(2024, 1, 5), None, "", Decimal("120.50"), "", VILLAGE_1),
    ])
    assert ServiceRecord.objects.get(person__id_number=township.grandpa).village.code != VILLAGE_2


def test_reimport_updates(township, load):
    assert load("services", HEADER, [[township.wife, "prenatal_visit", "2020-08-01", "", "", "", "", ""]]).ok
    again = load("services", HEADER, [[township.wife, "产前检查", "2020-08-01", "", "正常", "", "卫生院", ""]])
    assert again.ok and (again.created, again.updated) == (0, 1)
    assert records() == [(township.wife, "prenatal_visit", date(2020, 8, 1), None, "正常", None, "卫生院",
                          VILLAGE_1)]


def test_unknown_service_code(township, load):
    result = load("services", HEADER, [[township.wife, "acupuncture", "2020-05-06", "", "", "", "", ""]])
    assert issues(result) == [(2, "服务项目", "acupuncture", "服务项目“acupuncture”不在服务目录中")]
    assert ServiceRecord.objects.count() == 0


def test_bad_check_character(township, load):
    bad = wrong_check(township.wife)
    result = load("services", HEADER, [[bad, "prenatal_visit", "2020-05-06", "", "", "", "", ""]])
    assert issues(result) == [(2, "公民身份号码", bad, f"身份号码校验码错误：末位应为{township.wife[17]}")]


def test_impossible_date(township, load):
    result = load("services", HEADER, [[township.wife, "prenatal_visit", "2020-02-30", "", "", "", "", ""]])
    assert issues(result) == [(2, "日期", "2020-02-30", "日期不存在：2020-02-30")]


def test_unknown_village(township, load):
    result = load("services", HEADER, [[township.wife, "prenatal_visit", "2020-05-06", "", "", "", "",
                                        "511302101299"]])
    assert issues(result) == [(2, "村居代码", "511302101299", "村居代码511302101299不存在：请先导入行政区划")]


def test_unknown_person_and_partner_and_bad_value(township, load):
    nobody = make_id("1992-02-02", 1)
    rows = [
        [nobody, "prenatal_visit", "2020-05-06", "", "", "", "", ""],
        [township.wife, "pre_pregnancy_checkup", "2020-05-06", nobody, "", "", "", ""],
        [township.wife, "pregnancy_registration", "2020-07-01", "", "", "十一", "", ""],
    ]
    result = load("services", HEADER, rows)
    assert issues(result) == [
        (2, "公民身份号码", nobody, f"人员身份号码{nobody}在人口库中不存在：请先导入或登记该人员"),
        (3, "配偶身份号码", nobody, f"配偶身份号码{nobody}在人口库中不存在：请先导入或登记该人员"),
        (4, "数值", "十一", "应为数值：十一"),
    ]


def test_service_after_death(township, load):
    assert load("deaths", ["公民身份号码", "死亡日期"], [[township.grandpa, "2023-11-02"]]).ok
    result = load("services", HEADER, [[township.grandpa, "elderly_health_check", "2024-01-05", "", "", "", "",
                                        ""]])
    assert issues(result) == [(2, "日期", "2024-01-05", "服务日期晚于本人死亡日期2023-11-02")]


def test_missing_required_column(township, load):
    result = load("services", ["公民身份号码", "日期"], [[township.wife, "2020-05-06"]])
    assert issues(result) == [(1, "服务项目", "", "缺少必填列“服务项目”（service）")]


def test_duplicate_key(township, load):
    rows = [
        [township.wife, "prenatal_visit", "2020-05-06", "", "", "", "", ""],
        [township.wife, "prenatal_visit", "2020-05-07", "", "", "", "", ""],
        [township.wife, "产前检查", "2020-05-06", "", "", "", "", ""],  # the same item by its name
    ]
    result = load("services", HEADER, rows)
    assert issues(result) == [(4, "公民身份号码", township.wife, "与第2行重复（同一人员、服务项目和日期出现两次）")]
    assert ServiceRecord.objects.count() == 0


def test_duplicate_key_in_a_later_chunk(township, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 2
    rows = [
        [township.wife, "prenatal_visit", "2020-05-06", "", "", "", "", ""],
        [township.wife, "prenatal_visit", "2020-06-06", "", "", "", "", ""],
        [township.wife, "prenatal_visit", "2020-07-06", "", "", "", "", ""],
        [township.wife, "prenatal_visit", "2020-06-06", "", "", "", "", ""],  # row 5 (chunk 2) repeats row 3
    ]
    result = load("services", HEADER, rows)
    assert issues(result) == [(5, "公民身份号码", township.wife, "与第3行重复（同一人员、服务项目和日期出现两次）")]
    assert ServiceRecord.objects.count() == 0
