"""Reads for the person page: the person, their family, and a timeline of their events and services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.shortcuts import get_object_or_404

from weijian.accounts import scope
from weijian.care.models import ServiceRecord
from weijian.register.models import Birth, Person


@dataclass
class Event:
    date: date | None
    kind: str
    text: str
    other: Person | None = None  # a person the event links to (child, spouse …), if the user may see them
    entry: tuple[str, int] | None = None  # (entry kind, record id): where the record is corrected


def person_or_404(user, pk: int) -> Person:
    queryset = Person.objects.select_related("village", "household", "mother__village", "father__village",
                                             "birth", "death")
    return get_object_or_404(scope.scoped(queryset, user), pk=pk)


def visible(user, person: Person | None) -> Person | None:
    """`person` if the user may see their village (their name and link are shown), else None."""
    return person if person is not None and scope.can_see(user, person.village) else None


def household_members(user, person: Person) -> list[Person]:
    if person.household_id is None:
        return []
    members = Person.objects.filter(household_id=person.household_id).select_related("village")
    return list(scope.scoped(members, user).order_by("birth_date", "pk"))


def children(user, person: Person) -> list[Person]:
    kids = Person.objects.filter(Q(mother=person) | Q(father=person)).select_related("village")
    return list(scope.scoped(kids, user).order_by("birth_date", "pk"))


def timeline(user, person: Person) -> list[Event]:
    """The person's birth, the births they gave or fathered, marriages, migrations, services and death."""
    events = [_birth(person)]
    births = Birth.objects.filter(Q(mother=person) | Q(father=person)).select_related("child__village")
    for birth in births:
        outcome = "活产" if birth.live_birth else "死胎死产"
        events.append(Event(birth.birth_date, "生育", f"第{birth.parity}孩，{birth.get_sex_display()}，{outcome}",
                            visible(user, birth.child), ("births", birth.pk)))
    for marriage in person.marriages.select_related("spouse__village"):
        spouse = visible(user, marriage.spouse)
        text = "配偶" if spouse or not marriage.spouse else f"配偶 {marriage.spouse.name}"
        events.append(Event(marriage.date, marriage.get_event_display(), text, spouse, ("marriages", marriage.pk)))
    for move in person.migrations.all():
        events.append(Event(move.date, move.get_direction_display(), "，".join(filter(None, [move.place, move.reason])),
                            entry=("migrations", move.pk)))
    for service in ServiceRecord.objects.filter(person=person).select_related("service"):
        detail = "，".join(filter(None, [service.result, service.provider]))
        events.append(Event(service.date, service.service.name, detail, entry=("services", service.pk)))
    death = getattr(person, "death", None)
    if death is not None:
        events.append(Event(death.death_date, "死亡", "孕产妇死亡" if death.maternal_death else "",
                            entry=("deaths", death.pk)))
    return sorted(events, key=lambda event: (event.date or date.max, event.kind))


def _birth(person: Person) -> Event:
    birth = getattr(person, "birth", None)
    if birth is None:
        return Event(person.birth_date, "出生", person.get_sex_display())
    details = [person.get_sex_display(), birth.get_delivery_place_display(),
               f"{birth.birth_weight_g} 克" if birth.birth_weight_g else ""]
    return Event(birth.birth_date, "出生", "，".join(filter(None, details)))
