"""Indicator rows and record lists as JSON, CSV and XLSX."""

from __future__ import annotations

import csv
import json
from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO

from weijian.indicators.engine import IndicatorRow, RecordRow

PART_NAMES = {"numerator": "分子", "denominator": "分母"}
LEVEL_NAMES = {"province": "省", "city": "市", "county": "县", "township": "乡镇", "village": "村居", "group": "组"}


def plain(value):
    """A JSON-ready value: Decimal as a number, date as ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def json_rows(rows: list) -> list[dict]:
    """The rows as the JSON output has them (the CLI and the API share this)."""
    return [{key: plain(value) for key, value in row.as_dict().items()} for row in rows]


def write_json(rows: list, handle: IO[str]) -> None:
    json.dump(json_rows(rows), handle, ensure_ascii=False, indent=1)
    handle.write("\n")


def write_csv(rows: list, handle: IO[str], row_type: type) -> None:
    """One line per row, the JSON field names as header."""
    writer = csv.writer(handle, lineterminator="\r\n")
    names = [f.name for f in fields(row_type)]
    writer.writerow(names)
    for row in json_rows(rows):
        writer.writerow(["" if row[name] is None else row[name] for name in names])


def _cell_text(value) -> Decimal | str:
    """A value for a cell; a zero denominator shows as —."""
    return value if value is not None else "—"


def write_indicator_xlsx(rows: list[IndicatorRow], path: str | Path) -> None:
    """A readable workbook: sheet 指标 with divisions as rows and indicators as columns,
    sheet 明细 with numerator, denominator, target and comparison of every value."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "指标"
    bold = Font(bold=True)
    indicators = list(dict.fromkeys((row.indicator, row.name, row.unit, row.decimals) for row in rows))
    divisions = list(dict.fromkeys((row.org, row.org_name) for row in rows))
    if rows:
        sheet.append([f"期间：{rows[0].period}（{rows[0].start:%Y-%m-%d} 至 {rows[0].end:%Y-%m-%d}）"])
    sheet.append(["单位代码", "单位名称", *(f"{name}（{unit}）" if unit else name for _, name, unit, _ in indicators)])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    values = {(row.org, row.indicator): row.value for row in rows}
    for code, name in divisions:
        sheet.append([code, name, *(_cell_text(values.get((code, indicator))) for indicator, _, _, _ in indicators)])
        for column, (_, _, _, decimals) in enumerate(indicators, start=3):
            sheet.cell(sheet.max_row, column).number_format = "0" if decimals == 0 else "0." + "0" * decimals
    sheet.freeze_panes = sheet.cell(header_row + 1, 3)
    sheet.column_dimensions["A"].width = 15
    sheet.column_dimensions["B"].width = 14
    for column in range(3, len(indicators) + 3):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    sheet.row_dimensions[header_row].height = 45

    detail = book.create_sheet("明细")
    detail.append(["单位代码", "单位名称", "指标代码", "指标", "单位", "分子", "分母", "数值", "目标值", "完成率%",
                   "序时进度%", "落后进度", "上年同期", "增减", "增减%"])
    for cell in detail[1]:
        cell.font = bold
    for row in rows:
        behind = "" if row.behind is None else ("是" if row.behind else "否")
        detail.append([row.org, row.org_name, row.indicator, row.name, row.unit, row.numerator, row.denominator,
                       _cell_text(row.value), row.target, row.completion, row.time_progress, behind,
                       row.previous_value, row.change, row.change_percent])
    detail.freeze_panes = "C2"
    for column, width in zip("ABCDEFGHIJKLMNO", (15, 14, 30, 26, 7, 10, 10, 10, 10, 10, 10, 9, 10, 10, 10)):
        detail.column_dimensions[column].width = width
    book.save(path)


def write_records_xlsx(rows: list[RecordRow], path: str | Path, title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "明细"
    sheet.append([title])
    figures = any(row.amount is not None for row in rows)  # aggregate figures: no person, an amount each
    sheet.append(["分子/分母", "计数项", "符号", "记录类型", "记录号", "公民身份号码", "项目" if figures else "姓名",
                  "村居代码", "村居", "日期", "数值"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([PART_NAMES[row.part], row.measure, "+" if row.sign > 0 else "−", row.kind, row.record_id,
                      row.id_number, row.name, row.village, row.village_name,
                      row.date.isoformat() if row.date else "", row.amount])
    sheet.freeze_panes = "A3"
    for column, width in zip("ABCDEFGHIJK", (10, 26, 6, 10, 10, 20, 22, 15, 14, 12, 10)):
        sheet.column_dimensions[column].width = width
    book.save(path)
