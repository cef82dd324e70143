"""Users of every role on the test township, and logged-in clients.

    users.county    county administrator of 511302000000 (sees everything here)
    users.township  township staff of the township
    users.village   village cadre of VILLAGE_1 (石堰村)
    users.other     village cadre of VILLAGE_2 (白鹤村): the outsider for VILLAGE_1's records
    users.viewer    read-only on VILLAGE_1
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.conftest import COUNTY, TOWNSHIP, VILLAGE_1, VILLAGE_2

PASSWORD = "correct-horse-42"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Spare the 0.7 s of Argon2 per user made; tests/accounts/test_login.py checks Argon2 itself."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(divisions):
    from weijian.accounts.services import user_create

    def make(name, role, code):
        return user_create(username=name, password=PASSWORD, role=role, division_codes=[code])

    return SimpleNamespace(
        county=make("county", "county", COUNTY),
        township=make("township", "township", TOWNSHIP),
        village=make("village", "village", VILLAGE_1),
        other=make("other", "village", VILLAGE_2),
        viewer=make("viewer", "viewer", VILLAGE_1),
    )


@pytest.fixture
def client_as(client):
    """client_as(user) -> a test client logged in as `user`."""
    from django.test import Client

    def login(user):
        c = Client()
        c.force_login(user)
        return c

    return login
