"""Vital and migration events over the generated statistical years.

Each year a number of events proportional to the living population is scheduled on
random days; a heap replays them in day order, and each event picks the people it
happens to at that moment (alive, eligible), so the register stays consistent.
"""

from __future__ import annotations

from heapq import heappop, heappush
from itertools import count

from .births import deliver
from .dates import YEAR_DAYS
from .households import newcomers
from .names import (
    ADULT_CAUSES,
    DESTINATIONS,
    INFANT_CAUSES,
    MATERNAL_CAUSES,
    NEONATAL_CAUSES,
    Picker,
)
from .world import MARRIED, Person, World

# Events per 1000 living persons per year.
RATES = (
    ("birth", 9.4), ("death", 5.1), ("wed", 5.2), ("divorce", 0.7), ("rewed", 0.6),
    ("out", 7.0), ("back", 5.0), ("inflow", 1.6), ("move_in", 1.2), ("move_out", 2.0),
)
PARITY_SHARES = (0.54, 0.435, 0.025)  # first, second, third and later live births
_CAUSE = {"adult": Picker(ADULT_CAUSES), "neo": Picker(NEONATAL_CAUSES),
          "infant": Picker(INFANT_CAUSES), "maternal": Picker(MATERNAL_CAUSES)}


def _table(points, top=101):
    """Per-age acceptance weights from (first age, weight) steps."""
    out = [0.0] * top
    for (a, wt), (b, _) in zip(points, points[1:] + ((top, 0),)):
        for age in range(a, min(b, top)):
            out[age] = wt
    return tuple(out)


_FERT = {
    1: _table(((0, 0), (20, 0.5), (22, 0.9), (23, 1.0), (28, 0.8), (31, 0.5), (35, 0.2), (40, 0.05), (46, 0))),
    2: _table(((0, 0), (20, 0.2), (23, 0.5), (26, 1.0), (34, 0.7), (37, 0.35), (41, 0.08), (46, 0))),
    3: _table(((0, 0), (22, 0.3), (25, 0.6), (30, 1.0), (39, 0.3), (46, 0))),
}
_HAZARD = _table(((0, 0.0), (1, 0.001), (15, 0.003), (40, 0.007), (50, 0.018), (60, 0.045),
                  (70, 0.14), (80, 0.4), (90, 1.0)), top=130)
_GROOM = _table(((0, 0), (22, 0.6), (25, 1.0), (30, 0.6), (35, 0.25), (40, 0.08), (46, 0)))
_BRIDE = _table(((0, 0), (20, 0.5), (22, 1.0), (27, 0.6), (30, 0.3), (35, 0.1), (41, 0)))


class Pools:
    """Candidates for the year's events, rebuilt at each year start."""

    def __init__(self, w: World, ys: int, ye: int) -> None:
        self.um: list[Person] = []
        self.uf: list[Person] = []
        self.fert: list[list[Person]] = [[], [], []]
        self.wives: list[Person] = []
        self.rem_m: list[Person] = []
        self.rem_f: list[Person] = []
        self.away: list[Person] = []
        self.heads: list[Person] = []
        y = int(YEAR_DAYS)
        for p in w.people:
            if p.dd is not None or p.dep is not None or not p.local or p.res == "流入":
                continue
            self._sort(p, ys - p.b, ye - p.b, y)

    def _sort(self, p: Person, age_s: int, age_e: int, y: int) -> None:
        if p.res == "流出":
            self.away.append(p)
        if p.rel == "户主":
            self.heads.append(p)
        if p.mar == "未婚":
            if age_e >= 20 * y and age_s <= 46 * y:
                (self.um if p.male else self.uf).append(p)
        elif p.mar in MARRIED:
            if not p.male and age_e >= 20 * y and age_s <= 46 * y:
                self.fert[min(p.nkids, 2)].append(p)
            if not p.male and age_e >= 23 * y and age_s <= 60 * y:
                self.wives.append(p)
        elif age_e >= 25 * y and age_s <= 66 * y:
            (self.rem_m if p.male else self.rem_f).append(p)


