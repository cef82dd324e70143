"""Kinds whose rows are events of one person, keyed by (person, something, date):
marriages, migrations and service records share this shape."""

from __future__ import annotations

from django.db import connection

from weijian.interchange.kinds.base import Context, Kind, Row, select_in
from weijian.interchange.kinds.lookups import PersonRef, as_date, check_alive_on, persons_by_id_number, require_person


class PersonEventKind(Kind):
    key_column = "id_number"
    key_label = "人员、类型和日期"
    what_date = "日期"
    # Database columns: the key after person_id (the last one a date), then the other values.
    db_key: tuple[str, ...] = ()
    db_values: tuple[str, ...] = ()
    other_people: tuple[str, ...] = ()  # further ID-number columns to look up

    def key_values(self, row: Row) -> tuple:
        """The key parts after the person, as stored (e.g. the event code and the date)."""
        raise NotImplementedError

    def values(self, row: Row) -> list:
        """Values for `db_values`, in order."""
        raise NotImplementedError

    def resolve_more(self, ctx: Context, row: Row, person: PersonRef, found: dict[str, PersonRef]) -> None:
        """Checks and look-ups beyond the person (spouse, service item, village)."""

    def check_row(self, ctx: Context, row: Row) -> None:
        day = row["date"]
        if day and day > ctx.today:
            ctx.error(row, "date", f"{self.what_date}晚于今天")

    def resolve(self, ctx: Context, rows: list[Row]) -> None:
        found = persons_by_id_number(r[c] for r in rows for c in ("id_number", *self.other_people))
        for row in rows:
            person = require_person(ctx, row, "id_number", found)
            if person is None or not check_alive_on(ctx, row, "date", person, row["date"], self.what_date):
                continue
            row.refs["person"] = person
            self.resolve_more(ctx, row, person, found)
            if row.ok:
                row.key = (person.pk, *self.key_values(row))
        self._existing([r for r in rows if r.ok])

    def _existing(self, rows: list[Row]) -> None:
        quote = connection.ops.quote_name
        keys = ", ".join(quote(c) for c in ("person_id", *self.db_key))
        sql = f"SELECT {keys}, id, batch_id, batch_row FROM {quote(self.table)} WHERE person_id IN ({{marks}})"
        width = 1 + len(self.db_key)
        existing = {}
        for r in select_in(sql, [row.key[0] for row in rows]):
            key = tuple(as_date(v) if i == width - 1 else v for i, v in enumerate(r[:width]))
            existing[key] = r[width:]
        for row in rows:
            match = existing.get(row.key)
            if match:
                row.pk, row.prior = match[0], (match[1], match[2])

    def write(self, ctx: Context, rows: list[Row]) -> None:
        columns = ("person_id", *self.db_key, *self.db_values)
        self.write_records(ctx, rows, columns, lambda row: [*row.key, *self.values(row)])

