"""Whole-file behaviour: all-or-nothing, idempotent re-imports, dry runs, batch records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import (
    PERSONS_HEADER,
    VILLAGE_1,
    VILLAGE_2,
    all_tables,
    canonical_files,
    issues,
    make_id,
    write_canonical,
    write_csv,
    wrong_check,
)
from weijian.interchange.importer import import_file, import_files
from weijian.interchange.models import ImportBatch
from weijian.register.models import Birth, Household, Person

SHORT = ["公民身份号码", "姓名", "性别", "出生日期", "村居代码", "户编号"]


def many_persons(count: int) -> list[list]:
    """`count` valid persons, born on consecutive days from 1950-01-01, alternating sex."""
    first = date(1950, 1, 1)
    rows = []
    for i in range(count):
        born = (first + timedelta(days=i)).isoformat()
        sex = 1 + i % 2
        rows.append([make_id(born, sex), f"村民{i + 1}", "男" if sex == 1 else "女", born,
                     VILLAGE_1 if i % 3 else VILLAGE_2, f"H{i // 4:05d}"])
    return rows


@pytest.mark.slow
def test_one_bad_row_among_five_thousand_writes_nothing(divisions, tmp_path):
    rows = many_persons(5000)
    bad = wrong_check(rows[4998][0])
    rows[4998][0] = bad  # Excel row 5,000 (the header is row 1); data rows 2..5001
    path = write_csv(tmp_path / "persons.csv", SHORT, rows)
    result = import_file("persons", path)
    assert result.rows == 5000
    assert issues(result) == [(5000, "公民身份号码", bad, f"身份号码校验码错误：末位应为{make_id(rows[4998][3], 1)[17]}")]
    assert result.error_count == 1 and not result.ok and not result.written
    # Two chunks of 2,000 had been written before the bad row was read: all rolled back.
    assert Person.objects.count() == 0 and Household.objects.count() == 0
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert (batch.kind, batch.filename, batch.status, batch.rows, batch.error_count) == (
        "persons", "persons.csv", ImportBatch.Status.REJECTED, 5000, 1)

    # Once the row is corrected, all 5,000 go in.
    rows[4998][0] = make_id(rows[4998][3], 1)
    result = import_file("persons", write_csv(tmp_path / "persons.csv", SHORT, rows))
    assert result.ok and (result.rows, result.created, result.updated) == (5000, 5000, 0)
    assert Person.objects.count() == 5000
    assert Household.objects.count() == 1250
    assert ImportBatch.objects.get(pk=result.batch_id).status == ImportBatch.Status.COMMITTED


def test_importing_every_file_twice_changes_nothing(full):
    before = all_tables()
    assert {name: len(rows) for name, rows in before.items()} == {
        "Division": 6, "Household": 3, "Person": 8, "Birth": 4, "Death": 2, "Marriage": 2, "Migration": 1,
        "ServiceRecord": 4, "DataValue": 2, "Target": 2,
    }
    expected_rows = {kind: len(rows) for kind, (_, rows) in canonical_files(full).items()}
    for kind, path in full.files.items():
        result = import_file(kind, path)
        assert result.ok, (kind, issues(result))
        assert (result.rows, result.created, result.updated) == (expected_rows[kind], 0, expected_rows[kind]), kind
    assert all_tables() == before


def test_state_after_the_canonical_files(full):
    """Cross-kind effects of the canonical data set, counted by hand."""
    assert Person.objects.filter(death_date__isnull=True).count() == 6  # 8 persons, 王建国 and a twin died
    assert Person.objects.filter(id_number__isnull=True).count() == 2  # the twins
    assert sorted(Birth.objects.values_list("parity", "live_birth")) == [(1, True), (2, True), (2, True),
                                                                         (3, False)]
    assert Person.objects.get(id_number=full.husband).residence == "away"


def test_dry_run_reports_but_writes_nothing(divisions, tmp_path):
    rows = many_persons(3)
    path = write_csv(tmp_path / "persons.csv", SHORT, rows)
    result = import_file("persons", path, dry_run=True)
    assert result.ok and result.dry_run and not result.written
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    assert Person.objects.count() == 0 and Household.objects.count() == 0
    assert ImportBatch.objects.get(pk=result.batch_id).status == ImportBatch.Status.DRY_RUN

    rows[1][2] = "女" if rows[1][2] == "男" else "男"
    result = import_file("persons", write_csv(tmp_path / "bad.csv", SHORT, rows), dry_run=True)
    assert [(i[0], i[1]) for i in issues(result)] == [(3, "公民身份号码")]
    assert Person.objects.count() == 0

    assert import_file("persons", path).ok
    assert Person.objects.count() == 3


def test_dry_run_of_an_update(township, tmp_path):
    before = all_tables()
    rows = [row[:] for row in township.persons_rows]
    rows[0][1] = "张大伟"
    result = import_file("persons", write_csv(tmp_path / "p.csv", PERSONS_HEADER, rows), dry_run=True)
    assert result.ok and (result.created, result.updated) == (0, 5)
    assert all_tables() == before


def test_several_files_are_one_batch(township, tmp_path):
    """import_files (the CLI's `import all`): a bad later file rolls back the earlier ones."""
    files = write_canonical(tmp_path / "all", township)
    header, rows = canonical_files(township)["marriages"]
    write_csv(files["marriages"], header, [*rows, [make_id("1999-09-09", 1), "", "结婚", "2020-01-01", ""]])
    before = all_tables()
    results = import_files(list(files.items()))
    assert [r.kind for r in results] == ["divisions", "persons", "births", "deaths", "marriages"]
    assert [r.ok for r in results] == [True, True, True, True, False]
    assert all_tables() == before


def test_user_is_recorded(divisions, tmp_path, django_user_model):
    user = django_user_model.objects.create(username="cadre")
    result = import_file("persons", write_csv(tmp_path / "p.csv", SHORT, many_persons(1)), user=user)
    assert result.ok
    person = Person.objects.get()
    assert person.entered_by == user and person.batch_id == result.batch_id and person.batch_row == 2
    assert ImportBatch.objects.get(pk=result.batch_id).user == user


def test_error_list_is_capped_but_counted(divisions, tmp_path, settings):
    settings.WEIJIAN_MAX_ERRORS = 2
    rows = many_persons(5)
    for row in rows:
        row[4] = "511302101299"
    result = import_file("persons", write_csv(tmp_path / "p.csv", SHORT, rows))
    assert result.error_count == 5
    assert [i[0] for i in issues(result)] == [2, 3]


def test_file_level_errors(db, tmp_path):
    missing = tmp_path / "nope.csv"
    result = import_file("persons", missing)
    assert issues(result) == [(0, "", "", f"文件不存在：{missing}")]
    xls = tmp_path / "persons.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0")
    assert issues(import_file("persons", xls)) == [(0, "", "", "不支持的文件类型“.xls”：请使用 CSV 或 XLSX 文件")]
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert issues(import_file("persons", empty)) == [(0, "", "", "文件为空：没有表头行")]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    [(row, column, value, reason)] = issues(import_file("persons", broken))
    assert (row, column, value) == (0, "", "") and reason.startswith("无法读取 XLSX 文件：")


def test_unknown_kind(db, tmp_path):
    from weijian.interchange.kinds import UnknownKind

    with pytest.raises(UnknownKind):
        import_file("cattle", tmp_path / "x.csv")


def test_header_only_file_imports_nothing(divisions, tmp_path):
    result = import_file("persons", write_csv(tmp_path / "p.csv", SHORT, []))
    assert result.ok and (result.rows, result.created) == (0, 0)


def test_blank_lines_are_skipped_and_rows_keep_their_numbers(divisions, tmp_path):
    rows = many_persons(2)
    rows.insert(1, ["", "", "", "", "", ""])
    rows[2][4] = "511302101299"
    result = import_file("persons", write_csv(tmp_path / "p.csv", SHORT, rows))
    assert result.rows == 2
    assert issues(result) == [(4, "村居代码", "511302101299", "村居代码511302101299不存在：请先导入行政区划")]


def test_rows_with_the_same_household_number_share_one_household(divisions, tmp_path):
    rows = many_persons(4)  # all in household H00000
    result = import_file("persons", write_csv(tmp_path / "p.csv", SHORT, rows))
    assert result.ok
    assert list(Household.objects.values_list("number", flat=True)) == ["H00000"]
    assert Household.objects.get().members.count() == 4
