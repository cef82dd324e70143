"""Exports: every kind written back in its canonical format, CSV (with BOM) and XLSX."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import CITY, COUNTY, PROVINCE, TOWNSHIP, VILLAGE_1, VILLAGE_2, all_tables, issues
from weijian.interchange.exporter import ExportError, export_file
from weijian.interchange.importer import import_file

HEADERS = {
    "divisions": ["代码", "名称", "级别", "上级代码"],
    "persons": ["公民身份号码", "姓名", "性别", "出生日期", "村居代码", "户编号", "与户主关系", "户口性质", "居住状态",
                "婚姻状况", "初婚日期", "母亲身份号码", "父亲身份号码", "残疾等级", "死亡日期", "联系电话"],
    "births": ["母亲身份号码", "出生日期", "性别", "婴儿身份号码", "婴儿姓名", "父亲身份号码", "胎序", "孩次", "活产",
               "出生体重(克)", "孕周", "分娩地点", "村居代码", "出生医学证明编号", "报告日期"],
    "deaths": ["公民身份号码", "母亲身份号码", "婴儿出生日期", "胎序", "死亡日期", "死因", "孕产妇死亡", "报告日期"],
    "marriages": ["公民身份号码", "配偶身份号码", "事件", "日期", "初婚"],
    "migrations": ["公民身份号码", "类型", "日期", "地点", "原因"],
    "services": ["公民身份号码", "服务项目", "日期", "配偶身份号码", "结果", "数值", "服务机构", "村居代码"],
    "aggregate": ["数据项", "期间", "单位代码", "数值"],
    "targets": ["单位代码", "期间", "指标", "目标值", "权重"],
}
ENGLISH = {
    "divisions": ["code", "name", "level", "parent_code"],
    "persons": ["id_number", "name", "sex", "birth_date", "village_code", "household_no", "relation", "hukou_type",
                "residence", "marital_status", "first_marriage_date", "mother_id_number", "father_id_number",
                "disability_grade", "death_date", "phone"],
    "births": ["mother_id_number", "birth_date", "sex", "child_id_number", "child_name", "father_id_number",
               "birth_order", "parity", "live_birth", "birth_weight_g", "gestation_weeks", "delivery_place",
               "village_code", "birth_certificate_no", "report_date"],
    "deaths": ["id_number", "mother_id_number", "child_birth_date", "birth_order", "death_date", "cause",
               "maternal_death", "report_date"],
    "marriages": ["id_number", "spouse_id_number", "event", "date", "first_marriage"],
    "migrations": ["id_number", "direction", "date", "place", "reason"],
    "services": ["id_number", "service", "date", "partner_id_number", "result", "value", "provider",
                 "village_code"],
    "aggregate": ["data_element", "period", "org_code", "value"],
    "targets": ["org_code", "period", "indicator", "target", "weight"],
}


def expected_rows(t) -> dict[str, list[list[str]]]:
    """What the canonical data set (conftest.canonical_files) exports as, in export order."""
    return {
        "divisions": [
            [PROVINCE, "四川省", "省", ""], [CITY, "南充市", "市", PROVINCE], [COUNTY, "顺庆区", "县", CITY],
            [TOWNSHIP, "青山镇", "乡", COUNTY], [VILLAGE_1, "石堰村", "村", TOWNSHIP],
            [VILLAGE_2, "白鹤村", "村", TOWNSHIP],
        ],
        "persons": [  # ordered by ID number; the twins have none and are not exported
            [t.grandpa, "王建国", "男", "1950-01-15", VILLAGE_2, "BH-001", "户主", "农村", "常住", "丧偶", "1972-02-01",
             "", "", "", "2023-11-02", ""],
            [t.husband, "张伟", "男", "1990-05-12", VILLAGE_1, "SY-001", "户主", "农村", "流出", "初婚", "2018-10-01",
             "", "", "", "", ""],
            [t.wife, "李娜", "女", "1994-08-20", VILLAGE_1, "SY-001", "妻", "农村", "常住", "初婚", "2018-10-01", "",
             "", "", "", ""],
            [t.woman, "赵敏", "女", "1996-03-03", VILLAGE_2, "BH-002", "户主", "城镇", "常住", "未婚", "", "", "", "",
             "", ""],
            [t.son, "张小明", "男", "2019-06-01", VILLAGE_1, "SY-001", "子", "农村", "常住", "未婚", "", t.wife,
             t.husband, "", "", ""],
            [t.daughter, "张小红", "女", "2021-03-15", VILLAGE_1, "SY-001", "", "", "常住", "", "", t.wife,
             t.husband, "", "", ""],
        ],
        "births": [
            [t.wife, "2021-03-15", "女", t.daughter, "张小红", t.husband, "1", "2", "是", "3200", "39", "医院",
             VILLAGE_1, "Q510012345", "2021-03-20"],
            [t.wife, "2023-05-01", "女", "", "", "", "1", "3", "否", "", "30", "医院", VILLAGE_1, "", ""],
            [t.woman, "2022-01-10", "男", "", "", "", "1", "1", "是", "2600", "36", "卫生院", VILLAGE_2, "", ""],
            [t.woman, "2022-01-10", "女", "", "", "", "2", "2", "是", "2400", "36", "卫生院", VILLAGE_2, "", ""],
        ],
        "deaths": [  # ordered by death date
            ["", t.woman, "2022-01-10", "2", "2022-01-15", "P07.3", "否", ""],
            [t.grandpa, "", "", "", "2023-11-02", "I21.9", "否", "2023-11-05"],
        ],
        "marriages": [
            [t.husband, t.wife, "结婚", "2018-10-01", "是"],
            [t.wife, t.husband, "结婚", "2018-10-01", "是"],
        ],
        "migrations": [[t.husband, "流出", "2022-03-01", "深圳", "务工"]],
        "services": [
            [t.grandpa, "elderly_insurance", "2023-01-05", "", "", "120.5", "", VILLAGE_2],
            [t.wife, "folic_acid", "2020-04-01", "", "", "", "青山镇卫生院", VILLAGE_1],
            [t.wife, "pre_pregnancy_checkup", "2020-05-06", t.husband, "正常", "", "青山镇卫生院", VILLAGE_1],
            [t.woman, "pregnancy_registration", "2021-06-01", "", "", "11", "", VILLAGE_2],
        ],
        "aggregate": [["meetings", "2020TJ", TOWNSHIP, "12"], ["trainings", "2020TJ", VILLAGE_1, "3"]],
        "targets": [
            [VILLAGE_1, "2020TJ", "institutional_delivery_rate", "98", "10"],
            [VILLAGE_2, "2020TJ", "pre_pregnancy_checkup_couples", "40", ""],
        ],
    }


def read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV exports start with a BOM so that Excel reads them as UTF-8"
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def read_xlsx(path) -> list[list]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return [["" if v is None else v for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


KINDS = list(HEADERS)


@pytest.mark.parametrize("kind", KINDS)
def test_csv_export(full, tmp_path, kind):
    path = tmp_path / f"{kind}.csv"
    expected = expected_rows(full)[kind]
    assert export_file(kind, path) == len(expected)
    header, *rows = read_csv(path)
    assert header == HEADERS[kind]
    assert rows == expected


@pytest.mark.parametrize("kind", KINDS)
def test_english_headers(full, tmp_path, kind):
    path = tmp_path / f"{kind}.csv"
    export_file(kind, path, headers="en")
    assert read_csv(path)[0] == ENGLISH[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_xlsx_export(full, tmp_path, kind):
    path = tmp_path / f"{kind}.xlsx"
    expected = expected_rows(full)[kind]
    assert export_file(kind, path) == len(expected)
    header, *rows = read_xlsx(path)
    assert header == HEADERS[kind]
    assert rows == expected  # every value is text: ID numbers and codes stay exact


def test_xlsx_id_numbers_are_text_cells(full, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "persons.xlsx"
    export_file("persons", path)
    sheet = load_workbook(path).worksheets[0]
    numbers = [sheet.cell(row=r, column=1) for r in range(2, sheet.max_row + 1)]
    assert len(numbers) == 6
    assert all(cell.data_type == "s" and isinstance(cell.value, str) and len(cell.value) == 18 for cell in numbers)
    assert sheet.freeze_panes == "A2"


def test_format_option_overrides_the_suffix(full, tmp_path):
    path = tmp_path / "persons.dat"
    export_file("persons", path, fmt="xlsx")
    assert path.read_bytes()[:2] == b"PK"
    with pytest.raises(ExportError, match="^不支持的格式“pdf”：可选 csv、xlsx$"):
        export_file("persons", tmp_path / "p.pdf", fmt="pdf")


@pytest.mark.parametrize("kind,keep", [
    ("divisions", lambda row: row[0] in (PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE_1)),  # and its ancestors
    ("persons", lambda row: row[4] == VILLAGE_1),
    ("births", lambda row: row[12] == VILLAGE_1),
    ("deaths", lambda row: False),  # both deaths (王建国, 赵敏's twin) are in village 2
    ("marriages", lambda row: True),  # 张伟 and 李娜 both live in village 1
    ("migrations", lambda row: True),
    ("services", lambda row: row[7] == VILLAGE_1),
    ("aggregate", lambda row: row[2] == VILLAGE_1),
    ("targets", lambda row: row[0] == VILLAGE_1),
])
def test_org_restricts_to_a_village(full, tmp_path, kind, keep):
    path = tmp_path / f"{kind}.csv"
    expected = [row for row in expected_rows(full)[kind] if keep(row)]
    assert export_file(kind, path, org=VILLAGE_1) == len(expected)
    assert read_csv(path)[1:] == expected


def test_org_restricts_deaths_to_village_2(full, tmp_path):
    path = tmp_path / "deaths.csv"
    assert export_file("deaths", path, org=VILLAGE_2) == 2
    assert read_csv(path)[1:] == expected_rows(full)["deaths"]


def test_org_township_keeps_everything(full, tmp_path):
    path = tmp_path / "persons.csv"
    export_file("persons", path, org=TOWNSHIP)
    assert read_csv(path)[1:] == expected_rows(full)["persons"]


def test_unknown_org(full, tmp_path):
    with pytest.raises(ExportError, match="^单位代码511302101299不存在$"):
        export_file("persons", tmp_path / "p.csv", org="511302101299")


def test_empty_export_has_the_header(db, tmp_path):
    path = tmp_path / "persons.csv"
    assert export_file("persons", path) == 0
    assert read_csv(path) == [HEADERS["persons"]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_import_back_unchanged(full, tmp_path, fmt):
    before = all_tables()
    for kind in KINDS:
        path = tmp_path / f"{kind}.{fmt}"
        count = export_file(kind, path)
        result = import_file(kind, path)
        assert result.ok, (kind, issues(result))
        assert (result.created, result.updated, result.ignored_columns) == (0, count, []), kind
    assert all_tables() == before
