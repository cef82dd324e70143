"""/api/v1/: persons, events, services, indicators and the OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from weijian.api import views

app_name = "api"

urlpatterns = [
    path("persons/", views.PersonList.as_view(), name="persons"),
    path("persons/<str:id_number>/", views.PersonDetail.as_view(), name="person"),
    path("births/", views.BirthList.as_view(), name="births"),
    path("deaths/", views.DeathList.as_view(), name="deaths"),
    path("marriages/", views.MarriageList.as_view(), name="marriages"),
    path("migrations/", views.MigrationList.as_view(), name="migrations"),
    path("services/", views.ServiceList.as_view(), name="services"),
    path("indicators/", views.IndicatorList.as_view(), name="indicators"),
    path("indicators/records/", views.IndicatorRecords.as_view(), name="indicator-records"),
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
]
