"""services.csv rows: maternal, child, women's, elderly and chronic-disease services.

Every row is for a person alive (and living under this township's register) on the
day, inside the generated years; (id_number, service, date) never repeats.
"""

from __future__ import annotations

from bisect import bisect

from .births import Delivery
from .names import Picker
from .world import GONE, MARRIED, Person, World

CHECK_DAYS = (30, 91, 182, 243, 365, 548, 730, 913, 1095, 1461, 1826, 2191)
VACCINE_DAYS = (
    ("HepB1", 0), ("BCG", 1), ("HepB2", 30), ("IPV", 61), ("OPV", 91), ("DTaP1", 98),
    ("DTaP2", 122), ("DTaP3", 152), ("HepB3", 182), ("MenA", 189), ("MMR", 243), ("JE", 250),
    ("Varicella", 372), ("HepA", 548), ("DTaP4", 556), ("MenAC", 1097),
)
TARGETED = ("pre_pregnancy_checkup", "premarital_checkup", "cervical_cancer_screening",
            "breast_cancer_screening", "elderly_insurance", "elderly_health_check")
_CHECK_RESULT = Picker(((930, "正常"), (20, "低体重"), (15, "生长迟缓"), (15, "消瘦"),
                        (15, "中度营养不良"), (5, "重度营养不良")))
_METHOD = Picker(((50, "宫内节育器"), (30, "避孕套"), (4, "口服避孕药"), (3, "皮下埋植"), (13, "绝育")))
_VISITS = Picker(((5, 3), (10, 4), (25, 5), (25, 6), (20, 7), (15, 8)))
_Y = 365.2425


