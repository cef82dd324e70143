"""`divisions`: the division tree, parents before or after their children in the file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.db.models import Q

from weijian.divisions.models import LEVEL_DEPTH, Division, Level
from weijian.interchange.kinds.base import Column, Context, Kind, Row, fmt_choice, insert_many, update_many
from weijian.interchange.values import FieldError, choice, text

# Level spellings beyond the canonical ones that offices use.
_LEVELS = dict(Level.choices)
_EXTRA = {"区": "county", "县级市": "county", "镇": "township", "街道": "township", "社区": "village",
          "居委会": "village", "村民小组": "group", "自治区": "province", "直辖市": "province", "州": "city"}


def parse_level(value) -> str:
    text = str(value).strip()
    if text in _EXTRA:
        return _EXTRA[text]
    return choice(_LEVELS, "级别")(value)


def parse_code(value) -> str:
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not re.fullmatch(r"\d{12}|\d{15}", text):
        raise FieldError("区划代码应为12位数字（村民小组为15位）")
    return text


COLUMNS = (
    Column("code", "代码", parse_code, required=True),
    Column("name", "名称", text(100), required=True),
    Column("level", "级别", parse_level, required=True),
    Column("parent_code", "上级代码", parse_code),
)


class DivisionsKind(Kind):
    name = "divisions"
    label = "行政区划"
    model = Division
    columns = COLUMNS
    key_column = "code"
    key_label = "区划代码"

    def __init__(self):
        super().__init__()
        self.pending: list[tuple[int, str, str, str, str]] = []  # row, code, level, parent code, raw
        self.seen: dict[str, int] = {}

    def check_row(self, ctx: Context, row: Row) -> None:
        if row["parent_code"] == row["code"]:
            ctx.error(row, "parent_code", "上级代码与本级代码相同")
        elif not row["parent_code"] and row["level"] != Level.PROVINCE:
            ctx.error(row, "parent_code", "除省级外须填写上级代码")

    def resolve(self, ctx: Context, rows: list[Row]) -> None:
        known = dict(Division.objects.filter(code__in=[r["code"] for r in rows]).values_list("code", "pk"))
        for row in rows:
            row.key = row["code"]
            row.pk = known.get(row.key)
            if row.key in self.seen:  # a file of divisions is small: remember every code
                row.prior = (ctx.batch_id, self.seen[row.key])
            else:
                self.seen[row.key] = row.number

    def write(self, ctx: Context, rows: list[Row]) -> None:
        inserts = [[r["code"], r["name"], r["level"]] for r in rows if r.pk is None]
        insert_many(self.table, ["code", "name", "level"], inserts)
        update_many(self.table, ["name", "level"], [[r["name"], r["level"], r.pk] for r in rows if r.pk])
        for row in rows:
            if row["parent_code"]:
                self.pending.append((row.number, row["code"], row["level"], row["parent_code"],
                                     ctx.cell(row, "parent_code")))

    def finish(self, ctx: Context) -> None:
        """Link parents once every row of the file is in, so order in the file does not matter."""
        codes = {c for p in self.pending for c in (p[1], p[3])}
        known = {code: (pk, lv) for code, pk, lv in
                 Division.objects.filter(code__in=codes).values_list("code", "pk", "level")}
        links = []
        for number, code, level, parent, raw in self.pending:
            if parent not in known:
                ctx.error(number, "parent_code", f"上级代码{parent}不存在", value=raw)
            elif LEVEL_DEPTH[known[parent][1]] >= LEVEL_DEPTH[level]:
                ctx.error(number, "parent_code", f"上级区划{parent}的级别不高于本级", value=raw)
            else:
                links.append([known[parent][0], code])
        update_many(self.table, ["parent_id"], links, key="code")
        self.pending = []

    def export_rows(self, prefix: str) -> Iterator[list[str]]:
        level = fmt_choice(Level.choices)
        ancestors = [prefix[:n].ljust(12, "0") for n in (2, 4, 6, 9) if n < len(prefix)]
        query = Division.objects.filter(Q(code__startswith=prefix) | Q(code__in=ancestors)).order_by("code")
        for code, name, lv, parent in query.values_list("code", "name", "level", "parent__code"):
            yield [code, name, level(lv), parent or ""]
