"""`weijian tables`: the indicator tables by village in the layout of the usual report forms.

One sheet for each list of DOMAIN.md §6 (人口与出生, 妇幼卫生, 服务任务): a merged title row,
the period and the date made, a header of indicators with their units, one row per village
and a 合计 row for the division asked for, frozen headers, and print settings (A4 landscape,
one page wide, the header repeated on every page). Every value is the engine's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from weijian.divisions.models import Division, Level
from weijian.indicators import engine
from weijian.indicators.registry import GROUPS, IndicatorInfo
from weijian.periods import Period

# The three lists of DOMAIN.md §6, groups of the registry. Not the data quality counts (the
# problems of the work summary report them) nor the work activities: a township's own
# figures are in its 合计 but in no village's row, so their sheet would not add up.
SHEETS = ("population", "maternal_child", "service_tasks")
HEADER_ROWS = 4  # title, period, indicator names, units


def sheet_indicators() -> list[tuple[str, list[IndicatorInfo]]]:
    return [(group.name, list(group.indicators)) for group in GROUPS if group.code in SHEETS]


def write_tables(period: Period, org: Division, path: str | Path, *, today: date | None = None) -> None:
    from openpyxl import Workbook

    by = Level.VILLAGE if org.level != Level.VILLAGE else None
    codes = [info.code for _, infos in sheet_indicators() for info in infos]
    rows = engine.compute(period, org, by=by, indicators=codes, total=True)
    values = {(row.org, row.indicator): row.value for row in rows}
    villages = list(dict.fromkeys((row.org, row.org_name) for row in rows if row.org != org.code or not by))
    book = Workbook()
    book.remove(book.active)
    for title, infos in sheet_indicators():
        sheet = book.create_sheet(title)
        sheet.append([f"{org.name}{title}统计表"])
        sheet.append([f"统计期间：{period.code}（{period.start:%Y年%m月%d日}至{period.end:%Y年%m月%d日}）"
                      f"　　制表日期：{(today or date.today()):%Y年%m月%d日}"])
        _title(sheet, len(infos) + 1)
        sheet.append(["单位", *(info.name for info in infos)])
        sheet.append(["", *(f"（{info.unit}）" if info.unit else "" for info in infos)])
        for code, name in villages:
            sheet.append([name, *(values.get((code, info.code)) for info in infos)])
        if by:
            sheet.append(["合计", *(values.get((org.code, info.code)) for info in infos)])
        _style(sheet, infos)
    book.save(path)


def _title(sheet, width: int) -> None:
    """The title and the period line, each merged across the table."""
    from openpyxl.styles import Alignment, Font

    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    cell = sheet.cell(1, 1)
    cell.font = Font(name="黑体", size=16, bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 32
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)


def _style(sheet, infos: list[IndicatorInfo]) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for row in sheet.iter_rows(min_row=3, max_row=sheet.max_row):
        for cell in row:
            cell.border = box
            if cell.row <= HEADER_ROWS:
                cell.font = Font(bold=cell.row == 3)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            elif cell.column > 1:
                info = infos[cell.column - 2]
                cell.number_format = "0" if info.decimals == 0 else "0." + "0" * info.decimals
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)  # 合计
    sheet.row_dimensions[3].height = 48
    sheet.column_dimensions["A"].width = 14
    for column in range(2, len(infos) + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.freeze_panes = sheet.cell(HEADER_ROWS + 1, 2)
    sheet.print_title_rows = f"1:{HEADER_ROWS}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
