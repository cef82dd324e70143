"""`migrations`: 迁入/迁出 move the household registration; 流入/流出/返回 where people live."""

from __future__ import annotations

from datetime import date

from tests.conftest import VILLAGE_2, issues, make_id, wrong_check
from weijian.register.models import Migration, Person

HEADER = ["公民身份号码", "类型", "日期", "地点", "原因"]


def state(number):
    return Person.objects.filter(id_number=number).values_list("registered_here", "residence").get()


def test_valid_file(township, load):
    rows = [
        [township.husband, "流出", "2022-03-01", "广东省深圳市", "务工"],
        [township.grandpa, "迁出", "2023-06-01", "四川省成都市", "投靠子女"],
    ]
    result = load("migrations", HEADER, rows)
    assert result.ok, issues(result)
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    saved = Migration.objects.values_list("person__id_number", "direction", "date", "place", "reason")
    assert sorted(saved) == sorted([
        (township.husband, "flow_out", date(2022, 3, 1), "广东省深圳市", "务工"),
        (township.grandpa, "move_out", date(2023, 6, 1), "四川省成都市", "投靠子女"),
    ])
    assert state(township.husband) == (True, "away")  # 流出: registered here, living away
    assert state(township.grandpa) == (False, "resident")  # 迁出: the 户籍 has left
    assert state(township.wife) == (True, "resident")


def test_return_ends_a_flow_out(township, load):
    assert load("migrations", HEADER, [[township.husband, "流出", "2022-03-01", "", ""]]).ok
    assert state(township.husband) == (True, "away")
    assert load("migrations", HEADER, [[township.husband, "返回", "2023-01-20", "", "返乡"]]).ok
    assert state(township.husband) == (True, "resident")
    assert Migration.objects.count() == 2


def test_latest_event_in_the_file_wins(township, load):
    rows = [
        [township.husband, "返回", "2023-01-20", "", ""],
        [township.husband, "流出", "2022-03-01", "", ""],
        [township.wife, "流出", "2022-03-01", "", ""],
        [township.wife, "返回", "2023-01-20", "", ""],
        [township.wife, "流出", "2024-02-15", "", ""],
    ]
    assert load("migrations", HEADER, rows).ok
    assert state(township.husband) == (True, "resident")
    assert state(township.wife) == (True, "away")


def test_move_in_and_flow_in(township, load):
    newcomer = make_id("1988-08-08", 1)
    persons = ["公民身份号码", "姓名", "性别", "出生日期", "村居代码", "居住状态"]
    assert load("persons", persons, [[newcomer, "陈强", "男", "1988-08-08", VILLAGE_2, "流入"]]).ok
    assert state(newcomer) == (False, "incomer")
    assert load("migrations", HEADER, [[township.grandpa, "迁出", "2023-06-01", "", ""]]).ok
    assert load("migrations", HEADER, [[township.grandpa, "迁入", "2024-01-01", "", ""],
                                       [newcomer, "迁入", "2024-03-01", "", ""]]).ok
    assert state(township.grandpa) == (True, "resident")
    assert state(newcomer) == (True, "incomer")
    assert load("migrations", HEADER, [[township.woman, "流入", "2024-03-01", "", ""]]).ok
    assert state(township.woman)[1] == "incomer"


def test_reimporting_persons_keeps_the_moved_out_registration(township, load):
    from tests.conftest import PERSONS_HEADER

    assert load("migrations", HEADER, [[township.grandpa, "迁出", "2023-06-01", "", ""]]).ok
    assert load("persons", PERSONS_HEADER, township.persons_rows).ok
    assert state(township.grandpa) == (False, "resident")


def test_bad_check_character(township, load):
    bad = wrong_check(township.husband)
    result = load("migrations", HEADER, [[bad, "流出", "2022-03-01", "", ""]])
    assert issues(result) == [(2, "公民身份号码", bad, f"身份号码校验码错误：末位应为{township.husband[17]}")]


def test_impossible_date_unknown_direction_unknown_person(township, load):
    nobody = make_id("1992-02-02", 1)
    rows = [
        [township.husband, "流出", "2022-02-30", "", ""],
        [township.husband, "出差", "2022-03-01", "", ""],
        [nobody, "流出", "2022-03-01", "", ""],
        [township.son, "流出", "2019-05-31", "", ""],
    ]
    result = load("migrations", HEADER, rows)
    assert issues(result) == [
        (2, "日期", "2022-02-30", "日期不存在：2022-02-30"),
        (3, "类型", "出差", "类型无法识别：出差（应为 迁入、迁出、流入、流出、返回）"),
        (4, "公民身份号码", nobody, f"人员身份号码{nobody}在人口库中不存在：请先导入或登记该人员"),
        (5, "日期", "2019-05-31", "日期早于本人出生日期2019-06-01"),
    ]
    assert Migration.objects.count() == 0
    assert state(township.husband) == (True, "resident")


def test_missing_required_column(township, load):
    result = load("migrations", ["公民身份号码", "日期"], [[township.husband, "2022-03-01"]])
    assert issues(result) == [(1, "类型", "", "缺少必填列“类型”（direction）")]


def test_duplicate_key(township, load):
    rows = [
        [township.husband, "流出", "2022-03-01", "深圳", ""],
        [township.husband, "流出", "2022/3/1", "东莞", ""],
    ]
    result = load("migrations", HEADER, rows)
    assert issues(result) == [(3, "公民身份号码", township.husband, "与第2行重复（同一人员、类型和日期出现两次）")]
    assert Migration.objects.count() == 0


def test_duplicate_key_in_a_later_chunk(township, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 2
    rows = [
        [township.husband, "流出", "2022-03-01", "", ""],
        [township.wife, "流出", "2022-03-01", "", ""],
        [township.grandpa, "迁出", "2023-06-01", "", ""],
        [township.husband, "流出", "2022-03-01", "", ""],  # row 5 (chunk 2) repeats row 2 (chunk 1)
    ]
    result = load("migrations", HEADER, rows)
    assert issues(result) == [(5, "公民身份号码", township.husband, "与第2行重复（同一人员、类型和日期出现两次）")]
    assert Migration.objects.count() == 0
    assert state(township.husband) == (True, "resident")
    assert state(township.grandpa) == (True, "resident")
