"""The records the entry forms write, described as data: one entry per import kind.

A form's fields are the columns of the import kind of the same name, so what a user types
is checked by exactly the rules a file row is (weijian/interchange/kinds). What is here is
only what the import does not know: how to read a stored record back into a row for the
edit form, which columns identify the record (fixed once it exists), and which division
it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.http import Http404
from django.utils import timezone

from weijian.care.models import ServiceRecord
from weijian.interchange.kinds import KINDS
from weijian.interchange.kinds.base import Column
from weijian.interchange.kinds.migrations import refresh_from_migrations
from weijian.interchange.values import parse_id_number
from weijian.register.models import Birth, Death, Marriage, Migration, Person


def _death_removed(death: Death) -> None:
    Person.objects.filter(pk=death.person_id).update(death_date=None, updated_at=timezone.now())


def _migration_removed(migration: Migration) -> None:
    refresh_from_migrations("id = %s", [migration.person_id], residence=True)


@dataclass(frozen=True)
class EntryKind:
    name: str  # the import kind, also the URL's kind
    model: type[models.Model]
    key: tuple[str, ...]  # columns that identify the record: shown, not changeable, on the edit form
    anchor: str  # the column naming the record's person, where scope errors are shown
    village: str  # attribute path of the division the record belongs to
    who: str  # attribute path of the person named in the audit summary
    when: str  # attribute path of the record's date, for the summary
    cells: dict[str, str] = field(default_factory=dict)  # column → attribute path, where not the same
    after_delete: Callable | None = None  # keeps derived state right once a record is deleted
    also: str = ""  # attribute path of a person the import writes alongside (a birth's child …)
    also_column: str = ""  # the column naming that person by ID number

    @property
    def label(self) -> str:
        return KINDS[self.name].label

    @property
    def key_label(self) -> str:
        return KINDS[self.name].key_label

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(KINDS[self.name].columns)

    @property
    def deletable(self) -> bool:
        return self.model is not Person  # persons leave the register by death or migration

    def records(self):
        paths = [*self.cells.values(), self.village, self.who]
        related = {p.rsplit(".", 1)[0].replace(".", "__") for p in paths if "." in p}
        return self.model.objects.select_related(*sorted(related))

    def companion(self, record):
        """The person the import writes alongside the record, fresh from the database, or None."""
        linked = attribute(record, self.also) if self.also else None
        return Person.objects.filter(pk=linked.pk).first() if linked is not None else None

    def companion_of_row(self, row: dict[str, str]):
        """Before a new record is written: the person the row names in `also_column`, if any."""
        number = row.get(self.also_column) if self.also_column else None
        return Person.objects.filter(id_number=number).first() if number else None

    @property
    def id_columns(self) -> tuple[str, ...]:
        """The columns holding ID numbers: shown masked on the edit form."""
        return tuple(c.name for c in self.columns if c.parse is parse_id_number)

    def row(self, record) -> dict[str, str]:
        """The record as a canonical row of cells, as a file would hold it."""
        return {c.name: cell(attribute(record, self.cells.get(c.name, c.name))) for c in self.columns}

    def division(self, record):
        return attribute(record, self.village)

    def summary(self, record) -> str:
        who = attribute(record, self.who)
        return f"{self.label}：{getattr(who, 'name', '') or '（无名）'} {cell(attribute(record, self.when))}"


def attribute(record, path: str):
    """`record.a.b.c` for the path "a.b.c"; None where a link is missing."""
    value = record
    for name in filter(None, path.split(".")):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


PERSON = "person"
ENTRY_KINDS: dict[str, EntryKind] = {k.name: k for k in (
    EntryKind(
        "persons", Person, key=("id_number",), anchor="id_number", village="village", who="", when="birth_date",
        cells={"village_code": "village.code", "household_no": "household.number",
               "mother_id_number": "mother.id_number", "father_id_number": "father.id_number"},
    ),
    EntryKind(
        "births", Birth, key=("mother_id_number", "birth_date", "birth_order"), anchor="mother_id_number",
        village="village", who="mother", when="birth_date",
        cells={"mother_id_number": "mother.id_number", "child_id_number": "child.id_number",
               "child_name": "child.name", "father_id_number": "father.id_number", "village_code": "village.code"},
        also="child", also_column="child_id_number",
    ),
    EntryKind(
        "deaths", Death, key=("id_number", "mother_id_number", "child_birth_date", "birth_order"),
        anchor="id_number", village="person.village", who=PERSON, when="death_date",
        cells={"id_number": "person.id_number", "mother_id_number": "person.birth.mother.id_number",
               "child_birth_date": "person.birth.birth_date", "birth_order": "person.birth.birth_order"},
        after_delete=_death_removed, also=PERSON, also_column="id_number",
    ),
    EntryKind(
        "marriages", Marriage, key=("id_number", "event", "date"), anchor="id_number", village="person.village",
        who=PERSON, when="date", cells={"id_number": "person.id_number", "spouse_id_number": "spouse.id_number"},
    ),
    EntryKind(
        "migrations", Migration, key=("id_number", "direction", "date"), anchor="id_number",
        village="person.village", who=PERSON, when="date", cells={"id_number": "person.id_number"},
        after_delete=_migration_removed,
    ),
    EntryKind(
        "services", ServiceRecord, key=("id_number", "service", "date"), anchor="id_number", village="village",
        who=PERSON, when="date",
        cells={"id_number": "person.id_number", "service": "service.code", "partner_id_number": "partner.id_number",
               "village_code": "village.code"},
    ),
)}


def entry_kind_or_404(name: str) -> EntryKind:
    try:
        return ENTRY_KINDS[name]
    except KeyError:
        raise Http404("没有这种记录") from None
