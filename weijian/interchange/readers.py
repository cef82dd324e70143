"""Stream the rows of a CSV (UTF-8, UTF-8 with BOM or GB18030, detected) or XLSX file.

Rows come as (excel_row_number, cells): the header is row 1, so the first data row is 2,
as Excel shows it. Memory stays flat: neither format is loaded whole.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from weijian.interchange.values import FieldError

BLOCK = 1 << 20


class FileFormatError(ValueError):
    """The file itself cannot be read; the message is for the user."""


def detect_encoding(path: Path) -> str:
    """'utf-8-sig' or 'utf-16' for a BOM, 'utf-8' if the whole file decodes as UTF-8, else 'gb18030'."""
    with open(path, "rb") as handle:
        head = handle.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig"
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"  # Excel's "Unicode text"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := handle.read(BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8"


@contextmanager
def open_rows(path: str | Path):
    """Yield (headers, rows) for the file; rows is an iterator of (row_number, cells)."""
    path = Path(path)
    if not path.exists():
        raise FileFormatError(f"文件不存在：{path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        with _xlsx_rows(path) as result:
            yield result
    elif suffix in (".csv", ".txt"):
        with _csv_rows(path) as result:
            yield result
    else:
        raise FileFormatError(f"不支持的文件类型“{suffix}”：请使用 CSV 或 XLSX 文件")


@contextmanager
def _csv_rows(path: Path):
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="") as handle:
        try:
            first = handle.readline()
        except UnicodeDecodeError:
            raise FileFormatError("文件编码无法识别：请另存为 UTF-8 或 GB18030 编码的 CSV 文件") from None
        # Excel's "Unicode text" separates columns with tabs.
        delimiter = "\t" if "\t" in first and "," not in first else ","
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            headers = next(reader)
        except StopIteration:
            raise FileFormatError("文件为空：没有表头行") from None
        yield [h.strip().lstrip("\ufeff") for h in headers], _numbered(reader)


def _numbered(rows) -> Iterator[tuple[int, list]]:
    number = 1
    try:
        for number, cells in enumerate(rows, start=2):
            yield number, cells
    except UnicodeDecodeError:
        raise FileFormatError(f"第{number + 1}行附近的文字编码无法识别：请另存为 UTF-8 或 GB18030 编码") from None
    except csv.Error as error:
        raise FileFormatError(f"第{number + 1}行附近 CSV 格式错误（可能有未配对的引号）：{error}") from None


@contextmanager
def _xlsx_rows(path: Path):
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileFormatError(f"无法读取 XLSX 文件：{error}") from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        try:
            header_cells = next(rows)
        except StopIteration:
            raise FileFormatError("文件为空：没有表头行") from None
        headers = ["" if h is None else str(h).strip() for h in header_cells]
        yield headers, _xlsx_numbered(rows)
    finally:
        book.close()


def _xlsx_numbered(rows) -> Iterator[tuple[int, list]]:
    for number, cells in enumerate(rows, start=2):
        yield number, ["" if cell is None else cell for cell in cells]


__all__ = ["FieldError", "FileFormatError", "detect_encoding", "open_rows"]
