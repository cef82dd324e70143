"""`aggregate` data values and `targets`: figures per division and period."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from django.db import connection

from weijian import periods
from weijian.care.models import DataElement, DataValue, Target
from weijian.indicators.registry import BY_CODE, TARGETABLE
from weijian.interchange.kinds.base import (
    Column,
    Context,
    Kind,
    Row,
    fmt_number,
    select_in,
)
from weijian.interchange.kinds.lookups import catalog_pks
from weijian.interchange.values import FieldError, decimal


def parse_period(value) -> periods.Period:
    try:
        return periods.parse(str(value))
    except periods.PeriodError as error:
        raise FieldError(str(error)) from None


BY_NAME = {info.name: info.code for info in BY_CODE.values()}  # targets may name an indicator in Chinese


class OrgFigureKind(Kind):
    """Rows keyed by (something, period, org), holding a number."""

    key_column = "org_code"
    db_key: tuple[str, str, str] = ("", "period", "org_id")
    db_values: tuple[str, ...] = ()

    def __init__(self):
        super().__init__()

    def subject(self, ctx: Context, row: Row):
        """The first key part (data element pk, indicator code), or None with an error."""
        raise NotImplementedError

    def values(self, row: Row) -> list:
        raise NotImplementedError

    def resolve(self, ctx: Context, rows: list[Row]) -> None:
        for row in rows:
            subject = self.subject(ctx, row)
            org = self.divisions.org(ctx, row, "org_code")
            if row.ok:
                row.key = (subject, row["period"].code, org)
        rows = [r for r in rows if r.ok]
        quote = connection.ops.quote_name
        first, _, _ = self.db_key
        sql = (f"SELECT {quote(first)}, period, org_id, id, batch_id, batch_row FROM {quote(self.table)} "
               "WHERE org_id IN ({marks})")
        existing = {tuple(r[:3]): r[3:] for r in select_in(sql, [row.key[2] for row in rows])}
        for row in rows:
            match = existing.get(row.key)
            if match:
                row.pk, row.prior = match[0], (match[1], match[2])

    def write(self, ctx: Context, rows: list[Row]) -> None:
        columns = [*self.db_key, "start", "end", *self.db_values]
        self.write_records(
            ctx, rows, columns, lambda row: [*row.key, row["period"].start, row["period"].end, *self.values(row)]
        )


class AggregateKind(OrgFigureKind):
    name = "aggregate"
    label = "汇总数据"
    model = DataValue
    key_column = "data_element"
    key_label = "数据项、期间和单位"
    columns = (
        Column("data_element", "数据项", required=True),
        Column("period", "期间", parse_period, required=True),
        Column("org_code", "单位代码", required=True),
        Column("value", "数值", decimal(14, 2), required=True),
    )
    db_key = ("data_element_id", "period", "org_id")
    db_values = ("value",)

    @cached_property
    def elements(self) -> dict[str, int]:
        return catalog_pks(DataElement)

    def subject(self, ctx: Context, row: Row):
        element = self.elements.get(row["data_element"])
        if element is None:
            ctx.error(row, "data_element", f"数据项“{row['data_element']}”不在数据项目录中")
        return element

    def values(self, row: Row) -> list:
        return [row["value"]]

    def export_rows(self, prefix: str) -> Iterator[list[str]]:
        query = (
            DataValue.objects.filter(org__code__startswith=prefix)
            .order_by("data_element__code", "start", "period", "org__code")
            .values_list("data_element__code", "period", "org__code", "value")
        )
        for element, period, org, value in query.iterator(chunk_size=5000):
            yield [element, period, org, fmt_number(value)]


class TargetsKind(OrgFigureKind):
    name = "targets"
    label = "目标任务"
    model = Target
    key_label = "单位、期间和指标"
    columns = (
        Column("org_code", "单位代码", required=True),
        Column("period", "期间", parse_period, required=True),
        Column("indicator", "指标", required=True),
        Column("target", "目标值", decimal(14, 2), required=True),
        Column("weight", "权重", decimal(6, 2)),
    )
    db_key = ("indicator", "period", "org_id")
    db_values = ("target", "weight")

    def subject(self, ctx: Context, row: Row):
        code = BY_NAME.get(row["indicator"], row["indicator"])
        if code not in BY_CODE:
            ctx.error(row, "indicator", f"指标“{row['indicator']}”不存在")
        elif code not in TARGETABLE:
            ctx.error(row, "indicator", f"指标“{BY_CODE[code].name}”不能设定目标任务")
        if row["target"] is not None and row["target"] < 0:
            ctx.error(row, "target", "目标值不能为负数")
        return code

    def values(self, row: Row) -> list:
        return [row["target"], row["weight"]]

    def export_rows(self, prefix: str) -> Iterator[list[str]]:
        query = (
            Target.objects.filter(org__code__startswith=prefix)
            .order_by("org__code", "start", "period", "indicator")
            .values_list("org__code", "period", "indicator", "target", "weight")
        )
        for org, period, indicator, target, weight in query.iterator(chunk_size=5000):
            yield [org, period, indicator, fmt_number(target), fmt_number(weight)]
