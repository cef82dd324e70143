"""The shape every import kind shares.

A kind declares its columns; the importer parses each row against them, then hands rows to
the kind in chunks: `resolve` looks references and existing records up in the database
(one query per chunk, never per row), and `write` inserts new records and updates existing
ones. A kind that must look at the whole file afterwards (forward references, derived state)
does it in `finish`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from django.db import connection, models


@dataclass(frozen=True)
class Column:
    name: str
    zh: str
    parse: Callable | None = None  # None: text as is
    required: bool = False
    default: object = None


@dataclass
class Issue:
    """One error in an import: Excel row, column header as in the file, value, reason (Chinese)."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        column = f"“{self.column}”列" if self.column else ""
        value = f"（值：{self.value}）" if self.value not in ("", None) else ""
        return f"{where}{column}{value}：{self.reason}"


class Row:
    """A parsed data row. `values` maps column name → parsed value (None when blank);
    `raw` is the row's cells as read, for error messages."""

    __slots__ = ("number", "values", "raw", "ok", "key", "pk", "prior", "refs")

    def __init__(self, number: int, values: dict, raw: list):
        self.number = number
        self.values = values
        self.raw = raw
        self.ok = True
        self.key = None  # the record's key once references are resolved
        self.pk = None  # the existing record's primary key, if any
        self.prior = None  # (batch_id, batch_row) that last wrote the existing record
        self.refs: dict = {}  # resolved foreign keys: column → pk

    def __getitem__(self, name: str):
        return self.values.get(name)


@dataclass
class Context:
    """State of one import run, shared by the importer and the kind."""

    batch_id: int
    user_id: int | None
    now: datetime
    headers: dict[str, str]  # column name → header text as written in the file
    max_errors: int
    errors: list[Issue] = field(default_factory=list)
    error_count: int = 0
    created: int = 0
    updated: int = 0
    today: date = field(default_factory=date.today)
    positions: dict[str, int] = field(default_factory=dict)  # column name → index in the file's rows
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self):
        self.stamp = adapt_now(self.now)  # the database form of `now`, computed once

    def error(self, row: Row | int, column: str, reason: str, value=None) -> None:
        """Record an error (rows are parsed in a second thread, hence the lock)."""
        number = row.number if isinstance(row, Row) else row
        if isinstance(row, Row):
            row.ok = False
            if value is None:
                value = self.cell(row, column)
        header = self.headers.get(column, column)
        with self._lock:
            self.error_count += 1
            if len(self.errors) < self.max_errors:
                self.errors.append(Issue(number, header, "" if value is None else str(value), reason))

    def cell(self, row: Row, column: str):
        """The cell of `column` in `row` as it was read from the file."""
        index = self.positions.get(column)
        raw = row.raw
        if raw.__class__ is str:  # joined for the trip from a parse process (weijian.interchange.parallel)
            raw = row.raw = raw.split("\x1f")
        if index is None or index >= len(raw):
            return ""
        cell = raw[index]
        return cell.strip() if isinstance(cell, str) else cell

    def present(self, column: str) -> bool:
        return column in self.headers


def header_aliases(column: Column) -> set[str]:
    """The spellings of a column header that are accepted."""
    names = {column.name.lower(), column.zh}
    bare = re.sub(r"[（(].*?[)）]", "", column.zh).strip()
    names.add(bare)
    names.add(column.zh.replace("(", "（").replace(")", "）"))
    return names


def normalize_header(text: str) -> str:
    return str(text).strip().strip("*＊").strip().lower()


class Kind:
    """Base class of the import kinds; subclasses set the class attributes and hooks."""

    name: str = ""
    label: str = ""
    model: type[models.Model]
    columns: Sequence[Column] = ()
    key_column: str = ""  # the column an error about a duplicate key points at
    key_label: str = ""  # what the key is, in Chinese, for that error

    def __init__(self):
        self.by_header: dict[str, Column] = {}
        for column in self.columns:
            for alias in header_aliases(column):
                self.by_header[alias] = column

    # -- hooks -----------------------------------------------------------------------------
    def check_row(self, ctx: Context, row: Row) -> None:
        """Checks that need only the row itself (cross-field agreement)."""

    def resolve(self, ctx: Context, rows: list[Row]) -> None:
        """Look references and existing records up; set row.refs, row.key and row.pk."""
        raise NotImplementedError

    def write(self, ctx: Context, rows: list[Row]) -> None:
        raise NotImplementedError

    def finish(self, ctx: Context) -> None:
        """Work that needs the whole file written (forward references, derived state)."""

    def export_rows(self, prefix: str) -> Iterator[list[str]]:
        """Rows in the canonical format for divisions whose code starts with `prefix`."""
        raise NotImplementedError

    # -- shared helpers --------------------------------------------------------------------
    @cached_property
    def divisions(self):
        """All divisions, loaded on first use in this import run."""
        from weijian.interchange.kinds.lookups import Divisions

        return Divisions()

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    def write_records(self, ctx: Context, rows: list[Row], columns: Sequence[str], values: Callable) -> None:
        """Insert the new rows and update the existing ones (row.pk set), with provenance.

        `values(row)` gives the row's values for `columns`, in order.
        """
        provenance = ["updated_at", "batch_id", "batch_row"]
        inserts, updates = [], []
        for row in rows:
            record = [*values(row), ctx.stamp, ctx.batch_id, row.number]
            if row.pk is None:
                inserts.append([*record, ctx.user_id, ctx.stamp])
            else:
                updates.append([*record, row.pk])
        insert_many(self.table, [*columns, *provenance, "entered_by_id", "entered_at"], inserts)
        update_many(self.table, [*columns, *provenance], updates)


