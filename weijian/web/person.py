"""A person's page: household, parents and children, and a timeline of events and services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from weijian.accounts import scope
from weijian.audit.models import Action
from weijian.audit.services import audit_record
from weijian.register.privacy import mask_id_number
from weijian.web import person_selectors as selectors


@login_required
def person_page(request, pk: int):
    user = request.user
    person = selectors.person_or_404(user, pk)
    may_reveal = scope.may_view_full_id(user)
    reveal = may_reveal and request.GET.get("full") == "1" and bool(person.id_number)
    if reveal:
        audit_record(user=user, action=Action.REVEAL, model="register.Person", object_id=person.pk,
                     division=person.village, summary=f"查看{person.name}的完整公民身份号码")
    return render(request, "web/registers/person.html", {
        "title": person.name or "人员", "person": person,
        "id_number": person.id_number if reveal else mask_id_number(person.id_number),
        "may_reveal": may_reveal and not reveal and bool(person.id_number),
        "mother": selectors.visible(user, person.mother), "father": selectors.visible(user, person.father),
        "members": selectors.household_members(user, person), "children": selectors.children(user, person),
        "timeline": selectors.timeline(user, person), "can_change": scope.can_change(user, person.village),
    })


urlpatterns = [path("register/persons/<int:pk>/", person_page, name="person")]
