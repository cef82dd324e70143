"""What an office keeps for its work summary: its own narrative text and its own Word template."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SummaryText(models.Model):
    """A part of the summary the office writes itself, for one division and period.

    A period without its own text uses the latest earlier one (carried forward), so an office
    writes its opening and its standing plans once and edits them each year."""

    org = models.ForeignKey("divisions.Division", verbose_name=_("单位"), on_delete=models.CASCADE)
    part = models.CharField(_("部分"), max_length=40)
    period = models.CharField(_("期间"), max_length=30)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    text = models.TextField(_("内容"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("更新人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("总结文字")
        verbose_name_plural = _("总结文字")
        constraints = [models.UniqueConstraint(fields=["org", "part", "period"], name="summarytext_key")]
        indexes = [models.Index(fields=["org", "part", "end"])]

    def __str__(self) -> str:
        return f"{self.org_id} {self.part} {self.period}"


class SummaryTemplate(models.Model):
    """An office's own Word template (letterhead, fonts, standing paragraphs), kept for next year.

    Stored in the database, so it travels with the backup and needs no media folder."""

    org = models.OneToOneField("divisions.Division", verbose_name=_("单位"), on_delete=models.CASCADE)
    name = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField(_("内容"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("总结模板")
        verbose_name_plural = _("总结模板")

    def __str__(self) -> str:
        return f"{self.org_id} {self.name}"
