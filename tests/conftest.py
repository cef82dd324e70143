"""Shared helpers and fixtures for the test suite.

The helpers are plain functions (import them with ``from tests.conftest import make_id``);
the fixtures build a small, hand-countable township in the test database.

Everything here must run on SQLite and on PostgreSQL alike: no primary-key values, no
reliance on insertion order without ORDER BY.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from stdnum.cn import ric

# ---------------------------------------------------------------------------------------------
# Codes of the test township (DOMAIN.md §4).
PROVINCE = "510000000000"
CITY = "511300000000"
COUNTY = "511302000000"
TOWNSHIP = "511302101000"
VILLAGE_1 = "511302101201"
VILLAGE_2 = "511302101202"

DIVISIONS_HEADER = ["代码", "名称", "级别", "上级代码"]
DIVISIONS_ROWS = [
    [PROVINCE, "四川省", "省", ""],
    [CITY, "南充市", "市", PROVINCE],
    [COUNTY, "顺庆区", "县", CITY],
    [TOWNSHIP, "青山镇", "乡", COUNTY],
    [VILLAGE_1, "石堰村", "村", TOWNSHIP],
    [VILLAGE_2, "白鹤村", "村", TOWNSHIP],
]

PERSONS_HEADER = [
    "公民身份号码", "姓名", "性别", "出生日期", "村居代码", "户编号", "与户主关系", "户口性质", "居住状态",
    "婚姻状况", "初婚日期", "母亲身份号码", "父亲身份号码",
]


# ---------------------------------------------------------------------------------------------
# Plain helpers.
def make_id(birth_date: str, sex: int, seq: int = 1, prefix: str = "511302") -> str:
    """A valid 18-character resident ID (GB 11643-1999) for the birth date and sex.

    `seq` (1–499) tells apart people with the same prefix, birth date and sex; the 17th
    digit is odd for men (sex 1) and even for women (sex 2).
    """
    assert 1 <= seq <= 499 and sex in (1, 2) and len(prefix) == 6
    day = date.fromisoformat(birth_date)
    order = 2 * seq - 1 if sex == 1 else 2 * seq
    number17 = f"{prefix}{day:%Y%m%d}{order:03d}"
    return number17 + ric.calc_check_digit(number17 + "0")


def wrong_check(number: str) -> str:
    """The same ID with a wrong check character."""
    return number[:17] + ("0" if number[17] != "0" else "1")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def write_csv(path: str | Path, header: list[str], rows: list[list], encoding: str = "utf-8") -> Path:
    """Write a CSV file as an office would: `encoding` is "utf-8", "utf-8-sig" or "gb18030"."""
    path = Path(path)
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(v) for v in row])
    return path


def write_xlsx(path: str | Path, header: list[str], rows: list[list]) -> Path:
    """Write an XLSX file (first sheet); date/datetime values become real Excel date cells."""
    from openpyxl import Workbook

    path = Path(path)
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([None if v == "" else v for v in row])
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    book.save(path)
    return path


def issues(result) -> list[tuple]:
    """The errors of an ImportResult as (row, column, value, reason) tuples."""
    return [(i.row, i.column, i.value, i.reason) for i in result.errors]


PROVENANCE_FIELDS = {"updated_at", "entered_at", "entered_by", "batch", "batch_row"}


def dump(model) -> list[tuple]:
    """Every row of `model` (all fields but the provenance stamps), ordered by primary key.

    Only meant to compare the same table before and after an operation in the same database.
    """
    names = [f.attname for f in model._meta.concrete_fields if f.name not in PROVENANCE_FIELDS]
    return list(model.objects.order_by("pk").values_list(*names))


# ---------------------------------------------------------------------------------------------
# Fixtures.
@pytest.fixture(scope="session", autouse=True)
def _engine_connections_closed(django_db_setup):
    """The indicator engine's worker threads keep their connections: closed before the test
    database is dropped (PostgreSQL refuses to drop a database in use)."""
    yield
    from weijian.indicators import engine

    engine.close_connections()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """No cached indicator result crosses from one test to the next (ids repeat after rollback)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def load(tmp_path):
    """load(kind, header, rows, *, fmt="csv", encoding="utf-8", dry_run=False, name=None) -> ImportResult."""
    from weijian.interchange.importer import import_file

    counter = iter(range(1, 10_000))

    def run(kind: str, header: list[str], rows: list[list], *, fmt: str = "csv", encoding: str = "utf-8",
            dry_run: bool = False, name: str | None = None):
        path = tmp_path / (name or f"{kind}-{next(counter)}.{fmt}")
        if fmt == "xlsx":
            write_xlsx(path, header, rows)
        else:
            write_csv(path, header, rows, encoding=encoding)
        return import_file(kind, path, dry_run=dry_run)

    return run


