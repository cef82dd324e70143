"""A tiny register built record by record through the ORM, for hand-counted indicator tests.

    r = Register()                       # province … township 青山镇, villages v1 石堰村 and v2 白鹤村
    mum = r.person("1990-06-15", 2, r.v1, marital_status="first")
    baby = r.birth(mum, "2020-02-02", 1)
    r.service(mum, "prenatal_visit", "2020-01-05")
    r.figure(r.v1, "meetings", "202003", 2)  # an aggregate activity figure (汇总数据)
"""

from __future__ import annotations

from datetime import date
from itertools import count

from weijian.care.models import DataElement, DataValue, ServiceItem, ServiceRecord, Target
from weijian.divisions.models import Division, Level
from weijian.periods import parse
from weijian.register.models import Birth, Death, Household, Marriage, Migration, Person, Residence

_numbers = count(1)


def day(value: str | date | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


class Register:
    def __init__(self) -> None:
        province = Division.objects.create(code="510000000000", name="四川省", level=Level.PROVINCE)
        city = Division.objects.create(code="511300000000", name="南充市", level=Level.CITY, parent=province)
        self.county = Division.objects.create(code="511302000000", name="顺庆区", level=Level.COUNTY, parent=city)
        self.township = Division.objects.create(code="511302101000", name="青山镇", level=Level.TOWNSHIP,
                                                parent=self.county)
        self.v1 = self.village("511302101201", "石堰村")
        self.v2 = self.village("511302101202", "白鹤村")
        self._services = dict(ServiceItem.objects.values_list("code", "pk"))
        self._elements = dict(DataElement.objects.values_list("code", "pk"))

    def village(self, code: str, name: str, parent: Division | None = None) -> Division:
        return Division.objects.create(code=code, name=name, level=Level.VILLAGE, parent=parent or self.township)

    def household(self, village: Division) -> Household:
        return Household.objects.create(number=f"H{next(_numbers):05d}", village=village)

    def person(self, born: str, sex: int, village: Division, *, household: Household | None = None,
               died: str | None = None, residence: str = Residence.RESIDENT, registered: bool | None = None,
               id_number: str | None = "auto", **fields) -> Person:
        if id_number == "auto":
            id_number = f"P{next(_numbers):017d}"  # unique; the engine does not read the number
        if registered is None:
            registered = residence != Residence.INCOMER
        return Person.objects.create(
            id_number=id_number, name=fields.pop("name", f"人{next(_numbers)}"), sex=sex, birth_date=day(born),
            village=village, household=household, residence=residence, registered_here=registered,
            death_date=day(died), **fields,
        )

    def birth(self, mother: Person, born: str, sex: int, *, live: bool = True, order: int = 1, parity: int = 1,
              weight: int | None = 3200, place: str = "hospital", village: Division | None = None,
              died: str | None = None) -> Person | None:
        """A birth; a live-born child also becomes a person of the register (as the import does)."""
        child = None
        if live:
            child = self.person(born, sex, village or mother.village, household=mother.household, mother=mother,
                                died=died, id_number=None)
        Birth.objects.create(mother=mother, child=child, birth_date=day(born), sex=sex, birth_order=order,
                             parity=parity, live_birth=live, birth_weight_g=weight if live else None,
                             delivery_place=place, village=village or mother.village)
        if died:
            self.death(child, died)
        return child

    def death(self, person: Person, died: str, *, maternal: bool = False) -> None:
        person.death_date = day(died)
        person.save(update_fields=["death_date"])
        Death.objects.create(person=person, death_date=day(died), maternal_death=maternal)

    def migration(self, person: Person, direction: str, when: str) -> None:
        Migration.objects.create(person=person, direction=direction, date=day(when))

    def marriage(self, person: Person, when: str, *, spouse: Person | None = None, first: bool | None = True,
                 event: str = "marriage") -> None:
        Marriage.objects.create(person=person, spouse=spouse, event=event, date=day(when), first_marriage=first)

    def service(self, person: Person, code: str, when: str, *, result: str = "", value=None,
                partner: Person | None = None, village: Division | None = None) -> None:
        ServiceRecord.objects.create(person=person, service_id=self._services[code], date=day(when), result=result,
                                     value=value, partner=partner, village=village or person.village)

    def figure(self, org: Division, element: str, period: str, value) -> DataValue:
        span = parse(period)
        return DataValue.objects.create(data_element_id=self._elements[element], period=span.code, start=span.start,
                                        end=span.end, org=org, value=value)

    def target(self, org: Division, period: str, indicator: str, value) -> None:
        span = parse(period)
        Target.objects.create(org=org, period=span.code, start=span.start, end=span.end, indicator=indicator,
                              target=value)


def values(period: str, org: Division, *codes: str, by: str | None = None, **options) -> dict:
    """{indicator: value} for the division, or {(division code, indicator): value} with `by`."""
    from weijian.indicators.engine import compute

    rows = compute(parse(period), org, by=by, indicators=list(codes) or None, **options)
    if by:
        return {(row.org, row.indicator): row.value for row in rows}
    return {row.indicator: row.value for row in rows}


def rows_by_code(period: str, org: Division, *codes: str, **options) -> dict:
    from weijian.indicators.engine import compute

    return {row.indicator: row for row in compute(parse(period), org, indicators=list(codes) or None, **options)}
