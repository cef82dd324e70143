"""`persons`: the whole-population register, keyed by ID number."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import VILLAGE_1, VILLAGE_2, issues, make_id, wrong_check
from weijian.register.models import Household, Person

SHORT_HEADER = ["公民身份号码", "姓名", "性别", "出生日期", "村居代码"]


def person(number):
    return Person.objects.select_related("village", "household", "mother", "father").get(id_number=number)


def test_valid_file(township):
    assert Person.objects.count() == 5
    wife = person(township.wife)
    assert (wife.name, wife.sex, wife.birth_date, wife.village.code) == ("李娜", 2, date(1994, 8, 20), VILLAGE_1)
    assert (wife.household.number, wife.relation, wife.hukou_type, wife.residence) == ("SY-001", "妻", "rural",
                                                                                        "resident")
    assert (wife.marital_status, wife.first_marriage_date) == ("first", date(2018, 10, 1))
    assert wife.registered_here is True and wife.death_date is None
    son = person(township.son)
    assert son.mother.id_number == township.wife and son.father.id_number == township.husband
    assert son.household_id == wife.household_id
    woman = person(township.woman)
    assert (woman.hukou_type, woman.marital_status, woman.village.code) == ("urban", "single", VILLAGE_2)
    assert sorted(Household.objects.values_list("number", "village__code")) == [
        ("BH-001", VILLAGE_2), ("BH-002", VILLAGE_2), ("SY-001", VILLAGE_1),
    ]
    assert Household.objects.get(number="SY-001").members.count() == 3


def test_optional_columns(divisions, load):
    number = make_id("1960-07-01", 2)
    header = [*SHORT_HEADER, "残疾等级", "死亡日期", "联系电话", "居住状态"]
    result = load("persons", header, [[number, "孙桂兰", "女", "1960-07-01", VILLAGE_2, "2", "2023-12-01",
                                       "13800000001", "流入"]])
    assert result.ok, issues(result)
    p = person(number)
    assert (p.disability_grade, p.death_date, p.phone, p.residence) == (2, date(2023, 12, 1), "13800000001",
                                                                        "incomer")
    # Registered elsewhere: 流入 persons do not count in the registered population.
    assert p.registered_here is False
    assert (p.name, p.relation, p.hukou_type, p.marital_status, p.household) == ("孙桂兰", "", "", "", None)


def test_reimport_updates_only_the_columns_in_the_file(township, load):
    result = load("persons", ["公民身份号码", "姓名", "联系电话"], [[township.wife, "李娜娜", "13900000002"]])
    # A file without the required columns is refused whole.
    assert [i[3] for i in issues(result)] == [
        "缺少必填列“性别”（sex）", "缺少必填列“出生日期”（birth_date）", "缺少必填列“村居代码”（village_code）",
    ]
    header = [*SHORT_HEADER, "联系电话"]
    result = load("persons", header, [[township.wife, "李娜娜", "女", "1994-08-20", VILLAGE_1, "13900000002"]])
    assert result.ok and (result.rows, result.created, result.updated) == (1, 0, 1)
    wife = person(township.wife)
    assert (wife.name, wife.phone) == ("李娜娜", "13900000002")
    # Columns not in the file keep their values.
    assert (wife.household.number, wife.marital_status, wife.first_marriage_date) == ("SY-001", "first",
                                                                                       date(2018, 10, 1))


def test_bad_check_character(divisions, load):
    bad = wrong_check(make_id("1990-05-12", 1))
    result = load("persons", SHORT_HEADER, [[bad, "张伟", "男", "1990-05-12", VILLAGE_1]])
    good = make_id("1990-05-12", 1)
    assert issues(result) == [(2, "公民身份号码", bad, f"身份号码校验码错误：末位应为{good[17]}")]
    assert Person.objects.count() == 0


def test_id_disagrees_with_sex(divisions, load):
    number = make_id("1990-05-12", 1)
    result = load("persons", SHORT_HEADER, [[number, "张伟", "女", "1990-05-12", VILLAGE_1]])
    assert issues(result) == [(2, "公民身份号码", number, "身份号码表明性别为男，与性别“女”不一致")]


def test_id_disagrees_with_birth_date(divisions, load):
    number = make_id("1990-05-12", 1)
    result = load("persons", SHORT_HEADER, [[number, "张伟", "男", "1990/5/13", VILLAGE_1]])
    assert issues(result) == [
        (2, "公民身份号码", number, "身份号码中的出生日期1990-05-12与出生日期1990-05-13不一致"),
    ]


def test_impossible_date(divisions, load):
    number = make_id("2020-02-28", 2)
    result = load("persons", [*SHORT_HEADER, "初婚日期"], [
        [number, "刘一", "女", "2020-02-30", VILLAGE_1, ""],
        [make_id("1990-05-12", 1), "张伟", "男", "1990-05-12", VILLAGE_1, "20200230"],
    ])
    assert issues(result) == [
        (2, "出生日期", "2020-02-30", "日期不存在：2020-02-30"),
        (3, "初婚日期", "20200230", "日期不存在：20200230"),
    ]


def test_unknown_village(divisions, load):
    number = make_id("1990-05-12", 1)
    result = load("persons", SHORT_HEADER, [[number, "张伟", "男", "1990-05-12", "511302101299"]])
    assert issues(result) == [(2, "村居代码", "511302101299", "村居代码511302101299不存在：请先导入行政区划")]


def test_village_code_must_be_a_village(divisions, load):
    number = make_id("1990-05-12", 1)
    result = load("persons", SHORT_HEADER, [[number, "张伟", "男", "1990-05-12", divisions.township]])
    assert issues(result) == [
        (2, "村居代码", divisions.township, f"代码{divisions.township}是乡级区划，应填写村（社区）代码"),
    ]


@pytest.mark.parametrize("missing,reason", [
    ("公民身份号码", "缺少必填列“公民身份号码”（id_number）"),
    ("姓名", "缺少必填列“姓名”（name）"),
    ("性别", "缺少必填列“性别”（sex）"),
    ("出生日期", "缺少必填列“出生日期”（birth_date）"),
    ("村居代码", "缺少必填列“村居代码”（village_code）"),
])
def test_missing_required_column(divisions, load, missing, reason):
    row = [make_id("1990-05-12", 1), "张伟", "男", "1990-05-12", VILLAGE_1]
    keep = [i for i, h in enumerate(SHORT_HEADER) if h != missing]
    result = load("persons", [SHORT_HEADER[i] for i in keep], [[row[i] for i in keep]])
    assert issues(result) == [(1, missing, "", reason)]
    assert result.rows == 0 and Person.objects.count() == 0


def test_blank_required_cell(divisions, load):
    number = make_id("1990-05-12", 1)
    result = load("persons", SHORT_HEADER, [[number, "", "男", "1990-05-12", VILLAGE_1]])
    assert issues(result) == [(2, "姓名", "", "必填项为空")]


def test_duplicate_id_number(divisions, load):
    a, b = make_id("1990-05-12", 1), make_id("1991-01-01", 2)
    rows = [
        [a, "张伟", "男", "1990-05-12", VILLAGE_1],
        [b, "李丽", "女", "1991-01-01", VILLAGE_1],
        [a, "张伟", "男", "1990-05-12", VILLAGE_2],
    ]
    result = load("persons", SHORT_HEADER, rows)
    assert issues(result) == [(4, "公民身份号码", a, "与第2行重复（同一身份号码出现两次）")]
    assert Person.objects.count() == 0


def test_duplicate_id_number_in_a_later_chunk(divisions, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 2
    numbers = [make_id("1990-05-12", 1, seq) for seq in range(1, 6)]
    rows = [[n, f"人{i}", "男", "1990-05-12", VILLAGE_1] for i, n in enumerate(numbers)]
    rows.append([numbers[1], "人1", "男", "1990-05-12", VILLAGE_1])  # row 7 (chunk 3) repeats row 3 (chunk 1)
    result = load("persons", SHORT_HEADER, rows)
    assert issues(result) == [(7, "公民身份号码", numbers[1], "与第3行重复（同一身份号码出现两次）")]
    assert Person.objects.count() == 0


def test_duplicate_of_a_person_already_updated_in_an_earlier_chunk(township, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 1
    rows = [[township.wife, "李娜", "女", "1994-08-20", VILLAGE_1], [township.wife, "李娜", "女", "1994-08-20",
                                                                      VILLAGE_1]]
    result = load("persons", SHORT_HEADER, rows)
    assert issues(result) == [(3, "公民身份号码", township.wife, "与第2行重复（同一身份号码出现两次）")]


def test_mother_referenced_before_her_own_row(divisions, load):
    mother, child = make_id("1994-08-20", 2), make_id("2019-06-01", 2)
    header = [*SHORT_HEADER, "母亲身份号码"]
    rows = [
        [child, "张小红", "女", "2019-06-01", VILLAGE_1, mother],
        [mother, "李娜", "女", "1994-08-20", VILLAGE_1, ""],
    ]
    result = load("persons", header, rows)
    assert result.ok, issues(result)
    assert person(child).mother.id_number == mother


def test_forward_reference_across_chunks(divisions, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 1
    mother, father, child = make_id("1994-08-20", 2), make_id("1990-05-12", 1), make_id("2019-06-01", 2)
    header = [*SHORT_HEADER, "母亲身份号码", "父亲身份号码"]
    rows = [
        [child, "张小红", "女", "2019-06-01", VILLAGE_1, mother, father],
        [mother, "李娜", "女", "1994-08-20", VILLAGE_1, "", ""],
        [father, "张伟", "男", "1990-05-12", VILLAGE_1, "", ""],
    ]
    result = load("persons", header, rows)
    assert result.ok, issues(result)
    c = person(child)
    assert (c.mother.id_number, c.father.id_number) == (mother, father)


def test_unknown_and_wrong_sex_parents(divisions, load):
    mother, father, child = make_id("1994-08-20", 2), make_id("1990-05-12", 1), make_id("2019-06-01", 2)
    nobody = make_id("1970-01-01", 2)
    header = [*SHORT_HEADER, "母亲身份号码", "父亲身份号码"]
    rows = [
        [mother, "李娜", "女", "1994-08-20", VILLAGE_1, "", ""],
        [father, "张伟", "男", "1990-05-12", VILLAGE_1, "", ""],
        [child, "张小红", "女", "2019-06-01", VILLAGE_1, nobody, mother],
    ]
    result = load("persons", header, rows)
    assert issues(result) == [
        (4, "母亲身份号码", nobody, f"母亲身份号码{nobody}在人口库和本文件中都不存在"),
        (4, "父亲身份号码", mother, f"父亲身份号码{mother}对应的人员性别为女"),
    ]
    assert Person.objects.count() == 0


def test_parent_of_the_wrong_sex_already_in_the_register(township, load):
    child = make_id("2021-01-01", 1)
    header = [*SHORT_HEADER, "母亲身份号码"]
    result = load("persons", header, [[child, "张小刚", "男", "2021-01-01", VILLAGE_1, township.husband]])
    assert issues(result) == [
        (2, "母亲身份号码", township.husband, f"母亲身份号码{township.husband}对应的人员性别为男"),
    ]


def test_row_level_checks(divisions, load):
    number = make_id("1990-05-12", 2)
    header = [*SHORT_HEADER, "死亡日期", "母亲身份号码", "残疾等级", "婚姻状况"]
    rows = [[number, "刘芳", "女", "1990-05-12", VILLAGE_1, "1990-05-01", number, "5", "同居"]]
    result = load("persons", header, rows)
    assert issues(result) == [  # within a row, in the kind's column order
        (2, "婚姻状况", "同居", "婚姻状况无法识别：同居（应为 未婚、初婚、再婚、离婚、丧偶）"),
        (2, "残疾等级", "5", "残疾等级应为1–4：5"),
    ]
    rows = [[number, "刘芳", "女", "1990-05-12", VILLAGE_1, "1990-05-01", number, "", ""]]
    result = load("persons", header, rows)
    assert issues(result) == [  # the kind's column order: 母亲身份号码 comes before 死亡日期
        (2, "母亲身份号码", number, "母亲身份号码与本人相同"),
        (2, "死亡日期", "1990-05-01", "死亡日期早于出生日期"),
    ]


def test_all_errors_are_listed_in_row_order(divisions, load):
    a, b = make_id("1990-05-12", 1), make_id("1991-01-01", 2)
    rows = [
        [a, "张伟", "X", "1990-05-12", VILLAGE_1],
        [b, "李丽", "女", "1991-01-01", VILLAGE_1],
        [wrong_check(b), "李丽", "F", "1991-02-30", VILLAGE_1],
    ]
    result = load("persons", SHORT_HEADER, rows)
    assert [(i[0], i[1]) for i in issues(result)] == [(2, "性别"), (4, "公民身份号码"), (4, "出生日期")]
    assert result.error_count == 3 and not result.ok


def test_residence_decides_registration_on_insert_and_update(township, load):
    header = [*SHORT_HEADER, "居住状态"]
    row = [township.woman, "赵敏", "女", "1996-03-03", VILLAGE_2]
    assert load("persons", header, [[*row, "流入"]]).ok
    assert Person.objects.filter(id_number=township.woman).values_list("registered_here", "residence").get() == (
        False, "incomer")
    # Without a residence column an update leaves registration (and residence) as they are.
    assert load("persons", SHORT_HEADER, [row]).ok
    assert Person.objects.filter(id_number=township.woman).values_list("registered_here", "residence").get() == (
        False, "incomer")
    assert load("persons", header, [[*row, "常住"]]).ok
    assert Person.objects.filter(id_number=township.woman).values_list("registered_here", "residence").get() == (
        True, "resident")


def test_over_long_text_is_a_row_error(divisions, load):
    number = make_id("1990-05-12", 1)
    name = "张" * 51
    result = load("persons", SHORT_HEADER, [[number, name, "男", "1990-05-12", VILLAGE_1]])
    assert [i[:3] for i in issues(result)] == [(2, "姓名", name)]
    assert Person.objects.count() == 0
