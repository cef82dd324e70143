"""A county's queries run side by side on connections of their own and give the same numbers."""

from __future__ import annotations

import pytest

from tests.conftest import COUNTY, TOWNSHIP
from weijian.divisions.models import Division, Level
from weijian.indicators import engine
from weijian.periods import parse


def _on_the_workers(sql: str) -> list[tuple]:
    """What `sql` gives on the engine's worker threads (asked twice, so that both take it)."""
    results = [rows for _, rows in engine._run([([], sql, ()), ([], sql, ())], {}, parallel=True)]
    assert results[0] == results[1]
    return results[0]


def _values(rows):
    return [(row.org, row.indicator, row.numerator, row.denominator, row.value) for row in rows]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed data the workers see; catalogs kept
def test_a_county_in_parallel_gives_the_numbers_of_one_connection(full, settings, monkeypatch):
    import threading

    from django.db import connection

    executed = []  # (thread, connection) of each query
    execute = engine._execute
    monkeypatch.setattr(engine, "_execute", lambda *args: executed.append(
        (threading.current_thread().name, id(connection.connection))) or execute(*args))
    county = Division.objects.get(code=COUNTY)
    settings.WEIJIAN_ENGINE_THREADS = 2
    parallel = engine.compute(parse("2022"), county, by=Level.VILLAGE, total=True)
    # one query a source, on the workers' threads, each worker on one connection for all it takes
    assert len(executed) >= 10 and all(thread.startswith("weijian-engine") for thread, _ in executed)
    assert len({thread for thread, _ in executed}) == len(set(executed)) <= 2
    del executed[:]
    settings.WEIJIAN_ENGINE_THREADS = 1
    serial = engine.compute(parse("2022"), county, by=Level.VILLAGE, total=True)
    assert len(executed) >= 10 and {thread for thread, _ in executed} == {threading.current_thread().name}
    assert _values(parallel) == _values(serial)
    births = {row.org: row.value for row in serial if row.indicator == "births"}
    assert births == {COUNTY: 2, "511302101201": 0, "511302101202": 2}  # 赵敏's twins in 白鹤村


