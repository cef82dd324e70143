"""Pages: registers (being built)."""

urlpatterns: list = []
