"""`persons`: the whole-population register, keyed by ID number."""

from __future__ import annotations

from collections.abc import Iterator
from operator import itemgetter

from django.db import connection

from weijian.interchange.kinds.base import (
    Column,
    Context,
    Kind,
    Row,
    fmt_choice,
    fmt_date,
    insert_many,
    reserve_ids,
    select_in,
    update_many,
)
from weijian.interchange.kinds.lookups import persons_by_id_number
from weijian.interchange.kinds.migrations import refresh_from_migrations
from weijian.interchange.values import (
    FieldError,
    check_id_agrees,
    choice,
    parse_date,
    parse_id_number,
    parse_int,
    parse_sex,
    text,
)
from weijian.register.models import Household, HukouType, MaritalStatus, Person, Residence, Sex


def disability_grade(value) -> int:
    grade = parse_int(value)
    if not 1 <= grade <= 4:
        raise FieldError(f"残疾等级应为1–4：{value}")
    return grade


COLUMNS = (
    Column("id_number", "公民身份号码", parse_id_number, required=True),
    Column("name", "姓名", text(50), required=True),
    Column("sex", "性别", parse_sex, required=True),
    Column("birth_date", "出生日期", parse_date, required=True),
    Column("village_code", "村居代码", required=True),
    Column("household_no", "户编号", text(30)),
    Column("relation", "与户主关系", text(20)),
    Column("hukou_type", "户口性质", choice(dict(HukouType.choices), "户口性质")),
    Column("residence", "居住状态", choice(dict(Residence.choices), "居住状态")),
    Column("marital_status", "婚姻状况", choice(dict(MaritalStatus.choices), "婚姻状况")),
    Column("first_marriage_date", "初婚日期", parse_date),
    Column("mother_id_number", "母亲身份号码", parse_id_number),
    Column("father_id_number", "父亲身份号码", parse_id_number),
    Column("disability_grade", "残疾等级", disability_grade),
    Column("death_date", "死亡日期", parse_date),
    Column("phone", "联系电话", text(20)),
)

# File column → database column, for the columns stored as they are.
PLAIN = {
    "name": "name", "sex": "sex", "birth_date": "birth_date", "relation": "relation",
    "hukou_type": "hukou_type", "residence": "residence", "marital_status": "marital_status",
    "first_marriage_date": "first_marriage_date", "disability_grade": "disability_grade",
    "death_date": "death_date", "phone": "phone",
}
# What a blank cell of these columns is stored as (the database columns are NOT NULL).
BLANK = {"name": "", "relation": "", "hukou_type": "", "marital_status": "", "phone": "",
         "residence": Residence.RESIDENT}
PARENTS = (("mother_id_number", "mother_id", 2, "母亲"), ("father_id_number", "father_id", 1, "父亲"))


