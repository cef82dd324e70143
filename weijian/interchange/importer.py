"""Import a canonical file: all rows or none, every error listed with row and column.

Rows are written chunk by chunk inside one transaction while the file streams, so memory
stays flat and references to rows earlier in the same file resolve through the database.
If any row is bad, or on a dry run, the transaction is rolled back at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from weijian.interchange import parallel
from weijian.interchange.bulk import begin_import, bulk_load, rare_collections
from weijian.interchange.kinds import KINDS, ORDER, get_kind
from weijian.interchange.kinds.base import Context, Issue, Kind, Row, chunked, normalize_header, prefetch
from weijian.interchange.models import ImportBatch
from weijian.interchange.readers import FileFormatError, open_rows
from weijian.interchange.values import FieldError

# The file name an import of rows held in memory (a web form, an API call) is recorded under.
IN_MEMORY = "网页录入"


@dataclass
class ImportResult:
    kind: str
    filename: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[Issue] = field(default_factory=list)
    error_count: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    batch_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


class ImportRejected(Exception):
    """Raised inside the transaction to roll a rejected or dry-run import back."""


def import_file(kind: str, path: str | Path, *, dry_run: bool = False, user=None, progress=None,
                audit: bool = True) -> ImportResult:
    """Import one file of `kind`; nothing is written unless every row is valid.

    `progress`, if given, is called with the number of rows done so far after each chunk."""
    results = import_files([(kind, Path(path))], dry_run=dry_run, user=user, progress=progress, audit=audit)
    return results[0]


def import_files(files: list[tuple[str, Path]], *, dry_run: bool = False, user=None,
                 progress=None, audit: bool = True) -> list[ImportResult]:
    """Import several files as one batch: all of them, or none. `progress(rows)` is told the
    rows read so far after each chunk; with `audit=False` the caller audits the batch itself."""
    sources = ((kind, Path(path).name, lambda path=path: open_rows(path), Path(path)) for kind, path in files)
    return _import_sources(sources, dry_run=dry_run, user=user, audit=audit, progress=progress)


def import_rows(kind: str, rows: list[dict], *, user=None, dry_run: bool = False, name: str = IN_MEMORY,
                audit: bool = True) -> ImportResult:
    """Import rows held in memory, each a dict of column name (as in the kind) → cell text.

    The same parsing, checks and writes as a file of `kind`: all rows or none. Rows are
    numbered from 1. With `audit=False` the caller writes the audit trail itself (the entry
    forms record each change with its before and after instead of one entry per batch).
    """
    columns = [c.name for c in get_kind(kind).columns]
    headers = columns + sorted({key for row in rows for key in row} - set(columns))
    numbered = [(number, [row.get(h, "") for h in headers]) for number, row in enumerate(rows, start=1)]
    source = (kind, name, lambda: nullcontext((headers, iter(numbered))), None)
    return _import_sources([source], dry_run=dry_run, user=user, audit=audit)[0]


def _import_sources(sources, *, dry_run: bool, user, audit: bool, progress=None) -> list[ImportResult]:
    """Import (kind, name, open, path) sources as one batch, where `open()` gives (headers, rows)
    and `path` is the file's (None for rows held in memory)."""
    results: list[ImportResult] = []
    try:
        with rare_collections(), transaction.atomic():
            begin_import()
            for kind_name, name, opener, path in sources:
                result = _import_one(get_kind(kind_name), name, opener, path, dry_run=dry_run, user=user,
                                     progress=progress)
                results.append(result)
                if not result.ok:
                    break
            if dry_run or not all(r.ok for r in results):
                raise ImportRejected
    except ImportRejected:
        pass
    _record_outcomes(results, dry_run, user, audit)
    return results


def discover(folder: str | Path) -> list[tuple[str, Path]]:
    """The canonical files in a folder (`persons.csv`, `births.xlsx` …) in dependency order."""
    folder = Path(folder)
    found = []
    for name in ORDER:
        for suffix in (".csv", ".xlsx"):
            path = folder / f"{name}{suffix}"
            if path.exists():
                found.append((name, path))
                break
    return found


def _import_one(kind: Kind, name: str, opener, path: Path | None, *, dry_run: bool, user,
                progress=None) -> ImportResult:
    result = ImportResult(kind.name, name, dry_run=dry_run)
    batch = ImportBatch.objects.create(
        kind=kind.name, filename=name[:255], user=user, started_at=timezone.now()
    )
    result.batch_id = batch.pk
    try:
        with opener() as (headers, rows):
            ctx = _context(kind, headers, batch, user, result)
            if ctx is None:
                return result
            with bulk_load(kind.model):
                done = 0
                for chunk in _parsed_chunks(kind, ctx, rows, path, result):
                    _process(kind, ctx, chunk)
                    if progress is not None:
                        done += len(chunk)
                        progress(done)
                kind.finish(ctx)
    except FileFormatError as error:
        result.errors.append(Issue(0, "", "", str(error)))
        result.error_count += 1
        return result
    order = {ctx.headers.get(c.name, c.name): i for i, c in enumerate(kind.columns)}
    ctx.errors.sort(key=lambda issue: (issue.row, order.get(issue.column, len(order))))
    result.errors, result.error_count = ctx.errors, ctx.error_count
    result.created, result.updated = ctx.created, ctx.updated
    return result


