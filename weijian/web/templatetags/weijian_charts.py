"""{{ row|progress }}: an indicator row's target completion as a small bar (see web/charts.py)."""

from django import template

from weijian.web import charts

register = template.Library()


@register.filter
def progress(row) -> str:
    return charts.progress_bar(row.completion, row.time_progress, width=120, height=12)
