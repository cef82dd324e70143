"""Imports started in the browser: upload → check (a dry run) → confirm → import, in the background.

The file is kept under the data folder (`uploads/`, a unique name per upload). Checking and
importing run in `weijian.background`'s thread pool; while they run, the rows read so far are
kept in memory here (`progress`), so the page can show progress without writing to the database
inside the import's transaction. Staff may only import rows of divisions they may change:
every division the file reaches (`reach`) must lie within the user's scope.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from weijian import background
from weijian.accounts import scope
from weijian.accounts.models import Role
from weijian.audit.models import Action
from weijian.audit.services import audit_record
from weijian.divisions.models import Division
from weijian.interchange.importer import import_file
from weijian.interchange.kinds import KINDS
from weijian.interchange.models import UploadJob
from weijian.interchange.reach import reach

Status = UploadJob.Status
IMPORT_ROLES = (Role.COUNTY, Role.TOWNSHIP)
SUFFIXES = (".csv", ".xlsx")
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
SHOWN_CODES = 10



class UploadError(ValueError):
    """The upload or the confirmation is refused; the message is for the user."""


def may_import(user) -> bool:
    return scope.role(user) in IMPORT_ROLES


def upload_folder() -> Path:
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# -- selectors ---------------------------------------------------------------------------------
def jobs_of(user) -> QuerySet[UploadJob]:
    """The uploads of the user's divisions, newest first."""
    return scope.scoped(UploadJob.objects.select_related("user", "division"), user, field="division")


def job_or_404(user, pk: int) -> UploadJob:
    job = jobs_of(user).filter(pk=pk).first()
    if job is None:
        raise Http404("没有这个导入")
    return job


def progress(job: UploadJob) -> int:
    """Rows read so far by the running check or import (the final count once it has ended).

    Kept in a small file beside the upload, not in the database (the import's transaction
    would hide it) nor in memory (another server process may be asked)."""
    try:
        return int(_progress_file(job).read_text())
    except (FileNotFoundError, ValueError):
        return job.rows


def _progress_file(job: UploadJob) -> Path:
    return upload_folder() / f"{job.stored}.progress"


# -- services ----------------------------------------------------------------------------------
def upload_create(*, user, kind: str, upload) -> UploadJob:
    """Store the uploaded file and start its check in the background."""
    suffix = Path(upload.name).suffix.lower()
    if kind not in KINDS:
        raise UploadError(f"未知的数据类别“{kind}”")
    if suffix not in SUFFIXES:
        raise UploadError(f"不支持的文件类型“{suffix or upload.name}”：请上传 CSV 或 XLSX 文件")
    if upload.size > MAX_UPLOAD_BYTES:
        raise UploadError(f"文件太大（{upload.size // 1048576} MB）：最大 {MAX_UPLOAD_BYTES // 1048576} MB")
    division = scope.home_division(user)
    if division is None or not may_import(user):
        raise UploadError("您的账号不能导入数据")
    stored = f"{uuid.uuid4().hex}{suffix}"
    with open(upload_folder() / stored, "wb") as handle:
        for piece in upload.chunks():
            handle.write(piece)
    job = UploadJob.objects.create(kind=kind, filename=Path(upload.name).name[:255], stored=stored, user=user,
                                   division=division)
    background.submit(upload_check, job.pk)
    return job


def upload_confirm(*, user, job: UploadJob) -> None:
    """Start the real import of a checked, error-free file (by the user who uploaded it)."""
    if job.user_id != user.pk:
        raise UploadError("只有上传人可以确认导入")
    if not job.can_confirm:
        raise UploadError("这个文件不能导入：请先处理检查发现的问题")
    started = UploadJob.objects.filter(pk=job.pk, status=Status.CHECKED).update(status=Status.IMPORTING)
    if not started:  # confirmed twice (two clicks, two tabs)
        raise UploadError("这个文件已经在导入")
    background.submit(upload_import, job.pk)


def upload_check(job_id: int) -> None:
    """Background: dry-run the file, and refuse it if it reaches divisions beyond the uploader's."""
    job = UploadJob.objects.select_related("user").get(pk=job_id)
    _set(job, status=Status.CHECKING)
    with _failure_recorded(job):
        found = reach(job.kind, upload_folder() / job.stored)
        _set(job, total=found.rows, preview={"headers": found.headers, "rows": found.head})
        result = import_file(job.kind, upload_folder() / job.stored, dry_run=True, user=job.user,
                             progress=_tracker(job))
        _finish(job, result, Status.CHECKED, message=refusal(job.user, found.codes))


def upload_import(job_id: int) -> None:
    """Background: import the confirmed file for real, all rows or none, and audit it."""
    job = UploadJob.objects.select_related("user", "division").get(pk=job_id)
    with _failure_recorded(job):
        found = reach(job.kind, upload_folder() / job.stored)
        message = refusal(job.user, found.codes)  # again: persons may have moved since the check
        if message:
            _set(job, status=Status.FAILED, message=message, finished_at=timezone.now())
            return
        with transaction.atomic():
            result = import_file(job.kind, upload_folder() / job.stored, user=job.user, progress=_tracker(job),
                                 audit=False)  # audited here, with the job's division
            if result.written:
                audit_record(user=job.user, action=Action.IMPORT, model="interchange.ImportBatch",
                             object_id=result.batch_id, division=job.division,
                             summary=f"网页导入{KINDS[job.kind].label}“{job.filename}”：{result.rows}行，"
                                     f"新增{result.created}，更新{result.updated}")
        failed = "数据在检查后有变化，重新检查发现错误，未写入任何数据" if not result.written else ""
        _finish(job, result, Status.DONE if result.written else Status.FAILED, message=failed)


def refusal(user, codes: set[str]) -> str:
    """Why the user may not import rows of these divisions ("" if they may)."""
    allowed = scope.prefixes(user)
    outside = sorted(code for code in codes if not any(code.startswith(p) for p in allowed))
    if not outside:
        return ""
    names = dict(Division.objects.filter(code__in=outside[:SHOWN_CODES]).values_list("code", "name"))
    shown = "、".join(f"{code}{names.get(code, '')}" for code in outside[:SHOWN_CODES])
    more = f"等{len(outside)}个区划" if len(outside) > SHOWN_CODES else ""
    return f"文件中有不属于您负责范围的数据（{shown}{more}），不能导入：请只上传本辖区的数据"


@contextmanager
def _failure_recorded(job: UploadJob):
    """Mark the job failed if its task breaks unexpectedly (the error itself goes to the log)."""
    try:
        yield
    except Exception:
        UploadJob.objects.filter(pk=job.pk).update(
            status=Status.FAILED, finished_at=timezone.now(), message="处理文件时发生意外错误，未写入任何数据，请联系管理员")
        raise
    finally:
        _forget(job)


def _finish(job: UploadJob, result, status: str, message: str = "") -> None:
    errors = [[i.row, i.column, i.value, i.reason] for i in result.errors]
    _set(job, status=status, rows=result.rows, created=result.created, updated=result.updated,
         error_count=result.error_count, errors=errors, message=message, finished_at=timezone.now())


def _set(job: UploadJob, **values) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    job.save(update_fields=list(values))


def _tracker(job: UploadJob):
    target = _progress_file(job)
    scratch = target.with_name(target.name + ".tmp")

    def track(rows: int) -> None:
        scratch.write_text(str(rows))
        os.replace(scratch, target)  # readers see the old count or the new one, never half

    return track


def _forget(job: UploadJob) -> None:
    _progress_file(job).unlink(missing_ok=True)
