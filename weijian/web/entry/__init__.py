"""Data entry (录入): forms for persons, events and services, validated by the import rules."""

from django.urls import path

from weijian.web.entry import views

urlpatterns = [
    path("entry/", views.index, name="entry"),
    path("entry/<str:kind>/new/", views.create, name="entry-create"),
    path("entry/<str:kind>/<int:pk>/", views.edit, name="entry-edit"),
    path("entry/<str:kind>/<int:pk>/delete/", views.delete, name="entry-delete"),
]
