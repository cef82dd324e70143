"""The few SQL expressions that differ between SQLite and PostgreSQL.

Dates are compared as dates everywhere; only arithmetic on a column needs the vendor.
Everything else in the indicator SQL is the common subset of both.
"""

from __future__ import annotations

from django.db import connection


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def add_days(column: str, days: int) -> str:
    """`column` + `days` days (days may be negative), a date."""
    if _sqlite():
        return f"date({column}, '{days:+d} days')"
    return f"({column} + {days:d})"


def days_between(later: str, earlier: str) -> str:
    """Whole days from `earlier` to `later`."""
    if _sqlite():
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def age_years(born: str, at: str) -> str:
    """Completed years (周岁) at `at` of someone born on `born`.

    A birthday on 29 February is reached on 1 March in common years, as ``periods.years_before``.
    """
    if _sqlite():
        # %% because the query goes through the driver's parameter formatting.
        year, month_day = "CAST(strftime('%%Y', {}) AS INTEGER)", "strftime('%%m-%%d', {})"
    else:
        year, month_day = "CAST(EXTRACT(YEAR FROM {}) AS INTEGER)", "to_char({}, 'MM-DD')"
    return (f"({year.format(at)} - {year.format(born)}"
            f" - CASE WHEN {month_day.format(at)} < {month_day.format(born)} THEN 1 ELSE 0 END)")


def compared_as_text(column: str) -> str:
    """A date column to compare with date parameters many times over, without conversions.

    SQLite gives a DateField column NUMERIC affinity, so comparing it with a parameter
    first tries to read both 'YYYY-MM-DD' texts as numbers, at every comparison (a third of
    the work of counting a million persons). ``+column`` has no affinity: the texts are
    compared as they are, which for ISO dates is their order.
    """
    if _sqlite():
        return f"+{column}"
    return column


def person_looked_up(key: str) -> str:
    """Join the register as `p` by primary key for each row read before it (the few persons of
    a period's events, or with migration events), not the whole register.

    SQLite keeps the table order of a CROSS JOIN. PostgreSQL would rather read a million
    persons into a hash table: a LATERAL subquery is a look-up per row, and OFFSET 0 keeps
    the planner from turning it back into a join.
    """
    if _sqlite():
        return f"CROSS JOIN register_person p ON p.id = {key}"
    return f"CROSS JOIN LATERAL (SELECT * FROM register_person p WHERE p.id = {key} OFFSET 0) p"


def records_looked_up(table: str, alias: str, columns: str, condition: str) -> str:
    """LEFT JOIN the rows of `table` meeting `condition` on each row read before, looked up
    in an index (the services of a year's mothers, not every year's services hashed).

    SQLite joins so by itself; PostgreSQL would rather hash the table: a LATERAL subquery
    (with `columns`, what the query reads of it) is a look-up per row.
    """
    if _sqlite():
        return f"LEFT JOIN {table} {alias} ON {condition}"
    return f"LEFT JOIN LATERAL (SELECT {columns} FROM {table} {alias} WHERE {condition} OFFSET 0) {alias} ON TRUE"


def date_text(column: str) -> str:
    """A date as 'YYYY-MM-DD' text, so that it sorts and concatenates."""
    if _sqlite():
        return column
    return f"to_char({column}, 'YYYY-MM-DD')"


# Migration directions numbered in the order of their names, so that a PostgreSQL event key
# orders two events of one day as SQLite's text does (see ``event_key``).
DIRECTION_CODES = {"flow_in": 1, "flow_out": 2, "move_in": 3, "move_out": 4, "return": 5}


def event_key(day: str, direction: str) -> str:
    """A migration event as one value ordered by date, then direction name, so that MAX and
    MIN find the latest or first event: on SQLite the text 'YYYY-MM-DD' || direction, on
    PostgreSQL the days since 0001-01-01 × 8 + the direction's code (formatting a date as text
    was 40 % of working out a county's migration state)."""
    if _sqlite():
        return f"{day} || {direction}"
    codes = " ".join(f"WHEN '{name}' THEN {code}" for name, code in DIRECTION_CODES.items())
    return f"(({day} - DATE '0001-01-01') * 8 + CASE {direction} {codes} END)"


def event_direction(key: str) -> str:
    """The direction of an ``event_key``, to compare with ``direction_value``."""
    if _sqlite():
        return f"substr({key}, 11)"
    return f"mod({key}, 8)"


def direction_value(name: str) -> str:
    """A direction as ``event_direction`` gives it (a name from DIRECTION_CODES, never input)."""
    if _sqlite():
        return f"'{name}'"
    return str(DIRECTION_CODES[name])
