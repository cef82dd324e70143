"""In the browser, end to end: a village cadre records a birth, finds it in the register and
counted on the dashboard; the cadre of another village cannot find it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import make_id
from weijian.register.models import Birth, Person
from weijian.web.dashboard_data import default_period


def births_card(page) -> str:
    card = page.locator(".card", has=page.locator(".label", has_text="出生人数"))
    return card.locator(".value").inner_text()


@pytest.mark.browser
def test_a_cadre_records_a_birth_and_another_village_cannot_find_it(page, log_in, township, users):
    period = default_period(date.today())  # the period the dashboard opens on
    born = period.end - timedelta(days=20)
    child = make_id(born.isoformat(), 2, seq=7)

    log_in(users.village)
    page.goto("/")
    assert births_card(page) == "0"

    page.goto("/entry/births/new/")
    page.fill("#id_mother_id_number", township.wife)
    page.fill("#id_birth_date", born.isoformat())
    page.select_option("#id_sex", label="女")
    page.fill("#id_child_id_number", child)
    page.fill("#id_child_name", "张小雨")
    page.fill("#id_parity", "3")
    page.fill("#id_birth_weight_g", "3150")
    page.select_option("#id_delivery_place", label="医院")
    page.click("form.entry button[type=submit]")
    page.wait_for_url("**/register/persons/*/")
    assert "已保存" in page.locator(".messages").inner_text()
    assert "张小雨" in page.content()  # on the mother's page, among her births

    birth = Birth.objects.get(mother__id_number=township.wife)
    assert (birth.birth_date, birth.sex, birth.parity, birth.child.name) == (born, 2, 3, "张小雨")

    page.goto("/register/births/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1 and "张小雨" in rows.first.inner_text()
    page.goto("/register/persons/?q=张小雨")
    assert "张小雨" in page.locator("table tbody").inner_text()
    page.goto("/")
    assert births_card(page) == "1"

    # The cadre of the other village: not in the register, the child's page is 404.
    page.context.clear_cookies()
    log_in(users.other)
    page.goto("/register/persons/?q=张小雨")
    assert "张小雨" not in page.locator("main").inner_text()
    page.goto("/register/births/")
    assert "张小雨" not in page.locator("main").inner_text()
    response = page.goto(f"/register/persons/{Person.objects.get(id_number=child).pk}/")
    assert response.status == 404
    page.goto("/")
    assert births_card(page) == "0"
