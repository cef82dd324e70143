"""The indicator engine: every number of DOMAIN.md §6 for a period and a division.

    rows = compute(parse("2020TJ"), township, by=Level.VILLAGE, compare=True)
    records("institutional_delivery_rate", township, parse("2020TJ"))

Counts are computed in SQL over the register, grouped by village and summed up to the
divisions asked for (``measures.py``); rates, targets and comparisons are then arithmetic
on those counts, in ``Decimal`` with 四舍五入 (ROUND_HALF_UP).
"""

from __future__ import annotations

import math
import os
import queue
import threading
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection

from weijian.care.models import ServiceItem, Target
from weijian.divisions.models import LEVEL_DEPTH, Division, Level
from weijian.divisions.selectors import PREFIX_LENGTH, code_prefix
from weijian.indicators import measures
from weijian.indicators.registry import INDICATORS, VACCINE_PREFIX, IndicatorError, IndicatorInfo, lookup
from weijian.periods import Period, years_before
from weijian.register.privacy import mask_id_number

HUNDRED = Decimal(100)


class EngineError(ValueError):
    """A request the engine cannot answer; the message is for the user, in Chinese."""


@dataclass
class IndicatorRow:
    """One indicator for one division and period: the plain row every consumer reads."""

    indicator: str
    name: str
    unit: str
    org: str
    org_name: str
    level: str
    period: str
    start: date
    end: date
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    decimals: int
    normal_low: float | None = None
    normal_high: float | None = None
    out_of_range: bool | None = None
    target: Decimal | None = None
    target_weight: Decimal | None = None  # the target's 权重, where the targets file gave one
    completion: Decimal | None = None
    time_progress: Decimal | None = None
    behind: bool | None = None
    previous_period: str | None = None
    previous_value: Decimal | None = None
    change: Decimal | None = None
    change_percent: Decimal | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class RecordRow:
    """One record behind a number: which part and measure it counts in, and whom or what it is about.

    A record of a person counts one. An aggregate figure (kind 汇总数据) has no person: its
    `name` says what it is (召开例会（202003）) and `amount` is the value it adds to the sum.
    """

    part: str  # numerator | denominator
    measure: str
    sign: int
    kind: str
    record_id: int
    id_number: str
    name: str
    village: str  # the division the record is attributed to: a village, or a township for its own figures
    village_name: str
    date: date | None = field(default=None)
    amount: int | Decimal | None = None  # None: the record counts one

    def as_dict(self) -> dict:
        return asdict(self)


_QUANTUM = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(7)}


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    quantum = _QUANTUM.get(decimals) or Decimal(1).scaleb(-decimals)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


CENTS = 2  # the decimal places of the figures summed (DataValue.value)


