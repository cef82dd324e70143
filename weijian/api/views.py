"""The API's views: parse the query → one selector or service call → serialize.

Scoping is done by the selectors (lists and details) and by `services.record_create`;
masking by the serializers, with one REVEAL audit entry per response that showed full numbers.
"""

from __future__ import annotations

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from weijian.accounts import scope
from weijian.api import serializers as s
from weijian.api.rows import RowRejected
from weijian.api.selectors import RESOURCES, person_list, record_list
from weijian.api.services import record_create
from weijian.audit.models import Action
from weijian.audit.services import audit_record
from weijian.indicators import cache as indicator_cache
from weijian.indicators import engine, output
from weijian.indicators.registry import IndicatorError
from weijian.periods import PeriodError, parse

VILLAGE = OpenApiParameter("village", str, description="区划代码：该村（或乡镇、县）及其下级的记录")
DATES = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="起始日期（含），如 2024-01-01"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="截止日期（含）"),
    OpenApiParameter("period", str, description="期间，如 2024TJ、2024Q1（与 from/to 二选一）"),
]


def _errors(*codes: int) -> dict:
    """The error answers an operation may give, for the schema."""
    described = {
        400: OpenApiResponse(OpenApiTypes.OBJECT, description="查询参数有误：键为参数名（或 detail），值为中文原因"),
        401: OpenApiResponse(s.DetailSerializer, description="未登录或令牌无效"),
        403: OpenApiResponse(s.DetailSerializer, description="只读用户，或无权修改该村"),
        404: OpenApiResponse(s.DetailSerializer, description="不存在，或不在本人负责的区划内（或页码超出范围）"),
    }
    return {code: described[code] for code in codes}


def _reveal_logged(request, count: int, what: str) -> None:
    """Log that this response showed full ID numbers (DOMAIN.md §10)."""
    if count and scope.may_view_full_id(request.user):
        audit_record(user=request.user, action=Action.REVEAL, model=what,
                     summary=f"接口 {request.method} {request.path} 返回 {count} 条记录的完整身份证号")


def _division(request):
    code = request.query_params.get("village")
    return scope.division_or_404(request.user, code) if code else None


def _date(request, name: str) -> date | None:
    text = request.query_params.get(name)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError({name: f"日期格式应为 2024-01-31：{text}"}) from None


def _date_range(request) -> tuple[date | None, date | None]:
    text = request.query_params.get("period")
    if not text:
        return _date(request, "from"), _date(request, "to")
    try:
        period = parse(text)
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None
    return period.start, period.end


