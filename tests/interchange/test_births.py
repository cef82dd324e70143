"""`births`: live births and stillbirths; a live-born child enters the register."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import VILLAGE_1, VILLAGE_2, dump, issues, make_id, wrong_check
from weijian.register.models import Birth, Person

HEADER = ["母亲身份号码", "出生日期", "性别", "婴儿身份号码", "婴儿姓名", "父亲身份号码", "胎序", "孩次", "活产",
          "出生体重(克)", "孕周", "分娩地点", "村居代码", "出生医学证明编号", "报告日期"]
SHORT = ["母亲身份号码", "出生日期", "性别", "婴儿身份号码", "胎序", "孩次", "活产"]


def births(mother):
    return list(Birth.objects.filter(mother__id_number=mother).order_by("birth_date", "birth_order"))


def test_valid_file(township, load):
    daughter = make_id("2021-03-15", 2)
    row = [township.wife, "2021-03-15", "女", daughter, "张小红", township.husband, "1", "", "是", "3200", "39",
           "医院", "", "Q510012345", "2021-03-20"]
    result = load("births", HEADER, [row])
    assert result.ok, issues(result)
    assert (result.rows, result.created, result.updated) == (1, 1, 0)
    [birth] = births(township.wife)
    assert (birth.birth_date, birth.sex, birth.birth_order, birth.live_birth) == (date(2021, 3, 15), 2, 1, True)
    assert birth.parity == 2  # blank: derived, 张小明 (2019) is her first child
    assert (birth.birth_weight_g, birth.gestation_weeks, birth.delivery_place) == (3200, 39, "hospital")
    assert (birth.birth_certificate_no, birth.report_date) == ("Q510012345", date(2021, 3, 20))
    assert birth.village.code == VILLAGE_1  # blank: the mother's village
    assert birth.father.id_number == township.husband
    child = birth.child
    assert (child.id_number, child.name, child.sex, child.birth_date) == (daughter, "张小红", 2, date(2021, 3, 15))
    assert (child.mother.id_number, child.father.id_number, child.village.code) == (township.wife,
                                                                                    township.husband, VILLAGE_1)
    assert child.household.number == "SY-001"
    assert (child.residence, child.registered_here, child.death_date) == ("resident", True, None)
    assert Person.objects.count() == 6


def test_explicit_parity_and_village_are_kept(township, load):
    row = [township.woman, "2022-01-10", "男", "", "1", "3", "是"]
    result = load("births", [*SHORT, "村居代码"], [[*row, VILLAGE_1]])
    assert result.ok, issues(result)
    [birth] = births(township.woman)
    assert (birth.parity, birth.village.code, birth.child.village.code) == (3, VILLAGE_1, VILLAGE_1)


def test_twins(township, load):
    rows = [
        [township.woman, "2022-01-10", "男", "", "1", "", ""],
        [township.woman, "2022-01-10", "女", "", "2", "", ""],
    ]
    result = load("births", SHORT, rows)
    assert result.ok, issues(result)
    assert (result.created, result.updated) == (2, 0)
    twins = births(township.woman)
    assert [(b.birth_order, b.parity, b.sex, b.live_birth) for b in twins] == [(1, 1, 1, True), (2, 2, 2, True)]
    children = Person.objects.filter(mother__id_number=township.woman).order_by("sex")
    assert [(c.id_number, c.sex, c.birth_date, c.village.code) for c in children] == [
        (None, 1, date(2022, 1, 10), VILLAGE_2), (None, 2, date(2022, 1, 10), VILLAGE_2),
    ]
    assert {b.child_id for b in twins} == {c.pk for c in children}
    assert Person.objects.count() == 7
    # Both count as live births of the period.
    assert Birth.objects.filter(live_birth=True, birth_date__year=2022).count() == 2

    # The same file again: the children without ID numbers are found through their births.
    before = dump(Person), dump(Birth)
    again = load("births", SHORT, rows)
    assert again.ok and (again.created, again.updated) == (0, 2)
    assert (dump(Person), dump(Birth)) == before


def test_stillbirth_creates_no_person(township, load):
    result = load("births", SHORT, [[township.wife, "2023-05-01", "女", "", "", "", "否"]])
    assert result.ok, issues(result)
    [birth] = births(township.wife)
    assert (birth.live_birth, birth.child, birth.parity) == (False, None, 2)
    assert Person.objects.count() == 5


def test_stillbirth_is_not_counted_in_later_parity(township, load):
    rows = [
        [township.woman, "2021-02-01", "女", "", "", "", "否"],
        [township.woman, "2022-08-01", "男", "", "", "", "是"],
    ]
    result = load("births", SHORT, rows)
    assert result.ok, issues(result)
    assert [(b.live_birth, b.parity) for b in births(township.woman)] == [(False, 1), (True, 1)]


def test_parity_from_births_in_earlier_imports(township, load):
    assert load("births", SHORT, [[township.woman, "2020-01-01", "女", "", "", "", ""]]).ok
    assert load("births", SHORT, [[township.woman, "2022-06-01", "男", "", "", "", ""]]).ok
    assert [b.parity for b in births(township.woman)] == [1, 2]


def test_parity_from_the_register_and_this_file(township, load):
    # 李娜 has 张小明 (2019) in the register; the file brings two more live births.
    rows = [
        [township.wife, "2023-07-01", "男", "", "", "", ""],
        [township.wife, "2021-03-15", "女", "", "", "", ""],
    ]
    result = load("births", SHORT, rows)
    assert result.ok, issues(result)
    assert [(b.birth_date, b.parity) for b in births(township.wife)] == [(date(2021, 3, 15), 2),
                                                                          (date(2023, 7, 1), 3)]


def test_parity_when_the_birth_of_a_registered_child_comes_in_the_same_file(township, load):
    # 张小明 is in the register with 李娜 as his mother; the hospital file brings his birth and his
    # sister's, both with blank parity. He is her first child, his sister her second.
    rows = [
        [township.wife, "2019-06-01", "男", township.son, "1", "", ""],
        [township.wife, "2021-03-15", "女", make_id("2021-03-15", 2), "1", "", ""],
    ]
    result = load("births", SHORT, rows)
    assert result.ok, issues(result)
    assert [(b.birth_date, b.parity) for b in births(township.wife)] == [(date(2019, 6, 1), 1),
                                                                          (date(2021, 3, 15), 2)]


def test_birth_of_a_child_already_in_the_register_links_it(township, load):
    result = load("births", [*SHORT, "婴儿姓名"], [[township.wife, "2019-06-01", "男", township.son, "1", "1", "",
                                                   ""]])
    assert result.ok and result.created == 1
    [birth] = births(township.wife)
    assert birth.child.id_number == township.son
    assert birth.child.name == "张小明"  # a blank name keeps the register's
    assert Person.objects.count() == 5


def test_bad_check_character_of_mother(township, load):
    bad = wrong_check(township.wife)
    result = load("births", SHORT, [[bad, "2021-03-15", "女", "", "", "", ""]])
    assert issues(result) == [(2, "母亲身份号码", bad, f"身份号码校验码错误：末位应为{township.wife[17]}")]


def test_child_id_disagrees_with_sex(township, load):
    child = make_id("2021-03-15", 2)
    result = load("births", SHORT, [[township.wife, "2021-03-15", "男", child, "", "", ""]])
    assert issues(result) == [(2, "婴儿身份号码", child, "婴儿身份号码表明性别为女，与性别“男”不一致")]


def test_child_id_disagrees_with_birth_date(township, load):
    child = make_id("2021-03-15", 2)
    result = load("births", SHORT, [[township.wife, "20210316", "女", child, "", "", ""]])
    assert issues(result) == [
        (2, "婴儿身份号码", child, "婴儿身份号码中的出生日期2021-03-15与出生日期2021-03-16不一致"),
    ]


def test_impossible_date(township, load):
    result = load("births", [*SHORT, "报告日期"], [
        [township.wife, "2020-02-30", "女", "", "", "", "", ""],
        [township.woman, "2020-02-28", "女", "", "", "", "", "2020/2/30"],
    ])
    assert issues(result) == [
        (2, "出生日期", "2020-02-30", "日期不存在：2020-02-30"),
        (3, "报告日期", "2020/2/30", "日期不存在：2020/2/30"),
    ]


def test_unknown_village(township, load):
    result = load("births", [*SHORT, "村居代码"], [[township.wife, "2021-03-15", "女", "", "", "", "",
                                                   "511302101299"]])
    assert issues(result) == [(2, "村居代码", "511302101299", "村居代码511302101299不存在：请先导入行政区划")]


def test_unknown_mother(township, load):
    nobody = make_id("1993-03-03", 2)
    result = load("births", SHORT, [[nobody, "2021-03-15", "女", "", "", "", ""]])
    assert issues(result) == [
        (2, "母亲身份号码", nobody, f"母亲身份号码{nobody}在人口库中不存在：请先导入或登记该人员"),
    ]
    assert Birth.objects.count() == 0 and Person.objects.count() == 5


def test_mother_and_father_of_the_wrong_sex(township, load):
    result = load("births", [*SHORT, "父亲身份号码"], [
        [township.husband, "2021-03-15", "女", "", "", "", "", ""],
        [township.wife, "2021-03-15", "女", "", "", "", "", township.woman],
    ])
    assert issues(result) == [
        (2, "母亲身份号码", township.husband, f"母亲身份号码{township.husband}对应的人员性别为男"),
        (3, "父亲身份号码", township.woman, f"父亲身份号码{township.woman}对应的人员性别为女"),
    ]


def test_missing_required_column(township, load):
    result = load("births", ["母亲身份号码", "出生日期"], [[township.wife, "2021-03-15"]])
    assert issues(result) == [(1, "性别", "", "缺少必填列“性别”（sex）")]


def test_row_checks(township, load):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    child = make_id("2021-03-15", 2)
    result = load("births", [*SHORT, "出生体重(克)", "分娩地点"], [
        [township.wife, "2021-03-15", "女", child, "", "", "否", "", ""],
        [township.woman, tomorrow, "女", "", "", "", "", "", ""],
        [township.woman, "2021-03-15", "女", "", "0", "", "", "100", "诊所"],
    ])
    assert issues(result) == [
        (2, "婴儿身份号码", child, "死胎死产不应有婴儿身份号码"),
        (3, "出生日期", tomorrow, "出生日期晚于今天"),
        (4, "胎序", "0", "应为正整数：0"),
        (4, "出生体重(克)", "100", "出生体重应在200–8000之间：100"),
        (4, "分娩地点", "诊所", "分娩地点无法识别：诊所（应为 医院、卫生院、家中、途中、其他）"),
    ]


def test_duplicate_key(township, load):
    rows = [
        [township.wife, "2021-03-15", "女", "", "1", "", ""],
        [township.woman, "2021-03-15", "女", "", "1", "", ""],
        [township.wife, "2021-03-15", "男", "", "1", "", ""],
    ]
    result = load("births", SHORT, rows)
    assert issues(result) == [
        (4, "母亲身份号码", township.wife, "与第2行重复（同一母亲、出生日期和胎序（或婴儿身份号码）出现两次）"),
    ]
    assert Birth.objects.count() == 0 and Person.objects.count() == 5


def test_duplicate_key_in_a_later_chunk(township, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 2
    rows = [
        [township.woman, "2020-01-01", "女", "", "1", "", ""],
        [township.woman, "2022-01-10", "男", "", "1", "", ""],
        [township.wife, "2021-03-15", "女", "", "1", "", ""],
        [township.woman, "2020-01-01", "女", "", "1", "", ""],  # row 5 (chunk 2) repeats row 2 (chunk 1)
    ]
    result = load("births", SHORT, rows)
    assert issues(result) == [
        (5, "母亲身份号码", township.woman, "与第2行重复（同一母亲、出生日期和胎序（或婴儿身份号码）出现两次）"),
    ]
    assert Birth.objects.count() == 0 and Person.objects.count() == 5


def test_duplicate_child_id_number(township, load):
    child = make_id("2021-03-15", 2)
    rows = [
        [township.wife, "2021-03-15", "女", child, "1", "", ""],
        [township.woman, "2021-03-15", "女", child, "1", "", ""],
    ]
    result = load("births", SHORT, rows)
    assert issues(result) == [(3, "婴儿身份号码", child, "与第2行重复（同一婴儿身份号码出现两次）")]


@pytest.mark.parametrize("chunk", [2000, 1])
def test_derived_parity_does_not_depend_on_chunks(township, load, settings, chunk):
    settings.WEIJIAN_IMPORT_CHUNK = chunk
    rows = [
        [township.wife, "2023-07-01", "男", "", "", "", ""],
        [township.wife, "2021-03-15", "女", "", "", "", ""],
    ]
    result = load("births", SHORT, rows)
    assert result.ok, issues(result)
    assert [(b.birth_date, b.parity) for b in births(township.wife)] == [(date(2021, 3, 15), 2),
                                                                          (date(2023, 7, 1), 3)]
