"""Resident ID numbers (GB 11643-1999) built fast and kept unique.

Digits 1–6 address, 7–14 birth date, 15–17 sequence (17th odd for men), 18 the
ISO 7064 MOD 11-2 check character.  Uniqueness across townships generated in
separate processes: the sequence space of a (prefix, birth date, sex) triple is
split into ``slots`` interleaved lanes and each township draws only from its own.
"""

from __future__ import annotations

from .dates import Calendar
from .names import FIRST_YEAR, PREFIXES

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"
# Per-sex sequence lanes: j in 0..498 → sequence 2j+1 (men) / 2j+2 (women).
_LANES = 499


def check_char(body: str) -> str:
    """Check character of the first 17 digits."""
    return _CHECK[sum(int(c) * w for c, w in zip(body, _WEIGHTS)) % 11]


def _partial(digits: str, offset: int) -> int:
    return sum(int(c) * _WEIGHTS[offset + i] for i, c in enumerate(digits))


_SEQ = tuple((f"{n:03d}", _partial(f"{n:03d}", 14)) for n in range(1000))
# Weighted digit sums of the birth date's parts: year (digits 7–10), month, day.
_YEAR = {y: _partial(f"{y:04d}", 6) for y in range(1800, 2200)}
_MD = tuple(_partial(f"{n:04d}", 10) for n in range(1300))
# Address code → (weighted digit sum, small number used in the uniqueness key).
_PRE = {p: (_partial(p, 0), n) for n, p in enumerate(sorted({p for t in PREFIXES for p in t}))}


class IdMaker:
    """Issues unique ID numbers for one township (lane ``slot`` of ``slots``)."""

    def __init__(self, cal: Calendar, slot: int, slots: int) -> None:
        if slots > _LANES:
            raise ValueError("too many townships for unique ID sequences")
        self.cal = cal
        self.slot = slot
        self.slots = slots
        self.used: dict[int, int] = {}

    def make(self, origin: int, born: int, male: bool) -> tuple[str, int]:
        """A new ID for someone born on ``born``; returns (id, birth ordinal used).

        ``origin`` picks the address codes (names.PREFIXES).  The birth day moves
        forward when the township's lane for that day is full (only possible for
        implausibly dense specs).
        """
        used = self.used
        cal = self.cal
        prefixes = PREFIXES[origin]
        while True:
            i = born - cal.base
            year = cal.year[i]
            prefix = prefixes[year - FIRST_YEAR]
            key = (born << 10 | _PRE[prefix][1]) << 1 | male
            k = used.get(key, 0)
            j = k * self.slots + self.slot
            if j < _LANES:
                used[key] = k + 1
                break
            born += 1
        md = cal.md[i]
        seq, ssum = _SEQ[2 * j + (1 if male else 2)]
        check = _CHECK[(_PRE[prefix][0] + _YEAR[year] + _MD[md] + ssum) % 11]
        return prefix + cal.ymd[i] + seq + check, born
