"""Services delivered to persons, aggregate activity figures, and targets (任务数)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from weijian.register.models import Provenance


class CatalogEntry(models.Model):
    """An entry of a catalog that is data: a county may add its own."""

    code = models.CharField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20, blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ServiceItem(CatalogEntry):
    """An entry of the service catalog (DOMAIN.md §7)."""

    class Meta(CatalogEntry.Meta):
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务项目")


class ServiceRecord(Provenance):
    person = models.ForeignKey(
        "register.Person", verbose_name=_("服务对象"), on_delete=models.PROTECT, related_name="services"
    )
    service = models.ForeignKey(ServiceItem, verbose_name=_("服务项目"), on_delete=models.PROTECT, db_index=False)
    date = models.DateField(_("日期"))
    partner = models.ForeignKey(
        "register.Person", verbose_name=_("配偶"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", db_index=False,
    )
    result = models.CharField(_("结果"), max_length=50, blank=True)
    value = models.DecimalField(_("数值"), max_digits=12, decimal_places=2, null=True, blank=True)
    provider = models.CharField(_("服务机构"), max_length=100, blank=True)
    village = models.ForeignKey("divisions.Division", verbose_name=_("村居"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        constraints = [models.UniqueConstraint(fields=["person", "service", "date"], name="service_key")]
        indexes = [
            # Covering the indicator engine's reads of one item over a period (who, where, result),
            # so they never visit the table itself.
            models.Index(fields=["service", "date", "person", "village", "result"], name="service_period_cover"),
            # Each person's first record of a task in a period, read in order rather than sorted
            # (the service tasks of a county: 0.28 s sorted, 0.12 s in order on PostgreSQL).
            models.Index(fields=["service", "person", "date", "village"], include=["id"], name="service_first_cover"),
        ]


class DataElement(CatalogEntry):
    """An aggregate figure without individual records behind it (meetings, trainings …)."""

    class Meta(CatalogEntry.Meta):
        verbose_name = _("数据项")
        verbose_name_plural = _("数据项")


class DataValue(Provenance):
    data_element = models.ForeignKey(DataElement, verbose_name=_("数据项"), on_delete=models.PROTECT)
    period = models.CharField(_("期间"), max_length=30)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    org = models.ForeignKey("divisions.Division", verbose_name=_("单位"), on_delete=models.PROTECT)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("汇总数据")
        verbose_name_plural = _("汇总数据")
        constraints = [
            models.UniqueConstraint(fields=["data_element", "period", "org"], name="datavalue_key"),
        ]
        indexes = [models.Index(fields=["data_element", "start", "end"])]


class Target(Provenance):
    org = models.ForeignKey("divisions.Division", verbose_name=_("单位"), on_delete=models.PROTECT)
    period = models.CharField(_("期间"), max_length=30)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    indicator = models.CharField(_("指标"), max_length=60)
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("目标任务")
        verbose_name_plural = _("目标任务")
        constraints = [models.UniqueConstraint(fields=["org", "period", "indicator"], name="target_key")]
