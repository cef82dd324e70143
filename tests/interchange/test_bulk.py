"""The fast paths of large imports: an empty table loaded without its plain indexes (and, on
PostgreSQL, its foreign keys), reserved primary keys, parents linked within a chunk. Each must
leave the same state as the ordinary upsert path."""

from __future__ import annotations

import gc
import sqlite3
from datetime import date, datetime

import pytest
from django.db import connection

from tests.conftest import PERSONS_HEADER, VILLAGE_1, VILLAGE_2, issues, make_id
from weijian.interchange import importer
from weijian.interchange.bulk import _foreign_keys, _plain_indexes, rare_collections, register_sqlite_adapters
from weijian.interchange.kinds.base import insert_many, reserve_ids
from weijian.register.models import Household, Person


def family_rows() -> list[list]:
    """Three generations; children are listed before their parents and after them."""
    grandma, grandpa = make_id("1950-02-01", 2, 1), make_id("1948-03-01", 1, 1)
    mother, father = make_id("1975-04-01", 2, 2), make_id("1972-05-01", 1, 2)
    child, late = make_id("2001-06-01", 1, 3), make_id("2003-07-01", 2, 3)
    row = lambda number, name, sex, born, mum="", dad="", village=VILLAGE_1, household="H-1": [  # noqa: E731
        number, name, sex, born, village, household, "", "农村", "常住", "未婚", "", mum, dad]
    return [
        row(child, "孩一", "男", "2001-06-01", mother, father),  # both parents come later
        row(mother, "母亲", "女", "1975-04-01", grandma, grandpa),
        row(father, "父亲", "男", "1972-05-01", household="H-2"),
        row(grandma, "祖母", "女", "1950-02-01"),
        row(grandpa, "祖父", "男", "1948-03-01"),
        row(late, "孩二", "女", "2003-07-01", mother, father, village=VILLAGE_2, household="H-3"),
    ]


def people() -> list[tuple]:
    """The register in a form that does not depend on primary keys."""
    return sorted(Person.objects.values_list(
        "id_number", "name", "sex", "birth_date", "village__code", "household__number", "mother__id_number",
        "father__id_number", "registered_here",
    ))


def schema(table: str) -> tuple[list, list]:
    return _plain_indexes(table), _foreign_keys(table)


@pytest.mark.parametrize("chunk", [1, 2, 5000])
def test_empty_table_and_upsert_give_the_same_register(divisions, load, settings, chunk):
    settings.WEIJIAN_IMPORT_CHUNK = chunk
    before = schema(Person._meta.db_table)
    first = load("persons", PERSONS_HEADER, family_rows())  # the table starts empty: fast path
    assert first.ok, issues(first)
    assert (first.created, first.updated) == (6, 0)
    loaded = people()
    assert schema(Person._meta.db_table) == before  # indexes and foreign keys are back
    again = load("persons", PERSONS_HEADER, family_rows())  # the table has rows: upsert path
    assert (again.created, again.updated) == (0, 6)
    assert people() == loaded
    mother = Person.objects.get(name="母亲")
    assert (mother.mother.name, mother.father.name) == ("祖母", "祖父")
    assert sorted(Person.objects.filter(mother=mother).values_list("name", flat=True)) == ["孩一", "孩二"]
    assert Household.objects.count() == 3


