"""The indicators page: the engine's table for a period and a division by village, as XLSX too,
and the records behind every value."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.http import urlencode

from weijian.accounts import scope
from weijian.audit.models import Action
from weijian.audit.services import audit_record
from weijian.indicators import cache as indicator_cache
from weijian.indicators import engine
from weijian.indicators.output import write_indicator_xlsx
from weijian.indicators.registry import IndicatorError, lookup
from weijian.web import dashboard_data as data
from weijian.web import indicator_table
from weijian.web.shortcuts import XLSX, attachment, page_of, requested_division, requested_period

RECORDS_PAGE_SIZE = 100


@login_required
def indicators(request):
    division = requested_division(request)
    period, period_error = requested_period(request, data.default_period(date.today()).code)
    rows = indicator_table.rows(period, division)
    if request.GET.get("format") == "xlsx":
        return _xlsx(rows, f"指标_{division.name}_{period.code}.xlsx")
    return render(request, "web/indicators.html", {
        "title": "指标", "division": division, "period": period, "period_error": period_error,
        "periods": data.recent_periods(date.today()), "divisions": data.selectable_divisions(request.user),
        "table": indicator_table.table(rows), "xlsx_query": _with(request, format="xlsx"),
        "summary_query": urlencode({"period": period.code, "org": division.code}),
    })


def _xlsx(rows, filename: str):
    buffer = BytesIO()
    write_indicator_xlsx(rows, buffer)
    return attachment(buffer.getvalue(), filename, XLSX)


def _with(request, **changes) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@login_required
def indicator_records(request):
    user = request.user
    division = requested_division(request)
    period, period_error = requested_period(request, data.default_period(date.today()).code)
    try:
        info = lookup(request.GET.get("indicator", ""))
    except IndicatorError as error:
        raise Http404(str(error)) from None
    may_reveal = scope.may_view_full_id(user)
    reveal = may_reveal and request.GET.get("full") == "1"
    records = engine.records(info.code, division, period, masked=not reveal)
    numbers = any(r.id_number for r in records)  # an aggregate figure has none
    if reveal and numbers:
        audit_record(user=user, action=Action.REVEAL, model="indicators.records", object_id=info.code,
                     division=division, summary=f"查看{division.name}{period.code}{info.name}明细的完整公民身份号码")
    (row,) = indicator_cache.compute(period, division, indicators=[info.code])
    return render(request, "web/indicator_records.html", {
        "title": f"{info.name}明细", "info": info, "row": row, "division": division, "period": period,
        "period_error": period_error, "page": page_of(request, records, RECORDS_PAGE_SIZE),
        "query": _with(request), "reveal": reveal, "may_reveal": may_reveal and not reveal and numbers,
        "reveal_query": _with(request, full="1"), "amounts": any(r.amount is not None for r in records),
    })


urlpatterns = [
    path("indicators/", indicators, name="indicators"),
    path("indicators/records/", indicator_records, name="indicator_records"),
]
