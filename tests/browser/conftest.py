"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

`bash scripts/chromium.sh` (called by `run.sh test`) installs chromium when it is absent;
without it these tests are skipped with that hint. Mark each test `@pytest.mark.browser`.

    page            a fresh browser tab on the live server (relative URLs work: page.goto("/"))
    log_in(user)    logs the tab in through the login form
"""

from __future__ import annotations

import os

import pytest

from tests.web.conftest import PASSWORD, users  # noqa: F401  (the users fixture, for the browser tests too)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
TIMEOUT_MS = 15_000


@pytest.fixture
def browser(monkeypatch):
    """One chromium per test: a Playwright kept running across tests leaves the later tests of the
    session a different database connection (without the serialized data of serialized rollback)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"chromium not found at {CHROMIUM}: install it with `bash scripts/chromium.sh`")
    # Playwright's sync API runs an event loop in this thread; the tests still call the ORM here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # Argon2 takes ~0.7 s a user


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):
    # Serialized rollback: the data the migrations seed (catalogs) survives the live server's flush.
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def log_in(page):
    def submit(user, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    return submit
