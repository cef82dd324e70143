"""Write a kind back out in its canonical format: CSV (UTF-8 with BOM, for Excel) or XLSX."""

from __future__ import annotations

import csv
from pathlib import Path

from weijian.divisions.models import Division
from weijian.divisions.selectors import code_prefix
from weijian.interchange.kinds import get_kind


class ExportError(ValueError):
    """Bad export request; the message is for the user."""


def export_file(kind_name: str, path: str | Path, *, fmt: str | None = None, org: str | None = None,
                headers: str = "zh") -> int:
    """Write every record of `kind_name` under division `org` (default: all); returns rows written."""
    kind = get_kind(kind_name)
    path = Path(path)
    fmt = fmt or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
    prefix = ""
    if org:
        try:
            prefix = code_prefix(Division.objects.get(code=org))
        except Division.DoesNotExist:
            raise ExportError(f"单位代码{org}不存在") from None
    header = [c.zh if headers == "zh" else c.name for c in kind.columns]
    rows = kind.export_rows(prefix)
    if fmt == "csv":
        return _write_csv(path, header, rows)
    if fmt == "xlsx":
        return _write_xlsx(path, header, rows, kind.label)
    raise ExportError(f"不支持的格式“{fmt}”：可选 csv、xlsx")


def _write_csv(path: Path, header: list[str], rows) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_xlsx(path: Path, header: list[str], rows, title: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    count = 0
    for row in rows:
        # Every value as text: ID numbers must not turn into floating-point numbers.
        sheet.append(row)
        count += 1
    book.save(path)
    return count
