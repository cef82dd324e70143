"""GET /api/v1/indicators/: the CLI's JSON rows, scoped to the user's divisions."""

from __future__ import annotations

import json

import pytest

from tests.conftest import TOWNSHIP, VILLAGE_1, VILLAGE_2
from weijian.cli import main
from weijian.register.privacy import mask_id_number


def cli_json(capsys, *args) -> list[dict]:
    assert main(["indicators", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("query", "args"), [
    (f"period=2022TJ&org={TOWNSHIP}&by=village", ["--period", "2022TJ", "--org", TOWNSHIP, "--by", "village"]),
    (f"period=2023TJ&org={TOWNSHIP}&indicator=births&indicator=deaths,stillbirths&compare=1&at=2023-03-31",
     ["--period", "2023TJ", "--org", TOWNSHIP, "--indicator", "births", "deaths", "stillbirths", "--compare",
      "--at", "2023-03-31"]),
    (f"period=2020TJ&org={VILLAGE_1}", ["--period", "2020TJ", "--org", VILLAGE_1]),
])
def test_same_rows_as_the_cli(api, full, users, capsys, query, args):
    response = api(users.county, token=True).get(f"/api/v1/indicators/?{query}")
    assert response.status_code == 200
    expected = cli_json(capsys, *args)
    assert response.json() == expected
    assert len(expected) > 10 or "indicator=births" in query


def test_real_values(api, full, users):
    rows = api(users.township).get(f"/api/v1/indicators/?period=2022TJ&org={TOWNSHIP}&by=village"
                                   "&indicator=births").json()
    assert [(r["org"], r["org_name"], r["value"]) for r in rows] == [(VILLAGE_1, "石堰村", 0), (VILLAGE_2, "白鹤村", 2)]


def test_default_org_is_the_users_own(api, full, users):
    rows = api(users.other).get("/api/v1/indicators/?period=2022TJ&indicator=births").json()
    assert [(r["org"], r["value"]) for r in rows] == [(VILLAGE_2, 2)]


def test_another_division_is_404(api, full, users):
    client = api(users.other)
    assert client.get(f"/api/v1/indicators/?period=2022TJ&org={VILLAGE_1}").status_code == 404
    assert client.get(f"/api/v1/indicators/?period=2022TJ&org={TOWNSHIP}").status_code == 404
    assert client.get(f"/api/v1/indicators/records/?period=2022TJ&org={VILLAGE_1}&indicator=births").status_code \
        == 404


@pytest.mark.parametrize(("query", "key"), [
    (f"period=2022XX&org={TOWNSHIP}", "period"),
    (f"org={TOWNSHIP}", "period"),
    (f"period=2022TJ&org={TOWNSHIP}&by=street", "by"),
    (f"period=2022TJ&org={TOWNSHIP}&indicator=no_such_thing", "detail"),
    (f"period=2022TJ&org={VILLAGE_1}&by=county", "detail"),
])
def test_bad_queries_are_400_in_chinese(api, full, users, query, key):
    response = api(users.township).get(f"/api/v1/indicators/?{query}")
    assert response.status_code == 400
    message = response.json()[key]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(message))


def test_records_masked_unless_permitted(api, full, users, capsys):
    from tests.api.conftest import grant_full_id
    from weijian.audit.models import Action, AuditEntry

    url = f"/api/v1/indicators/records/?period=2022TJ&org={TOWNSHIP}&indicator=births"
    rows = api(users.township).get(url).json()
    assert [(r["part"], r["kind"], r["id_number"], r["village"]) for r in rows] == [
        ("numerator", "出生", mask_id_number(full.woman), VILLAGE_2)] * 2
    assert rows == cli_json(capsys, "--period", "2022TJ", "--org", TOWNSHIP, "--records", "births")
    assert not AuditEntry.objects.exclude(action="import").exists()
    full_rows = api(grant_full_id(users.township)).get(url).json()
    assert {r["id_number"] for r in full_rows} == {full.woman}
    assert AuditEntry.objects.exclude(action=Action.IMPORT).get().action == Action.REVEAL


def test_the_figures_behind_an_activity(api, full, users, capsys):
    from tests.api.conftest import grant_full_id
    from weijian.audit.models import Action, AuditEntry

    url = f"/api/v1/indicators/records/?period=2020TJ&org={TOWNSHIP}&indicator=meetings"
    rows = api(grant_full_id(users.township)).get(url).json()
    assert [(r["kind"], r["name"], r["id_number"], r["village"], r["amount"]) for r in rows] == [
        ("汇总数据", "召开例会（2020TJ）", "", TOWNSHIP, 12)]
    assert rows == cli_json(capsys, "--period", "2020TJ", "--org", TOWNSHIP, "--records", "meetings")
    assert not AuditEntry.objects.filter(action=Action.REVEAL).exists()  # no ID number was shown
