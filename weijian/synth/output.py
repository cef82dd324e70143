"""Writing the CSV files, township by township, optionally in worker processes."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from .plan import Plan, Spec, build_plan
from .rows import HEADERS, KINDS, township_rows

BOM = "\ufeff".encode()


def _encode(rows) -> bytes:
    """CSV bytes of ``rows`` (CRLF line ends, as the csv module writes them).

    Joining is much faster than csv.writer; the csv module is used instead whenever
    a value would need quoting.
    """
    if not rows:
        return b""
    if len(rows[0]) < 2:
        buf = io.StringIO()
        csv.writer(buf).writerows(rows)
        return buf.getvalue().encode("utf-8")
    text = "\r\n".join([",".join(row) for row in rows]) + "\r\n"
    commas = sum(len(row) - 1 for row in rows)
    if text.count(",") != commas or text.count("\n") != len(rows) or text.count("\r") != len(rows) \
            or '"' in text:
        buf = io.StringIO()
        csv.writer(buf).writerows(rows)
        text = buf.getvalue()
    return text.encode("utf-8")


def _township_chunk(args: tuple[Spec, int]) -> dict[str, tuple[bytes, int]]:
    spec, t = args
    rows = township_rows(spec, build_plan(spec), t)
    return {kind: (_encode(r), len(r)) for kind, r in rows.items()}


def _chunks(spec: Spec, plan: Plan, workers: int) -> Iterator[dict[str, tuple[bytes, int]]]:
    jobs = [(spec, t.index) for t in plan.townships]
    if workers <= 1 or len(jobs) == 1 or multiprocessing.current_process().daemon:
        yield from map(_township_chunk, jobs)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(min(workers, len(jobs))) as pool:
        yield from pool.imap(_township_chunk, jobs)


def generate(spec: Spec, out_dir, workers: int | None = None) -> dict[str, int]:
    """Write the nine CSV files for ``spec`` into ``out_dir``; rows written per kind.

    ``workers`` processes build townships in parallel (default: CPU count); the files
    are the same whatever the number of workers.
    """
    plan = build_plan(spec)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(KINDS, 0)
    with ExitStack() as stack:
        files = {k: stack.enter_context(open(out / f"{k}.csv", "wb")) for k in KINDS}
        for kind, f in files.items():
            f.write(BOM + _encode([HEADERS[kind]]))
        divisions = plan.division_rows()
        files["divisions"].write(_encode(divisions))
        counts["divisions"] = len(divisions)
        for chunk in _chunks(spec, plan, workers or os.cpu_count() or 1):
            for kind, (data, n) in chunk.items():
                files[kind].write(data)
                counts[kind] += n
    return counts


def iter_kind(spec: Spec, kind: str) -> Iterator[tuple[str, ...]]:
    """Rows (without the header) of one kind, as the files would hold them."""
    if kind not in HEADERS:
        raise ValueError(f"unknown kind {kind!r}")
    plan = build_plan(spec)
    if kind == "divisions":
        yield from plan.division_rows()
        return
    for t in plan.townships:
        yield from township_rows(spec, plan, t.index)[kind]
