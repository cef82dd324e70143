"""The engine's results kept while the data they come from is unchanged.

Pages ask for the same numbers again and again (a dashboard alone asks about twenty
questions of the engine); the numbers only change when the register does. Every write — an
import, an entry form, the API — leaves an audit entry, so the highest audit entry id is
the version of the data: a result is reused only for the same question at the same
version, and never for longer than ``WEIJIAN_INDICATOR_CACHE_SECONDS`` (for changes made
outside weijian's own services, such as the admin). The values are the engine's own.
"""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from weijian.divisions.models import Division
from weijian.indicators import engine
from weijian.periods import Period

_pinned = threading.local()


def data_version() -> int:
    pinned = getattr(_pinned, "version", None)
    if pinned is not None:
        return pinned
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM audit_auditentry")
        return cursor.fetchone()[0] or 0


@contextmanager
def one_version():
    """Within the block, the data version is read once: a page asking the engine many
    questions (the dashboard asks about twenty) reads it with one query, not one a question."""
    outer = getattr(_pinned, "version", None)
    _pinned.version = data_version()
    try:
        yield
    finally:
        _pinned.version = outer  # a block inside another leaves the outer one's version pinned


def compute(period: Period, org: Division, *, by: str | None = None, indicators: list[str] | None = None,
            compare: bool = False, at: date | None = None, total: bool = False) -> list[engine.IndicatorRow]:
    """`engine.compute`, reused while the data is unchanged."""
    at = at or engine.default_at(period)
    question = key("indicators", data_version(), period.code, period.start, period.end, org.code, by or "",
                   ",".join(indicators) if indicators is not None else "*", int(compare), at, int(total))
    rows = cache.get(question)
    if rows is None:
        rows = engine.compute(period, org, by=by, indicators=indicators, compare=compare, at=at, total=total)
        cache.set(question, rows, settings.WEIJIAN_INDICATOR_CACHE_SECONDS)
    return rows


def key(*parts) -> str:
    """A cache key for a question about the data (include `data_version()` among the parts)."""
    return "weijian:" + hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()
