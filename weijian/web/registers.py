"""The registers (人口登记): seven lists with search, village and date filters, paging; the person page."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from weijian.accounts import scope
from weijian.divisions.models import Level
from weijian.web import person
from weijian.web.register_selectors import BY_CODE, REGISTERS, Register, listing
from weijian.web.shortcuts import page_of

DATE_ERRORS = {"invalid": "日期格式应为 2024-03-01"}


def _date_field(label: str) -> forms.DateField:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, required=False, error_messages=DATE_ERRORS, widget=widget)


class RegisterFilter(forms.Form):
    q = forms.CharField(label="姓名、身份证号或户编号", required=False, max_length=50)
    village = forms.ChoiceField(label="村居", required=False)
    start = _date_field("从")
    end = _date_field("到")

    def __init__(self, data, *, user, register: Register):
        super().__init__(data)
        self.villages = {d.code: d for d in scope.visible_divisions(user).filter(level=Level.VILLAGE)}
        self.fields["village"].choices = [("", "全部"), *((code, d.name) for code, d in self.villages.items())]
        self.fields["village"].error_messages["invalid_choice"] = "没有这个村居"
        if not register.date:
            del self.fields["start"], self.fields["end"]
        else:
            self.fields["start"].label = f"{register.date_label}从"

    def criteria(self) -> dict:
        """The valid criteria as keyword arguments of `listing`; an invalid one is left out."""
        self.is_valid()  # fills cleaned_data with the fields that are valid
        values = self.cleaned_data
        return {
            "text": values.get("q") or "",
            "village": self.villages.get(values.get("village") or ""),
            "start": values.get("start"),
            "end": values.get("end"),
        }


def narrow_page(request, queryset):
    """One page of `queryset`: sorted on its keys alone, then the page's rows fetched with their joins.

    Sorting the full, joined rows of 40,000 service records costs more than the page itself.
    """
    page = page_of(request, queryset.values_list("pk", flat=True))
    rows = queryset.in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list]
    return page


def _register_view(register: Register):
    @login_required
    def view(request):
        form = RegisterFilter(request.GET, user=request.user, register=register)
        page = narrow_page(request, listing(register, request.user, **form.criteria()))
        query = request.GET.copy()
        query.pop("page", None)
        return render(request, "web/registers/list.html", {
            "title": f"{register.label}登记", "register": register, "registers": REGISTERS, "form": form,
            "page": page, "query": query.urlencode(), "rows": f"web/registers/{register.code}.html",
        })

    view.__name__ = f"{register.code}_register"
    return view


urlpatterns = [
    *(path(f"register/{code}/", _register_view(register), name=code) for code, register in BY_CODE.items()),
    *person.urlpatterns,
]
