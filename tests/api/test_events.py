"""Births, deaths, marriages, migrations and services: list (scoped, filtered) and create."""

from __future__ import annotations

import pytest

from tests.api.conftest import grant_full_id
from tests.conftest import VILLAGE_1, VILLAGE_2
from weijian.register.privacy import mask_id_number


def dates(client, url: str, field: str) -> list[str]:
    body = client.get(url).json()
    assert body["count"] == len(body["results"])
    return [record[field] for record in body["results"]]


def test_births_listed_newest_first_for_the_village(api, full, users):
    births = api(users.village).get("/api/v1/births/").json()["results"]
    assert [(b["birth_date"], b["live_birth"], b["child_name"]) for b in births] == \
        [("2023-05-01", False, None), ("2021-03-15", True, "张小红")]
    assert births[1]["mother_id_number"] == mask_id_number(full.wife)
    assert births[1]["child_id_number"] == mask_id_number(full.daughter)
    assert (births[1]["parity"], births[1]["birth_weight_g"], births[1]["delivery_place"]) == (2, 3200, "hospital")
    assert (births[1]["village_code"], births[1]["village_name"]) == (VILLAGE_1, "石堰村")


def test_deaths_of_the_other_village(api, full, users):
    assert api(users.village).get("/api/v1/deaths/").json()["count"] == 0
    deaths = api(users.other).get("/api/v1/deaths/").json()["results"]
    assert [(d["death_date"], d["name"], d["cause"], d["village_code"]) for d in deaths] == \
        [("2023-11-02", "王建国", "I21.9", VILLAGE_2), ("2022-01-15", "", "P07.3", VILLAGE_2)]
    grandpa, twin = deaths
    assert grandpa["id_number"] == mask_id_number(full.grandpa) and grandpa["mother_id_number"] is None
    assert (twin["id_number"], twin["mother_id_number"], twin["child_birth_date"], twin["birth_order"]) == \
        (None, mask_id_number(full.woman), "2022-01-10", 2)


def test_marriages_migrations_services(api, full, users):
    client = api(users.village)
    marriages = client.get("/api/v1/marriages/").json()["results"]
    assert sorted((m["name"], m["event"], m["date"], m["first_marriage"]) for m in marriages) == \
        [("张伟", "marriage", "2018-10-01", True), ("李娜", "marriage", "2018-10-01", True)]
    migration, = client.get("/api/v1/migrations/").json()["results"]
    assert (migration["name"], migration["direction"], migration["date"], migration["place"]) == \
        ("张伟", "flow_out", "2022-03-01", "深圳")
    services = client.get("/api/v1/services/").json()["results"]
    assert [(r["service"], r["date"], r["partner_id_number"], r["result"]) for r in services] == [
        ("pre_pregnancy_checkup", "2020-05-06", mask_id_number(full.husband), "正常"),
        ("folic_acid", "2020-04-01", None, ""),
    ]
    values = dates(api(users.other), "/api/v1/services/", "value")
    assert values == ["120.50", "11.00"]


@pytest.mark.parametrize("name", ["births", "deaths", "marriages", "migrations", "services"])
def test_other_village_sees_none_of_village_1(api, full, users, name):
    client = api(users.other)
    assert all(r["village_code"] == VILLAGE_2 for r in client.get(f"/api/v1/{name}/").json()["results"])
    assert client.get(f"/api/v1/{name}/?village={VILLAGE_1}").status_code == 404
    township = api(users.township, token=True)
    everything = township.get(f"/api/v1/{name}/").json()["count"]
    village_1 = township.get(f"/api/v1/{name}/?village={VILLAGE_1}").json()["count"]
    village_2 = township.get(f"/api/v1/{name}/?village={VILLAGE_2}").json()["count"]
    assert everything == village_1 + village_2 > 0


def test_date_filters(api, full, users):
    client = api(users.township)
    assert dates(client, "/api/v1/births/?from=2022-01-01", "birth_date") == ["2023-05-01", "2022-01-10", "2022-01-10"]
    assert dates(client, "/api/v1/births/?from=2021-03-15&to=2022-01-09", "birth_date") == ["2021-03-15"]
    assert dates(client, "/api/v1/births/?period=2022TJ", "birth_date") == ["2022-01-10", "2022-01-10"]
    assert dates(client, "/api/v1/services/?to=2020-12-31", "date") == ["2020-05-06", "2020-04-01"]
    assert dates(client, f"/api/v1/deaths/?village={VILLAGE_2}&from=2023-01-01", "death_date") == ["2023-11-02"]
    bad = client.get("/api/v1/births/?from=2022-13-01")
    assert bad.status_code == 400 and bad.json() == {"from": "日期格式应为 2024-01-31：2022-13-01"}
    assert "period" in client.get("/api/v1/births/?period=nonsense").json()


def test_full_numbers_in_events_are_logged(api, full, users):
    from weijian.audit.models import Action, AuditEntry

    client = api(grant_full_id(users.township))
    services = client.get("/api/v1/services/?to=2020-12-31").json()["results"]
    assert services[0]["id_number"] == full.wife and services[0]["partner_id_number"] == full.husband
    entry = AuditEntry.objects.get(action=Action.REVEAL)
    assert (entry.user.username, entry.model) == ("township", "care.ServiceRecord")


@pytest.mark.parametrize("name", ["births", "deaths", "marriages", "migrations", "services"])
def test_list_query_counts(api, full, users, name, django_assert_num_queries):
    client = api(users.township, token=True)
    client.get(f"/api/v1/{name}/")
    # token and user, profile, its divisions, count, page, the user's and the groups' permissions
    with django_assert_num_queries(7):
        assert client.get(f"/api/v1/{name}/").status_code == 200
