"""The dashboard (首页): key indicators, target completion, births by month, sex ratio by year."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.safestring import mark_safe

from weijian.indicators import cache as indicator_cache
from weijian.web import charts
from weijian.web import dashboard_data as data
from weijian.web.shortcuts import requested_division, requested_period


@login_required
def dashboard(request):
    today = date.today()
    division = requested_division(request)
    period, period_error = requested_period(request, data.default_period(today).code)
    return render(request, "web/dashboard.html", {
        "title": "首页", "division": division, "period": period, "period_error": period_error,
        "periods": data.recent_periods(today), "divisions": data.selectable_divisions(request.user),
        "body": _body(division, period, today),
    })


def _body(division, period, today) -> str:
    """The numbers and charts, rendered once for a division, period and day while the data is
    unchanged (the same for every user who may see the division)."""
    with indicator_cache.one_version():
        key = indicator_cache.key("dashboard", indicator_cache.data_version(), division.code, period.code,
                                  period.start, period.end, today)
        body = cache.get(key)
        if body is None:
            months = data.births_by_month(period, division, today)
            ratios = data.sex_ratio_by_year(period, division)
            body = render_to_string("web/dashboard_body.html", {
                "cards": data.key_indicators(period, division),
                "targets": data.target_table(data.target_rows(period, division)),
                "births_chart": charts.bar_chart([(m.label, m.births) for m in months], unit="人",
                                                 title="各月出生人数"),
                "sex_ratio_chart": charts.line_chart([(row.period, row.value) for row in ratios], band=(103, 107),
                                                     title="出生人口性别比（正常范围 103–107）"),
            })
            cache.set(key, body, settings.WEIJIAN_INDICATOR_CACHE_SECONDS)
    return mark_safe(body)  # rendered by the template engine, escaped there


urlpatterns = [path("", dashboard, name="dashboard")]
