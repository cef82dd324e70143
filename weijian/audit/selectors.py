"""Reads of the audit trail, scoped like everything else: by the entry's division.

An entry without a division (an import from the command line, a change outside any
village) is shown to superusers only: ``scope.scoped`` keeps it out for everyone else.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from weijian.accounts import scope
from weijian.audit.models import AuditEntry


def audit_entries(user, *, user_id: int | None = None, action: str = "", since: date | None = None,
                  until: date | None = None) -> QuerySet[AuditEntry]:
    """The entries `user` may read, newest first, filtered by who, what and when."""
    entries = scope.scoped(AuditEntry.objects.select_related("user", "division"), user, field="division")
    if user_id:
        entries = entries.filter(user_id=user_id)
    if action:
        entries = entries.filter(action=action)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries.order_by("-at", "-id")


def audit_users(user) -> QuerySet:
    """The users who appear in the entries `user` may read, for the filter's list."""
    seen = scope.scoped(AuditEntry.objects.all(), user, field="division").values("user_id")
    return get_user_model().objects.filter(pk__in=seen).order_by("username")