def exact(value) -> int | Decimal:
    """A count or a sum from the database as an exact number: an int when whole (a sum of
    figures 3.00 is 3), else a Decimal in cents. SQLite sums decimal columns as floats; the
    figures have cents, so rounding to cents restores their exact sum."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    number = round_half_up(Decimal(str(value)), CENTS)
    return int(number) if number == number.to_integral_value() else number


def time_progress(period: Period, at: date) -> Decimal:
    """序时进度: days from the period start to `at`, both included, over the days of the period, × 100."""
    elapsed = (min(max(at, period.start - timedelta(days=1)), period.end) - period.start).days + 1
    return round_half_up(Decimal(elapsed) * HUNDRED / Decimal(period.days), 2)


def default_at(period: Period) -> date:
    return min(date.today(), period.end)


# ---------------------------------------------------------------- parameters and SQL


def parameters(period: Period, org: Division, codes: list[str]) -> dict:
    end = period.end
    params = {
        "S": period.start, "E": end, "S1": period.start - timedelta(days=1),
        "E_1y_after": years_before(end, 1) + timedelta(days=1),
        "prefix": code_prefix(org) + "%",
    }
    params |= {f"E_{n}y": years_before(end, n) for n in (1, 3, 5, 7, 15, 50, 60)}
    params["services_from"] = min(period.start, params["E_1y_after"])
    # Checks a child needs in the period: 4 a year in the first year of life, 2 a year at
    # ages 1–2, pro-rated for periods shorter than a year.
    share = min(Decimal(period.days) / Decimal(365), Decimal(1))
    params["req_infant"] = max(1, math.ceil(4 * share))
    params["req_toddler"] = max(1, math.ceil(2 * share))
    ids = dict(ServiceItem.objects.values_list("code", "pk"))
    named = _sources_of(codes)
    counting = [measures.source(name) for name in named]
    counting += [measures.group(code).counted for code in {measures.group_of(name) for name in named} - {None}]
    for code in {service for source in counting for service in source.services}:
        params[f"svc_{code}"] = ids.get(code, -1)
    for code in codes:
        if code.startswith(VACCINE_PREFIX):
            params[measures.vaccine_parameter(code)] = code[len(VACCINE_PREFIX):]
    return params


def _sources_of(measure_codes: list[str]) -> set[str]:
    return {measures.measure(code).source for code in measure_codes}


def _count_sql(source: measures.Source, chosen: list[measures.Measure], prefix_length: int) -> str:
    """Counts per village for each measure, summed to the divisions whose codes share
    the first `prefix_length` digits."""
    weight = "x.w" if source.weighted else "1"

    def counted(part: str | measures.Correction) -> str:
        """One part's counts by village; a Correction's less what its rows count as registered."""
        if isinstance(part, measures.Correction):
            sums, rows = [f"{m.aggregate(weight)} - {part.as_registered(m).aggregate(weight)}" for m in chosen], part.sql
        else:
            sums, rows = [m.aggregate(weight) for m in chosen], part
        columns = ", ".join(f"{total} AS m{i}" for i, total in enumerate(sums))
        return f"SELECT x.village_id, {columns} FROM ({rows}) x GROUP BY x.village_id"

    totals = ", ".join(f"SUM(v.m{i})" for i in range(len(chosen)))
    bucket = f"substr(d.code, 1, {int(prefix_length)})"
    parts = source.count_sql or source.sql
    union = " UNION ALL ".join(counted(part) for part in ((parts,) if isinstance(parts, str) else parts))
    # (the villages under the division asked for: a source's count_sql may count every village)
    return (
        f"SELECT {bucket}, {totals} FROM ({union}) v "
        f"JOIN divisions_division d ON d.id = v.village_id WHERE d.code LIKE %(prefix)s GROUP BY {bucket}"
    )


def _counting(code: str, measure_codes: list[str], prefix_length: int) -> tuple[str, tuple[str, ...]]:
    """(SQL, planner methods off) counting the measures of a source, or of a group of sources
    whose measures then count their own rows of the group's (see ``measures.Group``)."""
    chosen = [measures.measure(c) for c in measure_codes]
    try:
        group = measures.group(code)
    except KeyError:
        source = measures.source(code)
        return _count_sql(source, chosen, prefix_length), source.planner_off
    own = [measures.Measure(m.code, code, f"{group.members[m.source]} AND ({m.condition})" if group.members[m.source]
                            else m.condition) for m in chosen]
    return _count_sql(group.counted, own, prefix_length), group.counted.planner_off


def measure_counts(period: Period, org: Division, prefix_length: int,
                   codes: list[str]) -> dict[str, dict[str, int | Decimal]]:
    """{division code prefix: {measure: count}} for the measures `codes`; a measure summing
    figures may have cents (see `exact`)."""
    params = parameters(period, org, codes)
    by_source: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        name = measures.measure(code).source
        by_source[measures.group_of(name) or name].append(code)
    queries = [(measure_codes, *_counting(source_code, measure_codes, prefix_length))
               for source_code, measure_codes in sorted(by_source.items(), key=lambda item: _cost(item[0]))]
    counts: dict[str, dict[str, int | Decimal]] = defaultdict(dict)
    for measure_codes, rows in _run(queries, params, parallel=_parallel(org)):
        for bucket, *values in rows:
            counts[bucket].update(zip(measure_codes, map(exact, values)))
    return counts


# The slowest sources first (as measured for a county): started first when run in parallel.
_SLOW_SOURCES = ("persons", "population", "served", "elderly", "households", "women", "children", "deliveries",
                 "marrying", "first_marriages")
_executor: ThreadPoolExecutor | None = None
_executor_threads = 0
_executor_lock = threading.Lock()
_idle_timer: threading.Timer | None = None


def _cost(source_code: str) -> int:
    return _SLOW_SOURCES.index(source_code) if source_code in _SLOW_SOURCES else len(_SLOW_SOURCES)


def _parallel(org: Division) -> bool:
    """Whether to run the sources' queries side by side, each on a connection of its own: for a
    county and up (a township's queries are too quick to gain from it), with more than one
    thread configured, and never inside a transaction (other connections would not see its
    writes)."""
    return (settings.WEIJIAN_ENGINE_THREADS > 1 and LEVEL_DEPTH[org.level] <= LEVEL_DEPTH[Level.COUNTY]
            and not connection.in_atomic_block)