class PersonsKind(Kind):
    name = "persons"
    label = "人员"
    model = Person
    columns = COLUMNS
    key_column = "id_number"
    key_label = "身份号码"

    def __init__(self):
        super().__init__()
        self.pending: list[tuple[int, str, str, str]] = []  # (row, column, person id, parent id)
        self.seen: SeenFilter | None | object = UNKNOWN  # ID numbers of this file, if the table was empty

    def check_row(self, ctx: Context, row: Row) -> None:
        values = row.values
        number, born = values["id_number"], values["birth_date"]
        reason = check_id_agrees(number, values["sex"], born)
        if reason:
            ctx.error(row, "id_number", reason)
        for column, what in (("death_date", "死亡日期"), ("first_marriage_date", "初婚日期")):
            day = values.get(column)
            if day and day < born:
                ctx.error(row, column, f"{what}早于出生日期")
        for column, _, _, what in PARENTS:
            if values.get(column) == number:
                ctx.error(row, column, f"{what}身份号码与本人相同")

    def resolve(self, ctx: Context, rows: list[Row]) -> None:
        villages = self.divisions.village_pks()
        own = [r.values["id_number"] for r in rows]
        parents = [n for r in rows for n in (r.values["mother_id_number"], r.values["father_id_number"]) if n]
        if self.seen is UNKNOWN:
            self.seen = SeenFilter() if not Person.objects.exists() else None
        if self.seen is None:
            found = _persons_brief(own + parents)
        else:  # the table was empty: only numbers this file has had can be in it
            found = _persons_brief(self.seen.having(parents) + self.seen.add_all(own))
        in_chunk = set(own)
        for row in rows:
            values, refs = row.values, row.refs
            refs["village_id"] = villages.get(values["village_code"])
            if refs["village_id"] is None:
                self.divisions.village(ctx, row, "village_code")  # records why
            row.key = number = values["id_number"]
            existing = found.get(number)
            if existing:
                row.pk, row.prior = existing[0], existing[2:]
            for column, field, sex, what in PARENTS:
                parent_number = values.get(column)
                refs[field] = None
                if not parent_number:
                    continue
                parent = found.get(parent_number)
                if parent is None and parent_number in in_chunk:  # written just before the row
                    refs.setdefault("wait", []).append((column, field, sex, what, parent_number))
                elif parent is None:  # may come later in the same file: checked in finish()
                    self.pending.append((row.number, column, number, parent_number))
                elif parent[1] != sex:
                    ctx.error(row, column, f"{what}身份号码{parent_number}对应的人员性别为{Sex(parent[1]).label}")
                else:
                    refs[field] = parent[0]

    def write(self, ctx: Context, rows: list[Row]) -> None:
        """Give new persons their keys first, so parents of the same chunk link without a query."""
        new = [row for row in rows if row.pk is None]
        for row, pk in zip(new, reserve_ids(self.table, len(new))):
            row.refs["id"] = pk
        written = {row.key: row for row in rows}
        for row in rows:
            for column, field, sex, what, parent_number in row.refs.pop("wait", ()):
                parent = written.get(parent_number)
                if parent is None:  # its row is bad and will not be written: finish() reports it
                    self.pending.append((row.number, column, row.key, parent_number))
                elif parent.values["sex"] != sex:
                    label = Sex(parent.values["sex"]).label
                    ctx.error(row, column, f"{what}身份号码{parent_number}对应的人员性别为{label}")
                else:
                    row.refs[field] = parent.pk or parent.refs["id"]
        self._write_rows(ctx, rows, self._households(ctx, rows))

    def _write_rows(self, ctx: Context, rows: list[Row], households: dict[str, int]) -> None:
        present = [c for c in PLAIN if ctx.present(c)]
        refs = ["village_id", "mother_id", "father_id"]
        if ctx.present("household_no"):
            refs.append("household_id")
        stored = [PLAIN[c] for c in present]
        insert_columns = ["id", "id_number", *stored, *refs, "registered_here",
                          "updated_at", "batch_id", "batch_row", "entered_by_id", "entered_at"]
        update_columns = [*stored, *refs, "registered_here", "updated_at", "batch_id", "batch_row"]
        # Without a residence column an update leaves registration as it is.
        keep_registration = not ctx.present("residence")
        stamp, batch, user = ctx.stamp, ctx.batch_id, ctx.user_id
        incomer = Residence.INCOMER
        take_values, take_refs = _getter(present), _getter(refs)
        blank = [(i, BLANK[c]) for i, c in enumerate(present) if c in BLANK]
        inserts, updates = [], []
        for row in rows:
            values, linked = row.values, row.refs
            linked["household_id"] = households.get(values.get("household_no"))
            record = [*take_values(values), *take_refs(linked), values.get("residence") != incomer, stamp, batch,
                      row.number]
            for i, stored_blank in blank:
                if record[i] is None:
                    record[i] = stored_blank
            if row.pk is None:
                inserts.append([linked["id"], values["id_number"], *record, user, stamp])
            elif keep_registration:
                updates.append([*record[:len(stored) + len(refs)], *record[-3:], row.pk])
            else:
                updates.append([*record, row.pk])
        if keep_registration:
            update_columns.remove("registered_here")
        if inserts:
            _fill_defaults(insert_columns, inserts)
            insert_many(self.table, insert_columns, inserts)
        if updates:
            update_many(self.table, update_columns, updates)

    def _households(self, ctx: Context, rows: list[Row]) -> dict[str, int]:
        wanted = {r.values["household_no"]: r.refs["village_id"] for r in rows if r.values["household_no"]}
        if not wanted:
            return {}
        table = connection.ops.quote_name(Household._meta.db_table)
        known = dict(select_in(f"SELECT number, id FROM {table} WHERE number IN ({{marks}})", list(wanted)))
        missing = [number for number in wanted if number not in known]
        if missing:
            pks = reserve_ids(Household._meta.db_table, len(missing))
            insert_many(Household._meta.db_table, ["id", "number", "village_id"],
                        [[pk, number, wanted[number]] for pk, number in zip(pks, missing)])
            known.update(zip(missing, pks))
        return known

    def finish(self, ctx: Context) -> None:
        """Parents named before their own row: resolve them now that the whole file is in."""
        found = persons_by_id_number(p[3] for p in self.pending)
        updates = {"mother_id": [], "father_id": []}
        for number, column, person, parent_number in self.pending:
            field, sex, what = next((f, s, w) for c, f, s, w in PARENTS if c == column)
            parent = found.get(parent_number)
            if parent is None:
                ctx.error(number, column, f"{what}身份号码{parent_number}在人口库和本文件中都不存在",
                          value=parent_number)
            elif parent.sex != sex:
                ctx.error(number, column, f"{what}身份号码{parent_number}对应的人员性别为{Sex(parent.sex).label}",
                          value=parent_number)
            else:
                updates[field].append([parent.pk, person])
        for field, rows in updates.items():
            update_many(self.table, [field], rows, key="id_number")
        self.pending = []
        self.seen = UNKNOWN
        refresh_from_migrations("batch_id = %s", [ctx.batch_id], residence=False)

    def export_rows(self, prefix: str) -> Iterator[list[str]]:
        hukou, residence = fmt_choice(HukouType.choices), fmt_choice(Residence.choices)
        marital, sex = fmt_choice(MaritalStatus.choices), fmt_choice(Sex.choices)
        query = (
            Person.objects.filter(village__code__startswith=prefix, id_number__isnull=False)
            .order_by("id_number")
            .values_list(
                "id_number", "name", "sex", "birth_date", "village__code", "household__number", "relation",
                "hukou_type", "residence", "marital_status", "first_marriage_date", "mother__id_number",
                "father__id_number", "disability_grade", "death_date", "phone",
            )
        )
        for (number, name, sx, born, village, household, relation, hk, res, mar, married, mother, father,
             grade, died, phone) in query.iterator(chunk_size=5000):
            yield [
                number, name, sex(sx), fmt_date(born), village, household or "", relation, hukou(hk),
                residence(res), marital(mar), fmt_date(married), mother or "", father or "",
                "" if grade is None else str(grade), fmt_date(died), phone,
            ]


