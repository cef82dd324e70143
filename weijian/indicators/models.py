"""Data the indicator definitions depend on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyLimit(models.Model):
    """The number of children the birth policy allowed from a date on (生育政策符合率).

    A birth is within the policy when its parity is at most the limit of the latest row
    starting on or before the birth date. Seeded with the national rules (2 children from
    2016-01-01, 3 from 2021-05-31); an office adds the local rules of earlier years.
    A birth before every row has no known limit and counts as within the policy.
    """

    start = models.DateField(_("起始日期"), unique=True)
    max_parity = models.PositiveSmallIntegerField(_("允许孩次"))
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("生育政策")
        verbose_name_plural = _("生育政策")
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d}起 {self.max_parity}孩"
