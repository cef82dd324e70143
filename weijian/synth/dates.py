"""Day ordinals and the lookup tables that make per-row date work cheap.

Everything in the generator counts days as proleptic Gregorian ordinals
(``date.toordinal()``); the :class:`Calendar` turns them into ISO strings,
years and completed ages with list look-ups instead of ``date`` objects.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

YEAR_DAYS = 365.2425


class Calendar:
    """ISO strings, years and month-day numbers for a contiguous range of ordinals."""

    __slots__ = ("base", "iso", "last", "md", "year", "ymd")

    def __init__(self, first: int, last: int) -> None:
        self.base = first
        self.last = last
        iso: list[str] = []
        year: list[int] = []
        md: list[int] = []
        for o in range(first, last + 1):
            d = date.fromordinal(o)
            iso.append(d.isoformat())
            year.append(d.year)
            md.append(d.month * 100 + d.day)
        self.iso = iso
        self.year = year
        self.md = md
        self.ymd = [s.replace("-", "") for s in iso]

    def s(self, o: int | None) -> str:
        """ISO string of an ordinal; empty string for None."""
        return "" if o is None else self.iso[o - self.base]

    def age(self, born: int, at: int) -> int:
        """Completed years (周岁) at day ``at`` of someone born on day ``born``."""
        b = born - self.base
        a = at - self.base
        return self.year[a] - self.year[b] - (self.md[a] < self.md[b])

    def month_key(self, o: int) -> int:
        """YYYYMM of an ordinal."""
        i = o - self.base
        return self.year[i] * 100 + self.md[i] // 100


@lru_cache(maxsize=4)
def calendar_for(end_ordinal: int, years: int) -> Calendar:
    """The calendar covering everyone alive in the generated years (cached per process)."""
    end = date.fromordinal(end_ordinal)
    first = date(end.year - years - 112, 1, 1).toordinal()
    return Calendar(first, end_ordinal + 400)


def stat_years(end: date, years: int) -> list[tuple[int, int, str]]:
    """(first ordinal, last ordinal, ``YYYYTJ``) of each generated statistical year."""
    if (end.month, end.day) != (9, 30):
        raise ValueError("end must be 30 September (the last day of a statistical year)")
    if years < 1:
        raise ValueError("years must be at least 1")
    out = []
    for y in range(end.year - years + 1, end.year + 1):
        out.append((date(y - 1, 10, 1).toordinal(), date(y, 9, 30).toordinal(), f"{y}TJ"))
    return out


def months(first: int, last: int) -> list[tuple[int, int, str]]:
    """(first ordinal, last ordinal, ``YYYYMM``) of each calendar month in [first, last]."""
    out = []
    d = date.fromordinal(first).replace(day=1)
    while d.toordinal() <= last:
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        out.append((d.toordinal(), nxt.toordinal() - 1, f"{d.year}{d.month:02d}"))
        d = nxt
    return out
