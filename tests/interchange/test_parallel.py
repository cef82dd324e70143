"""Large files parsed in a worker process (weijian.interchange.parallel) give exactly what the
thread of the ordinary path gives: the same records, the same errors (row, column, value,
reason) and, on any error, nothing written."""

from __future__ import annotations

import multiprocessing
import os
from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.conftest import PERSONS_HEADER, VILLAGE_1, VILLAGE_2, issues, make_id, write_csv, wrong_check
from weijian.interchange import parallel
from weijian.interchange.importer import import_file, import_rows
from weijian.interchange.kinds.base import Context, Issue, Row
from weijian.register.models import Household, Person


def persons(count: int) -> list[list]:
    """`count` persons in two villages, each family a mother, a father and a child naming them."""
    rows = []
    for n in range(count // 3):
        seq, year = n % 400 + 1, 1960 + n // 400
        mother, father = make_id(f"{year}-03-01", 2, seq), make_id(f"{year}-04-01", 1, seq)
        child = make_id(f"{year + 25}-05-01", 1 + n % 2, seq)
        village, household = (VILLAGE_1, VILLAGE_2)[n % 2], f"H-{n}"
        rows += [
            [mother, f"母{n}", "女", f"{year}-03-01", village, household, "户主", "农村", "常住", "初婚",
             f"{year + 22}-01-01", "", ""],
            [father, f"父{n}", "男", f"{year}-04-01", village, household, "配偶", "城镇", "流出", "初婚",
             f"{year + 22}-01-01", "", ""],
            [child, f"子{n}", "男" if n % 2 == 0 else "女", f"{year + 25}-05-01", village, household, "子女",
             "农村", "常住", "未婚", "", mother, father],
        ]
    return rows


def people() -> list[tuple]:
    return sorted(Person.objects.values_list(
        "id_number", "name", "sex", "birth_date", "village__code", "household__number", "relation", "hukou_type",
        "residence", "marital_status", "first_marriage_date", "mother__id_number", "father__id_number",
        "registered_here", "batch_row",
    ))


@pytest.fixture
def in_process(settings, monkeypatch):
    """Every file parsed in a worker process; `used` counts the imports that were."""
    settings.WEIJIAN_IMPORT_PROCESS_MB = 0
    settings.WEIJIAN_IMPORT_CHUNK = 40
    used = []
    real = parallel.parsed_chunks

    def spy(job, ctx, result):
        used.append(job.kind)
        return real(job, ctx, result)

    monkeypatch.setattr(parallel, "parsed_chunks", spy)
    return used


def test_small_files_and_rows_in_memory_stay_in_this_process(divisions, load, settings, monkeypatch):
    settings.WEIJIAN_IMPORT_PROCESS_MB = 8
    monkeypatch.setattr(parallel, "parsed_chunks", lambda *a: pytest.fail("a worker process was started"))
    assert load("persons", PERSONS_HEADER, persons(3)).ok
    row = dict(zip(["id_number", "name", "sex", "birth_date", "village_code"],
                   [make_id("1990-01-01", 1, 9), "单行", "男", "1990-01-01", VILLAGE_1]))
    assert import_rows("persons", [row]).created == 1
    settings.WEIJIAN_IMPORT_PROCESS_MB = None  # "off"
    assert load("persons", PERSONS_HEADER, persons(3)).updated == 3


def test_the_worker_gives_the_same_register(divisions, load, settings, in_process):
    rows = persons(300)
    result = load("persons", PERSONS_HEADER, rows)
    assert in_process == ["persons"]
    assert result.ok, issues(result)
    assert (result.rows, result.created, result.updated) == (300, 300, 0)
    by_worker = people()
    assert len(by_worker) == 300
    assert by_worker[0] == (rows[0][0], "母0", 2, date(1960, 3, 1), VILLAGE_1, "H-0", "户主", "rural", "resident",
                            "first", date(1982, 1, 1), None, None, True, 2)
    child = Person.objects.get(name="子99")
    assert (child.mother.name, child.father.name, child.household.number) == ("母99", "父99", "H-99")

    Person.objects.all().delete()
    Household.objects.all().delete()
    settings.WEIJIAN_IMPORT_PROCESS_MB = None
    serial = load("persons", PERSONS_HEADER, rows)
    assert in_process == ["persons"]  # the second import did not use the worker
    assert (serial.rows, serial.created) == (300, 300)
    assert people() == by_worker


def test_the_worker_gives_the_same_errors_and_writes_nothing(divisions, load, settings, in_process):
    rows = persons(300)
    check = rows[1][0][17]
    rows[1][0] = wrong_check(rows[1][0])  # row 3, in the first chunk, found by the worker
    rows[100][3] = "2001-02-30"  # a date that does not exist
    rows[250][4] = "511302101299"  # a village that does not exist, found by this process
    late = rows[298][0][17]
    rows[298][0] = wrong_check(rows[298][0])  # row 300, in the last chunk
    rows[299][1] = ""  # the very last row: a required cell left blank
    by_worker = load("persons", PERSONS_HEADER, rows)
    assert in_process == ["persons"]
    assert Person.objects.count() == 0 and Household.objects.count() == 0
    settings.WEIJIAN_IMPORT_PROCESS_MB = None
    serial = load("persons", PERSONS_HEADER, rows)
    assert issues(by_worker) == issues(serial)
    assert (by_worker.rows, by_worker.error_count) == (serial.rows, serial.error_count) == (300, 8)
    missing = "在人口库和本文件中都不存在"
    assert issues(by_worker) == [
        (3, "公民身份号码", rows[1][0], f"身份号码校验码错误：末位应为{check}"),
        (4, "父亲身份号码", rows[2][12], f"父亲身份号码{rows[2][12]}{missing}"),  # the father of row 3
        (102, "出生日期", "2001-02-30", "日期不存在：2001-02-30"),
        (103, "父亲身份号码", rows[101][12], f"父亲身份号码{rows[101][12]}{missing}"),
        (252, "村居代码", "511302101299", "村居代码511302101299不存在：请先导入行政区划"),
        (253, "父亲身份号码", rows[251][12], f"父亲身份号码{rows[251][12]}{missing}"),
        (300, "公民身份号码", rows[298][0], f"身份号码校验码错误：末位应为{late}"),
        (301, "姓名", "", "必填项为空"),
    ]
    assert Person.objects.count() == 0


def test_a_broken_file_is_reported_as_by_the_ordinary_path(divisions, load, settings, in_process, tmp_path):
    rows = persons(90)
    path = tmp_path / "persons.csv"
    write_csv(path, PERSONS_HEADER, rows)
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write("x" * 200_000 + "\r\n")  # longer than the csv module's field limit
    by_worker = import_file("persons", path)
    settings.WEIJIAN_IMPORT_PROCESS_MB = None
    serial = import_file("persons", path)
    assert in_process == ["persons"]
    assert issues(by_worker) == issues(serial)
    assert issues(by_worker) == [(0, "", "", "第92行附近 CSV 格式错误（可能有未配对的引号）："
                                             "field larger than field limit (131072)")]
    assert Person.objects.count() == 0


def test_an_xlsx_file_goes_through_the_worker(divisions, load, settings, in_process):
    rows = persons(9)
    rows[4][3] = date(1960, 4, 1)  # a real Excel date cell
    result = load("persons", PERSONS_HEADER, rows, fmt="xlsx")
    assert in_process == ["persons"]
    assert result.ok and result.created == 9, issues(result)
    assert Person.objects.get(name="父0").birth_date == date(1960, 4, 1)


def test_pack_and_unpack_keep_every_value():
    ctx = Context(batch_id=1, user_id=None, now=None, headers={"a": "甲", "b": "乙"}, max_errors=10,
                  positions={"a": 0, "b": 1})
    plain = Row(2, {"a": date(2020, 3, 1), "b": 7, "c": None, "d": True}, ["2020-03-01", "7"])
    tricky = Row(3, {"a": None, "b": -1, "c": "文字", "d": False}, ["", "x\x1fy"])  # the separator in a cell
    tricky.ok = False
    packed = parallel._pack([plain, tricky], [Issue(3, "乙", "x", "原因")], 4, 2, frozenset({"a"}))
    assert packed[:1] == b"m"  # marshal, the date sent as its ordinal
    rows, errors, count, read = parallel._unpack(packed)
    assert [(r.number, r.values, r.ok) for r in rows] == [(2, plain.values, True), (3, tricky.values, False)]
    assert [ctx.cell(r, "b") for r in rows] == ["7", "x\x1fy"]
    assert (errors, count, read) == ([Issue(3, "乙", "x", "原因")], 4, 2)
    money = Row(4, {"a": Decimal("1.50")}, [date(2020, 1, 1), 3.0])  # marshal cannot: pickled
    packed = parallel._pack([money], [], 0, 1)
    assert packed[:1] == b"p"
    rows, *_ = parallel._unpack(packed)
    assert (rows[0].values, rows[0].raw) == ({"a": Decimal("1.50")}, [date(2020, 1, 1), 3.0])
    timed = Row(5, {"a": datetime(2020, 1, 1, 8, 30)}, ["x"])  # not a date: pickled, the time kept
    rows, *_ = parallel._unpack(parallel._pack([timed], [], 0, 1, frozenset({"a"})))
    assert rows[0].values == {"a": datetime(2020, 1, 1, 8, 30)}


def test_a_worker_that_dies_is_reported():
    spawn = multiprocessing.get_context("spawn")
    box = spawn.Queue()
    worker = spawn.Process(target=os._exit, args=(3,))
    worker.start()
    worker.join()
    with pytest.raises(parallel.WorkerDied, match="解析进程意外退出（退出码 3）"):
        parallel._next(box, worker)
    box.put(None)  # a message that came in just as it ended is still read
    assert parallel._next(box, worker) is None
