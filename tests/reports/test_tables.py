"""`weijian tables`: the indicator tables by village, read back cell by cell."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.conftest import TOWNSHIP, VILLAGE_1, VILLAGE_2
from weijian.cli import main
from weijian.divisions.models import Division
from weijian.indicators import engine
from weijian.periods import parse
from weijian.reports.tables import HEADER_ROWS, sheet_indicators, write_tables

pytestmark = pytest.mark.django_db


def test_every_value_is_the_engines(full, tmp_path):
    township, period = Division.objects.get(code=TOWNSHIP), parse("2022")
    path = tmp_path / "tables.xlsx"
    write_tables(period, township, path, today=date(2023, 1, 5))
    book = load_workbook(path)
    assert book.sheetnames == ["人口与出生", "妇幼卫生", "服务任务"]
    expected = {(row.org_name, row.name): row.value
                for row in engine.compute(period, township, by="village") + engine.compute(period, township)}
    expected = {(("合计" if org == "青山镇" else org), name): value for (org, name), value in expected.items()}
    checked = 0
    for (title, infos), sheet in zip(sheet_indicators(), book.worksheets):
        assert sheet["A1"].value == f"青山镇{title}统计表"
        assert sheet["A2"].value == "统计期间：2022（2022年01月01日至2022年12月31日）　　制表日期：2023年01月05日"
        assert [sheet.cell(3, c).value for c in range(2, len(infos) + 2)] == [info.name for info in infos]
        assert [sheet.cell(HEADER_ROWS + n, 1).value for n in (1, 2, 3)] == ["石堰村", "白鹤村", "合计"]
        for row in sheet.iter_rows(min_row=HEADER_ROWS + 1, values_only=True):
            for info, value in zip(infos, row[1:]):
                engine_value = expected[(row[0], info.name)]
                assert value == (None if engine_value is None else float(engine_value)), (row[0], info.code)
                checked += 1
        # The layout of a report form: merged title, frozen header, printed on A4 landscape one page wide.
        last = get_column_letter(len(infos) + 1)
        assert {str(r) for r in sheet.merged_cells.ranges} == {f"A1:{last}1", f"A2:{last}2"}
        assert sheet.freeze_panes == "B5" and sheet.print_title_rows == "$1:$4"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert checked == 3 * sum(len(infos) for _, infos in sheet_indicators())
    births = [r for r in engine.compute(period, township, by="village", indicators=["births"])]
    assert [(r.org, r.value) for r in births] == [(VILLAGE_1, 0), (VILLAGE_2, 2)]  # the twins of 2022-01-10


def test_command(full, tmp_path, capsys):
    path = tmp_path / "t.xlsx"
    assert main(["tables", "--period", "2022TJ", "--org", TOWNSHIP, "-o", str(path)]) == 0
    assert load_workbook(path)["妇幼卫生"]["A1"].value == "青山镇妇幼卫生统计表"
    assert main(["tables", "--period", "2022XX", "--org", TOWNSHIP, "-o", str(path)]) == 2
    assert main(["tables", "--period", "2022", "--org", "511302101299", "-o", str(path)]) == 2
    assert "单位代码不存在：511302101299" in capsys.readouterr().err
