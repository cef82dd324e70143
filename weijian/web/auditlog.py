"""The audit page (操作记录): who changed what, when, before and after.

County and township staff read the entries of their divisions; village cadres and viewers
are refused (403: the page exists, their role has no use of it). ID numbers in the field
tables are masked unless the user holds the permission to see them in full and asks for
it (?full=1), and that view is itself audited (DOMAIN.md §10).
"""

from __future__ import annotations

import re

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path

from weijian.accounts import scope
from weijian.accounts.models import Role
from weijian.audit.models import Action
from weijian.audit.selectors import audit_entries, audit_users
from weijian.audit.services import audit_record
from weijian.register.privacy import mask_id_number
from weijian.web.shortcuts import page_of

READERS = (Role.COUNTY, Role.TOWNSHIP)
ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
# Labels of the values an import's entry holds (not fields of a model).
# The key and the stamps every write changes: left out of the field tables.
HIDDEN = {"id", "updated_at", "entered_at", "entered_by_id", "batch_id", "batch_row"}
IMPORT_LABELS = {"kind": "类别", "filename": "文件名", "rows": "数据行数", "created": "新增", "updated": "更新"}


class AuditFilter(forms.Form):
    user = forms.TypedChoiceField(label="用户", required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部"), *Action.choices])
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "全部"), *((u.pk, u.username) for u in users)]


@login_required
def audit(request):
    if scope.role(request.user) not in READERS:
        raise PermissionDenied("操作记录只对县、乡镇工作人员开放")
    form = AuditFilter(request.GET or None, users=audit_users(request.user))
    criteria = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(request.user, user_id=criteria.get("user"), action=criteria.get("action", ""),
                            since=criteria.get("since"), until=criteria.get("until"))
    page = page_of(request, entries)
    full = request.GET.get("full") == "1" and scope.may_view_full_id(request.user)
    if full and page.object_list:
        audit_record(user=request.user, action=Action.REVEAL, model="audit.AuditEntry",
                     division=scope.home_division(request.user), summary="查看操作记录中的完整身份证号")
    snapshots = Snapshots(page.object_list)
    rows = [(entry, model_name(entry.model), _show(entry.summary, full), snapshots.changes(entry, full))
            for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("full", None)
    return render(request, "web/auditlog.html", {
        "title": "操作记录", "form": form, "page": page, "rows": rows, "full": full, "query": query.urlencode(),
        "may_reveal": scope.may_view_full_id(request.user),
    })


class Snapshots:
    """How the snapshots of one page of entries read: field labels, choice labels, and the
    names of the records their keys point at (one query per kind of record, not per entry)."""

    def __init__(self, entries):
        self.fields = {e.model: _fields(e.model) for e in entries}
        wanted: dict = {}
        for entry in entries:
            fields = self.fields[entry.model]
            for name, value in (*(entry.before or {}).items(), *(entry.after or {}).items()):
                field = fields.get(name)
                if value is not None and field is not None and field.is_relation and name not in HIDDEN:
                    wanted.setdefault(field.related_model, set()).add(value)
        self.names = {model: {pk: str(obj) for pk, obj in model._base_manager.in_bulk(pks).items()}
                      for model, pks in wanted.items()}

    def changes(self, entry, full: bool) -> list[tuple[str, str, str]]:
        """(label, before, after) of the fields the entry records: the changed ones for an update."""
        before, after = entry.before or {}, entry.after or {}
        fields = self.fields[entry.model]
        rows = []
        for name in dict.fromkeys([*before, *after]):
            old, new = before.get(name), after.get(name)
            if name in HIDDEN or (entry.action == Action.UPDATE and old == new):
                continue
            if old in (None, "") and new in (None, ""):
                continue
            field = fields.get(name)
            label = IMPORT_LABELS.get(name, name) if field is None else str(field.verbose_name)
            rows.append((label, _show(self._value(field, old), full), _show(self._value(field, new), full)))
        return rows

    def _value(self, field, value):
        if field is None or value is None:
            return value
        if field.is_relation:
            return self.names.get(field.related_model, {}).get(value, value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value


def _fields(model_label: str) -> dict:
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return {}
    return {f.attname: f for f in model._meta.concrete_fields}


def model_name(model_label: str) -> str:
    try:
        return str(apps.get_model(model_label)._meta.verbose_name)
    except (LookupError, ValueError):
        return model_label


def _show(value, full: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    return text if full else ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text)


urlpatterns = [path("audit/", audit, name="audit")]
