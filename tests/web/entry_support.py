"""Helpers of the entry-form tests: post a row, read the errors shown next to the fields."""

from __future__ import annotations

import re

from django.urls import reverse


def new_url(kind: str) -> str:
    return reverse("web:entry-create", args=[kind])


def edit_url(kind: str, pk: int) -> str:
    return reverse("web:entry-edit", args=[kind, pk])


def field_errors(response) -> dict[str, list[str]]:
    """Field → the Chinese reasons the page shows next to it ("__all__": above the form)."""
    assert response.status_code == 200, response.status_code
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def saved(response) -> None:
    """The save went through: on to the page of the person the record is about."""
    assert response.status_code == 302, field_errors(response)
    assert re.fullmatch(r"/register/persons/\d+/", response["Location"]), response["Location"]


def form_data(response) -> dict:
    """What the browser would post back: the form as the page showed it."""
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields}
