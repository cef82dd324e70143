"""Writes of the entry forms: through the import path, version-checked, audited.

A form's row goes through `import_rows`, so it meets the same checks as a file row. Each
save runs in one transaction that locks the record being edited, refuses the save if the
record changed since the form was opened, writes, checks the result is the user's to
change, and records the audit entry; any refusal rolls all of it back.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from weijian.accounts import scope
from weijian.audit.services import audit_change, snapshot
from weijian.interchange.importer import import_rows
from weijian.interchange.kinds.base import Issue
from weijian.web.entry.kinds import EntryKind


class EntryRefused(Exception):
    """The row did not pass: `issues` name the column (the form field) and the reason."""

    def __init__(self, issues: list[Issue]):
        super().__init__("; ".join(str(i) for i in issues))
        self.issues = issues


class EditConflict(Exception):
    """Someone else saved the record after this form was opened; nothing was written."""


def version_of(record) -> str:
    """The token an edit form carries: when the record was last written."""
    return record.updated_at.isoformat() if record.updated_at else ""


def entry_save(*, kind: EntryKind, user, row: dict[str, str], record=None, version: str = ""):
    """Create (no `record`) or update `record` from the form's `row`; returns the saved record."""
    with transaction.atomic():
        before = _locked(kind, record, version) if record is not None else None
        companion = kind.companion(record) if record is not None else kind.companion_of_row(row)
        started = timezone.now()
        result = import_rows(kind.name, [row], user=user, audit=False)
        if not result.ok:
            raise EntryRefused(result.errors)
        saved = kind.records().get(batch_id=result.batch_id)
        division = kind.division(saved)
        _check_scope(kind, user, row, division)
        if before is None and result.created != 1:
            raise EntryRefused([_issue(kind.anchor, f"该{kind.label}已登记（同一{kind.key_label}）：请在原记录上修改")])
        if before is not None and saved.pk != before.pk:
            raise EntryRefused([_issue(kind.anchor, f"修改后与另一条{kind.label}记录重复")])
        audit_change(user=user, before=before, after=saved, division=division, summary=kind.summary(saved))
        _audit_companion(kind, user, companion, kind.companion(saved), division, started)
    return saved


def _audit_companion(kind: EntryKind, user, before, after, division, started) -> None:
    """The person the import wrote alongside the record (a birth's child, the deceased): audited
    if this save created them, or changed them from a state known before the save."""
    if after is None:
        return
    if before is None and not (after.entered_at and after.entered_at >= started):
        return
    if before is not None and _content(before) == _content(after):
        return
    audit_change(user=user, before=before, after=after, division=division,
                 summary=f"{kind.label}：{after.name or '（无名）'}")


def _content(record) -> dict:
    values = snapshot(record)
    for stamp in ("updated_at", "batch_id", "batch_row"):
        values.pop(stamp, None)
    return values


def entry_delete(*, kind: EntryKind, user, record, version: str) -> None:
    """Delete `record` (an event or service, never a person), audited."""
    with transaction.atomic():
        before = _locked(kind, record, version)
        audit_change(user=user, before=before, after=None, division=kind.division(record),
                     summary=kind.summary(record))
        kind.model.objects.filter(pk=before.pk).delete()
        if kind.after_delete:
            kind.after_delete(before)


def _locked(kind: EntryKind, record, version: str):
    """The record, locked for this transaction, if it is still as the form saw it."""
    current = kind.model.objects.select_for_update().filter(pk=record.pk).first()
    if current is None:
        raise EditConflict("该记录已被他人删除，本次保存未生效。")
    if version_of(current) != version:
        when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S") if current.updated_at else ""
        raise EditConflict(f"该记录已被他人修改（{when}），本次保存未生效，以免覆盖他人的修改：请刷新后重新录入。")
    return current


def _check_scope(kind: EntryKind, user, row: dict[str, str], division) -> None:
    """The saved record must belong to a division the user may change."""
    if scope.can_change(user, division):
        return
    if row.get("village_code"):
        raise EntryRefused([_issue("village_code", f"村居代码{row['village_code']}不在您负责的范围内")])
    number = row.get(kind.anchor, "")
    if scope.can_see(user, division):
        raise EntryRefused([_issue(kind.anchor, "该人员不在您可录入的村居")])
    # As if the person did not exist: another village's register is not to be probed.
    raise EntryRefused([_issue(kind.anchor, f"身份号码{number}在人口库中不存在：请先导入或登记该人员")])


def _issue(column: str, reason: str) -> Issue:
    return Issue(1, column, "", reason)