UNKNOWN = object()


class SeenFilter:
    """The ID numbers a file has had so far, in a fixed 8 MB: `has` may say yes for a number
    it was never given (about 1 in 70 after a million), never no for one it was."""

    BITS = 1 << 26

    def __init__(self):
        self.bits = bytearray(self.BITS >> 3)

    def has(self, number: str) -> bool:
        return bool(self.having([number]))

    def add(self, number: str) -> bool:
        """Remember `number`; whether it may have been seen before."""
        return bool(self.add_all([number]))

    def having(self, numbers: list[str]) -> list[str]:
        """The `numbers` that may have been seen."""
        bits, mask, maybe = self.bits, self.BITS - 1, []
        for number in numbers:
            spot = hash(number) & mask
            if bits[spot >> 3] & (1 << (spot & 7)):
                maybe.append(number)
        return maybe

    def add_all(self, numbers: list[str]) -> list[str]:
        """Remember `numbers`; those that may have been seen before (one loop for a chunk)."""
        bits, mask, maybe = self.bits, self.BITS - 1, []
        for number in numbers:
            spot = hash(number) & mask
            byte, bit = spot >> 3, 1 << (spot & 7)
            if bits[byte] & bit:
                maybe.append(number)
            else:
                bits[byte] |= bit
        return maybe


def _persons_brief(numbers: list[str]) -> dict[str, tuple]:
    """id_number → (pk, sex, batch_id, batch_row): the least a persons import needs."""
    table = connection.ops.quote_name(Person._meta.db_table)
    sql = f"SELECT id_number, id, sex, batch_id, batch_row FROM {table} WHERE id_number IN ({{marks}})"
    return {r[0]: r[1:] for r in select_in(sql, numbers)}


def _getter(names: list[str]):
    """A function giving the values of `names` from a dict, as a tuple (in C, for the hot path)."""
    if not names:
        return lambda _: ()
    take = itemgetter(*names)
    return take if len(names) > 1 else lambda mapping: (take(mapping),)


def _fill_defaults(columns: list[str], rows: list[list]) -> None:
    """New persons need every NOT NULL column even when the file leaves it out."""
    for name, default in BLANK.items():
        if name not in columns:
            columns.append(name)
            for row in rows:
                row.append(default)
