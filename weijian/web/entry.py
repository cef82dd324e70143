"""Pages: entry (being built)."""

urlpatterns: list = []
