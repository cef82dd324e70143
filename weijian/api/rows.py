"""A posted JSON object as one row of a canonical file, checked by the import machinery.

The keys are the canonical column names (`id_number`, `village_code` …, see
weijian/interchange/kinds/*.py) or their Chinese headers, exactly as a file's header would
be. The row goes through the import machinery (``importer.import_rows``): the API applies
the same rules and gives the same Chinese errors as an import.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from weijian.interchange import importer
from weijian.interchange.kinds import get_kind
from weijian.interchange.kinds.base import normalize_header


@dataclass
class RowError:
    """One error of a posted record: `row` counts the records posted (1 for one object)."""

    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


class RowRejected(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"发现 {len(errors)} 处错误，未写入任何数据")
        self.errors = errors


def canonical_values(kind_name: str, data) -> dict[str, object]:
    """Column name → posted value; RowRejected for a key that is no column of the kind."""
    return {name: value for name, (_, value) in _posted(kind_name, data).items()}


def canonical_row(kind_name: str, data) -> tuple[list[str], list[str]]:
    """(header, cells) of the posted object: every column of the kind, posted keys as given."""
    posted = _posted(kind_name, data)
    header, cells = [], []
    for column in get_kind(kind_name).columns:
        key, value = posted.get(column.name, (column.name, None))
        header.append(key)
        cells.append(_cell(value))
    if not "".join(cells).strip():  # the importer would skip the blank row and write nothing
        raise RowRejected([RowError(1, "", "", "记录为空：没有任何字段的值")])
    return header, cells


def _posted(kind_name: str, data) -> dict[str, tuple[str, object]]:
    """Column name → (key as posted, value)."""
    if not isinstance(data, dict):
        raise RowRejected([RowError(1, "", "", "请求内容应为一个 JSON 对象")])
    kind = get_kind(kind_name)
    posted: dict[str, tuple[str, object]] = {}
    errors = []
    for key, value in data.items():
        column = kind.by_header.get(normalize_header(key))
        if column is None:
            errors.append(RowError(1, key, _shown(value), "未知字段"))
        elif column.name in posted:
            errors.append(RowError(1, key, _shown(value), f"与“{posted[column.name][0]}”是同一字段"))
        elif isinstance(value, (dict, list)):
            errors.append(RowError(1, key, _shown(value), "应为文本、数字、是否值或 null"))
        else:
            posted[column.name] = (key, value)
    if errors:
        raise RowRejected(errors)
    return posted


def import_row(kind_name: str, data, *, user) -> importer.ImportResult:
    """Import the posted object as one row of `kind_name`; RowRejected if invalid.

    The API writes its own audit entry for the record it creates, so the import does not
    add one for its batch."""
    header, cells = canonical_row(kind_name, data)
    names = [column.name for column in get_kind(kind_name).columns]
    posted_key = dict(zip(names, header))
    result = importer.import_rows(kind_name, [dict(zip(names, cells))], user=user, name=f"api-{kind_name}",
                                  audit=False)
    if not result.ok:
        raise RowRejected([RowError(issue.row, posted_key.get(issue.column, issue.column), issue.value, issue.reason)
                           for issue in result.errors])
    return result


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 3200.0 is 3200 g, not a decimal the column refuses
    return str(value)


def _shown(value) -> str:
    return "" if value is None else str(value)[:100]
