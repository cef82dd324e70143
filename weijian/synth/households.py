"""The register at the start of the first generated year, built household by household."""

from __future__ import annotations

from .dates import YEAR_DAYS
from .names import ORIGINS, Picker, random_origin
from .world import GONE, Person, World

# Household templates: (weight in ordinary villages, weight in 社区, builder name).
_TEMPLATES = (
    (22, 15, "three_gen"), (26, 30, "nuclear"), (30, 22, "empty_nest"), (10, 8, "single_elder"),
    (6, 8, "single_adult"), (4, 3, "parent_child"), (2.5, 9, "inflow"),
)
_AGE = {
    "grandpa": Picker(((3, (50, 56)), (10, (56, 64)), (12, (64, 72)), (6, (72, 80)), (1.5, (80, 88)))),
    "husband": Picker(((3, (24, 30)), (8, (30, 40)), (10, (40, 50)), (7, (50, 58)))),
    "elder": Picker(((6, (48, 55)), (10, (55, 62)), (9, (62, 70)), (6, (70, 80)), (2, (80, 92)))),
    "single": Picker(((5, (60, 70)), (6, (70, 80)), (5, (80, 90)), (1, (90, 101)))),
    "inflow": Picker(((4, (19, 30)), (5, (30, 40)), (3, (40, 52)))),
}
_KIDS = (  # number of children a woman had, by her birth year
    (1955, Picker(((20, 2), (40, 3), (40, 4)))),
    (1970, Picker(((30, 1), (50, 2), (20, 3)))),
    (1985, Picker(((55, 1), (40, 2), (5, 3)))),
    (9999, Picker(((8, 0), (42, 1), (44, 2), (6, 3)))),
)


def build_population(w: World) -> None:
    """Fill every village up to its planned start population."""
    for vi, v in enumerate(w.town.villages):
        pick = Picker(tuple(((b if v.community else a), name) for a, b, name in _TEMPLATES))
        n0 = w.alive
        while w.alive - n0 < v.target:
            name = pick(w.rnd)
            hukou = "城镇" if w.rnd() < (0.55 if v.community else 0.06) else "农村"
            globals()["_" + name](w, vi, hukou)


def _born(w: World, age: float) -> int:
    return w.S - 1 - int(age * YEAR_DAYS)


def _age(w: World, key: str) -> float:
    lo, hi = _AGE[key](w.rnd)
    return lo + (hi - lo) * w.rnd()


def _wife_age(w: World, husband_age: float) -> float:
    return max(20.2, husband_age - 5 * w.rnd() ** 1.5 + 1.0)


def _couple(w: World, hh: int, h_age: float, w_age: float, rels, origin=0,
            res=("常住", "常住")):
    """Husband and wife married before the start; returns (husband, wife)."""
    h = w.add(True, _born(w, max(h_age, 22.2)), hh, rels[0], res=res[0], origin=origin)
    f = w.add(False, _born(w, max(w_age, 20.2)), hh, rels[1], res=res[1], origin=origin)
    lo = max(f.b + 7306, h.b + 8037)
    m = min(lo + int(w.rnd() ** 1.8 * 2600), w.S - 20)
    w.wed(h, f, m)
    for p, first_lo in ((h, h.b + 8037), (f, f.b + 7306)):
        if m - first_lo > 1500 and w.rnd() < 0.04:
            p.mar = "再婚"
            p.fmd = first_lo + int(w.rnd() * (m - first_lo - 1000))
    return h, f


def _kid_days(w: World, mother: Person) -> list[int]:
    """Birth days of a couple's children born before the start."""
    year = w.cal.year[mother.b - w.cal.base]
    n = next(p for until, p in _KIDS if year < until)(w.rnd)
    out: list[int] = []
    day = mother.ms + 240 + int(w.rnd() * 900)
    for _ in range(n):
        if day >= w.S - 1 or day > mother.b + 42 * 365:
            break
        out.append(day)
        day += 550 + int(w.rnd() ** 1.3 * 3000)
    return out


def _at_home(w: World, male: bool, born: int) -> bool:
    age = (w.S - born) / YEAR_DAYS
    return age < (26 + 6 * w.rnd() if male else 21 + 6 * w.rnd())


