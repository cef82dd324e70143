"""Pages: imports (being built)."""

urlpatterns: list = []