class MaskedIdNumbers:
    """Serializers of this view show full ID numbers only to users with the permission."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "full_id": scope.may_view_full_id(self.request.user)}


class RecordView(MaskedIdNumbers, generics.ListCreateAPIView):
    """List (scoped, paginated) and create (validated as an import row) one record type."""

    resource_name = ""

    @property
    def resource(self):
        return RESOURCES[self.resource_name]

    def get_queryset(self):
        start, end = _date_range(self.request)
        return record_list(self.resource, self.request.user, division=_division(self.request), start=start, end=end)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        _reveal_logged(request, len(response.data["results"]), self.resource.model._meta.label)
        return response

    def create(self, request, *args, **kwargs):
        try:
            record = record_create(resource=self.resource, data=request.data, user=request.user)
        except RowRejected as rejected:
            return Response({"detail": str(rejected), "errors": [e.as_dict() for e in rejected.errors]},
                            status=status.HTTP_400_BAD_REQUEST)
        _reveal_logged(request, 1, self.resource.model._meta.label)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


def _record_schema(resource_name: str, serializer, extra=()):
    label = RESOURCES[resource_name].model._meta.verbose_name
    return extend_schema_view(
        get=extend_schema(summary=f"{label}列表", parameters=[VILLAGE, *extra],
                          responses={200: serializer, **_errors(400, 401, 404)}),
        post=extend_schema(summary=f"新增{label}", request=s.input_serializer(resource_name),
                           responses={201: serializer, 400: s.RowErrorsSerializer, **_errors(401, 403, 404)}),
    )


@_record_schema("persons", s.PersonSerializer, [OpenApiParameter("q", str, description="姓名（部分）、完整身份证号或户编号")])
class PersonList(RecordView):
    resource_name = "persons"
    serializer_class = s.PersonSerializer

    def get_queryset(self):
        return person_list(self.request.user, division=_division(self.request),
                           text=self.request.query_params.get("q", ""))


@extend_schema(summary="人员详情", responses={200: s.PersonSerializer, **_errors(401, 404)})
class PersonDetail(MaskedIdNumbers, generics.RetrieveAPIView):
    serializer_class = s.PersonSerializer
    lookup_field = "id_number"

    def get_queryset(self):
        return person_list(self.request.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), id_number=self.kwargs["id_number"].upper())

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        _reveal_logged(request, 1, "register.Person")
        return response


@_record_schema("births", s.BirthSerializer, DATES)
class BirthList(RecordView):
    resource_name = "births"
    serializer_class = s.BirthSerializer


@_record_schema("deaths", s.DeathSerializer, DATES)
class DeathList(RecordView):
    resource_name = "deaths"
    serializer_class = s.DeathSerializer


@_record_schema("marriages", s.MarriageSerializer, DATES)
class MarriageList(RecordView):
    resource_name = "marriages"
    serializer_class = s.MarriageSerializer


@_record_schema("migrations", s.MigrationSerializer, DATES)
class MigrationList(RecordView):
    resource_name = "migrations"
    serializer_class = s.MigrationSerializer


@_record_schema("services", s.ServiceSerializer, DATES)
class ServiceList(RecordView):
    resource_name = "services"
    serializer_class = s.ServiceSerializer


BY_LEVELS = ("county", "township", "village")
INDICATOR_PARAMETERS = [
    OpenApiParameter("period", str, required=True, description="期间，如 2020TJ、2020TJH1、2020Q3、202003"),
    OpenApiParameter("org", str, description="单位代码（默认：本人负责的最高一级区划）"),
]


def _indicator_query(request):
    """(period, org) of the query; 400 for a bad period, 404 for a division not the user's."""
    try:
        period = parse(request.query_params.get("period") or "")
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None
    code = request.query_params.get("org")
    org = scope.division_or_404(request.user, code) if code else scope.home_division(request.user)
    if org is None:
        raise PermissionDenied("您的账号没有分配区划，请联系管理员")
    return period, org


class IndicatorList(APIView):
    """The engine's rows: the same JSON as `weijian indicators --format json`."""

    @extend_schema(
        summary="指标", responses={200: s.IndicatorRowSerializer(many=True), **_errors(400, 401, 403, 404)},
        parameters=[*INDICATOR_PARAMETERS,
                    OpenApiParameter("by", str, enum=BY_LEVELS, description="按下级单位分列（默认：单位本身）"),
                    OpenApiParameter("indicator", str, many=True, description="指标代码，可重复或用逗号分隔（默认：全部）"),
                    OpenApiParameter("compare", bool, description="1：同比（上年同期及增减）"),
                    OpenApiParameter("at", OpenApiTypes.DATE, description="计算序时进度的日期")],
    )
    def get(self, request):
        period, org = _indicator_query(request)
        by = request.query_params.get("by") or None
        if by not in (None, *BY_LEVELS):
            raise ValidationError({"by": f"应为 {'、'.join(BY_LEVELS)}"})
        codes = [c.strip() for text in request.query_params.getlist("indicator") for c in text.split(",") if c.strip()]
        compare = request.query_params.get("compare", "").lower() in ("1", "true", "yes")
        try:
            rows = indicator_cache.compute(period, org, by=by, indicators=codes or None, compare=compare,
                                  at=_date(request, "at"))
        except (IndicatorError, engine.EngineError) as error:
            raise ValidationError({"detail": str(error)}) from None
        return Response(output.json_rows(rows))


class IndicatorRecords(APIView):
    """The records behind an indicator (as `weijian indicators --records`), masked unless permitted."""

    @extend_schema(
        summary="指标背后的记录", responses={200: s.RecordRowSerializer(many=True), **_errors(400, 401, 403, 404)},
        parameters=[*INDICATOR_PARAMETERS, OpenApiParameter("indicator", str, required=True, description="指标代码")],
    )
    def get(self, request):
        period, org = _indicator_query(request)
        full = scope.may_view_full_id(request.user)
        try:
            rows = engine.records(request.query_params.get("indicator") or "", org, period, masked=not full)
        except (IndicatorError, engine.EngineError) as error:
            raise ValidationError({"detail": str(error)}) from None
        _reveal_logged(request, sum(1 for row in rows if row.id_number), "indicators.records")  # figures have none
        return Response(output.json_rows(rows))