def test_not_in_parallel_inside_a_transaction_or_for_a_township(township, settings):
    settings.WEIJIAN_ENGINE_THREADS = 2
    county, town = Division.objects.get(code=COUNTY), Division.objects.get(code=TOWNSHIP)
    assert not engine._parallel(county)  # the test runs in a transaction other connections cannot see
    assert not engine._parallel(town)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_workers_connection_runs_without_postgresqls_jit_and_parallel_workers():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL settings")
    # every connection: no JIT (settings.py); an engine worker's: no parallel workers either
    assert _on_the_workers("SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')") \
        == [("off", "0")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')")
        assert cursor.fetchone() == ("off", "2")


def test_a_sources_planner_methods_are_off_for_its_query_alone(db):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL planner settings")
    assert engine.measures.source("population").planner_off == ("enable_hashagg", "enable_hashjoin")
    asked = "SELECT current_setting('enable_hashagg'), current_setting('enable_hashjoin')"
    with connection.cursor() as cursor:
        assert engine._execute(cursor, asked, {}, ("enable_hashagg", "enable_hashjoin")) == [("off", "off")]
        cursor.execute(asked)
        assert cursor.fetchone() == ("on", "on")
        # A failing query's own error comes through (not one from putting the settings back),
        # and the rollback of its transaction puts them back.
        with pytest.raises(DatabaseError, match="division by zero"):
            with transaction.atomic():
                engine._execute(cursor, "SELECT 1 / 0", {}, ("enable_hashagg",))
        cursor.execute(asked)
        assert cursor.fetchone() == ("on", "on")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_workers_sqlite_connection_keeps_a_small_cache_and_sorts_in_files():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")
    # a worker's connection: SQLite's default cache of 2 MB and temporary files (1), where the
    # settings' have a 64 MB cache and temporary tables in memory (2)
    assert _on_the_workers("SELECT * FROM pragma_cache_size, pragma_temp_store") == [(-2000, 1)]
    with connection.cursor() as cursor:  # (the test database's cache is shared by its connections)
        cursor.execute("SELECT * FROM pragma_temp_store")
        assert cursor.fetchone() == (2,)


def test_the_persons_group_counts_what_its_sources_count_alone(full, monkeypatch):
    from django.db import connection

    from weijian.divisions.selectors import PREFIX_LENGTH
    from weijian.indicators import measures

    codes = [code for code, m in measures.MEASURES.items() if m.source in ("population", "women", "elderly")]
    county = Division.objects.get(code=COUNTY)
    if connection.vendor == "postgresql":
        assert {measures.group_of(name) for name in ("population", "women", "elderly")} == {"persons"}
    else:
        assert measures.group_of("population") is None
    grouped = engine.measure_counts(parse("2022"), county, PREFIX_LENGTH[Level.VILLAGE], codes)
    monkeypatch.setattr(measures, "group_of", lambda name: None)
    alone = engine.measure_counts(parse("2022"), county, PREFIX_LENGTH[Level.VILLAGE], codes)
    # (a village with none of a source's rows has no count of it alone, and 0 in the group's)
    assert {bucket: {code: n for code, n in counts.items() if n} for bucket, counts in grouped.items()} == \
        {bucket: {code: n for code, n in counts.items() if n} for bucket, counts in alone.items()}
    assert sum(counts["population_registered"] for counts in alone.values()) > 0
    assert sum(counts.get("persons_60plus", 0) for counts in alone.values()) > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_query_fails_the_count_and_the_workers_go_on(full, settings, monkeypatch):
    from django.db import DatabaseError

    settings.WEIJIAN_ENGINE_THREADS = 2
    queries = [([], "SELECT 1", ()), ([], "SELECT * FROM no_such_table", ()), ([], "SELECT 2", ())]
    results = engine._run(queries, {}, parallel=True)
    assert next(results) == ([], [(1,)])
    with pytest.raises(DatabaseError, match="no_such_table"):
        next(results)
    # a worker whose connection cannot be opened fails the queries still waiting
    monkeypatch.setattr(engine, "_worker_settings", lambda cursor: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        list(engine._run(queries, {}, parallel=True))


def _workers_connections() -> dict[str, int | None]:
    """{worker thread: its open database connection's id, or None}, asked of each thread once."""
    import threading

    from django.db import connection

    engine._workers()
    return dict(engine.on_each_worker(
        lambda: (threading.current_thread().name, connection.connection and id(connection.connection)), timeout=10))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_workers_keep_their_connections_until_unused_for_a_while(full, settings):
    import time

    from django.db import connection

    county = Division.objects.get(code=COUNTY)
    settings.WEIJIAN_ENGINE_THREADS, settings.WEIJIAN_ENGINE_IDLE_SECONDS = 2, 60
    first = engine.compute(parse("2022"), county, by=Level.VILLAGE)
    kept = _workers_connections()
    assert any(kept.values())
    assert _values(engine.compute(parse("2022"), county, by=Level.VILLAGE)) == _values(first)
    again = _workers_connections()
    assert all(again[thread] == conn for thread, conn in kept.items() if conn)  # the same connections
    # (Django never closes a connection to an in-memory SQLite database: the test database's)
    closes = not (connection.vendor == "sqlite" and connection.is_in_memory_db())
    engine.close_connections()
    assert not any(_workers_connections().values()) or not closes
    # unused for WEIJIAN_ENGINE_IDLE_SECONDS, they are closed
    settings.WEIJIAN_ENGINE_IDLE_SECONDS = 0.2
    assert _values(engine.compute(parse("2022"), county, by=Level.VILLAGE)) == _values(first)
    time.sleep(1)
    assert not any(_workers_connections().values()) or not closes


def test_a_forked_child_starts_its_own_workers():
    import os

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    engine._workers()
    assert engine._executor is not None
    child = os.fork()
    if child == 0:  # the child: the parent's threads are not here, so neither is their executor
        os._exit(0 if engine._executor is None and engine._executor_threads == 0 else 1)
    assert os.waitpid(child, 0)[1] == 0
    assert engine._executor is not None  # the parent keeps its own
