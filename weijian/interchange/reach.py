"""Which divisions a canonical file reaches: what an import by a staff member is checked against.

A row reaches the division named in its code column (村居代码, 单位代码, or a division's own
代码) and the current village of the persons it names (a person's own ID number, a birth's
mother). Reading the file once also gives its row count and its first rows for a preview.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from weijian.interchange.kinds import get_kind
from weijian.interchange.kinds.base import normalize_header
from weijian.interchange.readers import FileFormatError, open_rows
from weijian.interchange.values import FieldError, parse_id_number
from weijian.register.models import Person

# kind -> the columns holding a division code / the ID number of the person the row is about
DIVISION_COLUMNS = {
    "divisions": ("code",),
    "persons": ("village_code",),
    "births": ("village_code",),
    "services": ("village_code",),
    "aggregate": ("org_code",),
    "targets": ("org_code",),
}
PERSON_COLUMNS = {
    "persons": ("id_number",),
    "births": ("mother_id_number", "child_id_number"),
    "deaths": ("id_number", "mother_id_number"),
    "marriages": ("id_number",),
    "migrations": ("id_number",),
    "services": ("id_number",),
}
PREVIEW_ROWS = 10
LOOKUP_CHUNK = 5000


@dataclass
class Reach:
    rows: int = 0
    codes: set[str] = field(default_factory=set)
    headers: list[str] = field(default_factory=list)
    head: list[list] = field(default_factory=list)  # the first PREVIEW_ROWS data rows: [row number, *cells]


def reach(kind_name: str, path: str | Path) -> Reach:
    """The divisions the file's rows reach; an unreadable file reaches none (its dry run says why)."""
    kind = get_kind(kind_name)
    found = Reach()
    id_numbers: set[str] = set()
    try:
        with open_rows(path) as (headers, rows):
            found.headers = list(headers)
            code_at = _positions(kind, headers, DIVISION_COLUMNS.get(kind_name, ()))
            person_at = _positions(kind, headers, PERSON_COLUMNS.get(kind_name, ()))
            for number, cells in rows:
                texts = [_text(cell) for cell in cells]
                if not any(texts):
                    continue
                found.rows += 1
                if len(found.head) < PREVIEW_ROWS:
                    found.head.append([number, *texts])
                found.codes.update(texts[i] for i in code_at if i < len(texts) and texts[i])
                id_numbers.update(_id_number(texts[i]) for i in person_at if i < len(texts) and texts[i])
    except FileFormatError:
        return Reach()
    id_numbers.discard("")
    found.codes |= villages_of(id_numbers)
    return found


def villages_of(id_numbers: set[str]) -> set[str]:
    """The village codes of the registered persons with these ID numbers."""
    numbers = sorted(id_numbers)
    codes: set[str] = set()
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start:start + LOOKUP_CHUNK]
        codes.update(Person.objects.filter(id_number__in=chunk).values_list("village__code", flat=True).distinct())
    return codes


def id_headers(kind_name: str, headers: list[str]) -> set[str]:
    """The headers of the file that hold ID numbers (shown masked)."""
    kind = get_kind(kind_name)
    return {h for h in headers if (c := kind.by_header.get(normalize_header(h))) and c.parse is parse_id_number}


def _positions(kind, headers: list[str], names: tuple[str, ...]) -> list[int]:
    positions = []
    for index, header in enumerate(headers):
        column = kind.by_header.get(normalize_header(header)) if header else None
        if column is not None and column.name in names:
            positions.append(index)
    return positions


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    elif isinstance(cell, datetime):
        cell = cell.date() if cell.time() == time() else cell.isoformat(" ", "minutes")
    return str(cell).strip()


def _id_number(text: str) -> str:
    try:
        return parse_id_number(text)
    except FieldError:
        return ""
