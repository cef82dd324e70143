"""`marriages`: marriage and divorce registrations, one row per person."""

from __future__ import annotations

from collections.abc import Iterator

from weijian.interchange.kinds.base import Column, Context, Row, fmt_bool, fmt_choice, fmt_date
from weijian.interchange.kinds.events import PersonEventKind
from weijian.interchange.kinds.lookups import PersonRef, require_person
from weijian.interchange.values import choice, parse_bool, parse_date, parse_id_number
from weijian.register.models import Marriage, MarriageEvent

COLUMNS = (
    Column("id_number", "公民身份号码", parse_id_number, required=True),
    Column("spouse_id_number", "配偶身份号码", parse_id_number),
    Column("event", "事件", choice(dict(MarriageEvent.choices), "事件"), required=True),
    Column("date", "日期", parse_date, required=True),
    Column("first_marriage", "初婚", parse_bool),
)


class MarriagesKind(PersonEventKind):
    name = "marriages"
    label = "婚姻登记"
    model = Marriage
    columns = COLUMNS
    key_label = "人员、事件和日期"
    what_date = "登记日期"
    db_key = ("event", "date")
    db_values = ("spouse_id", "first_marriage")
    other_people = ("spouse_id_number",)

    def check_row(self, ctx: Context, row: Row) -> None:
        super().check_row(ctx, row)
        if row["spouse_id_number"] and row["spouse_id_number"] == row["id_number"]:
            ctx.error(row, "spouse_id_number", "配偶身份号码与本人相同")

    def resolve_more(self, ctx: Context, row: Row, person: PersonRef, found: dict[str, PersonRef]) -> None:
        spouse = require_person(ctx, row, "spouse_id_number", found, what="配偶")
        if spouse and spouse.sex == person.sex:
            ctx.error(row, "spouse_id_number", "配偶与本人性别相同")
        row.refs["spouse"] = spouse.pk if spouse else None

    def key_values(self, row: Row) -> tuple:
        return (row["event"], row["date"])

    def values(self, row: Row) -> list:
        return [row.refs["spouse"], row["first_marriage"]]

    def export_rows(self, prefix: str) -> Iterator[list[str]]:
        event = fmt_choice(MarriageEvent.choices)
        query = (
            Marriage.objects.filter(person__village__code__startswith=prefix)
            .order_by("person__id_number", "event", "date")
            .values_list("person__id_number", "spouse__id_number", "event", "date", "first_marriage")
        )
        for number, spouse, kind, day, first in query.iterator(chunk_size=5000):
            yield [number, spouse or "", event(kind), fmt_date(day), fmt_bool(first)]