class Sim:
    """Replays the scheduled events of every year in day order."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.heap: list = []
        self.seq = count()
        self.pools: Pools | None = None
        self.places: dict[str, str] = {}

    def push(self, day: int, kind: str, arg=None) -> None:
        heappush(self.heap, (day, next(self.seq), kind, arg))

    def run(self) -> None:
        w = self.w
        for ys, ye, _ in w.years:
            self.pools = Pools(w, ys, ye)
            self._schedule(ys, ye)
            while self.heap and self.heap[0][0] <= ye:
                day, _, kind, arg = heappop(self.heap)
                getattr(self, "on_" + kind)(day, arg)
        self.heap.clear()

    def _schedule(self, ys: int, ye: int) -> None:
        w = self.w
        span = ye - ys + 1
        for kind, rate in RATES:
            n = max(0, round(w.alive * rate / 1000 * (1 + 0.05 * w.rng.gauss(0, 1))))
            if kind == "birth":
                n = round(n / 1.011)  # deliveries; about 1 % are twins
                forced = int(w.rnd() * n) if n else -1
            for i in range(n):
                day = ys + int(w.rnd() * span)
                if kind == "birth" and i == forced:
                    day = min(day, ye - 10)
                self.push(day, kind, kind == "birth" and i == forced)

    # -- births and deaths ---------------------------------------------------------

    def _parity(self) -> int:
        """Parity to aim for, pulled towards PARITY_SHARES given the births so far."""
        tally = self.w.parity_tally
        n = sum(tally)
        weights = [max(0.002, p + 0.1 * (p * n - c)) for p, c in zip(PARITY_SHARES, tally)]
        r = self.w.rnd() * sum(weights)
        for k, wt in enumerate(weights, 1):
            r -= wt
            if r < 0:
                return k
        return 3

    def _mother_ok(self, k: int, day: int):
        cal, rnd, fert, hh_size = self.w.cal, self.w.rnd, _FERT[k], self.w.hh_size

        def ok(p: Person) -> bool:
            if p.dd is not None or p.dep is not None or p.mar not in MARRIED:
                return False
            if (p.nkids != k - 1 if k < 3 else p.nkids < 2) or day - p.ms < 150:
                return False
            if p.lastdel is not None and day - p.lastdel < 450 or hh_size[p.hh] >= 6:
                return False
            if p.spouse is None or day - p.spouse.b > 55 * 365:  # husband over 55
                return False
            return rnd() < fert[min(cal.age(p.b, day), 100)]
        return ok

    def on_birth(self, day: int, forced: bool) -> None:
        k = self._parity()
        for kk in (k, 2, 1, 3)[: 4 if k < 3 else 1]:
            mother = self.w.pick(self.pools.fert[min(kk - 1, 2)], self._mother_ok(kk, day), 300)
            if mother is not None:
                deliver(self, day, mother, forced)
                return

    def on_death(self, day: int, _arg) -> None:
        rnd = self.w.rnd

        def ok(p: Person) -> bool:
            return (p.dd is None and p.dep is None and day - p.b > 365
                    and rnd() < _HAZARD[min(int((day - p.b) / YEAR_DAYS), 129)])
        p = self.w.pick(self.w.people, ok, 2000)
        if p is not None:
            self.kill(p, day, _CAUSE["adult"](rnd))

    def on_infant_death(self, day: int, p: Person) -> None:
        if p.dd is None and p.dep is None:
            self.kill(p, day, _CAUSE["neo" if day - p.b < 28 else "infant"](self.w.rnd))

    def on_nameless_death(self, day: int, arg) -> None:
        mother, born, order = arg
        w = self.w
        w.deaths.append((None, mother, born, order, day, _CAUSE["neo"](w.rnd), False, self._report(day)))

    def on_maternal_death(self, day: int, p: Person) -> None:
        if p.dd is None and p.dep is None:
            self.kill(p, day, _CAUSE["maternal"](self.w.rnd), maternal=True)

    def kill(self, p: Person, day: int, cause: str, maternal: bool = False) -> None:
        w = self.w
        p.dd = day
        w.alive -= 1
        s = p.spouse
        if s is not None and p.mar in MARRIED:
            s.mar, s.spouse, s.me = "丧偶", None, day
        w.deaths.append((p, None, None, None, day, cause, maternal, self._report(day)))

    def _report(self, day: int) -> int:
        r = self.w.rnd()
        if r < 0.05:
            return day + 31 + int(self.w.rnd() * 60)
        return day + 1 + int(r * r * 30)

    # -- marriages -----------------------------------------------------------------

    def _single_ok(self, day: int, weights, sibling_of: Person | None = None):
        cal, rnd = self.w.cal, self.w.rnd

        def ok(p: Person) -> bool:
            if p.dd is not None or p.dep is not None or p.mar != "未婚":
                return False
            if sibling_of is not None and p.mom is not None and p.mom is sibling_of.mom:
                return False
            return rnd() < weights[min(cal.age(p.b, day), 100)]
        return ok

    def on_wed(self, day: int, _arg) -> None:
        w = self.w
        groom = w.pick(self.pools.um, self._single_ok(day, _GROOM))
        if groom is None:
            return
        bride = w.pick(self.pools.uf, self._single_ok(day, _BRIDE, groom))
        if bride is None:
            return
        self._marry(groom, bride, day)
        self.pools.fert[0].append(bride)

    def _marry(self, h: Person, f: Person, day: int) -> None:
        """Wed h and f; the bride usually joins the groom's household (never beyond 6)."""
        w = self.w
        size = w.hh_size
        first = ("是" if h.mar == "未婚" else "否", "是" if f.mar == "未婚" else "否")
        if f.rel == "户主" and h.rel != "户主" and size[f.hh] <= 5:
            w.move(h, f.hh, "配偶")
        elif size[h.hh] >= 5 and h.rel != "户主":
            w.move(h, w.new_household(h.vi, w.hh_hukou[h.hh]), "户主")  # 分户
            w.move(f, h.hh, "配偶")
        elif size[h.hh] <= 5:
            w.move(f, h.hh, "配偶" if h.rel == "户主" else "其他")
        else:
            return
        w.wed(h, f, day)
        w.marriages.append((h, f, "结婚", day, first[0]))
        w.marriages.append((f, h, "结婚", day, first[1]))
        w.wed_log.append((h, f, day))

    def on_divorce(self, day: int, _arg) -> None:
        w = self.w

        def ok(p: Person) -> bool:
            s = p.spouse
            return (p.dd is None and p.dep is None and p.mar in MARRIED and s is not None
                    and s.dd is None and s.dep is None and day - p.ms > 365)
        f = w.pick(self.pools.wives, ok)
        if f is None:
            return
        h = f.spouse
        for a, b in ((h, f), (f, h)):
            a.mar, a.spouse, a.me = "离婚", None, day
            w.marriages.append((a, b, "离婚", day, ""))
        mover = h if f.rel == "户主" else f
        w.move(mover, w.new_household(mover.vi, w.hh_hukou[mover.hh]), "户主")

    def on_rewed(self, day: int, _arg) -> None:
        w = self.w
        cal = w.cal

        def ok(p: Person, lo: int, hi: int) -> bool:
            return (p.dd is None and p.dep is None and p.mar in ("离婚", "丧偶")
                    and (p.me is None or day - p.me >= 180) and lo <= cal.age(p.b, day) <= hi)
        h = w.pick(self.pools.rem_m, lambda p: ok(p, 28, 65))
        if h is None:
            return
        a = cal.age(h.b, day)
        if w.rnd() < 0.7:
            f = w.pick(self.pools.rem_f, lambda p: ok(p, max(25, a - 15), a + 3))
        else:
            f = w.pick(self.pools.uf, lambda p: (p.dd is None and p.dep is None and p.mar == "未婚"
                                                 and max(28, a - 15) <= cal.age(p.b, day) <= a + 3))
        if f is not None:
            self._marry(h, f, day)

    # -- migration -----------------------------------------------------------------

    def _migrate(self, p: Person, kind: str, day: int, place: str, reason: str) -> None:
        p.lastmig = day
        self.w.migrations.append((p, kind, day, place, reason))

    def on_out(self, day: int, _arg) -> None:
        w = self.w

        def ok(p: Person) -> bool:
            return (p.dd is None and p.dep is None and p.local and p.res == "常住"
                    and p.lastmig != day and 16 * 366 <= day - p.b <= 55 * 365)
        p = w.pick(w.people, ok)
        if p is None:
            return
        age = (day - p.b) / YEAR_DAYS
        reason = "求学" if age < 21 and w.rnd() < 0.5 else ("务工" if w.rnd() < 0.9 else "其他")
        place = DESTINATIONS[int(w.rnd() * len(DESTINATIONS))]
        p.res = "流出"
        self.places[p.idn] = place
        self.pools.away.append(p)
        self._migrate(p, "流出", day, place, reason)

    def on_back(self, day: int, _arg) -> None:
        w = self.w

        def ok(p: Person) -> bool:
            return (p.dd is None and p.dep is None and p.res == "流出"
                    and (p.lastmig is None or day - p.lastmig >= 30))
        p = w.pick(self.pools.away, ok, 50)
        if p is None:
            return
        p.res = "常住"
        place = self.places.get(p.idn) or DESTINATIONS[int(w.rnd() * len(DESTINATIONS))]
        self._migrate(p, "返回", day, place, "其他" if w.rnd() < 0.6 else "投亲")

    def on_inflow(self, day: int, _arg) -> None:
        w = self.w
        people, place = newcomers(w, int(w.rnd() * len(w.vcode)), day, "流入")
        for i, p in enumerate(people):
            self._migrate(p, "流入", day, place, "务工" if i == 0 or w.rnd() < 0.5 else "投亲")

    def on_move_in(self, day: int, _arg) -> None:
        w = self.w
        head = w.pick(self.pools.heads, lambda p: p.dd is None and p.dep is None)
        people, place = newcomers(w, head.vi if head else 0, day, "迁入",
                                  head.hh if head is not None and w.rnd() < 0.5
                                  and w.hh_size[head.hh] <= 5 else None)
        reason = ("投亲", "务工", "其他")[min(2, int(w.rnd() * 4))]
        for p in people:
            self._migrate(p, "迁入", day, place, reason)

    def on_move_out(self, day: int, _arg) -> None:
        w = self.w

        def ok(p: Person) -> bool:
            return (p.dd is None and p.dep is None and p.local and p.mar == "未婚" and p.nkids == 0
                    and p.lastmig != day and 17 * 366 <= day - p.b <= 32 * 365)
        p = w.pick(w.people, ok, 1000)
        if p is None:
            return
        age = (day - p.b) / YEAR_DAYS
        if age < 22.5 and w.rnd() < 0.6:
            reason = "求学"
        elif not p.male and age >= 20.5 and w.rnd() < 0.5:
            reason = "婚嫁"
        else:
            reason = "务工"
        p.dep = day
        w.alive -= 1
        self._migrate(p, "迁出", day, DESTINATIONS[int(w.rnd() * len(DESTINATIONS))], reason)
