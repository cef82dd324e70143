"""In the browser: the login page, a wrong password, then the dashboard."""

import pytest

from tests.web.conftest import PASSWORD


@pytest.mark.browser
def test_wrong_password_then_dashboard(page, users):
    page.goto("/")
    assert page.url.endswith("/accounts/login/?next=/")
    page.fill("#id_username", "township")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert page.locator(".error").inner_text() == "用户名或密码不正确。"

    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    assert page.title() == "首页 · 卫健"
    assert "township · 乡镇工作人员" in page.locator(".who").inner_text()
    assert "导入" in page.locator("header nav").inner_text()
