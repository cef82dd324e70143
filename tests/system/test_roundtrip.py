"""Export → import into an empty database → export gives identical files, for every kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from weijian.interchange import KIND_NAMES
from weijian.interchange.exporter import export_file
from weijian.interchange.importer import discover, import_files
from weijian.register.models import Birth, Death, Person
from weijian.synth import Spec, generate

SPEC = Spec(persons=1500, villages=3, years=2, seed=11, end=date(2025, 9, 30))

# Tables emptied to get "an empty database" inside the test transaction (children first).
TABLES = (
    "care_target", "care_datavalue", "care_servicerecord", "register_migration", "register_marriage",
    "register_death", "register_birth", "register_person", "register_household", "divisions_division",
)


def _empty_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE register_person SET mother_id = NULL, father_id = NULL")
        cursor.execute("UPDATE divisions_division SET parent_id = NULL")
        for table in TABLES:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def _export_all(folder: Path, fmt: str) -> None:
    folder.mkdir()
    for kind in KIND_NAMES:
        export_file(kind, folder / f"{kind}.{fmt}")


@pytest.fixture
def county(tmp_path, db) -> Path:
    source = tmp_path / "generated"
    source.mkdir()
    generate(SPEC, source)
    results = import_files(discover(source))
    assert [r.error_count for r in results] == [0] * len(KIND_NAMES), [str(e) for r in results for e in r.errors[:3]]
    return source


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_gives_identical_files(county, tmp_path, fmt):
    first, second = tmp_path / "first", tmp_path / "second"
    _export_all(first, fmt)
    persons, births, deaths = Person.objects.count(), Birth.objects.count(), Death.objects.count()

    _empty_database()
    assert Person.objects.count() == 0
    results = import_files(discover(first))
    assert all(r.ok for r in results), [str(e) for r in results for e in r.errors[:3]]
    _export_all(second, fmt)

    if fmt == "csv":
        for kind in KIND_NAMES:
            assert (first / f"{kind}.csv").read_bytes() == (second / f"{kind}.csv").read_bytes(), kind
    else:
        from openpyxl import load_workbook

        for kind in KIND_NAMES:
            rows = [list(load_workbook(f / f"{kind}.xlsx").worksheets[0].values) for f in (first, second)]
            assert rows[0] == rows[1], kind
    assert (Person.objects.count(), Birth.objects.count(), Death.objects.count()) == (persons, births, deaths)


def test_generated_files_import_into_the_register(county):
    """The generated county lands whole: counts match the files, infants without IDs included."""
    lines = {kind: sum(1 for _ in open(county / f"{kind}.csv", encoding="utf-8-sig")) - 1 for kind in KIND_NAMES}
    no_id_births = Birth.objects.filter(live_birth=True, child__id_number__isnull=True).count()
    assert Person.objects.filter(id_number__isnull=False).count() == lines["persons"]
    assert Person.objects.filter(id_number__isnull=True).count() == no_id_births
    assert Birth.objects.count() == lines["births"]
    assert Death.objects.count() == lines["deaths"]
    assert Birth.objects.filter(live_birth=False, child__isnull=False).count() == 0


def test_importing_the_same_files_again_changes_nothing(county, tmp_path):
    before = tmp_path / "before"
    _export_all(before, "csv")
    results = import_files(discover(county))
    assert all(r.ok for r in results)
    assert sum(r.created for r in results) == 0
    after = tmp_path / "after"
    _export_all(after, "csv")
    for kind in KIND_NAMES:
        assert (before / f"{kind}.csv").read_bytes() == (after / f"{kind}.csv").read_bytes(), kind
