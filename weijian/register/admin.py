"""Admin pages for browsing the register; ID numbers are shown masked."""

from django.contrib import admin

from weijian.register.models import Birth, Death, Household, Marriage, Migration, Person
from weijian.register.privacy import mask_id_number


@admin.display(description="公民身份号码")
def masked_id(obj) -> str:
    return mask_id_number(getattr(obj, "id_number", None) or getattr(getattr(obj, "person", None), "id_number", None))


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", masked_id, "sex", "birth_date", "village", "residence", "death_date")
    list_filter = ("sex", "residence", "registered_here", ("village", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "=id_number", "household__number")
    list_select_related = ("village",)
    exclude = ("id_number",)
    readonly_fields = ("mother", "father", "household", "batch", "entered_by")
    show_full_result_count = False


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ("number", "village")
    search_fields = ("=number",)
    list_select_related = ("village",)


@admin.register(Birth)
class BirthAdmin(admin.ModelAdmin):
    list_display = ("birth_date", "mother", "sex", "parity", "birth_order", "live_birth", "delivery_place", "village")
    list_filter = ("live_birth", "sex", "parity", "delivery_place", ("village", admin.RelatedOnlyFieldListFilter))
    date_hierarchy = "birth_date"
    list_select_related = ("mother", "village")
    raw_id_fields = ("mother", "father", "child", "batch", "entered_by")


@admin.register(Death)
class DeathAdmin(admin.ModelAdmin):
    list_display = ("death_date", "person", masked_id, "cause", "maternal_death")
    date_hierarchy = "death_date"
    list_select_related = ("person",)
    raw_id_fields = ("person", "batch", "entered_by")


@admin.register(Marriage)
class MarriageAdmin(admin.ModelAdmin):
    list_display = ("date", "person", "event", "first_marriage")
    list_filter = ("event",)
    date_hierarchy = "date"
    list_select_related = ("person",)
    raw_id_fields = ("person", "spouse", "batch", "entered_by")


@admin.register(Migration)
class MigrationAdmin(admin.ModelAdmin):
    list_display = ("date", "person", "direction", "place", "reason")
    list_filter = ("direction",)
    date_hierarchy = "date"
    list_select_related = ("person",)
    raw_id_fields = ("person", "batch", "entered_by")
