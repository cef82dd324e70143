"""What the API reads: each record type's scoped, filtered queryset.

Every list starts from `scope.scoped`, so another division's records never appear; a detail
is looked up in the same queryset, so another division's record is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Model, Q, QuerySet

from weijian.accounts import scope
from weijian.care.models import ServiceRecord
from weijian.divisions.models import Division
from weijian.divisions.selectors import code_prefix
from weijian.register.models import Birth, Death, Marriage, Migration, Person


@dataclass(frozen=True)
class Resource:
    """One record type of the API and the import kind that creates it."""

    kind: str
    model: type[Model]
    division: str  # path from the record to its village: what scoping filters on
    date: str | None  # the field the date range applies to
    related: tuple[str, ...]  # select_related: what the serializer reads, in the same query
    order: tuple[str, ...]
    subjects: tuple[str, ...] = ()  # columns naming the person a new record is about, first given wins
    village_column: str | None = None  # the column naming the village of a new record

    def queryset(self) -> QuerySet:
        return self.model.objects.select_related(*self.related).order_by(*self.order)


RESOURCES = {
    "persons": Resource("persons", Person, "village", None, ("village", "household", "mother", "father"), ("village__code", "birth_date", "pk"),
                        village_column="village_code"),
    "births": Resource("births", Birth, "village", "birth_date", ("village", "mother", "father", "child"),
                       ("-birth_date", "-pk"), ("mother_id_number",), "village_code"),
    "deaths": Resource("deaths", Death, "person__village", "death_date",
                       ("person__village", "person__birth__mother"), ("-death_date", "-pk"),
                       ("id_number", "mother_id_number")),
    "marriages": Resource("marriages", Marriage, "person__village", "date", ("person__village", "spouse"),
                          ("-date", "-pk"), ("id_number",)),
    "migrations": Resource("migrations", Migration, "person__village", "date", ("person__village",),
                           ("-date", "-pk"), ("id_number",)),
    "services": Resource("services", ServiceRecord, "village", "date", ("person", "village", "service", "partner"),
                         ("-date", "-pk"), ("id_number",), "village_code"),
}


def record_list(resource: Resource, user, *, division: Division | None = None, start: date | None = None,
                end: date | None = None) -> QuerySet:
    """The user's records of `resource`, within `division` and the dates if given."""
    records = scope.scoped(resource.queryset(), user, resource.division)
    if division is not None:
        records = records.filter(**{f"{resource.division}__code__startswith": code_prefix(division)})
    if start is not None:
        records = records.filter(**{f"{resource.date}__gte": start})
    if end is not None:
        records = records.filter(**{f"{resource.date}__lte": end})
    return records


def person_list(user, *, division: Division | None = None, text: str = "") -> QuerySet:
    """The user's persons, searched by name (part of it), full ID number or household number.

    An ID number matches only in full: a prefix search would let a user without the
    permission read masked digits back one by one.
    """
    persons = record_list(RESOURCES["persons"], user, division=division)
    text = text.strip()
    if text:
        persons = persons.filter(Q(name__icontains=text) | Q(id_number=text.upper()) | Q(household__number=text))
    return persons