class ServiceWriter:
    """Collects rows and the per village-year counts the targets are set from."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.rows: list[tuple] = []
        self.counts: dict[tuple[int, int, str], int] = {}
        self.iso = w.cal.iso
        self.base = w.cal.base
        self.starts = [ys for ys, _, _ in w.years]
        self.clinic = [n + "卫生室" for n in w.vname]
        self.vcode = w.vcode
        self.pp_years: set[tuple[str, int]] = set()
        self.insurer = w.town.name + "计生协会"

    def emit(self, p: Person, code: str, day: int, provider: str, result: str = "",
             value: str = "", partner: str = "") -> None:
        self.rows.append((p.idn, code, self.iso[day - self.base], partner, result, value,
                          provider, self.vcode[p.vi]))

    def emit_t(self, p: Person, code: str, day: int, provider: str, result: str = "",
               value: str = "", partner: str = "") -> None:
        """emit() for the services targets are set on: also counted per village-year."""
        self.rows.append((p.idn, code, self.iso[day - self.base], partner, result, value,
                          provider, self.vcode[p.vi]))
        key = (p.vi, bisect(self.starts, day) - 1, code)
        self.counts[key] = self.counts.get(key, 0) + 1

    def year_day(self, ys: int, ye: int, lo: int, hi: int) -> int | None:
        """A random day of [ys, ye] ∩ [lo, hi], or None."""
        a, b = max(ys, lo), min(ye, hi)
        return None if a > b else a + int(self.w.rnd() * (b - a + 1))


def window(w: World, p: Person) -> tuple[int, int]:
    """First and last day the person can receive services here."""
    lo = max(w.S, p.b, p.arr or 0)
    hi = w.E
    if p.dd is not None:
        hi = min(hi, p.dd - 1)
    if p.dep is not None:
        hi = min(hi, p.dep - 1)
    return lo, hi


def build_services(w: World) -> ServiceWriter:
    sw = ServiceWriter(w)
    seven = int(7 * _Y) + 400
    for p in w.people:
        if p.dd == GONE:
            continue
        lo, hi = window(w, p)
        if lo > hi:
            continue
        if hi - p.b < seven:
            _child(sw, p, lo, hi)
        if not p.male and p.b < hi - 15 * _Y:
            _woman(sw, p, lo, hi)
        if hi - p.b >= 45 * _Y:
            _chronic(sw, p, lo, hi)
        if hi - p.b >= 60 * _Y:
            _elderly(sw, p, lo, hi)
    for h, f, day in w.wed_log:
        _premarital(sw, h, f, day)
    return sw


def _child(sw: ServiceWriter, p: Person, lo: int, hi: int) -> None:
    rnd = sw.w.rnd
    b = p.b
    take = 0.5 if p.res == "流出" else 0.93
    hc, clinic = sw.w.health_centre, sw.clinic[p.vi]
    for off in CHECK_DAYS:
        d = b + off + int(rnd() * 15) - 7
        if d > hi:
            break
        if d >= lo and rnd() < take:
            sw.emit(p, "child_health_check", d, hc if rnd() < 0.8 else clinic, _CHECK_RESULT(rnd))
    for code, off in VACCINE_DAYS:
        d = b + off + (int(rnd() * 5) if off > 1 else 0)
        if d > hi:
            break
        if d >= lo and rnd() < 0.97:
            sw.emit(p, "immunization", d, hc if off > 1 else sw.w.mch, code)


def _woman(sw: ServiceWriter, p: Person, lo: int, hi: int) -> None:
    w = sw.w
    rnd = w.rnd
    away = p.res == "流出"
    method = None
    for ys, ye, _ in w.years:
        age = (ye - p.b) / _Y
        if 35.5 <= age < 65 and rnd() < (0.07 if away else 0.22):
            both = rnd() < 0.7
            d = sw.year_day(ys, ye, max(lo, p.b + int(35 * _Y) + 1), min(hi, p.b + int(64.9 * _Y)))
            if d is not None:
                sw.emit_t(p, "cervical_cancer_screening", d, w.mch, "正常" if rnd() < 0.98 else "异常")
                if both:
                    sw.emit_t(p, "breast_cancer_screening", d, w.mch, "正常" if rnd() < 0.985 else "异常")
        if p.ms is not None and 15 <= age < 50.5 and rnd() < 0.62:
            method = method or _METHOD(rnd)
            d = sw.year_day(ys, ye, max(lo, p.ms + 30), min(hi, p.b + int(49.9 * _Y)))
            if d is not None and _contracepting(p, d):
                sw.emit(p, "contraception_service", d, w.health_centre if rnd() < 0.6
                        else sw.clinic[p.vi], method)
    if p.dels is not None:
        for dl in p.dels:
            _maternal(sw, p, dl, lo, hi)
            _planning(sw, p, dl, lo, hi)


def _contracepting(p: Person, d: int) -> bool:
    """Married on day d and not pregnant or just delivered."""
    if d < p.ms or (p.me is not None and d >= p.me) or p.mar == "未婚":
        return False
    if p.dels is not None:
        for dl in p.dels:
            if dl.day - 290 <= d <= dl.day + 90:
                return False
    return True


def _maternal(sw: ServiceWriter, p: Person, dl: Delivery, lo: int, hi: int) -> None:
    w = sw.w
    rnd = w.rnd
    day, hc = dl.day, w.health_centre
    week = 8 + int(rnd() * 5) if rnd() < 0.8 else 13 + int(rnd() * 8)
    reg = day - (dl.gest - week) * 7 - int(rnd() * 5)
    if lo <= reg <= hi:
        sw.emit(p, "pregnancy_registration", reg, hc, value=str(week))
    n = min(_VISITS(rnd), day - reg - 8)
    if n > 0:
        for d in sorted(w.rng.sample(range(reg + 7, day), n)):
            if lo <= d <= hi:
                sw.emit(p, "prenatal_visit", d, hc if rnd() < 0.6 else w.mch)
    d = reg + int(rnd() * 14)
    if lo <= d <= hi and d < day and rnd() < 0.96:
        sw.emit(p, "maternal_hiv_syphilis_hepb_test", d, w.mch, "阴性" if rnd() < 0.995 else "阳性")
    if rnd() < 0.15:
        d = reg + int(rnd() * (day - reg))
        if lo <= d <= hi:
            sw.emit(p, "high_risk_identified", d, w.mch)
            d2 = min(day - 1, d + 1 + int(rnd() * 14))
            if d2 > d and d2 <= hi and rnd() < 0.9:
                sw.emit(p, "high_risk_managed", d2, w.mch)
    r = rnd()
    d = day + (3 + int(rnd() ** 2 * 26) if r < 0.88 else 29 + int(rnd() * 17))
    if r < 0.93 and lo <= d <= hi:
        sw.emit(p, "postpartum_visit", d, hc if rnd() < 0.6 else sw.clinic[p.vi])


def _planning(sw: ServiceWriter, p: Person, dl: Delivery, lo: int, hi: int) -> None:
    """Folic acid and the couple's pre-pregnancy checkup before the conception."""
    w = sw.w
    rnd = w.rnd
    conceived = dl.day - dl.gest * 7 + 14
    d = conceived - 90 + int(rnd() * 100)
    if lo <= d <= hi and rnd() < 0.8:
        sw.emit(p, "folic_acid", d, w.health_centre)
    if dl.father is not None and rnd() < 0.62:
        d = conceived - 40 - int(rnd() * 200)
        if lo <= d <= hi and d > p.ms:
            _pre_pregnancy(sw, p, dl.father, d)


