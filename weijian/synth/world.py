"""One township's people and households while they are being generated."""

from __future__ import annotations

from random import Random

from .dates import Calendar, calendar_for, stat_years
from .idnum import IdMaker
from .names import GIVEN_BY_YEAR, surname
from .plan import COUNTY_MCH, Plan, Spec

MARRIED = ("初婚", "再婚")
GONE = -1  # death day of people who anchor a family but are not in the register


class Person:
    """A register entry plus the state the event simulation needs."""

    __slots__ = (
        "arr",
        "b",
        "dad",
        "dd",
        "dels",
        "dep",
        "fmd",
        "hh",
        "idn",
        "lastdel",
        "lastmig",
        "local",
        "male",
        "mar",
        "me",
        "mom",
        "ms",
        "name",
        "nkids",
        "rel",
        "res",
        "spouse",
        "sur",
        "vi",
    )

    def __init__(self, idn, name, sur, male, b, vi, hh, rel, local, res, mom, dad):
        self.idn = idn
        self.name = name
        self.sur = sur
        self.male = male
        self.b = b
        self.vi = vi
        self.hh = hh
        self.rel = rel
        self.local = local
        self.res = res
        self.mar = "未婚"
        self.fmd = None  # first marriage day
        self.mom = mom
        self.dad = dad
        self.dd = None  # death day
        self.spouse = None
        self.nkids = 0  # children in the register
        self.lastdel = None  # last delivery day
        self.ms = None  # current (or last) marriage start
        self.me = None  # end of the last marriage (divorce or widowhood)
        self.arr = None  # arrival day (流入/迁入 during the years)
        self.dep = None  # 迁出 day
        self.dels = None  # deliveries during the years: list of Delivery
        self.lastmig = None


class World:
    """State of one township: calendar, random stream, people, households, event rows."""

    def __init__(self, spec: Spec, plan: Plan, t: int) -> None:
        town = plan.townships[t]
        self.spec = spec
        self.town = town
        self.rng = Random(f"weijian-synth:{spec.seed}:{t}")
        self.rnd = self.rng.random
        self.years = stat_years(spec.end, spec.years)
        self.S = self.years[0][0]
        self.E = self.years[-1][1]
        self.cal: Calendar = calendar_for(self.E, spec.years)
        self.ids = IdMaker(self.cal, t, len(plan.townships))
        self.vcode = [v.code for v in town.villages]
        self.vname = [v.name for v in town.villages]
        self.health_centre = town.name + "卫生院"
        self.mch = COUNTY_MCH
        self.people: list[Person] = []
        self.hh_no: list[str] = []
        self.hh_vi: list[int] = []
        self.hh_hukou: list[str] = []
        self.hh_size: list[int] = []  # members ever written to the household
        self.v_serial = [0] * len(town.villages)
        self.hh_width = [max(4, len(str(v.target * 2))) for v in town.villages]
        self.alive = 0
        self.town_slot = t
        self.cert_no = 0
        self.sex_tally = [(0, 0), (0, 0)]  # (births, boys) for parity 1 and 2+
        self.parity_tally = [0, 0, 0]  # births of parity 1, 2, 3+
        self.births: list = []  # Delivery-level records, see events.py
        self.deaths: list = []
        self.marriages: list = []
        self.migrations: list = []
        self.wed_log: list = []  # (person, day, first) for each 结婚

    def new_household(self, vi: int, hukou: str) -> int:
        self.v_serial[vi] += 1
        self.hh_no.append(f"{self.vcode[vi]}{self.v_serial[vi]:0{self.hh_width[vi]}d}")
        self.hh_vi.append(vi)
        self.hh_hukou.append(hukou)
        self.hh_size.append(0)
        return len(self.hh_no) - 1

    def add(self, male, born, hh, rel, *, mom=None, dad=None, sur=None,
            origin=0, res="常住") -> Person:
        """Create a person in household ``hh`` with a fresh ID number.

        ``origin`` 0 is this county; other values are names.ORIGINS (registered elsewhere).
        """
        idn, born = self.ids.make(origin, born, male)
        rnd = self.rnd
        if sur is None:
            sur = dad.sur if dad is not None and rnd() < 0.93 else (
                mom.sur if mom is not None else surname(rnd))
        table = GIVEN_BY_YEAR[self.cal.year[born - self.cal.base] - 1800][male]
        p = Person(idn, sur + table[int(rnd() * len(table))], sur, male, born,
                   self.hh_vi[hh], hh, rel, origin == 0, res, mom, dad)
        self.people.append(p)
        self.hh_size[hh] += 1
        self.alive += 1
        if mom is not None:
            mom.nkids += 1
        return p

    def make_name(self, sur: str, born: int, male: bool) -> str:
        table = GIVEN_BY_YEAR[self.cal.year[born - self.cal.base] - 1800][male]
        return sur + table[int(self.rnd() * len(table))]

    def age(self, p: Person, at: int) -> int:
        return self.cal.age(p.b, at)

    def pick(self, pool: list, ok, tries: int = 400):
        """A random member of ``pool`` accepted by ``ok`` (None after ``tries`` misses)."""
        n = len(pool)
        if not n:
            return None
        rnd = self.rnd
        for _ in range(tries):
            p = pool[int(rnd() * n)]
            if ok(p):
                return p
        return None

    def move(self, p: Person, hh: int, rel: str) -> None:
        """Person changes household (marriage, divorce)."""
        self.hh_size[p.hh] -= 1
        self.hh_size[hh] += 1
        p.hh = hh
        p.vi = self.hh_vi[hh]
        p.rel = rel

    def wed(self, h: Person, w: Person, day: int) -> None:
        """Set both spouses' marital state for a marriage on ``day``."""
        for a, b in ((h, w), (w, h)):
            a.mar = "初婚" if a.mar == "未婚" else "再婚"
            if a.fmd is None:
                a.fmd = day
            a.spouse = b
            a.ms = day
            a.me = None