def _parsed_chunks(kind: Kind, ctx: Context, rows, path: Path | None, result: ImportResult):
    """The rows parsed in chunks: by a worker process for a large file, else by a thread."""
    size = settings.WEIJIAN_IMPORT_CHUNK
    if parallel.wanted(path):
        return parallel.parsed_chunks(parallel.Job.of(kind.name, path, ctx, size), ctx, result)
    return prefetch(chunked(_parse(kind, ctx, rows, result), size))


def _context(kind: Kind, headers: list[str], batch, user, result: ImportResult) -> Context | None:
    """Map the file's headers to the kind's columns; None (with errors) if a required one is missing."""
    mapping: dict[str, str] = {}
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        if not header:
            continue
        column = kind.by_header.get(normalize_header(header))
        if column is None:
            result.ignored_columns.append(header)
        elif column.name in mapping:
            result.errors.append(Issue(1, header, header, f"与“{mapping[column.name]}”是同一列，表头重复"))
        else:
            mapping[column.name] = header
            positions[column.name] = index
    for column in kind.columns:
        if column.required and column.name not in mapping:
            result.errors.append(Issue(1, column.zh, "", f"缺少必填列“{column.zh}”（{column.name}）"))
    if result.errors:
        result.error_count = len(result.errors)
        return None
    return Context(
        batch_id=batch.pk, user_id=getattr(user, "pk", None), now=timezone.now(), headers=mapping,
        max_errors=settings.WEIJIAN_MAX_ERRORS, positions=positions,
    )


def _parse(kind: Kind, ctx: Context, rows, result: ImportResult) -> Iterator[Row]:
    """Parse each non-blank row's cells into values; cell errors are recorded on the row."""
    plan = [(c.name, ctx.positions[c.name], c.parse, c.required, c.default)
            for c in kind.columns if c.name in ctx.positions]
    defaults = {c.name: c.default for c in kind.columns if c.name not in ctx.positions}
    check_row = kind.check_row
    for number, cells in rows:
        if _blank(cells):
            continue
        result.rows += 1
        values = defaults.copy()
        row = Row(number, values, cells)
        width = len(cells)
        for name, index, parse, required, default in plan:
            cell = cells[index] if index < width else ""
            if cell.__class__ is str:
                cell = cell.strip()
            if cell == "" or cell is None:
                if required:
                    ctx.error(row, name, "必填项为空")
                values[name] = default
            elif parse is None:
                values[name] = str(cell)
            else:
                try:
                    values[name] = parse(cell)
                except FieldError as error:
                    ctx.error(row, name, str(error))
                    values[name] = None
        if row.ok:
            check_row(ctx, row)
        yield row


def _blank(cells: list) -> bool:
    if not any(cells):
        return True
    try:
        return not "".join(cells).strip()
    except TypeError:  # an XLSX row with a number or date in it
        return False


def _process(kind: Kind, ctx: Context, chunk: list[Row]) -> None:
    kind.resolve(ctx, [row for row in chunk if row.ok])
    seen: dict = {}
    good = []
    for row in chunk:
        if not row.ok:
            continue
        if row.key in seen:
            ctx.error(row, kind.key_column, f"与第{seen[row.key]}行重复（同一{kind.key_label}出现两次）",
                      value=ctx.cell(row, kind.key_column))
            continue
        seen[row.key] = row.number
        if row.prior and row.prior[0] == ctx.batch_id:
            ctx.error(row, kind.key_column, f"与第{row.prior[1]}行重复（同一{kind.key_label}出现两次）",
                      value=ctx.cell(row, kind.key_column))
            continue
        good.append(row)
    if good:
        kind.write(ctx, good)
        for row in good:
            if row.pk is None:
                ctx.created += 1
            else:
                ctx.updated += 1


def _record_outcomes(results: list[ImportResult], dry_run: bool, user, audit: bool) -> None:
    """Keep a record of every attempt, also of those rolled back; audit each committed one."""
    now = timezone.now()
    for result in results:
        status = (
            ImportBatch.Status.DRY_RUN if dry_run and result.ok
            else ImportBatch.Status.COMMITTED if result.written and all(r.ok for r in results)
            else ImportBatch.Status.REJECTED
        )
        defaults = dict(
            kind=result.kind, filename=result.filename[:255], user=user, started_at=now, finished_at=now,
            status=status, rows=result.rows, error_count=result.error_count,
        )
        if status == ImportBatch.Status.COMMITTED:
            ImportBatch.objects.filter(pk=result.batch_id).update(**defaults)
            if audit:
                _audit_batch(result, user)
        else:
            batch = ImportBatch.objects.create(**defaults)
            result.batch_id = batch.pk


def _audit_batch(result: ImportResult, user) -> None:
    """One audit entry per committed batch; each record it wrote names the batch and its row."""
    from weijian.accounts import scope
    from weijian.audit.models import Action
    from weijian.audit.services import audit_record

    counts = {"kind": result.kind, "filename": result.filename, "rows": result.rows,
              "created": result.created, "updated": result.updated}
    audit_record(
        user=user, action=Action.IMPORT, model="interchange.ImportBatch", object_id=result.batch_id,
        division=scope.home_division(user) if user is not None else None, after=counts,
        summary=f"{result.kind} {result.filename}：{result.rows}行，新增{result.created}，更新{result.updated}",
    )


__all__ = ["IN_MEMORY", "ImportResult", "KINDS", "discover", "import_file", "import_files", "import_rows"]