def _run(queries: list[tuple[list[str], str, tuple[str, ...]]], params: dict, *, parallel: bool):
    """(measure codes, result rows) of each (measure codes, SQL, planner methods off) query, in order.

    In parallel, each worker thread takes the next query waiting, the slowest first, on the
    connection it keeps for all the queries it takes, and for the next counts: a new
    PostgreSQL connection and its first queries cost a county's count 50 ms. The connections
    are closed once unused for WEIJIAN_ENGINE_IDLE_SECONDS (see ``close_connections``)."""
    if not parallel or len(queries) < 2:
        with connection.cursor() as cursor:
            for measure_codes, sql, planner_off in queries:
                yield measure_codes, _execute(cursor, sql, params, planner_off)
        return
    executor = _workers()
    waiting: queue.SimpleQueue = queue.SimpleQueue()
    results = []
    for _, sql, planner_off in queries:
        results.append(Future())
        waiting.put((results[-1], sql, planner_off))
    for _ in range(min(_executor_threads, len(queries))):
        executor.submit(_work, waiting, params)
    try:
        for (measure_codes, *_), result in zip(queries, results):
            yield measure_codes, result.result()
    finally:
        _close_when_idle()


def _forget_workers() -> None:
    """In a forked child (``weijian serve --workers``): the parent's worker threads are not there."""
    global _executor, _executor_threads, _executor_lock, _idle_timer
    _executor, _executor_threads, _executor_lock, _idle_timer = None, 0, threading.Lock(), None


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_forget_workers)


def _workers() -> ThreadPoolExecutor:
    global _executor, _executor_threads
    with _executor_lock:
        if _executor is None:
            _executor_threads = max(1, settings.WEIJIAN_ENGINE_THREADS)
            _executor = ThreadPoolExecutor(_executor_threads, thread_name_prefix="weijian-engine")
        return _executor


def _work(waiting: queue.SimpleQueue, params: dict) -> None:
    """Run the queries waiting, one by one, on this worker thread's connection. If the
    connection fails, so do the queries still waiting; a connection that no longer works is
    closed (the next count opens another)."""
    try:
        if connection.connection is not None and not connection.is_usable():  # e.g. the server restarted
            connection.close()
        with connection.cursor() as cursor:
            _worker_settings(cursor)
            while (job := _next(waiting)) is not None:
                result, sql, planner_off = job
                try:
                    result.set_result(_execute(cursor, sql, params, planner_off))
                except Exception as error:  # the caller raises it
                    result.set_exception(error)
    except Exception as error:
        connection.close()
        while (job := _next(waiting)) is not None:
            job[0].set_exception(error)


def _close_when_idle() -> None:
    """(Re)start the clock after which the worker threads' connections are closed."""
    global _idle_timer
    if settings.WEIJIAN_ENGINE_IDLE_SECONDS <= 0:
        close_connections()
        return
    with _executor_lock:
        if _idle_timer is not None:
            _idle_timer.cancel()
        _idle_timer = threading.Timer(settings.WEIJIAN_ENGINE_IDLE_SECONDS, close_connections)
        _idle_timer.daemon = True
        _idle_timer.start()


def close_connections(timeout: float = 60) -> None:
    """Close the database connections the engine's worker threads keep. Queries already given
    to the threads run first. Called once they are unused for a while, and before a test
    database is dropped."""
    on_each_worker(lambda: connection.close(), timeout)  # (each thread's own: looked up there)


def on_each_worker(task, timeout: float = 60) -> list:
    """`task()` run once on each worker thread, in a thread's own state (its connection): each
    thread waits for the others afterwards, so that none takes two. Their results, if any."""
    with _executor_lock:
        executor, parties = _executor, _executor_threads
    if executor is None:
        return []
    barrier = threading.Barrier(parties, timeout=timeout)

    def once():
        try:
            return task()
        finally:
            try:
                barrier.wait()
            except threading.BrokenBarrierError:  # a thread still busy after `timeout`: the next time
                pass

    return [done.result() for done in [executor.submit(once) for _ in range(parties)]]


def _next(waiting: queue.SimpleQueue):
    try:
        return waiting.get_nowait()
    except queue.Empty:
        return None