def _away(w: World, age: float, male: bool) -> str:
    if 16 <= age < 23:
        share = 0.15
    elif 23 <= age < 45:
        share = 0.40 if male else 0.28
    elif 45 <= age < 56:
        share = 0.15
    else:
        share = 0.0
    return "流出" if w.rnd() < share else "常住"


def _kids(w: World, hh: int, h: Person | None, f: Person, rels, skip: int | None = None):
    """Create the couple's children who still live at home."""
    out = []
    for day in _kid_days(w, f):
        if w.hh_size[hh] >= 6:
            break
        if skip is not None and abs(day - skip) < 500:
            continue
        male = w.rnd() < (0.52 if not out else 0.55)
        if not _at_home(w, male, day):
            continue
        age = (w.S - day) / YEAR_DAYS
        out.append(w.add(male, day, hh, rels[0] if male else rels[1], mom=f, dad=h,
                         res=_away(w, age, male)))
    return out


def _three_gen(w: World, vi: int, hukou: str) -> None:
    hh = w.new_household(vi, hukou)
    gpa_age = _age(w, "grandpa")
    gma_age = _wife_age(w, gpa_age)
    son_age = max(24.0, gma_age - 23 - 9 * w.rnd())
    if gma_age - son_age < 20.5:
        return _nuclear(w, vi, hukou, hh)
    son_head = gpa_age > 76 or w.rnd() < 0.35
    old_rel = ("父母", "父母") if son_head else ("户主", "配偶")
    gpa, gma = _couple(w, hh, gpa_age, gma_age, old_rel)
    son_b = max(_born(w, son_age), gma.ms + 240)
    absent = w.rnd()
    _widow(w, gpa, gma, absent)
    res = _away(w, son_age, True)
    son = w.add(True, son_b, hh, "户主" if son_head else "子", mom=gma, dad=gpa, res=res)
    if son.b + 8037 > w.S - 60:
        return
    dil_age = _wife_age(w, (w.S - son.b) / YEAR_DAYS)
    dil = w.add(False, _born(w, dil_age), hh, "配偶" if son_head else "其他",
                res=_away(w, dil_age, False) if res == "流出" else "常住")
    lo = max(dil.b + 7306, son.b + 8037)
    w.wed(son, dil, min(lo + int(w.rnd() ** 1.8 * 2000), w.S - 20))
    _kids(w, hh, son, dil, ("子", "女") if son_head else ("孙子女", "孙子女"))
    sib = ("其他", "其他") if son_head else ("子", "女")
    _kids(w, hh, gpa, gma, sib, skip=son.b)


def _widow(w: World, h: Person, f: Person, absent: float) -> None:
    """One of an old couple died before the start (25 %): keep only the survivor."""
    if absent < 0.25:
        survivor, gone = (f, h) if absent < 0.16 else (h, f)
        survivor.mar, survivor.spouse, survivor.me = "丧偶", None, w.S - 1 - int(w.rnd() * 3000)
        _drop(w, gone)


def _drop(w: World, p: Person) -> None:
    """Mark a person created only to anchor a family (died before the start, not written)."""
    p.dd = GONE
    w.alive -= 1
    w.hh_size[p.hh] -= 1


def _nuclear(w: World, vi: int, hukou: str, hh: int | None = None) -> None:
    hh = w.new_household(vi, hukou) if hh is None else hh
    h_age = _age(w, "husband")
    f_age = _wife_age(w, h_age)
    wife_head = w.rnd() < 0.05
    h, f = _couple(w, hh, h_age, f_age, ("配偶", "户主") if wife_head else ("户主", "配偶"),
                   res=(_away(w, h_age, True) if h_age > 24 else "常住", "常住"))
    _kids(w, hh, h, f, ("子", "女"))


def _empty_nest(w: World, vi: int, hukou: str) -> None:
    hh = w.new_household(vi, hukou)
    h_age = _age(w, "elder")
    _couple(w, hh, h_age, _wife_age(w, h_age), ("户主", "配偶"))


