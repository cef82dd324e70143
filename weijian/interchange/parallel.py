"""Parse a large file's rows in a second process while this one resolves and writes them.

Reading and checking cells (dates, ID numbers and their check character, choices, lengths,
the kind's `check_row`) is pure Python that needs no database. In a thread it competes with
the writes for the interpreter lock; in a process of its own it runs on the second core.
The worker reads the file itself, parses it with the same `_parse` as the serial path and
sends the rows back chunk by chunk through a bounded queue (memory stays flat), with the
errors it found. The rows then go through the same `resolve` and `write` as ever.

The worker is started with the "spawn" method, as on Windows, on every system: it costs
about a second to start (Python and Django), so only files of at least
`WEIJIAN_IMPORT_PROCESS_MB` are parsed this way.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
import pickle
import queue
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:  # the worker imports this module before Django is set up: models come later
    from weijian.interchange.kinds.base import Context, Row

DEPTH = 4  # chunks the worker may be ahead of the writes
DATE_CLASSES = {date, type(None)}
SEP = "\x1f"  # joins a row's cells for the trip (one string unpickles much faster than a list)


def wanted(path: Path | None) -> bool:
    """Whether the rows of the file at `path` should be parsed in a worker process."""
    limit = settings.WEIJIAN_IMPORT_PROCESS_MB
    if path is None or limit is None or limit < 0:
        return False
    try:
        return path.stat().st_size >= limit * 1024 * 1024
    except OSError:
        return False


@dataclass(frozen=True)
class Job:
    """What the worker needs to parse a file as this process would (picklable)."""

    kind: str
    path: str
    headers: dict[str, str]
    positions: dict[str, int]
    batch_id: int
    user_id: int | None
    now: datetime
    today: date
    max_errors: int
    chunk: int

    @classmethod
    def of(cls, kind: str, path: Path, ctx: Context, chunk: int) -> Job:
        return cls(kind, str(path), ctx.headers, ctx.positions, ctx.batch_id, ctx.user_id, ctx.now, ctx.today,
                   ctx.max_errors, chunk)


class WorkerDied(RuntimeError):
    pass


def parsed_chunks(job: Job, ctx: Context, result) -> Iterator[list[Row]]:
    """The file's parsed rows in chunks, from a worker process; its errors go into `ctx`,
    its count of rows into `result.rows`. The worker ends when the iteration does."""
    spawn = multiprocessing.get_context("spawn")
    box = spawn.Queue(maxsize=DEPTH)
    worker = spawn.Process(target=work, args=(job, box, os.environ.get("DJANGO_SETTINGS_MODULE")),
                           name="weijian-import-parse", daemon=True)
    worker.start()
    try:
        while True:
            message = _next(box, worker)
            if message is None:
                return
            if not isinstance(message, bytes):
                raise message
            rows, issues, error_count, count = _unpack(message)
            room = max(0, ctx.max_errors - len(ctx.errors))
            ctx.errors.extend(issues[:room])
            ctx.error_count += error_count
            result.rows += count
            yield rows
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()
        box.close()
        box.cancel_join_thread()


def _next(box, worker):
    while True:
        try:
            return box.get(timeout=0.5)
        except queue.Empty:
            if worker.is_alive():
                continue
        try:  # its last message may have come in between
            return box.get(timeout=0.5)
        except queue.Empty:
            raise WorkerDied(f"解析进程意外退出（退出码 {worker.exitcode}）") from None


def _unpack(message: bytes) -> tuple[list[Row], list, int, int]:
    """(rows, errors, error count, rows read) from a message of `_pack`."""
    from weijian.interchange.kinds.base import Issue, Row

    coded, body = message[:1], message[1:]
    names, dated, numbers, columns, raws, oks, issues, error_count, count = (
        marshal.loads(body) if coded == b"m" else pickle.loads(body)
    )
    day = date.fromordinal
    for index in dated:
        columns[index] = [None if v is None else day(v) for v in columns[index]]
    rows = list(map(Row, numbers, map(dict, map(zip, repeat(names), zip(*columns))), raws))
    for row, ok in zip(rows, oks):
        if not ok:
            row.ok = False
    return rows, [Issue(*issue) for issue in issues], error_count, count


def _pack(chunk: list[Row], issues: list, error_count: int, count: int, dates: frozenset = frozenset()) -> bytes:
    """A chunk of rows as bytes, column by column: marshal (several times faster than pickle)
    when every value is text, a number, blank or, in the columns named in `dates`, a date
    (sent as its ordinal); else pickle."""
    names = tuple(chunk[0].values)
    columns = [list(column) for column in zip(*[tuple(row.values.values()) for row in chunk])]
    dated = [i for i, name in enumerate(names) if name in dates]
    raws = [_joined(row.raw) for row in chunk]
    rest = ([row.number for row in chunk], columns, raws, [row.ok for row in chunk],
            [(i.row, i.column, i.value, i.reason) for i in issues], error_count, count)
    try:
        if any({v.__class__ for v in columns[i]} - DATE_CLASSES for i in dated):
            raise ValueError("not only dates")
        ordinals = {i: [None if v is None else v.toordinal() for v in columns[i]] for i in dated}
        return b"m" + marshal.dumps((names, dated, *_replaced(rest, ordinals)))
    except ValueError:  # a Decimal, a date with a time of day
        return b"p" + pickle.dumps((names, [], *rest), protocol=pickle.HIGHEST_PROTOCOL)


def _replaced(rest: tuple, ordinals: dict[int, list]) -> tuple:
    """`rest` with the date columns replaced by their ordinals."""
    numbers, columns, *others = rest
    return (numbers, [ordinals.get(i, column) for i, column in enumerate(columns)], *others)


def _joined(cells: list):
    """The cells as one string (Context.cell splits it again, for the few rows with an error)."""
    try:
        joined = SEP.join(cells)
    except TypeError:  # an XLSX row with a number or a date in it
        return cells
    return joined if joined.count(SEP) == len(cells) - 1 else cells


def work(job: Job, box, settings_module: str | None) -> None:
    """The worker process: parse `job.path` and put the chunks on `box`, then None."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module or "weijian.settings")
    import django

    django.setup()
    from weijian.interchange.bulk import rare_collections

    try:
        with rare_collections():
            for message in _messages(job):
                box.put(message)
        box.put(None)
    except BaseException as error:  # handed to the importer, which raises it
        box.put(_sendable(error))


def _messages(job: Job) -> Iterator[tuple]:
    from weijian.interchange.importer import ImportResult, _parse
    from weijian.interchange.kinds import get_kind
    from weijian.interchange.kinds.base import Context, chunked
    from weijian.interchange.readers import open_rows
    from weijian.interchange.values import parse_date

    kind = get_kind(job.kind)
    ctx = Context(batch_id=job.batch_id, user_id=job.user_id, now=job.now, headers=job.headers,
                  max_errors=job.max_errors, positions=job.positions, today=job.today)
    counted = ImportResult(job.kind, job.path)
    dates = frozenset(c.name for c in kind.columns if c.parse is parse_date)
    with open_rows(job.path) as (_, rows):
        for chunk in chunked(_parse(kind, ctx, rows, counted), job.chunk):
            yield _pack(chunk, ctx.errors, ctx.error_count, counted.rows, dates)
            ctx.errors, ctx.error_count, counted.rows = [], 0, 0


def _sendable(error: BaseException) -> BaseException:
    """The error itself if it survives pickling (FileFormatError does), else a RuntimeError saying what it was."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