def _worker_settings(cursor) -> None:
    if connection.vendor == "postgresql":
        # The engine's own threads already keep the cores busy: PostgreSQL's parallel
        # workers would only compete with them (for a million persons, 3.1 s with,
        # 2.6 s without). The setting ends with this connection.
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    else:
        # Two threads that fill large SQLite page caches or sort in memory take turns
        # (every indicator of a county by village on two cores: 2.24 s with the
        # settings' 64 MB cache and in-memory temporary tables, 1.94 s with a 2 MB
        # cache, 1.63 s with temporary files as well), presumably on the allocator the
        # connections of one process share. The system's file cache holds the pages.
        cursor.execute("PRAGMA cache_size = -2000")
        cursor.execute("PRAGMA temp_store = FILE")


def _execute(cursor, sql: str, params: dict, planner_off: tuple[str, ...]) -> list[tuple]:
    """Run one count query; on PostgreSQL with the source's planner methods off for it alone."""
    if connection.vendor != "postgresql" or not planner_off:
        cursor.execute(sql, params)
        return cursor.fetchall()
    for method in planner_off:
        cursor.execute(f"SET {method} = off")  # names from the sources' constants, never input
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        if not _transaction_failed():  # a failed transaction's rollback undoes the SET
            for method in planner_off:
                cursor.execute(f"RESET {method}")


def _transaction_failed() -> bool:
    from psycopg.pq import TransactionStatus

    return connection.connection.info.transaction_status == TransactionStatus.INERROR


# ---------------------------------------------------------------- indicators


def resolve(codes: list[str] | None, period: Period | None = None, org: Division | None = None) -> list[IndicatorInfo]:
    """The indicators asked for (all of §6 when none); ``immunizations:*`` is every vaccine given."""
    if not codes:
        return list(INDICATORS)
    infos: list[IndicatorInfo] = []
    for code in codes:
        if code == VACCINE_PREFIX + "*":
            infos += [lookup(VACCINE_PREFIX + vaccine) for vaccine in vaccines(period, org)]
        else:
            infos.append(lookup(code))
    return list(dict.fromkeys(infos))


def vaccines(period: Period, org: Division) -> list[str]:
    """The vaccine codes of the doses given in the period under the division."""
    params = parameters(period, org, ["immunizations"])
    sql = f"SELECT DISTINCT x.result FROM ({measures.source('doses').sql}) x WHERE x.result <> '' ORDER BY 1"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [code for (code,) in cursor.fetchall() if lookup_ok(VACCINE_PREFIX + code)]


def lookup_ok(code: str) -> bool:
    try:
        lookup(code)
    except IndicatorError:
        return False
    return True


def evaluate(info: IndicatorInfo, counts: dict[str, int | Decimal]) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """(numerator, denominator, value) of one indicator from the measure counts."""
    numerator = _total(info.terms("numerator"), counts)
    if info.is_count:
        return numerator, None, round_half_up(numerator, info.decimals)
    denominator = _total(info.terms("denominator"), counts)
    if denominator == 0:
        return numerator, denominator, None
    return numerator, denominator, round_half_up(numerator * info.factor / denominator, info.decimals)


def _total(terms: tuple[tuple[int | Decimal, str], ...], counts: dict[str, int | Decimal]) -> Decimal:
    value = 0
    for coefficient, code in terms:
        count = counts.get(code)
        if count:
            value += coefficient * count
    return Decimal(value)


def output_divisions(org: Division, by: str | None) -> tuple[list[Division], int]:
    """The divisions to report on and the code prefix length that groups villages into them."""
    if not by:
        return [org], PREFIX_LENGTH[org.level]
    if by not in LEVEL_DEPTH or LEVEL_DEPTH[by] < LEVEL_DEPTH[org.level]:
        raise EngineError(f"无法按“{Level(by).label if by in LEVEL_DEPTH else by}”分组：{org.name}是"
                          f"{Level(org.level).label}级单位")
    if by == org.level:
        return [org], PREFIX_LENGTH[org.level]
    divisions = list(Division.objects.filter(level=by, code__startswith=code_prefix(org)).order_by("code"))
    return divisions, PREFIX_LENGTH[by]


