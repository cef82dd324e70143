"""`weijian bench indicators`: every indicator for one statistical year by village, timed.

A synthetic county (``weijian generate``) is imported into SQLite and PostgreSQL through
``weijian import all``; then, in a fresh process per database, the engine computes every
indicator of DOMAIN.md §6 for the last statistical year, for each village of the county.
The same process times the *floor*: one read through every table the indicators read,
touching the columns they use.  The engine cannot be faster than the floor, so the ratio
says how much of its time is the SQL's own work.

The generated files and databases are kept in ``--workdir`` (default: a folder under the
system's temporary folder named after the county's size), so a second run skips straight
to the timing; delete the folder, or pass ``--fresh``, to start again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from weijian.bench import _default_pg_url, bench_database, recreate_pg_database

# The tables the indicator SQL reads, with the columns it reads from each.
FLOOR_TABLES = {
    "divisions_division": ("id", "code"),
    "register_person": ("id", "village_id", "household_id", "birth_date", "sex", "death_date", "marital_status",
                        "registered_here", "residence", "first_marriage_date"),
    "register_household": ("id", "village_id"),
    "register_migration": ("person_id", "date", "direction"),
    "register_marriage": ("id", "person_id", "date", "event", "first_marriage"),
    "register_birth": ("id", "mother_id", "village_id", "birth_date", "sex", "parity", "live_birth",
                       "birth_weight_g", "delivery_place"),
    "register_death": ("id", "person_id", "death_date", "maternal_death"),
    "care_servicerecord": ("id", "person_id", "partner_id", "village_id", "service_id", "date", "value", "result"),
    "indicators_policylimit": ("start", "max_parity"),
    "care_datavalue": ("id", "org_id", "data_element_id", "start", "end", "value"),
    "care_dataelement": ("id", "code"),
    "care_serviceitem": ("id", "code"),
    "care_target": ("org_id", "start", "end", "indicator", "target", "weight"),
}


def run_bench(args) -> int:
    from weijian.synth import Spec

    spec = Spec(persons=args.persons, villages=args.villages, years=args.years, seed=1)
    folder = Path(args.workdir or Path(tempfile.gettempdir())
                  / f"weijian-bench-indicators-{spec.persons}-{spec.villages}-{spec.years}")
    if args.fresh and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = _generated(spec, folder / "csv")
    targets = []
    if args.database in ("sqlite", "both"):
        targets.append(("SQLite", {"WEIJIAN_DATA_DIR": str(folder / "sqlite")}, folder / "sqlite.done"))
    if args.database in ("postgresql", "both"):
        url = args.postgres_url or _default_pg_url()
        if url:
            bench_url, name = bench_database(url, "_bench_indicators")
            targets.append(("PostgreSQL", {"DATABASE_URL": bench_url}, folder / f"{name}.done"))
        else:
            print("PostgreSQL: skipped (set WEIJIAN_BENCH_PG_URL or DATABASE_URL, or run scripts/postgres.sh)")
    for label, env, done in targets:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env
        if not done.exists():
            if not _load(label, files, env):
                continue
            done.touch()
        figures = _child(env, args.repeat)
        if figures is not None:
            _print(label, figures)
    return 0


def _generated(spec, folder: Path) -> Path:
    from weijian.synth import generate

    if not (folder / "done").exists():
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        counts = generate(spec, folder)
        (folder / "done").write_text(json.dumps(counts))
        print(f"generate: {counts['persons']:,} persons, {counts['births']:,} births, "
              f"{counts['services']:,} service records in {time.perf_counter() - started:.0f} s")
    return folder


def _load(label: str, files: Path, env: dict) -> bool:
    command = [sys.executable, "-m", "weijian.cli"]
    if "DATABASE_URL" in env:
        recreate_pg_database(env["DATABASE_URL"])
    started = time.perf_counter()
    for step in (["init"], ["import", "all", str(files)]):
        done = subprocess.run([*command, *step], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{label}: {' '.join(step)} failed\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
            return False
    print(f"{label}: imported in {time.perf_counter() - started:.0f} s")
    if "DATABASE_URL" in env:
        _vacuum(env["DATABASE_URL"])
    return True


def _vacuum(url: str) -> None:
    """VACUUM ANALYZE the freshly loaded PostgreSQL database, as autovacuum does within minutes
    of a large import: until then index-only scans visit the table for every row (the
    visibility map is unset), and the figures would depend on when autovacuum came by."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def _child(env: dict, repeat: int) -> dict | None:
    done = subprocess.run([sys.executable, "-m", "weijian.indicators.bench", str(repeat)],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"timing failed\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print(label: str, f: dict) -> None:
    best = min(f["engine"])
    print(f"{label}: {f['persons']:,} persons, {f['villages']} villages, period {f['period']}: "
          f"{f['indicators']} indicators × {f['villages']} villages = {f['rows']:,} values")
    print(f"{label}:   engine {best:.2f} s (best of {len(f['engine'])}; runs "
          f"{', '.join(f'{s:.2f}' for s in f['engine'])} s)")
    print(f"{label}:   floor  {f['floor']:.2f} s (one read through {len(FLOOR_TABLES)} tables, best of "
          f"{len(f['engine'])}); engine / floor = {best / f['floor']:.1f}")
    print(f"{label}:   per source: " + ", ".join(f"{k} {v:.2f}" for k, v in f["sources"].items()) + " s")


def _child_main(repeat: int) -> int:
    """In a fresh process on the database of the environment: print the figures as JSON."""
    from weijian.cli import _setup_django, ensure_database

    _setup_django()
    ensure_database()  # a kept database gets the migrations added since it was made
    from django.db import connection

    from weijian.divisions.models import Division, Level
    from weijian.divisions.selectors import PREFIX_LENGTH
    from weijian.indicators import engine, measures
    from weijian.indicators.registry import INDICATORS

    county = Division.objects.filter(level=Level.COUNTY).order_by("code").first()
    period = last_statistical_year()
    runs, floors = [], []
    for _ in range(repeat):  # taken in turns, so that both see the machine as it is
        floors.append(_floor(connection))
        started = time.perf_counter()
        rows = engine.compute(period, county, by=Level.VILLAGE)
        runs.append(time.perf_counter() - started)
    floor = min(floors)
    villages = len({row.org for row in rows})
    # Each source's share, from one more run that times the sources one by one.
    needed = sorted({code for info in INDICATORS for part in ("numerator", "denominator")
                     for _, code in info.terms(part)})
    sources: dict[str, float] = {}
    for name in dict.fromkeys(measures.measure(code).source for code in needed):
        codes = [code for code in needed if measures.measure(code).source == name]
        started = time.perf_counter()
        engine.measure_counts(period, county, PREFIX_LENGTH[county.level], codes)
        sources[name] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM register_person")
        persons = cursor.fetchone()[0]
    print(json.dumps({"period": period.code, "persons": persons, "villages": villages, "rows": len(rows),
                      "indicators": len(rows) // max(villages, 1), "engine": runs, "floor": floor,
                      "sources": sources}))
    return 0


def last_statistical_year():
    """The last statistical year that has births (it ends on 30 September)."""
    from django.db import connection

    from weijian.indicators import engine
    from weijian.periods import parse

    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(birth_date) FROM register_birth")
        last = engine._as_date(cursor.fetchone()[0])
    return parse(f"{last.year + (1 if last.month >= 10 else 0)}TJ")


def _floor(connection) -> float:
    """Seconds to read every table the indicators read once, counting each column used."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table, columns in FLOOR_TABLES.items():
            counted = ", ".join(f"COUNT({connection.ops.quote_name(column)})" for column in columns)  # "end"
            cursor.execute(f"SELECT {counted} FROM {table}")
            cursor.fetchall()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(_child_main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
