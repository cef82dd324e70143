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


def date_text(column: str) -> str:
    """A date as 'YYYY-MM-DD' text, so that it sorts and concatenates."""
    if _sqlite():
        return column
    return f"to_char({column}, 'YYYY-MM-DD')"

