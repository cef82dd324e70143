"""`deaths`: one per person; an infant without an ID number is found through its birth."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import issues, make_id, wrong_check
from weijian.register.models import Death, Person

HEADER = ["公民身份号码", "死亡日期", "死因", "孕产妇死亡", "报告日期"]
INFANT_HEADER = ["公民身份号码", "母亲身份号码", "婴儿出生日期", "胎序", "死亡日期", "死因"]
BIRTHS = ["母亲身份号码", "出生日期", "性别", "婴儿身份号码", "胎序", "活产"]


def test_valid_file(township, load):
    rows = [
        [township.grandpa, "2023-11-02", "I21.9", "否", "2023-11-05"],
        [township.wife, "2024-02-10", "O72", "是", ""],
    ]
    result = load("deaths", HEADER, rows)
    assert result.ok, issues(result)
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    deaths = Death.objects.order_by("person__id_number").values_list(
        "person__id_number", "death_date", "cause", "maternal_death", "report_date")
    assert sorted(deaths) == sorted([
        (township.grandpa, date(2023, 11, 2), "I21.9", False, date(2023, 11, 5)),
        (township.wife, date(2024, 2, 10), "O72", True, None),
    ])
    assert Person.objects.get(id_number=township.grandpa).death_date == date(2023, 11, 2)
    assert Person.objects.get(id_number=township.wife).death_date == date(2024, 2, 10)
    assert Person.objects.filter(death_date__isnull=True).count() == 3


def test_reimport_corrects_the_date(township, load):
    assert load("deaths", HEADER, [[township.grandpa, "2023-11-02", "", "", ""]]).ok
    result = load("deaths", HEADER, [[township.grandpa, "2023-11-03", "I21.9", "", ""]])
    assert result.ok and (result.created, result.updated) == (0, 1)
    death = Death.objects.get()
    assert (death.death_date, death.cause, death.person.death_date) == (date(2023, 11, 3), "I21.9",
                                                                        date(2023, 11, 3))


def test_infant_without_id_number(township, load):
    twins = [
        [township.woman, "2022-01-10", "男", "", "1", ""],
        [township.woman, "2022-01-10", "女", "", "2", ""],
    ]
    assert load("births", BIRTHS, twins).ok
    result = load("deaths", INFANT_HEADER, [["", township.woman, "2022/1/10", "2", "2022-01-15", "P07.3"]])
    assert result.ok, issues(result)
    death = Death.objects.select_related("person__birth").get()
    infant = death.person
    assert (infant.id_number, infant.sex, infant.birth.birth_order) == (None, 2, 2)
    assert infant.mother.id_number == township.woman
    assert infant.death_date == date(2022, 1, 15)
    assert (death.death_date, death.cause) == (date(2022, 1, 15), "P07.3")
    # Her twin brother lives.
    brother = Person.objects.get(birth__birth_order=1, mother__id_number=township.woman)
    assert brother.death_date is None


def test_infant_birth_order_defaults_to_one(township, load):
    assert load("births", BIRTHS, [[township.woman, "2022-01-10", "男", "", "", ""]]).ok
    result = load("deaths", INFANT_HEADER, [["", township.woman, "20220110", "", "2022-01-12", ""]])
    assert result.ok, issues(result)
    assert Death.objects.get().person.birth.birth_order == 1


def test_unknown_infant(township, load):
    result = load("deaths", INFANT_HEADER, [["", township.woman, "2022-01-10", "1", "2022-01-12", ""]])
    assert issues(result) == [
        (2, "母亲身份号码", township.woman, "未找到该母亲在该日期的活产出生登记，无法确定死亡婴儿"),
    ]


def test_no_person_given(township, load):
    result = load("deaths", INFANT_HEADER, [["", township.woman, "", "", "2022-01-12", ""]])
    assert issues(result) == [
        (2, "公民身份号码", "", "须填写死者身份号码；无身份号码的婴儿须填写母亲身份号码和婴儿出生日期"),
    ]


def test_bad_check_character(township, load):
    bad = wrong_check(township.grandpa)
    result = load("deaths", HEADER, [[bad, "2023-11-02", "", "", ""]])
    assert issues(result) == [(2, "公民身份号码", bad, f"身份号码校验码错误：末位应为{township.grandpa[17]}")]


def test_impossible_date(township, load):
    result = load("deaths", HEADER, [[township.grandpa, "2023-02-30", "", "", ""]])
    assert issues(result) == [(2, "死亡日期", "2023-02-30", "日期不存在：2023-02-30")]


def test_unknown_person(township, load):
    nobody = make_id("1940-01-01", 1)
    result = load("deaths", HEADER, [[nobody, "2023-11-02", "", "", ""]])
    assert issues(result) == [(2, "公民身份号码", nobody, f"身份号码{nobody}在人口库中不存在")]


def test_date_and_sex_checks(township, load):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = load("deaths", HEADER, [
        [township.son, "2019-05-01", "", "", ""],
        [township.grandpa, "2023-11-02", "", "是", ""],
        [township.husband, tomorrow, "", "", ""],
    ])
    assert issues(result) == [
        (2, "死亡日期", "2019-05-01", "死亡日期早于出生日期2019-06-01"),
        (3, "孕产妇死亡", "是", "孕产妇死亡只适用于女性"),
        (4, "死亡日期", tomorrow, "死亡日期晚于今天"),
    ]
    assert Death.objects.count() == 0


def test_missing_required_column(township, load):
    result = load("deaths", ["公民身份号码", "死因"], [[township.grandpa, "I21.9"]])
    assert issues(result) == [(1, "死亡日期", "", "缺少必填列“死亡日期”（death_date）")]


def test_duplicate_person(township, load):
    rows = [
        [township.grandpa, "2023-11-02", "", "", ""],
        [township.wife, "2024-02-10", "", "", ""],
        [township.grandpa, "2023-11-03", "", "", ""],
    ]
    result = load("deaths", HEADER, rows)
    assert issues(result) == [(4, "公民身份号码", township.grandpa, "与第2行重复（同一死者出现两次）")]
    assert Death.objects.count() == 0
    assert Person.objects.filter(death_date__isnull=False).count() == 0


def test_duplicate_person_in_a_later_chunk(township, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 2
    rows = [
        [township.grandpa, "2023-11-02", "", "", ""],
        [township.wife, "2024-02-10", "", "", ""],
        [township.husband, "2024-03-01", "", "", ""],
        [township.grandpa, "2023-11-02", "", "", ""],  # row 5 (chunk 2) repeats row 2 (chunk 1)
    ]
    result = load("deaths", HEADER, rows)
    assert issues(result) == [(5, "公民身份号码", township.grandpa, "与第2行重复（同一死者出现两次）")]
    assert Death.objects.count() == 0
    assert Person.objects.filter(death_date__isnull=False).count() == 0
