"""`migrations`: 迁入/迁出 move the household registration; 流入/流出/返回 where people live."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection

from weijian.interchange.kinds.base import Column, Context, Row, fmt_choice, fmt_date
from weijian.interchange.kinds.events import PersonEventKind
from weijian.interchange.values import choice, parse_date, parse_id_number, text
from weijian.register.models import Direction, Migration, Person

COLUMNS = (
    Column("id_number", "公民身份号码", parse_id_number, required=True),
    Column("direction", "类型", choice(dict(Direction.choices), "类型"), required=True),
    Column("date", "日期", parse_date, required=True),
    Column("place", "地点", text(100)),
    Column("reason", "原因", text(100)),
)


class MigrationsKind(PersonEventKind):
    name = "migrations"
    label = "迁移流动"
    model = Migration
    columns = COLUMNS
    db_key = ("direction", "date")
    db_values = ("place", "reason")

    def key_values(self, row: Row) -> tuple:
        return (row["direction"], row["date"])

    def values(self, row: Row) -> list:
        return [row["place"] or "", row["reason"] or ""]

    def finish(self, ctx: Context) -> None:
        quote = connection.ops.quote_name
        moved = f"id IN (SELECT person_id FROM {quote(self.table)} WHERE batch_id = %s)"
        refresh_from_migrations(moved, [ctx.batch_id], residence=True)

    def export_rows(self, prefix: str) -> Iterator[list[str]]:
        direction = fmt_choice(Direction.choices)
        query = (
            Migration.objects.filter(person__village__code__startswith=prefix)
            .order_by("person__id_number", "direction", "date")
            .values_list("person__id_number", "direction", "date", "place", "reason")
        )
        for number, kind, day, place, reason in query.iterator(chunk_size=5000):
            yield [number, direction(kind), fmt_date(day), place, reason]


def refresh_from_migrations(where: str, params: list, *, residence: bool) -> None:
    """Persons matching `where`: registration (and residence) follow their latest events.

    Persons without such events keep what they have.
    """
    quote = connection.ops.quote_name
    person, migration = quote(Person._meta.db_table), quote(Migration._meta.db_table)
    latest = (
        "SELECT {expr} FROM " + migration + " m WHERE m.person_id = " + person + ".id "
        "AND m.direction IN ({directions}) ORDER BY m.date DESC, m.id DESC LIMIT 1"
    )
    sets = ["registered_here = COALESCE((%s), registered_here)" % latest.format(
        expr="m.direction = 'move_in'", directions="'move_in', 'move_out'")]
    if residence:
        sets.append("residence = COALESCE((%s), residence)" % latest.format(
            expr="CASE m.direction WHEN 'flow_out' THEN 'away' WHEN 'return' THEN 'resident' ELSE 'incomer' END",
            directions="'flow_out', 'return', 'flow_in'",
        ))
    sql = f"UPDATE {person} SET {', '.join(sets)} WHERE {where} AND id IN (SELECT person_id FROM {migration})"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
