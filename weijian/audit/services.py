"""Writing the audit trail. Every write service calls `audit_record` in its transaction."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal

from django.db import models

from weijian.audit.models import Action, AuditEntry


def snapshot(instance: models.Model | None) -> dict | None:
    """The instance's field values as JSON-safe values (foreign keys as their primary keys)."""
    if instance is None:
        return None
    values = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, (bytes, memoryview)):  # a file kept in the database: its size and digest
            content = bytes(value)
            value = f"{len(content)} bytes, sha256 {hashlib.sha256(content).hexdigest()[:16]}"
        values[field.attname] = value
    return values


def audit_record(*, user, action: str, model: str, object_id="", division=None, summary: str = "",
                 before: dict | None = None, after: dict | None = None) -> AuditEntry:
    user = user if getattr(user, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        user=user, action=action, model=model, object_id=str(object_id or ""), division=division,
        summary=summary[:200], before=before, after=after,
    )


def audit_change(*, user, before: models.Model | None, after: models.Model | None, division=None,
                 summary: str = "") -> AuditEntry:
    """Record a create (no `before`), an update, or a delete (no `after`) of one instance."""
    instance = after if after is not None else before
    action = Action.CREATE if before is None else Action.DELETE if after is None else Action.UPDATE
    return audit_record(
        user=user, action=action, model=instance._meta.label, object_id=instance.pk, division=division,
        summary=summary or str(instance), before=snapshot(before), after=snapshot(after),
    )
