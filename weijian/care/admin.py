from django.contrib import admin

from weijian.care.models import DataElement, DataValue, ServiceItem, ServiceRecord, Target


@admin.register(ServiceItem, DataElement)
class CatalogAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit")


@admin.register(ServiceRecord)
class ServiceRecordAdmin(admin.ModelAdmin):
    list_display = ("date", "person", "service", "result", "value", "village")
    list_filter = ("service", ("village", admin.RelatedOnlyFieldListFilter))
    date_hierarchy = "date"
    list_select_related = ("person", "service", "village")
    raw_id_fields = ("person", "partner", "batch", "entered_by")
    show_full_result_count = False


@admin.register(DataValue)
class DataValueAdmin(admin.ModelAdmin):
    list_display = ("period", "org", "data_element", "value")
    list_filter = ("data_element", ("org", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("org", "data_element")


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("period", "org", "indicator", "target", "weight")
    list_filter = ("period", "indicator", ("org", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("org",)
