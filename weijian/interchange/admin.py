from django.contrib import admin

from weijian.interchange.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("started_at", "kind", "filename", "status", "rows", "error_count", "user")
    list_filter = ("kind", "status")

    def has_add_permission(self, request):
        return False  # batches are written by imports only

    def has_change_permission(self, request, obj=None):
        return False
