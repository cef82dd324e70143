"""Pages: auditlog (being built)."""

urlpatterns: list = []
