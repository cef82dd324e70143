"""Creating a record through the API: the scope check, the import's rules, the audit entry."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.http import Http404

from weijian.accounts import scope
from weijian.api.rows import RowError, RowRejected, canonical_values, import_row
from weijian.api.selectors import Resource
from weijian.audit.services import audit_change
from weijian.divisions.models import Division
from weijian.interchange.kinds import get_kind
from weijian.interchange.values import FieldError, parse_id_number
from weijian.register.models import Person
from weijian.web.shortcuts import require_change


class _AlreadyThere(Exception):
    """Raised inside the transaction to undo an import that updated instead of creating."""


def record_create(*, resource: Resource, data, user) -> Model:
    """Create one record of `resource` from the posted object, or raise.

    Raises Http404 (the record's person or village is not the user's to see), PermissionDenied
    (a viewer, or a village the user may only see) or RowRejected (the import's errors).
    """
    if not scope.can_change(user, scope.home_division(user)):
        raise PermissionDenied("您只有查看权限，不能新增记录")
    values = canonical_values(resource.kind, data)
    division = _target_division(resource, values, user)
    if division is not None:
        require_change(user, division)
    try:
        with transaction.atomic():
            result = import_row(resource.kind, data, user=user)
            if result.updated:
                raise _AlreadyThere
            record = resource.queryset().get(batch_id=result.batch_id)
            village = _division_of(record, resource)
            require_change(user, village)  # a safety net: the import may have placed it elsewhere
            audit_change(user=user, before=None, after=record, division=village,
                         summary=f"接口新增{get_kind(resource.kind).label}：{record}")
    except _AlreadyThere:
        kind = get_kind(resource.kind)
        key = kind.key_column
        raise RowRejected([RowError(1, key, _shown(values.get(key)),
                                    f"同一{kind.key_label}的记录已存在：新增不覆盖已有记录")]) from None
    return record


def _target_division(resource: Resource, values: dict, user) -> Division | None:
    """The village the new record will belong to, as far as the posted values tell.

    The person the record is about must be the user's to see (else 404, as if absent).
    """
    subject = None
    for column in resource.subjects:
        number = _id_number(values.get(column))
        if number:
            subject = Person.objects.select_related("village").filter(id_number=number).first()
            if subject is not None and not scope.can_see(user, subject.village):
                raise Http404("没有这个人员")
            break
    code = values.get(resource.village_column) if resource.village_column else None
    if code not in (None, ""):
        return Division.objects.filter(code=str(code).strip()).first()
    return subject.village if subject is not None else None


def _division_of(record: Model, resource: Resource) -> Division:
    target = record
    for part in resource.division.split("__"):
        target = getattr(target, part)
    return target


def _id_number(value) -> str | None:
    if value in (None, ""):
        return None
    try:
        return parse_id_number(value)
    except FieldError:
        return None  # the import reports it


def _shown(value) -> str:
    return "" if value is None else str(value)
