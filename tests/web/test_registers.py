"""The seven registers: scoping, search, filters, masking, paging and query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import SERVICES_HEADER, VILLAGE_1, VILLAGE_2, write_csv
from tests.web.reading import sends_to_login
from weijian.interchange.importer import import_file
from weijian.register.privacy import mask_id_number

REGISTERS = ["persons", "households", "births", "deaths", "marriages", "migrations", "services"]


def names(response) -> list[str]:
    page = response.context["page"]
    return [getattr(row, "name", None) or getattr(getattr(row, "person", None), "name", "") for row in page]


@pytest.mark.parametrize("register", REGISTERS)
def test_anonymous_is_sent_to_login(client, db, register):
    assert sends_to_login(client, f"/register/{register}/")


def test_every_register_lists_the_owners_records(full, users, client_as):
    c = client_as(users.township)
    expected = {
        "persons": "张伟", "households": "SY-001", "births": "张小红", "deaths": "王建国", "marriages": "李娜",
        "migrations": "深圳", "services": "青山镇卫生院",
    }
    for register, text in expected.items():
        response = c.get(f"/register/{register}/")
        assert response.status_code == 200, register
        assert text in response.content.decode(), register


def test_a_cadre_sees_only_their_village(full, users, client_as):
    mine = client_as(users.village).get("/register/persons/")
    assert set(names(mine)) == {"张伟", "李娜", "张小明", "张小红"}
    other = client_as(users.other).get("/register/persons/")
    assert "张伟" not in names(other) and "王建国" in names(other)
    assert client_as(users.other).get("/register/deaths/").context["page"].paginator.count == 2
    assert client_as(users.village).get("/register/deaths/").context["page"].paginator.count == 0
    assert client_as(users.other).get("/register/migrations/").context["page"].paginator.count == 0


def test_the_village_dropdown_offers_only_visible_villages(full, users, client_as):
    form = client_as(users.village).get("/register/persons/").context["form"]
    assert [code for code, _ in form.fields["village"].choices] == ["", VILLAGE_1]
    form = client_as(users.township).get("/register/persons/").context["form"]
    assert [code for code, _ in form.fields["village"].choices] == ["", VILLAGE_1, VILLAGE_2]


def test_another_village_in_the_filter_shows_nothing_of_it(full, users, client_as):
    response = client_as(users.village).get(f"/register/persons/?village={VILLAGE_2}")
    assert "王建国" not in names(response)
    assert "没有这个村居" in response.content.decode()


def test_search_by_name_id_number_tail_and_household(full, users, client_as):
    c = client_as(users.township)
    assert set(names(c.get("/register/persons/?q=张"))) == {"张伟", "张小明", "张小红"}
    assert names(c.get(f"/register/persons/?q={full.wife}")) == ["李娜"]
    assert names(c.get(f"/register/persons/?q={full.grandpa[-6:]}")) == ["王建国"]
    assert names(c.get(f"/register/persons/?q={full.wife[:17]}")) == []  # not a tail, not a full number
    assert "赵敏" in names(c.get("/register/persons/?q=BH-002"))  # with her unnamed twins
    assert [h.number for h in c.get("/register/households/?q=李娜").context["page"]] == ["SY-001"]
    assert [b.birth_date.isoformat() for b in c.get("/register/births/?q=赵敏").context["page"]] == [
        "2022-01-10", "2022-01-10"]


def test_filter_by_village_and_dates(full, users, client_as):
    c = client_as(users.township)
    assert set(names(c.get(f"/register/persons/?village={VILLAGE_2}"))) == {"王建国", "赵敏", ""}
    births = c.get("/register/births/?start=2022-01-01&end=2022-12-31").context["page"]
    assert [b.birth_date.isoformat() for b in births] == ["2022-01-10", "2022-01-10"]
    persons = c.get("/register/persons/?start=1990-01-01&end=1995-12-31")
    assert names(persons) == ["张伟", "李娜"]


def test_a_bad_date_is_reported_in_chinese_and_ignored(full, users, client_as):
    response = client_as(users.township).get("/register/births/?start=2022-13-01")
    assert "日期格式应为" in response.content.decode()
    assert response.context["page"].paginator.count == 4


def test_id_numbers_are_masked(full, users, client_as):
    text = client_as(users.township).get("/register/persons/").content.decode()
    assert full.husband not in text
    assert mask_id_number(full.husband) in text


def test_the_viewer_reads_the_register(full, users, client_as):
    response = client_as(users.viewer).get("/register/persons/")
    assert response.status_code == 200 and "张伟" in names(response)


def test_pages_of_fifty(township, users, client_as):
    from datetime import date

    from weijian.divisions.models import Division
    from weijian.register.models import Person

    village = Division.objects.get(code=VILLAGE_2)
    Person.objects.bulk_create(
        Person(name=f"测试{n:02d}", sex=1, birth_date=date(2000, 1, 1), village=village) for n in range(60))
    c = client_as(users.other)
    first, second = c.get("/register/persons/"), c.get(f"/register/persons/?village={VILLAGE_2}&page=2")
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.count == 62
    assert len(second.context["page"]) == 12
    assert "village=511302101202&amp;page=1" in second.content.decode()


# session, user, profile, its divisions, the villages of the filter, count, page keys, page rows,
# and the session's renewal (an update between two savepoints).
QUERIES = 11


def test_query_count_is_bounded(full, users, client_as, django_assert_max_num_queries):
    c = client_as(users.township)
    for register in REGISTERS:
        with django_assert_max_num_queries(QUERIES):
            c.get(f"/register/{register}/")


def test_query_count_does_not_grow_with_the_rows(full, users, client_as):

    c = client_as(users.township)
    with CaptureQueriesContext(connection) as few:
        c.get("/register/services/")
    full_services = full.files["services"]

    rows = [[full.husband, "folic_acid", f"2020-{month:02d}-01", "", "", "", "卫生院", ""] for month in range(5, 13)]
    assert import_file("services", write_csv(full_services.with_name("more.csv"), SERVICES_HEADER, rows)).ok
    with CaptureQueriesContext(connection) as many:
        response = c.get("/register/services/")
    assert response.context["page"].paginator.count == 12
    assert len(many) == len(few)


def test_choice_labels_as_get_display_gives_them(township):
    from weijian.register.models import Person
    from weijian.web.templatetags.choices import label

    for person in Person.objects.all():
        for field in ("sex", "residence", "marital_status", "hukou_type"):
            assert label(person, field) == getattr(person, f"get_{field}_display")()
    assert label(None, "sex") == ""