@pytest.fixture
def divisions(db, load):
    """The six divisions of the test township, imported through the `divisions` kind."""
    result = load("divisions", DIVISIONS_HEADER, DIVISIONS_ROWS)
    assert result.ok, issues(result)
    return SimpleNamespace(province=PROVINCE, city=CITY, county=COUNTY, township=TOWNSHIP,
                           village_1=VILLAGE_1, village_2=VILLAGE_2)


@pytest.fixture
def township(divisions, load):
    """The township with five persons, imported through the `persons` kind.

    Village 1, household SY-001: 张伟 (man, 1990-05-12) and his wife 李娜 (woman, 1994-08-20,
    ~30), married 2018-10-01, with their son 张小明 (2019-06-01).
    Village 2: 王建国 (man, 1950-01-15, widowed, household BH-001) and 赵敏 (woman, 1996-03-03,
    single, no children, household BH-002).
    """
    t = SimpleNamespace(**vars(divisions))
    t.husband = make_id("1990-05-12", 1)
    t.wife = make_id("1994-08-20", 2)
    t.son = make_id("2019-06-01", 1)
    t.grandpa = make_id("1950-01-15", 1)
    t.woman = make_id("1996-03-03", 2)
    t.persons_rows = [
        [t.husband, "张伟", "男", "1990-05-12", VILLAGE_1, "SY-001", "户主", "农村", "常住", "初婚",
         "2018-10-01", "", ""],
        [t.wife, "李娜", "女", "1994-08-20", VILLAGE_1, "SY-001", "妻", "农村", "常住", "初婚",
         "2018-10-01", "", ""],
        [t.son, "张小明", "男", "2019-06-01", VILLAGE_1, "SY-001", "子", "农村", "常住", "未婚",
         "", t.wife, t.husband],
        [t.grandpa, "王建国", "男", "1950-01-15", VILLAGE_2, "BH-001", "户主", "农村", "常住", "丧偶",
         "1972-02-01", "", ""],
        [t.woman, "赵敏", "女", "1996-03-03", VILLAGE_2, "BH-002", "户主", "城镇", "常住", "未婚",
         "", "", ""],
    ]
    result = load("persons", PERSONS_HEADER, t.persons_rows)
    assert result.ok, issues(result)
    assert result.created == 5
    return t


# ---------------------------------------------------------------------------------------------
# A complete, small data set: one file of every kind (DOMAIN.md §5), for the whole-file tests.
BIRTHS_HEADER = ["母亲身份号码", "出生日期", "性别", "婴儿身份号码", "婴儿姓名", "父亲身份号码", "胎序", "孩次", "活产",
                 "出生体重(克)", "孕周", "分娩地点", "村居代码", "出生医学证明编号", "报告日期"]
DEATHS_HEADER = ["公民身份号码", "母亲身份号码", "婴儿出生日期", "胎序", "死亡日期", "死因", "孕产妇死亡", "报告日期"]
MARRIAGES_HEADER = ["公民身份号码", "配偶身份号码", "事件", "日期", "初婚"]
MIGRATIONS_HEADER = ["公民身份号码", "类型", "日期", "地点", "原因"]
SERVICES_HEADER = ["公民身份号码", "服务项目", "日期", "配偶身份号码", "结果", "数值", "服务机构", "村居代码"]
AGGREGATE_HEADER = ["数据项", "期间", "单位代码", "数值"]
TARGETS_HEADER = ["单位代码", "期间", "指标", "目标值", "权重"]


