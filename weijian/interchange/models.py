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
