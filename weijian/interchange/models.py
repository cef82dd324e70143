"""A record of every import attempt: what file, which kind, who, and how it ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        COMMITTED = "committed", _("已导入")
        REJECTED = "rejected", _("有错误，未导入")
        DRY_RUN = "dry_run", _("试导入")

    kind = models.CharField(_("类别"), max_length=20)
    filename = models.CharField(_("文件名"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, blank=True)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"


class UploadJob(models.Model):
    """A file uploaded in the browser: checked (dry run) in the background, then imported on confirmation."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("已上传")
        CHECKING = "checking", _("正在检查")
        CHECKED = "checked", _("检查完成")
        IMPORTING = "importing", _("正在导入")
        DONE = "done", _("导入完成")
        FAILED = "failed", _("导入失败")

    RUNNING = (Status.UPLOADED, Status.CHECKING, Status.IMPORTING)

    kind = models.CharField(_("类别"), max_length=20)
    filename = models.CharField(_("文件名"), max_length=255)
    stored = models.CharField(_("保存的文件"), max_length=100)  # its name under DATA_DIR/uploads/
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    division = models.ForeignKey(  # the uploader's division: who else may see the job
        "divisions.Division", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    total = models.PositiveIntegerField(_("文件行数"), default=0)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    errors = models.JSONField(_("错误"), default=list)  # [row, column, value, reason], at most WEIJIAN_MAX_ERRORS
    preview = models.JSONField(_("前几行"), default=dict)  # {"headers": [...], "rows": [[...], ...]}
    message = models.TextField(_("说明"), blank=True)  # why the import is refused or failed
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("网页导入")
        verbose_name_plural = _("网页导入")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"

    @property
    def kind_label(self) -> str:
        from weijian.interchange.kinds import KINDS

        return KINDS[self.kind].label if self.kind in KINDS else self.kind

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def can_confirm(self) -> bool:
        return self.status == self.Status.CHECKED and self.error_count == 0 and not self.message and self.rows > 0