def canonical_files(t) -> dict[str, tuple[list[str], list[list]]]:
    """(header, rows) of every kind, in import order, for the township `t`.

    Besides the township's five persons: 李娜 has a daughter 张小红 (2021-03-15, with an ID
    number, parity derived 2) and a stillbirth (2023-05-01, parity derived 3); 赵敏 has twins
    without ID numbers (2022-01-10), of whom the girl dies on 2022-01-15; 王建国 dies on
    2023-11-02; 张伟 works away (流出) from 2022-03-01.
    """
    t.daughter = make_id("2021-03-15", 2)
    return {
        "divisions": (DIVISIONS_HEADER, DIVISIONS_ROWS),
        "persons": (PERSONS_HEADER, t.persons_rows),
        "births": (BIRTHS_HEADER, [
            [t.wife, "2021-03-15", "女", t.daughter, "张小红", t.husband, "1", "", "是", "3200", "39", "医院", "",
             "Q510012345", "2021-03-20"],
            [t.woman, "2022-01-10", "男", "", "", "", "1", "", "是", "2600", "36", "卫生院", "", "", ""],
            [t.woman, "2022-01-10", "女", "", "", "", "2", "", "是", "2400", "36", "卫生院", "", "", ""],
            [t.wife, "2023-05-01", "女", "", "", "", "1", "", "否", "", "30", "医院", "", "", ""],
        ]),
        "deaths": (DEATHS_HEADER, [
            [t.grandpa, "", "", "", "2023-11-02", "I21.9", "否", "2023-11-05"],
            ["", t.woman, "2022-01-10", "2", "2022-01-15", "P07.3", "", ""],
        ]),
        "marriages": (MARRIAGES_HEADER, [
            [t.husband, t.wife, "结婚", "2018-10-01", "是"],
            [t.wife, t.husband, "结婚", "2018-10-01", "是"],
        ]),
        "migrations": (MIGRATIONS_HEADER, [[t.husband, "流出", "2022-03-01", "深圳", "务工"]]),
        "services": (SERVICES_HEADER, [
            [t.wife, "folic_acid", "2020-04-01", "", "", "", "青山镇卫生院", ""],
            [t.wife, "pre_pregnancy_checkup", "2020-05-06", t.husband, "正常", "", "青山镇卫生院", ""],
            [t.woman, "pregnancy_registration", "2021-06-01", "", "", "11", "", ""],
            [t.grandpa, "elderly_insurance", "2023-01-05", "", "", "120.50", "", ""],
        ]),
        "aggregate": (AGGREGATE_HEADER, [
            ["meetings", "2020TJ", TOWNSHIP, "12"],
            ["trainings", "2020TJ", VILLAGE_1, "3"],
        ]),
        "targets": (TARGETS_HEADER, [
            [VILLAGE_1, "2020TJ", "institutional_delivery_rate", "98", "10"],
            [VILLAGE_2, "2020TJ", "pre_pregnancy_checkup_couples", "40", ""],
        ]),
    }


def write_canonical(folder: Path, t) -> dict[str, Path]:
    """Write the canonical files (`divisions.csv` …) into `folder`; returns kind → path."""
    folder.mkdir(parents=True, exist_ok=True)
    return {kind: write_csv(folder / f"{kind}.csv", header, rows)
            for kind, (header, rows) in canonical_files(t).items()}


@pytest.fixture
def full(township, tmp_path):
    """The township with every kind imported from the canonical files (see canonical_files)."""
    from weijian.interchange.importer import import_file

    t = township
    t.files = write_canonical(tmp_path / "canonical", t)
    for kind, path in t.files.items():
        if kind in ("divisions", "persons"):
            continue  # already in through `township`
        result = import_file(kind, path)
        assert result.ok, (kind, issues(result))
    return t


def all_tables() -> dict[str, list[tuple]]:
    """A dump of every table the imports write."""
    from weijian.care.models import DataValue, ServiceRecord, Target
    from weijian.divisions.models import Division
    from weijian.register.models import Birth, Death, Household, Marriage, Migration, Person

    models = (Division, Household, Person, Birth, Death, Marriage, Migration, ServiceRecord, DataValue, Target)
    return {model.__name__: dump(model) for model in models}
