"""Database tuning for large imports.

Loading into an empty table: its plain (non-unique) indexes are dropped for the load and
built again at the end, in the same transaction — one sorted build is several times cheaper
than keeping three random-order B-trees up to date row by row. Unique indexes stay: the
import looks records up by them. On PostgreSQL the table's foreign keys are dropped too and
added again at the end: adding one checks the whole table in a single join, where the
constraint's trigger would run a query for every row. If the import is rolled back, so are
the drops.

On PostgreSQL the foreign-key checks of the import run row by row (IMMEDIATE) instead of
all at commit: Django's deferred constraints would queue millions of checks in memory.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
from contextlib import contextmanager
from datetime import date

from django.db import connection, models


def register_sqlite_adapters() -> None:
    """Bind None and booleans to SQLite through registered adapters (the same NULL, 1 and 0).

    Python 3.11's sqlite3 adapts every parameter that is not exactly an int, float, str or
    bytes: finding no adapter registered, it asks its protocol type for `__adapt__`, and that
    failed look-up formats an AttributeError message each time. A register row binds half a
    dozen blanks and a boolean, and that was a third of the cost of inserting it; a registered
    adapter is one dictionary look-up.
    """
    sqlite3.register_adapter(type(None), {}.get)  # a built-in giving None for any key
    sqlite3.register_adapter(bool, int)
    # Django's adapter is a Python function calling date.isoformat: the method itself gives
    # the same text without a Python frame per date (a register row binds two or three).
    sqlite3.register_adapter(date, date.isoformat)


_collector_lock = threading.Lock()
_collector_users = 0
_collector_default: tuple[int, int, int] | None = None


@contextmanager
def rare_collections(young: int = 50_000):
    """Let the cyclic garbage collector run rarely while rows stream in.

    An import allocates several container objects per row (its cells, values, references)
    and keeps a few chunks of them alive at a time; at the default thresholds (a collection
    of the young generation every 700 allocations) the collector walks each row many times
    before reference counting frees it, for nothing: rows form no cycles. Thresholds are
    process-wide; with imports running at the same time in threads, the last one to finish
    puts the defaults back.
    """
    global _collector_users, _collector_default
    with _collector_lock:
        if _collector_users == 0:
            _collector_default = gc.get_threshold()
            gc.set_threshold(young, *_collector_default[1:])
        _collector_users += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_users -= 1
            if _collector_users == 0:
                gc.set_threshold(*_collector_default)


def begin_import() -> None:
    """Call inside the import's transaction, before the first write."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@contextmanager
def bulk_load(model: type[models.Model]):
    """Drop the model's plain indexes while loading it if its table starts empty."""
    table = model._meta.db_table
    if model.objects.exists():
        yield
        return
    quote = connection.ops.quote_name
    indexes, keys = _plain_indexes(table), _foreign_keys(table)
    with connection.cursor() as cursor:
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        for name, _ in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        if connection.vendor == "postgresql":
            # Statistics for the planner now, not when autovacuum next passes: a query right
            # after a first large import would otherwise be planned for an empty table.
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _foreign_keys(table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's foreign keys on PostgreSQL; none elsewhere."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = %s AND c.contype = 'f' "
            "AND t.relnamespace = current_schema()::regnamespace", [table],
        )
        return sorted(cursor.fetchall())


def _plain_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the table's non-unique indexes."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'", [table],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE t.relname = %s AND NOT x.indisunique AND NOT x.indisprimary", [table],
            )
        else:
            return []
        return sorted(cursor.fetchall())
