"""A delivery: the babies' register entries, births.csv rows and what follows from them."""

from __future__ import annotations

from .names import Picker
from .world import Person

_GEST = Picker(((0.5, 33), (0.7, 34), (1.3, 35), (4, 36), (14, 37), (27, 38), (31, 39), (15, 40), (6.5, 41)))
_PLACE = Picker(((70, "医院"), (27.6, "卫生院"), (1.3, "家中"), (0.7, "途中"), (0.4, "其他")))
_CERT_LETTERS = "NOPQRSTUVWXYZ"
P_STILL = 0.003
P_TWINS = 0.011
P_INFANT_DEATH = 0.0022
P_MATERNAL_DEATH = 1 / 9000


class Delivery:
    """One delivery (twins are one delivery), kept for the maternal services."""

    __slots__ = ("day", "father", "gest", "live", "mother")

    def __init__(self, mother, father, day, gest, live):
        self.mother, self.father, self.day, self.gest, self.live = mother, father, day, gest, live


class Birth:
    """One births.csv row (one per baby)."""

    __slots__ = (
        "cert",
        "child",
        "day",
        "father",
        "gest",
        "live",
        "male",
        "mother",
        "name",
        "order",
        "parity",
        "place",
        "report",
        "weight",
    )


def deliver(sim, day: int, mother: Person, forced: bool) -> None:
    """Mother gives birth on ``day``; ``forced`` makes it a nameless neonatal death."""
    w = sim.w
    rnd = w.rnd
    still = not forced and rnd() < P_STILL
    twins = not still and not forced and rnd() < P_TWINS and w.hh_size[mother.hh] <= 4
    no_id = forced or (day > w.E - 60 and rnd() < 0.25) or rnd() < 0.004
    gest = _GEST(rnd)
    if twins:
        gest = min(gest, 35 + int(rnd() * 3))
    if still:
        gest = 28 + int(rnd() * 11)
    place = _PLACE(rnd)
    before = mother.nkids
    mother.lastdel = day
    for order in ((1, 2) if twins else (1,)):
        b = _baby(w, day, mother, before + order, order, gest, place, still, no_id)
        w.births.append(b)
        w.parity_tally[min(b.parity, 3) - 1] += 1
        if b.child is not None and rnd() < P_INFANT_DEATH:
            age = int(rnd() * 28) if rnd() < 0.5 else 28 + int(rnd() * 337)
            sim.push(day + age, "infant_death", b.child)
    if forced:
        sim.push(min(w.E, day + int(rnd() ** 2 * 7)), "nameless_death", (mother, day, 1))
    if rnd() < P_MATERNAL_DEATH:
        sim.push(day + 1 + int(rnd() * 41), "maternal_death", mother)
    d = Delivery(mother, mother.spouse, day, gest, not still)
    if mother.dels is None:
        mother.dels = [d]
    else:
        mother.dels.append(d)


def _baby(w, day, mother, parity, order, gest, place, still, no_id) -> Birth:
    rnd = w.rnd
    b = Birth()
    b.mother, b.father, b.day, b.order, b.parity = mother, mother.spouse, day, order, parity
    b.male = _sex(w, parity)
    b.live, b.gest, b.place = not still, gest, place
    b.child, b.name = None, ""
    if not still and not no_id:
        b.child = w.add(b.male, day, mother.hh, _relation(mother, b.male), mom=mother,
                        dad=mother.spouse)
        if b.child.b != day:
            raise RuntimeError("ID sequence lanes exhausted for a birth day")
        b.name = b.child.name
    elif not still and not forced_blank(w, day) and rnd() < 0.5:
        sur = mother.spouse.sur if mother.spouse is not None else mother.sur
        b.name = w.make_name(sur, day, b.male)
    mean = 3330 + (gest - 39) * 90 if gest >= 37 else 3150 - (37 - gest) * 300
    weight = mean + 380 * w.rng.gauss(0, 1)
    b.weight = max(900, min(5200, int(weight))) if not still else 800 + int(rnd() * 2000)
    hospital = place in ("医院", "卫生院")
    if hospital and b.live:
        year = w.cal.year[day - w.cal.base]
        w.cert_no += 1
        b.cert = f"{_CERT_LETTERS[year % 13]}51{w.town_slot:03d}{w.cert_no:04d}"
    else:
        b.cert = ""
    r = rnd()
    b.report = day + (31 + int(rnd() * 10) if r < 0.04 else 3 + int(r * r * 28))
    return b


def _sex(w, parity: int) -> bool:
    """Male with a probability pulled towards the target share (SRB ≈ 104 / 113)."""
    group = 0 if parity == 1 else 1
    target = 0.51 if group == 0 else 0.53
    n, males = w.sex_tally[group]
    p = min(0.9, max(0.1, target + 0.12 * (target * n - males)))
    male = w.rnd() < p
    w.sex_tally[group] = (n + 1, males + male)
    return male


def forced_blank(w, day: int) -> bool:
    """Babies who die before registration early in the year usually have no name yet."""
    return day <= w.E - 60


def _relation(mother: Person, male: bool) -> str:
    anchor = mother.spouse if mother.spouse is not None and mother.spouse.hh == mother.hh else mother
    if anchor.rel in ("户主", "配偶") or mother.rel in ("户主", "配偶"):
        return "子" if male else "女"
    if anchor.rel in ("子", "女") or mother.rel in ("子", "女", "其他"):
        return "孙子女"
    return "其他"
