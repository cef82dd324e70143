"""Database look-ups the kinds share: one query per chunk, never one per row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from django.db import connection

from weijian.divisions.models import Division, Level
from weijian.interchange.kinds.base import Context, Row, select_in
from weijian.register.models import Person


class PersonRef(NamedTuple):
    pk: int
    id_number: str | None
    sex: int
    birth_date: date
    death_date: date | None
    village_id: int
    household_id: int | None
    batch_id: int | None
    batch_row: int | None


_PERSON_COLUMNS = "id, id_number, sex, birth_date, death_date, village_id, household_id, batch_id, batch_row"


def as_date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _person_ref(row: tuple) -> PersonRef:
    return PersonRef(row[0], row[1], row[2], as_date(row[3]), as_date(row[4]), *row[5:])


def persons_by_id_number(numbers: Iterable[str | None]) -> dict[str, PersonRef]:
    table = connection.ops.quote_name(Person._meta.db_table)
    sql = f"SELECT {_PERSON_COLUMNS} FROM {table} WHERE id_number IN ({{marks}})"
    return {r[1]: _person_ref(r) for r in select_in(sql, [n for n in numbers if n])}


def persons_by_pk(pks: Iterable[int | None]) -> dict[int, PersonRef]:
    table = connection.ops.quote_name(Person._meta.db_table)
    sql = f"SELECT {_PERSON_COLUMNS} FROM {table} WHERE id IN ({{marks}})"
    return {r[0]: _person_ref(r) for r in select_in(sql, [p for p in pks if p])}


def catalog_pks(model) -> dict[str, int]:
    """Code and Chinese name → pk for a catalog table (service items, data elements)."""
    pks: dict[str, int] = {}
    for pk, code, name in model.objects.values_list("pk", "code", "name"):
        pks[code] = pks[name] = pk
    return pks


class DivisionRef(NamedTuple):
    pk: int
    code: str
    level: str


class Divisions:
    """All divisions, loaded once per import (a county has a few hundred)."""

    def __init__(self):
        self.by_code = {
            code: DivisionRef(pk, code, level)
            for pk, code, level in Division.objects.values_list("pk", "code", "level")
        }

    def village_pks(self) -> dict[str, int]:
        """Village (and group) code → pk, for the hot path of large imports."""
        if not hasattr(self, "_village_pks"):
            self._village_pks = {
                code: ref.pk for code, ref in self.by_code.items() if ref.level in (Level.VILLAGE, Level.GROUP)
            }
        return self._village_pks

    def village(self, ctx: Context, row: Row, column: str, required: bool = True) -> int | None:
        """The pk of the village (or group) in `column`; records an error if it is unusable."""
        code = row[column]
        if not code:
            if required:
                ctx.error(row, column, "必填项为空")
            return None
        ref = self.by_code.get(code)
        if ref is None:
            ctx.error(row, column, f"村居代码{code}不存在：请先导入行政区划")
            return None
        if ref.level not in (Level.VILLAGE, Level.GROUP):
            ctx.error(row, column, f"代码{code}是{Level(ref.level).label}级区划，应填写村（社区）代码")
            return None
        return ref.pk

    def org(self, ctx: Context, row: Row, column: str) -> int | None:
        code = row[column]
        ref = self.by_code.get(code)
        if ref is None:
            ctx.error(row, column, f"单位代码{code}不存在：请先导入行政区划")
            return None
        return ref.pk


def require_person(
    ctx: Context, row: Row, column: str, found: dict[str, PersonRef], *, sex: int | None = None, what: str = "人员"
) -> PersonRef | None:
    """The person named in `column`, or None with an error (unknown, or of the wrong sex)."""
    number = row[column]
    if not number:
        return None
    ref = found.get(number)
    if ref is None:
        ctx.error(row, column, f"{what}身份号码{number}在人口库中不存在：请先导入或登记该人员")
        return None
    if sex is not None and ref.sex != sex:
        ctx.error(row, column, f"{what}身份号码{number}对应的人员性别为{'男' if ref.sex == 1 else '女'}")
        return None
    return ref


def check_alive_on(ctx: Context, row: Row, column: str, person: PersonRef, day: date | None, what: str) -> bool:
    """An event of a person must fall between their birth and their death."""
    if day is None:
        return True
    if day < person.birth_date:
        ctx.error(row, column, f"{what}早于本人出生日期{person.birth_date.isoformat()}")
        return False
    if person.death_date and day > person.death_date:
        ctx.error(row, column, f"{what}晚于本人死亡日期{person.death_date.isoformat()}")
        return False
    return True
