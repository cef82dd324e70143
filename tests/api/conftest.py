"""API clients for the users of tests/web/conftest.py, by session or by bearer token.

    api(users.village)                 session login (as a browser would)
    api(users.village, token=True)     Authorization: Bearer <token of `weijian token`>
    api()                              anonymous
"""

from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD, fast_hashing, users  # noqa: F401  (fixtures shared with the pages' tests)


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    from weijian.accounts.services import token_create

    def client(user=None, *, token: bool = False, csrf: bool = False):
        c = APIClient(enforce_csrf_checks=csrf)
        if user is not None and token:
            c.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(username=user.username)}")
        elif user is not None:
            c.force_login(user)
        return c

    return client


def grant_full_id(user):
    """Give `user` the permission to see full ID numbers; returns the user fresh from the database."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_full_id_number"))
    return get_user_model().objects.get(pk=user.pk)


ENDPOINTS = ["persons", "births", "deaths", "marriages", "migrations", "services"]
