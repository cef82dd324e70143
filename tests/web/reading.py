"""Helpers of the read-side page tests (registers, person page, dashboard, indicators)."""

from __future__ import annotations


def grant_full_id(user):
    """Give `user` the permission to see full ID numbers."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_full_id_number"))
    return user


def sends_to_login(client, url: str) -> bool:
    response = client.get(url)
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def reveals(action_model: str) -> int:
    from weijian.audit.models import Action, AuditEntry

    return AuditEntry.objects.filter(action=Action.REVEAL, model=action_model).count()
