"""The entry form: one field per column of the import kind, checked by the import, not here.

Every field is plain text (or a select of the allowed values): the form collects the cells
of one canonical row and shows the import's reasons next to the fields they concern.
"""

from __future__ import annotations

from django import forms

from weijian.accounts import scope
from weijian.care.models import ServiceItem
from weijian.divisions.models import Level
from weijian.interchange.kinds.base import Column, Issue
from weijian.interchange.values import parse_date
from weijian.register.models import DeliveryPlace, Direction, HukouType, MaritalStatus, MarriageEvent, Residence
from weijian.register.privacy import mask_id_number
from weijian.web.entry.kinds import EntryKind

YES_NO = [("是", "是"), ("否", "否")]
SEX = [("1", "男"), ("2", "女")]
# Columns entered by choosing: column name → (code, label) pairs, as the import accepts them.
CHOICES = {
    "sex": SEX, "hukou_type": HukouType.choices, "residence": Residence.choices,
    "marital_status": MaritalStatus.choices, "delivery_place": DeliveryPlace.choices, "event": MarriageEvent.choices,
    "direction": Direction.choices, "live_birth": YES_NO, "maternal_death": YES_NO, "first_marriage": YES_NO,
}
# (kind, column) → a hint shown under the field.
HINTS = {
    ("births", "village_code"): "留空则取母亲所在村居",
    ("births", "parity"): "留空则按母亲已登记的子女自动推算",
    ("deaths", "id_number"): "无身份号码的婴儿：留空，填写母亲身份号码、婴儿出生日期和胎序",
    ("services", "village_code"): "留空则取本人所在村居",
}


class EntryForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, kind: EntryKind, user, *args, stored: dict | None = None, **kwargs):
        """`stored`: the record's row when editing; its ID numbers are shown masked."""
        self.stored = stored or {}
        editing = stored is not None
        initial = {**kwargs.pop("initial", {}), **self.stored}
        for column in kind.id_columns:
            initial[column] = mask_id_number(self.stored.get(column))
        super().__init__(*args, initial=initial, **kwargs)
        self.kind = kind
        for column in kind.columns:
            field = _field(column, _choices(column, user), HINTS.get((kind.name, column.name), ""))
            field.disabled = editing and column.name in kind.key
            self.fields[column.name] = field

    def row(self) -> dict[str, str]:
        """The canonical row the form holds (call after is_valid()); an ID number left as shown
        (masked) stands for the stored one."""
        row = {c.name: (self.cleaned_data.get(c.name) or "").strip() for c in self.kind.columns}
        for column in self.kind.id_columns:
            stored = self.stored.get(column)
            if stored and row[column] == mask_id_number(stored):
                row[column] = stored
        return row

    def add_issues(self, issues: list[Issue]) -> None:
        """Show each of the import's errors next to its field (or above the form)."""
        for issue in issues:
            self.add_error(issue.column if issue.column in self.fields else None, issue.reason)


def _field(column: Column, choices, hint: str) -> forms.Field:
    label = f"{column.zh}*" if column.required else column.zh
    attrs = {"required": True} if column.required else {}
    if choices is not None:
        widget = forms.Select(choices=[("", "——"), *choices], attrs=attrs)
    elif column.parse is parse_date:
        widget = forms.DateInput(attrs={**attrs, "type": "date"})
    else:
        widget = forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, required=False, widget=widget, help_text=hint)


def _choices(column: Column, user):
    if column.name == "village_code":
        villages = scope.visible_divisions(user).filter(level__in=[Level.VILLAGE, Level.GROUP])
        return [(d.code, f"{d.name}（{d.code}）") for d in villages]
    if column.name == "service":
        return [(item.code, item.name) for item in ServiceItem.objects.order_by("code")]
    return CHOICES.get(column.name)
