"""The pages, one module per area; each module holds its views and its `urlpatterns`."""

from weijian.web import auditlog, dashboard, entry, imports, indicator_pages, registers, summary_pages

app_name = "web"

urlpatterns = [
    *dashboard.urlpatterns,
    *registers.urlpatterns,
    *entry.urlpatterns,
    *imports.urlpatterns,
    *auditlog.urlpatterns,
    *indicator_pages.urlpatterns,
    *summary_pages.urlpatterns,
]