def compute(period: Period, org: Division, *, by: str | None = None, indicators: list[str] | None = None,
            compare: bool = False, at: date | None = None, total: bool = False) -> list[IndicatorRow]:
    """Every indicator asked for, for each division (`org`, or its divisions at level `by`).

    With `total`, the rows of `org` itself come first, from the same counts: every measure is
    a count, so the division's is the sum of its parts (no second pass over the register).
    """
    infos = resolve(indicators, period, org)
    divisions, prefix_length = output_divisions(org, by)
    needed = sorted({code for info in infos for part in ("numerator", "denominator") for _, code in info.terms(part)})
    counts = measure_counts(period, org, prefix_length, needed)
    buckets = [(division, counts.get(division.code[:prefix_length], {})) for division in divisions]
    if total and divisions != [org]:
        summed: dict[str, int | Decimal] = defaultdict(int)
        for bucket in counts.values():
            for code, count in bucket.items():
                summed[code] += count
        buckets.insert(0, (org, summed))
    rows = []
    for division, bucket in buckets:
        for info in infos:
            numerator, denominator, value = evaluate(info, bucket)
            rows.append(_row(info, division, period, numerator, denominator, value))
    _attach_targets(rows, [division for division, _ in buckets], period, at or default_at(period))
    if compare:
        _attach_previous(rows, period, org, by, [info.code for info in infos], total)
    return rows


def _row(info, division, period, numerator, denominator, value) -> IndicatorRow:
    row = IndicatorRow(
        info.code, info.name, info.unit, division.code, division.name, division.level, period.code,
        period.start, period.end, numerator, denominator, value, info.decimals,
    )
    if info.normal_range:
        row.normal_low, row.normal_high = info.normal_range
        if value is not None:
            row.out_of_range = not (Decimal(str(row.normal_low)) <= value <= Decimal(str(row.normal_high)))
    return row


def _attach_targets(rows: list[IndicatorRow], divisions: list[Division], period: Period, at: date) -> None:
    targets = {
        (org, indicator): (target, weight)
        for org, indicator, target, weight in Target.objects.filter(
            org__in=divisions, start=period.start, end=period.end, indicator__in={row.indicator for row in rows}
        ).values_list("org__code", "indicator", "target", "weight")
    }
    progress = time_progress(period, at)
    for row in rows:
        target, row.target_weight = targets.get((row.org, row.indicator), (None, None))
        if target is None:
            continue
        row.target, row.time_progress = target, progress
        if row.value is not None and target:
            row.completion = round_half_up(row.value * HUNDRED / target, 2)
            row.behind = row.completion < progress


def _attach_previous(rows: list[IndicatorRow], period: Period, org: Division, by: str | None,
                     codes: list[str], total: bool) -> None:
    previous = period.shift_years(-1)
    before = {(row.org, row.indicator): row.value
              for row in compute(previous, org, by=by, indicators=codes, total=total)}
    for row in rows:
        row.previous_period = previous.code
        row.previous_value = before.get((row.org, row.indicator))
        if row.value is not None and row.previous_value is not None:
            row.change = row.value - row.previous_value
            if row.previous_value:
                row.change_percent = round_half_up(row.change * HUNDRED / row.previous_value, 2)


# ---------------------------------------------------------------- records


def records(indicator: str, org: Division, period: Period, *, masked: bool = True) -> list[RecordRow]:
    """The records counted in the indicator's numerator and denominator for the division and period."""
    info = lookup(indicator)
    parts = [("numerator", info.terms("numerator"))]
    if not info.is_count:
        parts.append(("denominator", info.terms("denominator")))
    codes = [code for _, terms in parts for _, code in terms]
    params = parameters(period, org, codes)
    return [row for part, terms in parts for coefficient, code in terms
            for row in measure_records(code, org, period, part=part, sign=1 if coefficient > 0 else -1,
                                       masked=masked, params=params)]


def measure_records(code: str, org: Division, period: Period, *, part: str = "numerator", sign: int = 1,
                    masked: bool = True, params: dict | None = None) -> list[RecordRow]:
    """The records one measure counts for the division and period."""
    measure = measures.measure(code)
    source = measures.source(measure.source)
    with connection.cursor() as cursor:
        cursor.execute(_records_sql(source, measure), params or parameters(period, org, [code]))
        return [RecordRow(part, code, sign, source.name, record_id, mask_id_number(number) if masked else (number or ""),
                          name or "", village, village_name, _as_date(day), None if amount is None else exact(amount))
                for record_id, day, village, village_name, number, name, amount in cursor.fetchall()]


def _records_sql(source: measures.Source, measure: measures.Measure) -> str:
    rows = f"SELECT * FROM ({source.sql}) x WHERE {measure.condition}"
    name, amount = ("r.label", "r.w") if source.amounts else ("p.name", "NULL")
    return (
        f"SELECT r.record_id, r.day, d.code, d.name, p.id_number, {name}, {amount} "
        f"FROM ({rows}) r JOIN divisions_division d ON d.id = r.village_id "
        "LEFT JOIN register_person p ON p.id = r.person_id "
        "ORDER BY d.code, r.day, r.record_id"
    )


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