def _single_elder(w: World, vi: int, hukou: str) -> None:
    hh = w.new_household(vi, hukou)
    male = w.rnd() < 0.32
    p = w.add(male, _born(w, _age(w, "single")), hh, "户主")
    r = w.rnd()
    if r < 0.85 or not male:
        _ever_married(w, p, "丧偶" if r < 0.93 else "离婚")


def _ever_married(w: World, p: Person, status: str) -> None:
    p.mar = status
    p.fmd = p.b + int((21 + 6 * w.rnd()) * YEAR_DAYS)
    p.ms = p.fmd
    p.me = min(w.S - 1, p.fmd + int(w.rnd() * (w.S - p.fmd)))


def _single_adult(w: World, vi: int, hukou: str) -> None:
    hh = w.new_household(vi, hukou)
    male = w.rnd() < 0.8
    age = 25 + 40 * w.rnd()
    p = w.add(male, _born(w, age), hh, "户主", res=_away(w, age, male))
    if w.rnd() < 0.3:
        _ever_married(w, p, "离婚")


def _parent_child(w: World, vi: int, hukou: str) -> None:
    hh = w.new_household(vi, hukou)
    male = w.rnd() < 0.4
    age = 58 + 28 * w.rnd()
    parent = w.add(male, _born(w, age), hh, "户主")
    _ever_married(w, parent, "丧偶")
    son_age = max(24.5, age - 24 - 10 * w.rnd())
    son_b = max(_born(w, son_age), parent.fmd + 300)
    w.add(True, son_b, hh, "子", mom=None if male else parent, dad=parent if male else None,
          res=_away(w, son_age, True))


def _inflow(w: World, vi: int, hukou: str) -> None:
    hh = w.new_household(vi, hukou)
    origin = random_origin(w.rnd)
    age = _age(w, "inflow")
    if w.rnd() < 0.45 or age < 22.5:
        male = w.rnd() < 0.62
        w.add(male, _born(w, age), hh, "户主", origin=origin, res="流入")
        return
    h, f = _couple(w, hh, age, _wife_age(w, age), ("户主", "配偶"), origin=origin,
                   res=("流入", "流入"))
    for day in _kid_days(w, f)[:2]:
        if w.S - day < 15 * YEAR_DAYS:
            male = w.rnd() < 0.52
            w.add(male, day, hh, "子" if male else "女", mom=f, dad=h, origin=origin, res="流入")


def newcomers(w: World, vi: int, day: int, kind: str, hh: int | None = None):
    """People arriving on ``day`` (流入 workers and families, or one 迁入 person).

    Returns (people, origin place name).
    """
    origin = random_origin(w.rnd)
    place = ORIGINS[origin - 1][0]
    if kind == "迁入":
        age = 20 + 50 * w.rnd() ** 1.4
        male = w.rnd() < 0.45
        if hh is None:
            hh, rel = w.new_household(vi, "农村"), "户主"
        else:
            rel = "其他"
        p = w.add(male, day - 30 - int(age * YEAR_DAYS), hh, rel, origin=origin)
        p.local = True
        if age >= 30:
            _ever_married(w, p, "丧偶" if age > 55 else "离婚")
        p.arr = day
        return [p], place
    hh = w.new_household(vi, "农村" if w.rnd() < 0.8 else "城镇")
    before = len(w.people)
    r = w.rnd()
    age = _age(w, "inflow") + (day - w.S) / YEAR_DAYS
    if r < 0.65 or age < 22.5:
        w.add(w.rnd() < 0.62, day - 30 - int(age * YEAR_DAYS), hh, "户主", origin=origin, res="流入")
    else:
        h, f = _couple(w, hh, age, _wife_age(w, age), ("户主", "配偶"), origin=origin,
                       res=("流入", "流入"))
        days = [d for d in _kid_days(w, f) if d < w.S - 365]
        if r > 0.9 and days:
            male = w.rnd() < 0.52
            w.add(male, days[-1], hh, "子" if male else "女", mom=f, dad=h, origin=origin, res="流入")
    people = w.people[before:]
    for p in people:
        p.arr = day
    return people, place
