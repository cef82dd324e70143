"""Pages: imports in the browser (导入). Upload a file → its check → confirm → the import.

County and township staff only; village cadres and viewers get 403. The work itself is in
`weijian.interchange.uploads` and runs in the background; the job page polls `status`.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from weijian.accounts import scope
from weijian.interchange import KIND_NAMES
from weijian.interchange.kinds import KINDS
from weijian.interchange.reach import id_headers
from weijian.interchange.uploads import (
    UploadError,
    job_or_404,
    jobs_of,
    may_import,
    progress,
    upload_confirm,
    upload_create,
)
from weijian.register.privacy import mask_id_number
from weijian.web.shortcuts import page_of

ERRORS_PER_PAGE = 100
JOBS_SHOWN = 20


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="数据类别", choices=[("", "请选择"), *((name, KINDS[name].label) for name in KIND_NAMES)],
                             error_messages={"required": "请选择数据类别"})
    file = forms.FileField(label="文件（CSV 或 XLSX）", error_messages={"required": "请选择要上传的文件"})


def staff_only(view):
    """Logged-in county or township staff; everyone else is refused (403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied("只有县级和乡镇工作人员可以导入数据")
        return view(request, *args, **kwargs)

    return wrapped


@staff_only
def imports(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = upload_create(user=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"])
        except UploadError as error:
            form.add_error("file", str(error))
        else:
            return redirect("web:import", pk=job.pk)
    jobs = jobs_of(request.user)[:JOBS_SHOWN]
    return render(request, "web/imports/index.html", {"form": form, "jobs": jobs, "title": "导入"})


@staff_only
def job_page(request, pk: int):
    job = job_or_404(request.user, pk)
    reveal = scope.may_view_full_id(request.user)
    masked = set() if reveal else id_headers(job.kind, job.preview.get("headers", []) + [e[1] for e in job.errors])
    errors = page_of(request, job.errors, size=ERRORS_PER_PAGE)
    context = {
        "job": job, "title": f"导入 {job.filename}",
        "processed": progress(job), "errors": _masked_errors(errors, masked),
        "error_page": errors, "preview": _masked_preview(job.preview, masked),
    }
    return render(request, "web/imports/job.html", context)


@require_POST
@staff_only
def confirm(request, pk: int):
    job = job_or_404(request.user, pk)
    try:
        upload_confirm(user=request.user, job=job)
    except UploadError as error:
        messages.error(request, str(error))
    return redirect("web:import", pk=job.pk)


@staff_only
def status(request, pk: int):
    job = job_or_404(request.user, pk)
    return JsonResponse({
        "status": job.status, "label": job.get_status_display(), "running": job.running,
        "processed": progress(job), "total": job.total, "errors": job.error_count,
    })


def _masked_errors(page, masked: set[str]) -> list[tuple]:
    return [(row, column, mask_id_number(value) if column in masked else value, reason)
            for row, column, value, reason in page]


def _masked_preview(preview: dict, masked: set[str]) -> dict:
    headers = preview.get("headers", [])
    hide = [header in masked for header in headers]
    rows = [[number, *(mask_id_number(cell) if i < len(hide) and hide[i] else cell for i, cell in enumerate(cells))]
            for number, *cells in preview.get("rows", [])]
    return {"headers": headers, "rows": rows}


urlpatterns = [
    path("imports/", imports, name="imports"),
    path("imports/<int:pk>/", job_page, name="import"),
    path("imports/<int:pk>/confirm/", confirm, name="import_confirm"),
    path("imports/<int:pk>/status/", status, name="import_status"),
]
