"""Data entry pages: an index of the forms, create, edit and delete of each kind of record.

Views stay thin: fetch through the scope check, hand the form's row to the services, render.
A village cadre enters only their village's records; a viewer enters nothing (403); another
village's record answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from weijian.accounts import scope
from weijian.accounts.models import Role
from weijian.audit.models import Action, AuditEntry
from weijian.web.entry.forms import EntryForm
from weijian.web.entry.kinds import ENTRY_KINDS, EntryKind, attribute, entry_kind_or_404
from weijian.web.entry.services import EditConflict, EntryRefused, entry_delete, entry_save, version_of
from weijian.web.shortcuts import require_change

KIND_OF_MODEL = {k.model._meta.label: k for k in ENTRY_KINDS.values()}


def _require_entry(user) -> None:
    if scope.role(user) in (None, Role.VIEWER):
        raise PermissionDenied("您只有查看权限，不能录入")


def _record_or_404(kind: EntryKind, user, pk: int):
    record = kind.records().filter(pk=pk).first()
    if record is None:
        raise Http404("没有这个记录")
    require_change(user, kind.division(record))
    return record


@login_required
def index(request):
    _require_entry(request.user)
    recent = (AuditEntry.objects.filter(user=request.user, action__in=[Action.CREATE, Action.UPDATE])
              .order_by("-at", "-id")[:15])
    changes = [(entry, KIND_OF_MODEL.get(entry.model)) for entry in recent]
    return render(request, "web/entry/index.html", {
        "title": "录入", "kinds": list(ENTRY_KINDS.values()), "changes": changes,
    })


@login_required
@require_http_methods(["GET", "POST"])
def create(request, kind: str):
    kind = entry_kind_or_404(kind)
    _require_entry(request.user)
    form = EntryForm(kind, request.user, request.POST or None, initial=_defaults(kind, request.user))
    return _save(request, kind, form, record=None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, kind: str, pk: int):
    kind = entry_kind_or_404(kind)
    record = _record_or_404(kind, request.user, pk)
    form = EntryForm(kind, request.user, request.POST or None, initial={"version": version_of(record)},
                     stored=kind.row(record))
    return _save(request, kind, form, record=record)


def _save(request, kind: EntryKind, form: EntryForm, record):
    if request.method == "POST" and form.is_valid():
        try:
            saved = entry_save(kind=kind, user=request.user, row=form.row(), record=record,
                               version=form.cleaned_data["version"])
        except EntryRefused as refused:
            form.add_issues(refused.issues)
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, f"已保存 {kind.summary(saved)}")
            return _after_save(request, kind, saved)
    title = f"修改{kind.label}" if record else f"新增{kind.label}"
    return render(request, "web/entry/form.html", {"title": title, "kind": kind, "form": form, "record": record})


def _after_save(request, kind: EntryKind, saved):
    """To the page of the person the record is about, where the user sees it in the timeline."""
    person = attribute(saved, kind.who) if kind.who else saved
    if person is not None and scope.can_see(request.user, person.village):
        return redirect("web:person", pk=person.pk)
    return redirect("web:entry")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, kind: str, pk: int):
    kind = entry_kind_or_404(kind)
    if not kind.deletable:
        raise Http404("人员不能删除")
    record = _record_or_404(kind, request.user, pk)
    error = None
    if request.method == "POST":
        try:
            entry_delete(kind=kind, user=request.user, record=record, version=request.POST.get("version", ""))
        except EditConflict as conflict:
            error = str(conflict)
        else:
            messages.success(request, f"已删除 {kind.summary(record)}")
            return redirect("web:entry")
    return render(request, "web/entry/delete.html", {
        "title": f"删除{kind.label}", "kind": kind, "record": record, "summary": kind.summary(record),
        "version": version_of(record), "error": error,
    })


def _defaults(kind: EntryKind, user) -> dict:
    """A village cadre's own village, chosen in advance where the form asks for one."""
    if kind.name == "persons" and scope.role(user) == Role.VILLAGE:
        home = scope.home_division(user)
        return {"village_code": home.code} if home else {}
    return {}
