"""One township end to end: build, simulate, and format every kind's CSV rows."""

from __future__ import annotations

from .activity import aggregate_rows, target_rows
from .events import Sim
from .households import build_population
from .names import Picker
from .plan import Plan, Spec
from .services import build_services
from .world import GONE, World

HEADERS: dict[str, tuple[str, ...]] = {
    "divisions": ("code", "name", "level", "parent_code"),
    "persons": ("id_number", "name", "sex", "birth_date", "village_code", "household_no",
                "relation", "hukou_type", "residence", "marital_status", "first_marriage_date",
                "mother_id_number", "father_id_number", "disability_grade", "death_date", "phone"),
    "births": ("mother_id_number", "birth_date", "sex", "child_id_number", "child_name",
               "father_id_number", "birth_order", "parity", "live_birth", "birth_weight_g",
               "gestation_weeks", "delivery_place", "village_code", "birth_certificate_no",
               "report_date"),
    "deaths": ("id_number", "mother_id_number", "child_birth_date", "birth_order", "death_date",
               "cause", "maternal_death", "report_date"),
    "marriages": ("id_number", "spouse_id_number", "event", "date", "first_marriage"),
    "migrations": ("id_number", "direction", "date", "place", "reason"),
    "services": ("id_number", "service", "date", "partner_id_number", "result", "value",
                 "provider", "village_code"),
    "aggregate": ("data_element", "period", "org_code", "value"),
    "targets": ("org_code", "period", "indicator", "target", "weight"),
}
KINDS = tuple(HEADERS)
SEX = ("女", "男")
YES = ("否", "是")
_GRADE = Picker(((15, "1"), (25, "2"), (30, "3"), (30, "4")))
_MOBILE = tuple(f"13{i}" for i in range(10)) + tuple(
    f"15{i}" for i in (0, 1, 2, 3, 5, 6, 7, 8, 9)) + tuple(f"18{i}" for i in range(10))


def township_rows(spec: Spec, plan: Plan, t: int) -> dict[str, list[tuple[str, ...]]]:
    """Rows of every kind except divisions for township ``t``."""
    w = World(spec, plan, t)
    build_population(w)
    Sim(w).run()
    sw = build_services(w)
    return {
        "persons": person_rows(w),
        "births": birth_rows(w),
        "deaths": death_rows(w),
        "marriages": [(a.idn, b.idn, ev, w.cal.s(d), first) for a, b, ev, d, first in w.marriages],
        "migrations": [(p.idn, kind, w.cal.s(d), place, reason)
                       for p, kind, d, place, reason in w.migrations],
        "services": sw.rows,
        "aggregate": aggregate_rows(w),
        "targets": target_rows(w, sw.counts),
    }


def person_rows(w: World) -> list[tuple[str, ...]]:
    iso, base, rnd, E = w.cal.iso, w.cal.base, w.rnd, w.E
    vcode, hh_no, hukou = w.vcode, w.hh_no, w.hh_hukou
    adult = int(18 * 365.2425) + 2
    rows = []
    for p in w.people:
        if p.dd == GONE:
            continue
        last = E if p.dd is None else p.dd
        age_days = last - p.b
        phone = ""
        if age_days >= adult and rnd() < (0.9 if age_days < 27000 else 0.55):
            phone = f"{_MOBILE[int(rnd() * len(_MOBILE))]}{int(rnd() * 1e8):08d}"
        dis_p = 0.005 if age_days < adult else (0.015 if age_days < 21900 else 0.04)
        mom, dad = p.mom, p.dad
        rows.append((
            p.idn, p.name, SEX[p.male], iso[p.b - base], vcode[p.vi], hh_no[p.hh], p.rel,
            hukou[p.hh], p.res, p.mar, "" if p.fmd is None else iso[p.fmd - base],
            "" if mom is None or mom.dd == GONE else mom.idn,
            "" if dad is None or dad.dd == GONE else dad.idn,
            _GRADE(rnd) if rnd() < dis_p else "",
            "" if p.dd is None else iso[p.dd - base], phone,
        ))
    return rows


def birth_rows(w: World) -> list[tuple[str, ...]]:
    s = w.cal.s
    return [(
        b.mother.idn, s(b.day), SEX[b.male], "" if b.child is None else b.child.idn, b.name,
        "" if b.father is None else b.father.idn, str(b.order), str(b.parity), YES[b.live],
        str(b.weight), str(b.gest), b.place, w.vcode[b.mother.vi], b.cert, s(b.report),
    ) for b in w.births]


def death_rows(w: World) -> list[tuple[str, ...]]:
    s = w.cal.s
    return [(
        "" if p is None else p.idn, "" if mother is None else mother.idn, s(born),
        "" if order is None else str(order), s(day), cause, YES[maternal], s(report),
    ) for p, mother, born, order, day, cause, maternal, report in w.deaths]