def adapt_now(now: datetime):
    return connection.ops.adapt_datetimefield_value(now)


def prefetch(chunks: Iterable[list], depth: int = 3) -> Iterator[list]:
    """Iterate `chunks` in a second thread, `depth` ahead of the consumer.

    Parsing is Python work that holds the interpreter lock, while the database driver
    releases it when it writes; overlapping the two is what makes large imports fast.
    The producer touches no database connection.
    """
    import queue

    box: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def produce():
        try:
            for chunk in chunks:
                while not stop.is_set():
                    try:
                        box.put(chunk, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            box.put(done)
        except BaseException as error:  # handed to the consumer, which re-raises it
            box.put(error)

    worker = threading.Thread(target=produce, name="weijian-import-parse", daemon=True)
    worker.start()
    try:
        while True:
            item = box.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def chunked(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def insert_many(table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path: many times faster than one INSERT per row.
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def reserve_ids(table: str, count: int) -> list[int]:
    """`count` unused primary keys for `table`, to insert rows with without reading ids back.

    On SQLite the import holds the write lock, so the keys after the largest ever used
    (AUTOINCREMENT's sqlite_sequence included) stay free until the rows are inserted: insert
    them before reserving again. PostgreSQL hands them out from the table's sequence.
    """
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Without concurrent writers the values are consecutive: then one row says which.
            cursor.execute(
                "SELECT MIN(v), MAX(v) FROM "
                "(SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS v FROM generate_series(1, %s)) s",
                [connection.ops.quote_name(table), count],
            )
            low, high = cursor.fetchone()
            if high - low + 1 == count:
                return list(range(low, high + 1))
            # Another session took some in between: take a fresh set, one by one (gaps are harmless).
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [connection.ops.quote_name(table), count])
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(
            f"SELECT MAX(top) FROM (SELECT MAX(id) AS top FROM {connection.ops.quote_name(table)} "
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)", [table],
        )
        start = (cursor.fetchone()[0] or 0) + 1
    return list(range(start, start + count))


def update_many(table: str, columns: Sequence[str], rows: Sequence[Sequence], key: str = "id") -> None:
    """Update `columns` of the rows whose `key` is the last value of each row."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(c)} = %s" for c in columns)
    sql = f"UPDATE {quote(table)} SET {sets} WHERE {quote(key)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def select_in(sql: str, values: Sequence, params_before: Sequence = ()) -> list[tuple]:
    """Run `sql` whose single `IN ({marks})` takes `values`; empty values give no rows.

    On PostgreSQL the test becomes `= ANY(%s)` with one array parameter: one short statement
    however many values, where a list of placeholders would be parsed again for each query.
    SQLite gets the placeholders, at most 900 a query (its limit on parameters).
    """
    values = list(dict.fromkeys(values))
    if not values:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql.replace("IN ({marks})", "= ANY(%s)"), [*params_before, values])
            return cursor.fetchall()
        results: list[tuple] = []
        for start in range(0, len(values), 900):
            part = values[start:start + 900]
            cursor.execute(sql.format(marks=", ".join(["%s"] * len(part))), [*params_before, *part])
            results.extend(cursor.fetchall())
    return results


def fmt_date(value) -> str:
    return value.isoformat() if value else ""


def fmt_bool(value) -> str:
    if value is None:
        return ""
    return "是" if value else "否"


def fmt_number(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "normalize"):
        return f"{value.normalize():f}"
    return str(value)


def fmt_choice(choices) -> Callable[[object], str]:
    labels = {code: str(label) for code, label in choices}

    def fmt(value) -> str:
        return labels.get(value, "") if value not in (None, "") else ""

    return fmt
