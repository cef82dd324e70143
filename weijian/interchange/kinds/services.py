"""`services`: service records against the service catalog (DOMAIN.md §7)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from weijian.care.models import ServiceItem, ServiceRecord
from weijian.interchange.kinds.base import Column, Context, Row, fmt_date, fmt_number
from weijian.interchange.kinds.events import PersonEventKind
from weijian.interchange.kinds.lookups import PersonRef, catalog_pks, require_person
from weijian.interchange.values import decimal, parse_date, parse_id_number, text

COLUMNS = (
    Column("id_number", "公民身份号码", parse_id_number, required=True),
    Column("service", "服务项目", required=True),
    Column("date", "日期", parse_date, required=True),
    Column("partner_id_number", "配偶身份号码", parse_id_number),
    Column("result", "结果", text(50)),
    Column("value", "数值", decimal(12, 2)),
    Column("provider", "服务机构", text(100)),
    Column("village_code", "村居代码"),
)


class ServicesKind(PersonEventKind):
    name = "services"
    label = "服务记录"
    model = ServiceRecord
    columns = COLUMNS
    key_label = "人员、服务项目和日期"
    what_date = "服务日期"
    db_key = ("service_id", "date")
    db_values = ("partner_id", "result", "value", "provider", "village_id")
    other_people = ("partner_id_number",)

    @cached_property
    def items(self) -> dict[str, int]:
        return catalog_pks(ServiceItem)

    def resolve_more(self, ctx: Context, row: Row, person: PersonRef, found: dict[str, PersonRef]) -> None:
        item = self.items.get(row["service"])
        if item is None:
            ctx.error(row, "service", f"服务项目“{row['service']}”不在服务目录中")
        row.refs["service"] = item
        partner = require_person(ctx, row, "partner_id_number", found, what="配偶")
        row.refs["partner"] = partner.pk if partner else None
        if row["village_code"]:
            row.refs["village"] = self.divisions.village(ctx, row, "village_code")
        else:
            row.refs["village"] = person.village_id

    def key_values(self, row: Row) -> tuple:
        return (row.refs["service"], row["date"])

    def values(self, row: Row) -> list:
        return [row.refs["partner"], row["result"] or "", row["value"], row["provider"] or "", row.refs["village"]]

    def export_rows(self, prefix: str) -> Iterator[list[str]]:
        query = (
            ServiceRecord.objects.filter(village__code__startswith=prefix)
            .order_by("person__id_number", "service__code", "date")
            .values_list(
                "person__id_number", "service__code", "date", "partner__id_number", "result", "value",
                "provider", "village__code",
            )
        )
        for number, code, day, partner, result, value, provider, village in query.iterator(chunk_size=5000):
            yield [number, code, fmt_date(day), partner or "", result, fmt_number(value), provider, village]
