"""File formats and spellings: encodings, XLSX, header languages, extra columns, value spellings."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.conftest import PERSONS_HEADER, VILLAGE_1, VILLAGE_2, issues, make_id, write_csv, write_xlsx
from weijian.interchange.importer import import_file
from weijian.interchange.readers import detect_encoding
from weijian.register.models import Birth, Person

SHORT = ["公民身份号码", "姓名", "性别", "出生日期", "村居代码"]


def names():
    return list(Person.objects.order_by("id_number").values_list("id_number", "name", "sex", "birth_date",
                                                                  "village__code"))


# -- encodings ----------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding,detected", [("gb18030", "gb18030"), ("utf-8-sig", "utf-8-sig"),
                                               ("utf-8", "utf-8")])
def test_encodings_with_chinese_headers(divisions, tmp_path, encoding, detected):
    a, b = make_id("1990-05-12", 1), make_id("1994-08-20", 2)
    rows = [[a, "张伟", "男", "1990-05-12", VILLAGE_1], [b, "欧阳娜娜", "女", "1994-08-20", VILLAGE_2]]
    header = ["序号", *SHORT, "备注"]
    path = write_csv(tmp_path / "persons.csv", header, [[1, *rows[0], "户主"], [2, *rows[1], ""]],
                     encoding=encoding)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    assert detect_encoding(path) == detected
    result = import_file("persons", path)
    assert result.ok, issues(result)
    assert result.ignored_columns == ["序号", "备注"]
    assert names() == [(a, "张伟", 1, date(1990, 5, 12), VILLAGE_1), (b, "欧阳娜娜", 2, date(1994, 8, 20), VILLAGE_2)]


def test_gb18030_errors_show_the_chinese_value(divisions, tmp_path):
    a = make_id("1990-05-12", 1)
    path = write_csv(tmp_path / "p.csv", SHORT, [[a, "张伟", "男性", "1990-05-12", VILLAGE_1]], encoding="gb18030")
    assert issues(import_file("persons", path)) == [(2, "性别", "男性", "性别无法识别：男性（应为 男/女、M/F 或 1/2）")]


# -- XLSX ---------------------------------------------------------------------------------------
def test_xlsx_with_real_date_cells(divisions, tmp_path):
    a, b, c = make_id("1990-05-12", 1), make_id("1994-08-20", 2), make_id("2019-06-01", 1)
    header = [*SHORT, "初婚日期", "母亲身份号码", "序号"]
    rows = [
        [a, "张伟", "男", date(1990, 5, 12), VILLAGE_1, datetime(2018, 10, 1, 0, 0), "", 1],
        [b, "李娜", "女", datetime(1994, 8, 20, 0, 0), int(VILLAGE_1), date(2018, 10, 1), "", 2],
        [c, "张小明", 1, "2019-06-01", VILLAGE_1, None, b, 3],  # a text date and a numeric sex code
    ]
    path = write_xlsx(tmp_path / "persons.xlsx", header, rows)
    from openpyxl import load_workbook

    sheet = load_workbook(path).worksheets[0]
    assert sheet["D2"].is_date and sheet["F3"].is_date  # real Excel date cells
    result = import_file("persons", path)
    assert result.ok, issues(result)
    assert result.ignored_columns == ["序号"]
    assert names() == [
        (a, "张伟", 1, date(1990, 5, 12), VILLAGE_1),
        (b, "李娜", 2, date(1994, 8, 20), VILLAGE_1),
        (c, "张小明", 1, date(2019, 6, 1), VILLAGE_1),
    ]
    assert Person.objects.get(id_number=b).first_marriage_date == date(2018, 10, 1)
    assert Person.objects.get(id_number=c).mother.id_number == b


def test_xlsx_errors_carry_excel_row_numbers(divisions, tmp_path):
    a = make_id("1990-05-12", 1)
    rows = [[a, "张伟", "男", date(1990, 5, 13), VILLAGE_1]]
    result = import_file("persons", write_xlsx(tmp_path / "p.xlsx", SHORT, rows))
    assert [(i[0], i[1], i[3]) for i in issues(result)] == [
        (2, "公民身份号码", "身份号码中的出生日期1990-05-12与出生日期1990-05-13不一致"),
    ]


def test_xlsx_births_with_boolean_cells(township, tmp_path):
    header = ["母亲身份号码", "出生日期", "性别", "活产", "胎序"]
    rows = [[township.woman, date(2022, 1, 10), "男", True, 1], [township.woman, date(2023, 2, 1), "女", False, 1]]
    result = import_file("births", write_xlsx(tmp_path / "b.xlsx", header, rows))
    assert result.ok, issues(result)
    assert list(Birth.objects.order_by("birth_date").values_list("live_birth", flat=True)) == [True, False]


# -- headers ------------------------------------------------------------------------------------
def test_english_headers(divisions, tmp_path):
    a = make_id("1990-05-12", 1)
    header = ["id_number", "name", "sex", "birth_date", "village_code", "household_no", "marital_status"]
    path = write_csv(tmp_path / "p.csv", header, [[a, "张伟", "M", "1990-05-12", VILLAGE_1, "SY-001", "first"]])
    result = import_file("persons", path)
    assert result.ok and result.ignored_columns == []
    p = Person.objects.get()
    assert (p.name, p.sex, p.household.number, p.marital_status) == ("张伟", 1, "SY-001", "first")


def test_mixed_headers_in_any_order_with_marks_and_case(divisions, tmp_path):
    a = make_id("1990-05-12", 1)
    header = ["Village_Code", "姓名*", " SEX ", "出生日期", "公民身份号码＊", "remark"]
    path = write_csv(tmp_path / "p.csv", header, [[VILLAGE_1, "张伟", "男", "1990-05-12", a, "x"]])
    result = import_file("persons", path)
    assert result.ok, issues(result)
    assert result.ignored_columns == ["remark"]
    assert names() == [(a, "张伟", 1, date(1990, 5, 12), VILLAGE_1)]


def test_errors_name_the_header_as_written(divisions, tmp_path):
    a = make_id("1990-05-12", 1)
    header = ["ID_Number", "姓名", "sex", "出生日期*", "village_code"]
    path = write_csv(tmp_path / "p.csv", header, [[a, "张伟", "女", "1990-05-32", "511302101299"]])
    assert issues(import_file("persons", path)) == [(2, "出生日期*", "1990-05-32", "日期不存在：1990-05-32")]
    path = write_csv(tmp_path / "p.csv", header, [[a, "张伟", "女", "1990-05-12", VILLAGE_1]])
    assert issues(import_file("persons", path)) == [(2, "ID_Number", a, "身份号码表明性别为男，与性别“女”不一致")]


def test_births_headers_with_either_parenthesis(township, tmp_path):
    for weight in ("出生体重(克)", "出生体重（克）", "出生体重", "birth_weight_g"):
        header = ["母亲身份号码", "出生日期", "性别", weight]
        result = import_file("births", write_csv(tmp_path / "b.csv", header, [[township.woman, "2022-01-10", "男",
                                                                              "3100"]]))
        assert result.ok and result.ignored_columns == [], weight
        assert Birth.objects.get().birth_weight_g == 3100


def test_the_same_column_twice(divisions, tmp_path):
    a = make_id("1990-05-12", 1)
    header = [*SHORT, "id_number"]
    path = write_csv(tmp_path / "p.csv", header, [[a, "张伟", "男", "1990-05-12", VILLAGE_1, a]])
    result = import_file("persons", path)
    assert issues(result) == [(1, "id_number", "id_number", "与“公民身份号码”是同一列，表头重复")]
    assert Person.objects.count() == 0


def test_canonical_persons_header_is_complete(township):
    """Every column of DOMAIN.md §5 is understood: nothing of PERSONS_HEADER was ignored."""
    assert Person.objects.count() == len(township.persons_rows)
    full_header = [*PERSONS_HEADER, "残疾等级", "死亡日期", "联系电话"]
    from weijian.interchange.kinds import get_kind

    kind = get_kind("persons")
    assert all(kind.by_header.get(h) for h in full_header)


# -- value spellings ----------------------------------------------------------------------------
def test_date_spellings(divisions, tmp_path):
    ids = [make_id("2020-03-01", 2, seq) for seq in (1, 2, 3)]
    rows = [[ids[0], "甲", "女", "2020-03-01", VILLAGE_1], [ids[1], "乙", "女", "2020/3/1", VILLAGE_1],
            [ids[2], "丙", "女", "20200301", VILLAGE_1]]
    result = import_file("persons", write_csv(tmp_path / "p.csv", SHORT, rows))
    assert result.ok, issues(result)
    assert set(Person.objects.values_list("birth_date", flat=True)) == {date(2020, 3, 1)}
    assert Person.objects.count() == 3


def test_sex_spellings(divisions, tmp_path):
    spellings = ["男", "女", "M", "F", "1", "2", "m", "f"]
    rows = []
    for seq, spelling in enumerate(spellings, start=1):
        sex = 1 if spelling in ("男", "M", "1", "m") else 2
        rows.append([make_id("1990-05-12", sex, seq), f"人{seq}", spelling, "1990-05-12", VILLAGE_1])
    result = import_file("persons", write_csv(tmp_path / "p.csv", SHORT, rows))
    assert result.ok, issues(result)
    assert list(Person.objects.order_by("name").values_list("name", "sex")) == [
        ("人1", 1), ("人2", 2), ("人3", 1), ("人4", 2), ("人5", 1), ("人6", 2), ("人7", 1), ("人8", 2),
    ]


def test_boolean_spellings_in_births(township, tmp_path):
    spellings = ["是", "否", "1", "0", "Y", "N", "true", "false"]
    header = ["母亲身份号码", "出生日期", "性别", "活产"]
    rows = [[township.woman, f"2020-01-{day:02d}", "女", spelling] for day, spelling in enumerate(spellings, 1)]
    result = import_file("births", write_csv(tmp_path / "b.csv", header, rows))
    assert result.ok, issues(result)
    assert list(Birth.objects.order_by("birth_date").values_list("live_birth", flat=True)) == [
        True, False, True, False, True, False, True, False,
    ]
    # Only the live births entered the register.
    assert Person.objects.filter(mother__id_number=township.woman).count() == 4


def test_lower_case_x_in_an_id_number(divisions, tmp_path):
    number = next(n for seq in range(1, 200) if (n := make_id("1990-05-12", 1, seq)).endswith("X"))
    rows = [[number.lower(), "张伟", "男", "1990-05-12", VILLAGE_1]]
    assert import_file("persons", write_csv(tmp_path / "p.csv", SHORT, rows)).ok
    assert Person.objects.get().id_number == number


def test_surrounding_spaces_are_ignored(divisions, tmp_path):
    a = make_id("1990-05-12", 1)
    rows = [[f" {a} ", " 张伟 ", " 男 ", " 1990-05-12 ", f" {VILLAGE_1} "]]
    assert import_file("persons", write_csv(tmp_path / "p.csv", SHORT, rows)).ok
    assert names() == [(a, "张伟", 1, date(1990, 5, 12), VILLAGE_1)]


# -- unreadable files ---------------------------------------------------------------------------
def test_utf16_tab_separated_file_is_read(divisions, tmp_path):
    """Excel's "Unicode text": UTF-16 with a BOM, columns separated by tabs."""
    a = make_id("1990-05-12", 1)
    lines = ["\t".join(SHORT), "\t".join([a, "张伟", "男", "1990-05-12", VILLAGE_1])]
    path = tmp_path / "p.txt"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-16")
    assert import_file("persons", path).ok
    assert names() == [(a, "张伟", 1, date(1990, 5, 12), VILLAGE_1)]


def test_undecodable_file_is_a_file_error(divisions, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(",".join(SHORT).encode("gb18030") + b"\r\n\xff\xfe\xff,\x80\r\n")
    result = import_file("persons", path)
    assert not result.ok
    assert [i[:3] for i in issues(result)] == [(0, "", "")]
    assert "编码无法识别" in result.errors[0].reason
    assert Person.objects.count() == 0


def test_csv_error_is_a_file_error(divisions, tmp_path):
    a = make_id("1990-05-12", 1)
    path = write_csv(tmp_path / "p.csv", [*SHORT, "备注"], [[a, "张伟", "男", "1990-05-12", VILLAGE_1, "x" * 200_000]])
    result = import_file("persons", path)
    assert not result.ok
    assert [i[:3] for i in issues(result)] == [(0, "", "")]
