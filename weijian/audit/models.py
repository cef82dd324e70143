from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    IMPORT = "import", _("导入")
    REVEAL = "reveal", _("查看完整身份证号")
    EXPORT = "export", _("导出完整身份证号")


class AuditEntry(models.Model):
    """One change or one view of full ID numbers. Never edited, never deleted by the app."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    model = models.CharField(_("对象类型"), max_length=50)
    object_id = models.CharField(_("对象编号"), max_length=50, blank=True)
    division = models.ForeignKey("divisions.Division", verbose_name=_("区划"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} {self.model} {self.object_id}"
