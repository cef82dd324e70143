"""The API's records as JSON: the canonical column names of the files, ID numbers masked.

Keys are those of the import files (weijian/interchange/kinds/*.py), so a record read from
the API can be posted back; choices are given as their codes (`sex` 1/2, `residence`
"resident" …). A create is not validated here but by the import machinery (rows.py): the
`*Input` serializers only describe the accepted keys for the OpenAPI schema.
"""

from __future__ import annotations

import dataclasses

from rest_framework import serializers

from weijian.care.models import ServiceRecord
from weijian.indicators.engine import IndicatorRow, RecordRow
from weijian.interchange.kinds import KINDS
from weijian.register.models import Birth, Death, Marriage, Migration, Person
from weijian.register.privacy import mask_id_number


class IdNumberField(serializers.CharField):
    """An ID number, masked unless the serializer's context says `full_id`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if not value:
            return None
        return value if self.context.get("full_id") else mask_id_number(value)


def _code(source: str) -> serializers.CharField:
    return serializers.CharField(source=source, read_only=True, allow_null=True)


class PersonSerializer(serializers.ModelSerializer):
    id_number = IdNumberField()
    village_code = _code("village.code")
    village_name = _code("village.name")
    household_no = _code("household.number")
    mother_id_number = IdNumberField(source="mother.id_number")
    father_id_number = IdNumberField(source="father.id_number")

    class Meta:
        model = Person
        fields = ["id_number", "name", "sex", "birth_date", "village_code", "village_name", "household_no",
                  "relation", "hukou_type", "residence", "registered_here", "marital_status", "first_marriage_date",
                  "mother_id_number", "father_id_number", "disability_grade", "death_date", "phone"]
        read_only_fields = fields


class BirthSerializer(serializers.ModelSerializer):
    mother_id_number = IdNumberField(source="mother.id_number")
    father_id_number = IdNumberField(source="father.id_number")
    child_id_number = IdNumberField(source="child.id_number")
    child_name = _code("child.name")
    village_code = _code("village.code")
    village_name = _code("village.name")

    class Meta:
        model = Birth
        fields = ["id", "mother_id_number", "birth_date", "sex", "child_id_number", "child_name", "father_id_number",
                  "birth_order", "parity", "live_birth", "birth_weight_g", "gestation_weeks", "delivery_place",
                  "village_code", "village_name", "birth_certificate_no", "report_date"]
        read_only_fields = fields


class PersonEventSerializer(serializers.ModelSerializer):
    """The fields every event of one person has: who, and their village."""

    id_number = IdNumberField(source="person.id_number")
    name = _code("person.name")
    village_code = _code("person.village.code")
    village_name = _code("person.village.name")
    person_fields = ["id", "id_number", "name"]
    village_fields = ["village_code", "village_name"]


class DeathSerializer(PersonEventSerializer):
    mother_id_number = IdNumberField(source="person.birth.mother.id_number")
    child_birth_date = serializers.DateField(source="person.birth.birth_date", read_only=True, allow_null=True)
    birth_order = serializers.IntegerField(source="person.birth.birth_order", read_only=True, allow_null=True)

    class Meta:
        model = Death
        fields = [*PersonEventSerializer.person_fields, "mother_id_number", "child_birth_date", "birth_order",
                  "death_date", "cause", "maternal_death", "report_date", *PersonEventSerializer.village_fields]
        read_only_fields = fields


class MarriageSerializer(PersonEventSerializer):
    spouse_id_number = IdNumberField(source="spouse.id_number")

    class Meta:
        model = Marriage
        fields = [*PersonEventSerializer.person_fields, "spouse_id_number", "event", "date", "first_marriage",
                  *PersonEventSerializer.village_fields]
        read_only_fields = fields


class MigrationSerializer(PersonEventSerializer):
    class Meta:
        model = Migration
        fields = [*PersonEventSerializer.person_fields, "direction", "date", "place", "reason",
                  *PersonEventSerializer.village_fields]
        read_only_fields = fields


class ServiceSerializer(PersonEventSerializer):
    service = _code("service.code")
    service_name = _code("service.name")
    partner_id_number = IdNumberField(source="partner.id_number")
    village_code = _code("village.code")
    village_name = _code("village.name")

    class Meta:
        model = ServiceRecord
        fields = [*PersonEventSerializer.person_fields, "service", "service_name", "date", "partner_id_number",
                  "result", "value", "provider", *PersonEventSerializer.village_fields]
        read_only_fields = fields


def input_serializer(kind_name: str) -> type[serializers.Serializer]:
    """A serializer describing the keys a create of `kind_name` accepts (for the schema only)."""
    kind = KINDS[kind_name]
    fields = {
        column.name: serializers.CharField(required=column.required, allow_null=not column.required,
                                           help_text=f"{column.zh}；也可用中文表头“{column.zh}”作键")
        for column in kind.columns
    }
    name = f"{kind_name.capitalize()}Input"
    return type(name, (serializers.Serializer,), {**fields, "__doc__": f"新增{kind.label}：与导入文件同样的列和规则"})


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="第几条记录（只提交一条时为 1）")
    column = serializers.CharField(help_text="字段（按提交时的键）")
    value = serializers.CharField(help_text="提交的值")
    reason = serializers.CharField(help_text="原因（中文）")


def dataclass_serializer(row_type: type, name: str) -> type[serializers.Serializer]:
    """A serializer describing a dataclass's rows as `output.json_rows` writes them (schema only)."""
    kinds = (("Decimal", serializers.FloatField), ("float", serializers.FloatField), ("bool", serializers.BooleanField),
             ("int", serializers.IntegerField), ("date", serializers.DateField))
    fields = {}
    for field in dataclasses.fields(row_type):
        annotation = str(field.type)
        kind = next((k for word, k in kinds if word in annotation), serializers.CharField)
        fields[field.name] = kind(allow_null="None" in annotation)
    return type(name, (serializers.Serializer,), {**fields, "__doc__": row_type.__doc__})


IndicatorRowSerializer = dataclass_serializer(IndicatorRow, "IndicatorRow")
RecordRowSerializer = dataclass_serializer(RecordRow, "RecordRow")


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="原因（中文）")


class RowErrorsSerializer(DetailSerializer):
    errors = RowErrorSerializer(many=True, required=False, help_text="逐项错误（请求体不是 JSON 时没有）")
