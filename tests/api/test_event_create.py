"""POST to the event and service lists: the import's rules, scoping, audit."""

from __future__ import annotations

import pytest

from tests.conftest import VILLAGE_1, VILLAGE_2, make_id


def valid_rows(t) -> dict[str, dict]:
    """One new, valid record of each kind about a person of VILLAGE_1."""
    return {
        "births": {"mother_id_number": t.wife, "birth_date": "2024-02-01", "sex": "男", "father_id_number": t.husband,
                   "child_name": "张小虎", "birth_weight_g": 3400, "gestation_weeks": 39, "delivery_place": "卫生院",
                   "live_birth": True},
        "deaths": {"id_number": t.son, "death_date": "2024-03-01", "cause": "V89.2", "maternal_death": False},
        "marriages": {"id_number": t.husband, "spouse_id_number": t.wife, "event": "离婚", "date": "2024-04-01"},
        "migrations": {"id_number": t.wife, "direction": "迁出", "date": "2024-05-01", "place": "成都"},
        "services": {"id_number": t.wife, "service": "folic_acid", "date": "2024-06-01", "provider": "青山镇卫生院",
                     "value": 1.5},
    }


KINDS = ["births", "deaths", "marriages", "migrations", "services"]


@pytest.mark.parametrize("name", KINDS)
def test_cadre_creates_each_kind_audited(api, full, users, name):
    from weijian.audit.models import Action, AuditEntry

    client = api(users.village, token=True)
    before = client.get(f"/api/v1/{name}/").json()["count"]
    response = client.post(f"/api/v1/{name}/", valid_rows(full)[name], format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["village_code"] == VILLAGE_1
    assert client.get(f"/api/v1/{name}/").json()["count"] == before + 1
    assert client.get(f"/api/v1/{name}/").json()["results"][0] == created  # the newest first
    entry = AuditEntry.objects.get(action=Action.CREATE)
    assert (entry.user, entry.object_id, entry.division.code) == (users.village, str(created["id"]), VILLAGE_1)
    assert entry.summary.startswith("接口新增")


def test_created_birth_values(api, full, users):
    from weijian.register.models import Birth

    created = api(users.village).post("/api/v1/births/", valid_rows(full)["births"], format="json").json()
    assert (created["child_name"], created["parity"], created["birth_weight_g"], created["delivery_place"]) == \
        ("张小虎", 3, 3400, "health_centre")
    birth = Birth.objects.get(pk=created["id"])
    assert (birth.child.name, birth.child.village.code, birth.entered_by) == ("张小虎", VILLAGE_1, users.village)


@pytest.mark.parametrize(("name", "changes", "column", "reason"), [
    ("births", {"birth_date": "2099-01-01"}, "birth_date", "出生日期晚于今天"),
    ("births", {"gestation_weeks": 60}, "gestation_weeks", "孕周应在20–45之间：60"),
    ("births", {"sex": "x"}, "sex", "性别无法识别：x（应为 男/女、M/F 或 1/2）"),
    ("deaths", {"death_date": None}, "death_date", "必填项为空"),
    ("marriages", {"event": "订婚"}, "event", "事件无法识别：订婚（应为 结婚、离婚）"),
    ("migrations", {"date": "2024-05-01T10:00"}, "date", None),
    ("services", {"service": "massage"}, "service", "服务项目“massage”不在服务目录中"),
    ("services", {"village_code": "511302101299"}, "village_code", None),
])
def test_invalid_rows_are_400_with_the_import_errors(api, full, users, name, changes, column, reason):
    from weijian.audit.models import AuditEntry

    client = api(users.village)
    count = client.get(f"/api/v1/{name}/").json()["count"]
    audited = AuditEntry.objects.count()  # the fixture's imports are audited, one entry a file
    response = client.post(f"/api/v1/{name}/", {**valid_rows(full)[name], **changes}, format="json")
    assert response.status_code == 400
    error, = response.json()["errors"]
    assert (error["row"], error["column"]) == (1, column)
    assert reason is None or error["reason"] == reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["reason"])
    assert client.get(f"/api/v1/{name}/").json()["count"] == count
    assert AuditEntry.objects.count() == audited


def test_an_existing_event_is_not_overwritten(api, full, users):
    from weijian.care.models import ServiceRecord

    row = {"id_number": full.wife, "service": "folic_acid", "date": "2020-04-01", "provider": "别处"}
    response = api(users.village).post("/api/v1/services/", row, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["reason"] == "同一人员、服务项目和日期的记录已存在：新增不覆盖已有记录"
    assert ServiceRecord.objects.get(person__id_number=full.wife, date="2020-04-01").provider == "青山镇卫生院"


@pytest.mark.parametrize("name", KINDS)
def test_viewer_cannot_post(api, full, users, name):
    response = api(users.viewer, token=True).post(f"/api/v1/{name}/", valid_rows(full)[name], format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("name", KINDS)
def test_other_village_cannot_post_about_village_1(api, full, users, name):
    from weijian.audit.models import AuditEntry

    response = api(users.other).post(f"/api/v1/{name}/", valid_rows(full)[name], format="json")
    assert response.status_code == 404
    assert not AuditEntry.objects.exclude(action="import").exists()


def test_own_village_code_does_not_open_another_villages_person(api, full, users):
    """A service for a person of VILLAGE_1 booked to VILLAGE_2 by VILLAGE_2's cadre: the person decides."""
    row = {**valid_rows(full)["services"], "village_code": VILLAGE_2}
    assert api(users.other).post("/api/v1/services/", row, format="json").status_code == 404


def test_cadre_cannot_book_into_another_village(api, full, users):
    row = {**valid_rows(full)["services"], "village_code": VILLAGE_2}
    assert api(users.village).post("/api/v1/services/", row, format="json").status_code == 404


def test_viewer_of_the_township_may_see_but_not_change(api, full, users):
    from weijian.accounts.services import user_create

    viewer = user_create(username="reader", password="x-long-password-1", role="viewer",
                         division_codes=[full.township])
    client = api(viewer)
    assert client.get("/api/v1/births/").json()["count"] == 4
    assert client.post("/api/v1/births/", valid_rows(full)["births"], format="json").status_code == 403


def test_unknown_mother_is_reported_by_the_import(api, full, users):
    row = {**valid_rows(full)["births"], "mother_id_number": make_id("1990-01-01", 2, seq=44)}
    response = api(users.village).post("/api/v1/births/", row, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "mother_id_number"


@pytest.mark.parametrize("body", [None, {}, "blanks", [], "text"])
@pytest.mark.parametrize("name", ["persons", *KINDS])
def test_empty_or_not_an_object_is_400(api, township, users, name, body):
    from weijian.interchange.kinds import KINDS as IMPORT_KINDS

    if body == "blanks":
        first, second = IMPORT_KINDS[name].columns[:2]
        body = {first.name: None, second.zh: "  "}
    response = api(users.township).post(f"/api/v1/{name}/", body, format="json")
    assert response.status_code == 400
    reasons = [e["reason"] for e in response.json()["errors"]]
    assert reasons in (["记录为空：没有任何字段的值"], ["请求内容应为一个 JSON 对象"])
