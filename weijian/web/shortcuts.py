"""What every page does the same way: the division asked for, the period, paging, masking."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from weijian.accounts import scope
from weijian.periods import Period, PeriodError, parse

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def requested_division(request, parameter: str = "org"):
    """The division named by ?org=CODE if the user may see it (else 404), or the user's home division."""
    code = request.GET.get(parameter)
    if code:
        return scope.division_or_404(request.user, code)
    division = scope.home_division(request.user)
    if division is None:
        raise PermissionDenied("您的账号没有分配区划，请联系管理员")
    return division


def requested_period(request, default: str) -> tuple[Period, str | None]:
    """The period of ?period=…, or `default`; with the error message if the text was not a period."""
    text = (request.GET.get("period") or "").strip() or default
    try:
        return parse(text), None
    except PeriodError as error:
        return parse(default), str(error)


def page_of(request, queryset, size: int = PAGE_SIZE):
    """One page of `queryset` (?page=N); the count query is the paginator's only extra query."""
    paginator = Paginator(queryset, size)
    return paginator.get_page(request.GET.get("page"))


def require_change(user, division) -> None:
    """Refuse a change to `division` by a user who may not change it (404 if they may not even see it)."""
    if not scope.can_see(user, division):
        raise Http404("没有这个记录")
    if not scope.can_change(user, division):
        raise PermissionDenied("您只有查看权限")


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download; a Chinese file name goes in RFC 5987's filename*= (UTF-8, percent-encoded)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
