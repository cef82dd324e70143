"""The dashboard (首页). A first version: the user's division; the issue's dashboard is being built."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from weijian.web.shortcuts import requested_division


@login_required
def dashboard(request):
    division = requested_division(request)
    return render(request, "web/dashboard.html", {"division": division, "title": "首页"})


urlpatterns = [path("", dashboard, name="dashboard")]
