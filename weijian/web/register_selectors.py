"""Reads of the seven registers: which records a user may list, and the search box.

Every register is data (`Register`): its model, the path to the village that scopes it, the
date its date filter applies to, how the search box finds it, and what a list row needs
joined. `listing(register, user, ...)` is the one query every register page runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from weijian.accounts import scope
from weijian.care.models import ServiceRecord
from weijian.divisions.models import Division
from weijian.divisions.selectors import code_prefix
from weijian.register.models import Birth, Death, Household, Marriage, Migration, Person

# A full ID number (18 characters) or its last 4 or more characters.
ID_NUMBER_PART = re.compile(r"[0-9]{3,17}[0-9Xx]")
HEAD_OF_HOUSEHOLD = "户主"


def person_match(text: str) -> Q:
    """Persons named like `text`, with ID number `text` (or ending in it), or of household `text`."""
    text = text.strip()
    match = Q(household__in=Household.objects.filter(number=text).values("pk"))
    if ID_NUMBER_PART.fullmatch(text):
        number = text.upper()
        match |= Q(id_number=number) if len(number) == 18 else Q(id_number__endswith=number)
    else:
        match |= Q(name__contains=text)
    return match


def _through(*paths: str) -> Callable[[str], Q]:
    """A search on the records whose persons at `paths` match the text."""

    def search(text: str) -> Q:
        persons = Person.objects.filter(person_match(text)).values("pk")
        return reduce(or_, (Q(**{f"{path}__in": persons}) for path in paths))

    return search


def _households(text: str) -> Q:
    members = Person.objects.filter(person_match(text)).values("household_id")
    return Q(number=text.strip()) | Q(pk__in=members)


def _with_size_and_head(queryset: QuerySet) -> QuerySet:
    head = Person.objects.filter(household=OuterRef("pk"), relation=HEAD_OF_HOUSEHOLD).order_by("pk")
    return queryset.annotate(size=Count("members"), head_name=Subquery(head.values("name")[:1]))


@dataclass(frozen=True)
class Register:
    code: str  # the url name and the template web/registers/<code>.html
    label: str
    model: type
    village: str  # path of the village foreign key that scopes the records
    date: str | None  # the date field the date filter applies to
    date_label: str
    search: Callable[[str], Q]
    related: tuple[str, ...]
    order: tuple[str, ...]
    annotate: Callable[[QuerySet], QuerySet] | None = None

    def base(self) -> QuerySet:
        queryset = self.model.objects.select_related(*self.related).order_by(*self.order)
        return self.annotate(queryset) if self.annotate else queryset


REGISTERS: tuple[Register, ...] = (
    Register("persons", "人员", Person, "village", "birth_date", "出生日期", person_match,
             # Members of a household together, in the order of an index: no sort of the register.
             ("village", "household"), ("village_id", "household_id", "birth_date", "pk")),
    Register("households", "户", Household, "village", None, "", _households,
             ("village",), ("village__code", "number"), _with_size_and_head),
    Register("births", "出生", Birth, "village", "birth_date", "出生日期", _through("mother", "child"),
             ("village", "mother", "child"), ("-birth_date", "-pk")),
    Register("deaths", "死亡", Death, "person__village", "death_date", "死亡日期", _through("person"),
             ("person__village",), ("-death_date", "-pk")),
    Register("marriages", "婚姻", Marriage, "person__village", "date", "日期", _through("person", "spouse"),
             ("person__village", "spouse"), ("-date", "-pk")),
    Register("migrations", "迁移流动", Migration, "person__village", "date", "日期", _through("person"),
             ("person__village",), ("-date", "-pk")),
    Register("services", "服务记录", ServiceRecord, "village", "date", "服务日期", _through("person", "partner"),
             ("village", "person", "service"), ("-date", "-pk")),
)

BY_CODE = {register.code: register for register in REGISTERS}


def listing(register: Register, user, *, text: str = "", village: Division | None = None,
            start: date | None = None, end: date | None = None) -> QuerySet:
    """The register's records the user may see, searched and filtered, in the register's order."""
    queryset = scope.scoped(register.base(), user, field=register.village)
    if text.strip():
        queryset = queryset.filter(register.search(text))
    if village is not None:
        queryset = queryset.filter(**{f"{register.village}__code__startswith": code_prefix(village)})
    if register.date and start:
        queryset = queryset.filter(**{f"{register.date}__gte": start})
    if register.date and end:
        queryset = queryset.filter(**{f"{register.date}__lte": end})
    return queryset
