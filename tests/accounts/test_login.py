"""Login: Argon2 hashes, lock-out after repeated failures, idle timeout, CSRF, deploy check."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(divisions, settings):
    from weijian.accounts.services import user_create
    from weijian.settings import PASSWORD_HASHERS

    settings.PASSWORD_HASHERS = PASSWORD_HASHERS  # the project's, not the tests' fast one
    user = user_create(username="argon", password=PASSWORD, role="village", division_codes=["511302101201"])
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def test_login_and_logout(users):
    client = Client()
    response = client.post("/accounts/login/", {"username": "village", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").url.startswith("/accounts/login/")


def test_anonymous_is_sent_to_login(db):
    response = Client().get("/")
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/"


def test_locked_after_five_failures_even_with_the_right_password(users, settings):
    client = Client()
    for _ in range(settings.WEIJIAN_LOCKOUT_FAILURES):
        response = client.post("/accounts/login/", {"username": "village", "password": "wrong"})
        assert "用户名或密码不正确。" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "village", "password": PASSWORD})
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    # Another user is not affected.
    assert client.post("/accounts/login/", {"username": "other", "password": PASSWORD}).status_code == 302


def test_a_success_clears_earlier_failures(users, settings):
    client = Client()
    for _ in range(settings.WEIJIAN_LOCKOUT_FAILURES - 1):
        client.post("/accounts/login/", {"username": "village", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "village", "password": PASSWORD}).status_code == 302
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "village", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "village", "password": PASSWORD}).status_code == 302


def test_login_needs_the_csrf_token(users):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "village", "password": PASSWORD})
    assert response.status_code == 403


def test_session_is_renewed_by_each_request_and_ends_when_idle(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {**os.environ, "WEIJIAN_HTTPS": "1", "WEIJIAN_DATA_DIR": str(tmp_path),
           "WEIJIAN_ALLOWED_HOSTS": "weijian.example.org", "DJANGO_SETTINGS_MODULE": "weijian.settings"}
    env.pop("WEIJIAN_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