def test_the_upsert_path_alone_gives_the_same_register(divisions, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 2
    first = load("persons", PERSONS_HEADER, family_rows())
    expected = people()
    Person.objects.all().delete()
    Household.objects.all().delete()
    other = make_id("1980-01-01", 1, 9)  # a table that is not empty takes the upsert path
    load("persons", PERSONS_HEADER, [[other, "外人", "男", "1980-01-01", VILLAGE_1, "", "", "", "", "", "", "", ""]])
    result = load("persons", PERSONS_HEADER, family_rows())
    assert first.ok and result.ok, issues(result)
    assert [p for p in people() if p[0] != other] == expected


def test_a_parent_of_the_wrong_sex_in_the_same_chunk(divisions, load):
    rows = family_rows()
    rows[0][11], rows[0][12] = rows[0][12], rows[0][11]  # mother and father swapped
    result = load("persons", PERSONS_HEADER, rows)
    assert issues(result) == [
        (2, "母亲身份号码", rows[0][11], f"母亲身份号码{rows[0][11]}对应的人员性别为男"),
        (2, "父亲身份号码", rows[0][12], f"父亲身份号码{rows[0][12]}对应的人员性别为女"),
    ]
    assert Person.objects.count() == 0


def test_a_rejected_fast_load_keeps_the_schema(divisions, load):
    before = schema(Person._meta.db_table)
    rows = family_rows()
    rows[3][4] = "999999999999"  # grandma's village does not exist
    result = load("persons", PERSONS_HEADER, rows)
    assert not result.ok
    assert Person.objects.count() == 0
    assert schema(Person._meta.db_table) == before


def test_reserved_ids_are_unused_until_inserted(divisions):
    table = Household._meta.db_table
    from weijian.divisions.models import Division

    village = Division.objects.get(code=VILLAGE_1).pk
    Household.objects.create(number="A", village_id=village)
    first = reserve_ids(table, 3)
    assert len(set(first)) == 3 and min(first) > Household.objects.get(number="A").pk
    insert_many(table, ["id", "number", "village_id"], [[pk, f"R{pk}", village] for pk in first])
    second = reserve_ids(table, 2)
    assert min(second) > max(first)
    # Django's own inserts go on after the reserved keys.
    assert Household.objects.create(number="B", village_id=village).pk > max(first)
    assert reserve_ids(table, 0) == []


def test_foreign_keys_are_dropped_only_on_postgresql(db):
    keys = _foreign_keys(Person._meta.db_table)
    if connection.vendor == "postgresql":
        assert {d.split("(")[1].split(")")[0] for _, d in keys} >= {"mother_id", "father_id", "village_id"}
    else:
        assert keys == []


def test_births_write_their_children_chunk_by_chunk(township, load):
    """New and registered children, with and without ID numbers or names, in one chunk."""
    from tests.conftest import dump
    from weijian.register.models import Birth

    header = ["母亲身份号码", "出生日期", "性别", "婴儿身份号码", "婴儿姓名", "胎序", "活产"]
    daughter = make_id("2021-03-15", 2)
    rows = [
        [township.wife, "2019-06-01", "男", township.son, "", "1", "是"],  # already registered
        [township.wife, "2021-03-15", "女", daughter, "张小红", "1", "是"],  # new, with a number
        [township.woman, "2022-01-10", "男", "", "", "1", "是"],  # twins without numbers
        [township.woman, "2022-01-10", "女", "", "赵二", "2", "是"],
        [township.woman, "2023-05-01", "女", "", "", "1", "否"],  # stillbirth: no person
    ]
    result = load("births", header, rows)
    assert result.ok, issues(result)
    assert Person.objects.count() == 8
    son = Person.objects.get(id_number=township.son)
    assert (son.name, Birth.objects.get(child=son).birth_date.isoformat()) == ("张小明", "2019-06-01")
    twins = Person.objects.filter(mother__id_number=township.woman).order_by("sex")
    assert [(t.id_number, t.name, t.household.number) for t in twins] == [(None, "", "BH-002"),
                                                                         (None, "赵二", "BH-002")]
    assert Person.objects.get(id_number=daughter).name == "张小红"
    before = dump(Person), dump(Birth)
    again = load("births", header, rows)
    assert (again.created, again.updated) == (0, 5)
    assert (dump(Person), dump(Birth)) == before


def test_seen_filter_never_misses_a_number():
    from weijian.interchange.kinds.persons import SeenFilter

    seen = SeenFilter()
    numbers = [make_id("1980-01-01", 1 + i % 2, i) for i in range(1, 500)]
    assert [seen.add(n) for n in numbers] == [False] * len(numbers)
    assert all(seen.has(n) for n in numbers)
    assert all(seen.add(n) for n in numbers)
    assert not seen.has(make_id("1990-01-01", 1, 7))  # 8 MB for 500 numbers: no false positive


def test_a_duplicate_in_a_later_chunk_of_a_fresh_table_is_found(divisions, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 1
    rows = family_rows()
    result = load("persons", PERSONS_HEADER, [*rows, rows[1]])
    assert issues(result) == [(8, "公民身份号码", rows[1][0], "与第3行重复（同一身份号码出现两次）")]


def test_blanks_and_booleans_are_stored_as_null_and_integers(db):
    """The registered adapters bind exactly what sqlite3's fallback bound: NULL, 1 and 0, and
    dates as Django's adapter wrote them.
    PostgreSQL's driver does not use them: its booleans stay booleans."""
    for kind in (bool, type(None), date):  # registered when the app started
        assert (kind, sqlite3.PrepareProtocol) in sqlite3.adapters
    register_sqlite_adapters()  # registering again is harmless
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT %s IS NULL, %s, %s, %s + 1, typeof(%s), typeof(%s)",
                           [None, True, False, True, None, True])
            assert cursor.fetchone() == (1, 1, 0, 2, "null", "integer")
            cursor.execute("SELECT %s, typeof(%s), %s", [date(2020, 3, 1), date(2020, 3, 1),
                                                          datetime(2020, 3, 1, 8, 30)])
            assert cursor.fetchone() == ("2020-03-01", "text", "2020-03-01 08:30:00")
        else:
            cursor.execute("SELECT %s IS NULL, %s, %s", [None, True, False])
            assert cursor.fetchone() == (True, True, False)


def test_collections_are_rare_during_an_import_and_the_defaults_come_back():
    default = gc.get_threshold()
    with rare_collections(young=12345):
        assert gc.get_threshold() == (12345, *default[1:])
        with rare_collections(young=12345):  # a second import at the same time
            pass
        assert gc.get_threshold()[0] == 12345  # still inside the first
    assert gc.get_threshold() == default
    with pytest.raises(RuntimeError), rare_collections():
        raise RuntimeError
    assert gc.get_threshold() == default


def test_an_import_runs_with_rare_collections(divisions, load, monkeypatch):
    seen = []
    real = importer.prefetch

    def watching(chunks):
        seen.append(gc.get_threshold()[0])
        return real(chunks)

    monkeypatch.setattr(importer, "prefetch", watching)
    result = load("persons", PERSONS_HEADER, [family_rows()[3]])
    assert result.ok and result.created == 1, issues(result)
    assert seen == [50_000]
    assert gc.get_threshold()[0] != 50_000