def _pre_pregnancy(sw: ServiceWriter, f: Person, h: Person, d: int) -> None:
    key = (f.idn, bisect(sw.starts, d))
    if key not in sw.pp_years:
        sw.pp_years.add(key)
        sw.emit_t(f, "pre_pregnancy_checkup", d, sw.w.mch, partner=h.idn)


def _premarital(sw: ServiceWriter, h: Person, f: Person, day: int) -> None:
    w = sw.w
    rnd = w.rnd
    if rnd() < 0.58:
        d = day - 7 - int(rnd() * 80)
        for p in (h, f):
            lo, hi = window(w, p)
            if lo <= d <= hi and rnd() < 0.97:
                sw.emit_t(p, "premarital_checkup", d, w.mch, "正常" if rnd() < 0.95 else "异常")
    if f.dels is None and rnd() < 0.35:
        d = day + 30 + int(rnd() * 300)
        lo, hi = window(w, f)
        if lo <= d <= hi and f.spouse is h and f.mar in MARRIED:
            _pre_pregnancy(sw, f, h, d)
            if d + 7 <= hi and rnd() < 0.6:
                sw.emit(f, "folic_acid", d + 7, w.health_centre)


def _elderly(sw: ServiceWriter, p: Person, lo: int, hi: int) -> None:
    w = sw.w
    rnd = w.rnd
    away = p.res == "流出"
    b65, b60 = p.b + int(65 * _Y) + 2, p.b + int(60 * _Y) + 2
    for ys, ye, _ in w.years:
        if rnd() < (0.2 if away else 0.72):
            d = sw.year_day(ys, ye, max(lo, b65), hi)
            if d is not None:
                sw.emit_t(p, "elderly_health_check", d, w.health_centre if rnd() < 0.7
                          else sw.clinic[p.vi], "正常" if rnd() < 0.6 else "异常")
        if rnd() < 0.42:
            d = sw.year_day(ys, min(ye, ys + 120), max(lo, b60), hi)
            if d is not None:
                sw.emit_t(p, "elderly_insurance", d, sw.insurer, value="50" if rnd() < 0.35 else "30")


def _chronic(sw: ServiceWriter, p: Person, lo: int, hi: int) -> None:
    w = sw.w
    rnd = w.rnd
    old = hi - p.b >= 60 * _Y
    for code, share in (("hypertension_followup", 0.05 if old else 0.02),
                        ("diabetes_followup", 0.02 if old else 0.008)):
        if rnd() >= share:
            continue
        d = lo + int(rnd() * 60)
        clinic = sw.clinic[p.vi]
        while d <= hi:
            sw.emit(p, code, d, clinic, "控制满意" if rnd() < 0.75 else "控制不满意")
            d += 80 + int(rnd() * 21)
