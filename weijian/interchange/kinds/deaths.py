"""`deaths`: one per person; an infant without an ID number is found through its birth."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection
from django.db.models import F

from weijian.interchange.kinds.base import (
    Column,
    Context,
    Kind,
    Row,
    fmt_bool,
    fmt_date,
    select_in,
    update_many,
)
from weijian.interchange.kinds.lookups import PersonRef, as_date, persons_by_id_number, persons_by_pk
from weijian.interchange.values import parse_bool, parse_date, parse_id_number, positive_int, text
from weijian.register.models import Birth, Death, Person

COLUMNS = (
    Column("id_number", "公民身份号码", parse_id_number),
    Column("mother_id_number", "母亲身份号码", parse_id_number),
    Column("child_birth_date", "婴儿出生日期", parse_date),
    Column("birth_order", "胎序", positive_int),
    Column("death_date", "死亡日期", parse_date, required=True),
    Column("cause", "死因", text(100)),
    Column("maternal_death", "孕产妇死亡", parse_bool, default=False),
    Column("report_date", "报告日期", parse_date),
)

DEATH_COLUMNS = ("person_id", "death_date", "cause", "maternal_death", "report_date")


class DeathsKind(Kind):
    name = "deaths"
    label = "死亡"
    model = Death
    columns = COLUMNS
    key_column = "id_number"
    key_label = "死者"

    def check_row(self, ctx: Context, row: Row) -> None:
        if not row["id_number"] and not (row["mother_id_number"] and row["child_birth_date"]):
            ctx.error(row, "id_number", "须填写死者身份号码；无身份号码的婴儿须填写母亲身份号码和婴儿出生日期")
        if row["death_date"] and row["death_date"] > ctx.today:
            ctx.error(row, "death_date", "死亡日期晚于今天")

    def resolve(self, ctx: Context, rows: list[Row]) -> None:
        found = persons_by_id_number(r["id_number"] for r in rows)
        infants = self._infants([r for r in rows if not r["id_number"]])
        for row in rows:
            if row["id_number"]:
                person = found.get(row["id_number"])
                if person is None:
                    ctx.error(row, "id_number", f"身份号码{row['id_number']}在人口库中不存在")
                    continue
            else:
                person = infants.get((row["mother_id_number"], row["child_birth_date"], row["birth_order"] or 1))
                if person is None:
                    ctx.error(row, "mother_id_number", "未找到该母亲在该日期的活产出生登记，无法确定死亡婴儿")
                    continue
            if row["death_date"] < person.birth_date:
                ctx.error(row, "death_date", f"死亡日期早于出生日期{person.birth_date.isoformat()}")
                continue
            if row["maternal_death"] and person.sex != 2:
                ctx.error(row, "maternal_death", "孕产妇死亡只适用于女性")
                continue
            row.refs["person"], row.key = person, person.pk
        self._existing([r for r in rows if r.ok])

    def _infants(self, rows: list[Row]) -> dict[tuple, PersonRef]:
        mothers = persons_by_id_number(r["mother_id_number"] for r in rows)
        if not mothers:
            return {}
        number_of = {ref.pk: number for number, ref in mothers.items()}
        table = connection.ops.quote_name(Birth._meta.db_table)
        births = select_in(
            f"SELECT mother_id, birth_date, birth_order, child_id FROM {table} "
            "WHERE child_id IS NOT NULL AND mother_id IN ({marks})", list(number_of),
        )
        children = persons_by_pk(b[3] for b in births)
        return {(number_of[m], as_date(d), o): children[c] for m, d, o, c in births if c in children}

    def _existing(self, rows: list[Row]) -> None:
        table = connection.ops.quote_name(self.table)
        existing = {
            r[1]: r for r in select_in(
                f"SELECT id, person_id, batch_id, batch_row FROM {table} WHERE person_id IN ({{marks}})",
                [row.key for row in rows],
            )
        }
        for row in rows:
            match = existing.get(row.key)
            if match:
                row.pk, row.prior = match[0], (match[2], match[3])

    def write(self, ctx: Context, rows: list[Row]) -> None:
        self.write_records(ctx, rows, DEATH_COLUMNS, lambda row: [
            row.key, row["death_date"], row["cause"] or "", row["maternal_death"], row["report_date"],
        ])
        stamp = ctx.stamp
        update_many(Person._meta.db_table, ["death_date", "updated_at"],
                    [[row["death_date"], stamp, row.key] for row in rows])

    def export_rows(self, prefix: str) -> Iterator[list[str]]:
        query = (
            Death.objects.filter(person__village__code__startswith=prefix)
            .annotate(
                number=F("person__id_number"), mother=F("person__birth__mother__id_number"),
                born=F("person__birth__birth_date"), order=F("person__birth__birth_order"),
            )
            .order_by("death_date", "number", "mother", "born", "order")
            .values_list("number", "mother", "born", "order", "death_date", "cause", "maternal_death", "report_date")
        )
        for number, mother, born, order, died, cause, maternal, reported in query.iterator(chunk_size=5000):
            infant = not number
            yield [
                number or "", mother if infant and mother else "", fmt_date(born) if infant else "",
                str(order) if infant and order else "", fmt_date(died), cause, fmt_bool(maternal),
                fmt_date(reported),
            ]
