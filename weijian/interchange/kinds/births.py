"""`births`: live births and stillbirths, with the child entered in the register.

Key: the child's ID number where given, else (mother, birth date, birth order). A live-born
child becomes a person of the register; one without an ID number yet is kept as a person
without a number and is found again through its birth (mother, date, order).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection

from weijian.interchange.kinds.base import (
    Column,
    Context,
    Kind,
    Row,
    fmt_bool,
    fmt_choice,
    fmt_date,
    insert_many,
    reserve_ids,
    select_in,
    update_many,
)
from weijian.interchange.kinds.lookups import PersonRef, as_date, persons_by_id_number, require_person
from weijian.interchange.values import (
    FieldError,
    check_id_agrees,
    choice,
    parse_bool,
    parse_date,
    parse_id_number,
    parse_sex,
    positive_int,
    text,
)
from weijian.register.models import Birth, DeliveryPlace, Person, Residence, Sex


def _bounded(low: int, high: int, what: str):
    def parse(value) -> int:
        number = positive_int(value)
        if not low <= number <= high:
            raise FieldError(f"{what}应在{low}–{high}之间：{value}")
        return number

    return parse


COLUMNS = (
    Column("mother_id_number", "母亲身份号码", parse_id_number, required=True),
    Column("birth_date", "出生日期", parse_date, required=True),
    Column("sex", "性别", parse_sex, required=True),
    Column("child_id_number", "婴儿身份号码", parse_id_number),
    Column("child_name", "婴儿姓名", text(50)),
    Column("father_id_number", "父亲身份号码", parse_id_number),
    Column("birth_order", "胎序", _bounded(1, 9, "胎序"), default=1),
    Column("parity", "孩次", _bounded(1, 20, "孩次")),
    Column("live_birth", "活产", parse_bool, default=True),
    Column("birth_weight_g", "出生体重(克)", _bounded(200, 8000, "出生体重")),
    Column("gestation_weeks", "孕周", _bounded(20, 45, "孕周")),
    Column("delivery_place", "分娩地点", choice(dict(DeliveryPlace.choices), "分娩地点")),
    Column("village_code", "村居代码"),
    Column("birth_certificate_no", "出生医学证明编号", text(30)),
    Column("report_date", "报告日期", parse_date),
)

BIRTH_COLUMNS = (
    "mother_id", "father_id", "child_id", "birth_date", "sex", "birth_order", "parity", "live_birth",
    "birth_weight_g", "gestation_weeks", "delivery_place", "village_id", "birth_certificate_no", "report_date",
)


class BirthsKind(Kind):
    name = "births"
    label = "出生"
    model = Birth
    columns = COLUMNS
    key_column = "mother_id_number"
    key_label = "母亲、出生日期和胎序（或婴儿身份号码）"

    def __init__(self):
        super().__init__()
        self.derive: list[tuple] = []  # keys of births whose parity is derived in finish()

    def check_row(self, ctx: Context, row: Row) -> None:
        child = row["child_id_number"]
        if child and not row["live_birth"]:
            ctx.error(row, "child_id_number", "死胎死产不应有婴儿身份号码")
        elif child:
            reason = check_id_agrees(child, row["sex"], row["birth_date"])
            if reason:
                ctx.error(row, "child_id_number", reason.replace("身份号码", "婴儿身份号码", 1))
        if row["birth_date"] and row["birth_date"] > ctx.today:
            ctx.error(row, "birth_date", "出生日期晚于今天")

    def resolve(self, ctx: Context, rows: list[Row]) -> None:
        found = persons_by_id_number(
            n for r in rows for n in (r["mother_id_number"], r["father_id_number"], r["child_id_number"])
        )
        for row in rows:
            mother = require_person(ctx, row, "mother_id_number", found, sex=2, what="母亲")
            father = require_person(ctx, row, "father_id_number", found, sex=1, what="父亲")
            row.refs.update(mother=mother, father=father, child=found.get(row["child_id_number"]))
            if row["village_code"]:
                row.refs["village_id"] = self.divisions.village(ctx, row, "village_code")
            elif mother:
                row.refs["village_id"] = mother.village_id
            if mother:
                row.key = (mother.pk, row["birth_date"], row["birth_order"])
        rows = [r for r in rows if r.ok]
        self._existing(rows)
        self._check_children(ctx, rows)
        for row in rows:
            if row.ok and row["parity"] is None:
                self.derive.append((row.refs["mother"].pk, row["birth_date"], row["birth_order"]))
                row.values["parity"] = 0  # set in finish()

    def _existing(self, rows: list[Row]) -> None:
        table = connection.ops.quote_name(self.table)
        cols = "id, mother_id, birth_date, birth_order, child_id, batch_id, batch_row"
        by_key, by_child = {}, {}
        for r in select_in(f"SELECT {cols} FROM {table} WHERE mother_id IN ({{marks}})",
                           [row.key[0] for row in rows]):
            by_key[(r[1], as_date(r[2]), r[3])] = r
            if r[4]:
                by_child[r[4]] = r
        child_pks = [row.refs["child"].pk for row in rows if row.refs["child"]]
        for r in select_in(f"SELECT {cols} FROM {table} WHERE child_id IN ({{marks}})", child_pks):
            by_child[r[4]] = r
        for row in rows:
            child = row.refs["child"]
            match = (by_child.get(child.pk) if child else None) or by_key.get(row.key)
            if match:
                row.pk, row.prior, row.refs["child_pk"] = match[0], (match[5], match[6]), match[4]
                row.key = (match[1], as_date(match[2]), match[3])
            else:
                row.refs["child_pk"] = None

    def _check_children(self, ctx: Context, rows: list[Row]) -> None:
        seen: dict[str, int] = {}
        for row in rows:
            number = row["child_id_number"]
            if not number:
                continue
            if number in seen:
                ctx.error(row, "child_id_number", f"与第{seen[number]}行重复（同一婴儿身份号码出现两次）")
            seen[number] = row.number
            child = row.refs["child"]
            if child and row.refs["child_pk"] not in (None, child.pk):
                ctx.error(row, "child_id_number", "该婴儿身份号码已属于另一条出生登记")

    def finish(self, ctx: Context) -> None:
        """Blank parity: 1 + the mother's children born earlier, plus the place among twins.

        Done once the whole file is in, so an earlier sibling anywhere in the file counts.
        """
        quote = connection.ops.quote_name
        birth, person = quote(self.table), quote(Person._meta.db_table)
        sql = f"""
            UPDATE {birth} SET parity = birth_order + (
                SELECT COUNT(*) FROM {person} p
                WHERE p.mother_id = {birth}.mother_id AND p.birth_date < {birth}.birth_date
            )
            WHERE mother_id = %s AND birth_date = %s AND birth_order = %s
        """
        with connection.cursor() as cursor:
            for start in range(0, len(self.derive), 5000):
                cursor.executemany(sql, self.derive[start:start + 5000])
        self.derive = []

    def write(self, ctx: Context, rows: list[Row]) -> None:
        self._write_children(ctx, rows)
        self.write_records(ctx, rows, BIRTH_COLUMNS, self._values)

    def _values(self, row: Row) -> list:
        mother: PersonRef = row.refs["mother"]
        father: PersonRef | None = row.refs["father"]
        return [
            mother.pk, father.pk if father else None, row.refs["child_id"], row["birth_date"], row["sex"],
            row["birth_order"], row["parity"], row["live_birth"], row["birth_weight_g"],
            row["gestation_weeks"], row["delivery_place"] or "", row.refs["village_id"],
            row["birth_certificate_no"] or "", row["report_date"],
        ]

    def _write_children(self, ctx: Context, rows: list[Row]) -> None:
        """The children's person records, for the whole chunk: found by ID, the one the birth
        already has, or new ones (with reserved keys). Sets row.refs["child_id"]."""
        table = Person._meta.db_table
        updates: dict[tuple, list] = {}  # the same columns are updated together
        inserts: dict[tuple, list] = {}
        new: list[tuple[Row, dict]] = []
        for row in rows:
            row.refs["child_id"] = None
            if not row["live_birth"]:
                continue
            pk, fields = self._child(ctx, row)
            if pk is None:
                new.append((row, fields))
            else:
                updates.setdefault(tuple(fields), []).append([*fields.values(), pk])
                row.refs["child_id"] = pk
        for (row, fields), pk in zip(new, reserve_ids(table, len(new))):
            inserts.setdefault(tuple(fields), []).append([pk, *fields.values()])
            row.refs["child_id"] = pk
        for names, values in updates.items():
            update_many(table, list(names), values)
        for names, values in inserts.items():
            insert_many(table, ["id", *names], values)

    def _child(self, ctx: Context, row: Row) -> tuple[int | None, dict]:
        """(pk of the child's existing person record or None, the fields to write to it)."""
        mother: PersonRef = row.refs["mother"]
        father: PersonRef | None = row.refs["father"]
        child: PersonRef | None = row.refs["child"]
        pk = child.pk if child else row.refs["child_pk"]
        fields = {
            "name": row["child_name"] or "", "sex": row["sex"], "birth_date": row["birth_date"],
            "village_id": row.refs["village_id"], "mother_id": mother.pk,
            "father_id": father.pk if father else None, "updated_at": ctx.stamp,
        }
        if row["child_id_number"]:
            fields["id_number"] = row["child_id_number"]
        if not row["child_name"] and child:
            del fields["name"]  # keep the name the register already has
        if pk is None:
            fields.update(
                household_id=mother.household_id, residence=Residence.RESIDENT, registered_here=True,
                relation="", hukou_type="", marital_status="", phone="", entered_at=fields["updated_at"],
                entered_by_id=ctx.user_id,
            )
        return pk, fields

    def export_rows(self, prefix: str) -> Iterator[list[str]]:
        sex, place = fmt_choice(Sex.choices), fmt_choice(DeliveryPlace.choices)
        query = (
            Birth.objects.filter(village__code__startswith=prefix)
            .order_by("mother__id_number", "birth_date", "birth_order")
            .values_list(
                "mother__id_number", "birth_date", "sex", "child__id_number", "child__name", "father__id_number",
                "birth_order", "parity", "live_birth", "birth_weight_g", "gestation_weeks", "delivery_place",
                "village__code", "birth_certificate_no", "report_date",
            )
        )
        for (mother, born, sx, child, name, father, order, parity, live, weight, weeks, where, village, cert,
             reported) in query.iterator(chunk_size=5000):
            yield [
                mother, fmt_date(born), sex(sx), child or "", name or "", father or "", str(order), str(parity),
                fmt_bool(live), _num(weight), _num(weeks), place(where), village, cert, fmt_date(reported),
            ]


def _num(value) -> str:
    return "" if value is None else str(value)
