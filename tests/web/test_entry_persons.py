"""The person form: the import's rules, shown next to the fields; a save is audited."""

from __future__ import annotations

import pytest

from tests.conftest import VILLAGE_1, VILLAGE_2, make_id, wrong_check
from tests.web.entry_support import field_errors, new_url, saved
from weijian.audit.models import Action, AuditEntry
from weijian.register.models import Person

pytestmark = pytest.mark.django_db

NEW = make_id("2001-07-09", 2, seq=7)


def person(**more) -> dict:
    return {"id_number": NEW, "name": "刘芳", "sex": "2", "birth_date": "2001-07-09", "village_code": VILLAGE_1,
            "household_no": "SY-001", "relation": "女", **more}


def test_a_cadre_records_a_person_of_their_village(township, users, client_as):
    response = client_as(users.village).post(new_url("persons"), person())
    saved(response)
    created = Person.objects.get(id_number=NEW)
    assert (created.name, created.sex, created.village.code, created.household.number) == ("刘芳", 2, VILLAGE_1,
                                                                                           "SY-001")
    assert created.entered_by == users.village
    entry = AuditEntry.objects.get(action=Action.CREATE)
    assert (entry.user, entry.model, entry.object_id, entry.division.code) == (
        users.village, "register.Person", str(created.pk), VILLAGE_1)
    assert entry.before is None
    assert entry.after["id_number"] == NEW and entry.after["name"] == "刘芳"
    assert entry.summary == "人员：刘芳 2001-07-09"


def test_the_form_offers_the_choices_and_only_the_users_villages(township, users, client_as):
    page = client_as(users.village).get(new_url("persons")).content.decode()
    assert '<option value="2">女</option>' in page
    assert VILLAGE_1 in page and VILLAGE_2 not in page
    assert "公民身份号码*" in page


@pytest.mark.parametrize("change, field, reason", [
    ({"id_number": wrong_check(NEW)}, "id_number", f"身份号码校验码错误：末位应为{NEW[17]}"),
    ({"sex": "1"}, "id_number", "身份号码表明性别为女，与性别“男”不一致"),
    ({"birth_date": "2001-07-10"}, "id_number", "身份号码中的出生日期2001-07-09与出生日期2001-07-10不一致"),
    ({"birth_date": "2001-02-30"}, "birth_date", "日期不存在：2001-02-30"),
    ({"name": ""}, "name", "必填项为空"),
    ({"mother_id_number": make_id("1970-01-01", 2, seq=9)}, "mother_id_number",
     f"母亲身份号码{make_id('1970-01-01', 2, seq=9)}在人口库和本文件中都不存在"),
    ({"marital_status": "同居"}, "marital_status", "婚姻状况无法识别：同居（应为 未婚、初婚、再婚、离婚、丧偶）"),
])
def test_each_import_rule_is_shown_next_to_its_field(township, users, client_as, change, field, reason):
    response = client_as(users.village).post(new_url("persons"), person(**change))
    assert field_errors(response)[field] == [reason]
    assert not Person.objects.filter(id_number=NEW).exists()
    assert not AuditEntry.objects.filter(action=Action.CREATE).exists()


def test_a_person_already_registered_is_refused_not_overwritten(township, users, client_as):
    response = client_as(users.village).post(new_url("persons"), person(id_number=township.wife, sex="2",
                                                                         birth_date="1994-08-20"))
    assert field_errors(response)["id_number"] == ["该人员已登记（同一身份号码）：请在原记录上修改"]
    assert Person.objects.get(id_number=township.wife).name == "李娜"


def test_a_cadre_cannot_enter_a_person_of_another_village(township, users, client_as):
    response = client_as(users.village).post(new_url("persons"), person(village_code=VILLAGE_2))
    assert field_errors(response)["village_code"] == [f"村居代码{VILLAGE_2}不在您负责的范围内"]
    assert not Person.objects.filter(id_number=NEW).exists()


def test_township_staff_enter_any_village_of_the_township(township, users, client_as):
    saved(client_as(users.township).post(new_url("persons"), person(village_code=VILLAGE_2)))
    assert Person.objects.get(id_number=NEW).village.code == VILLAGE_2


def test_a_viewer_is_refused_and_an_anonymous_user_sent_to_login(township, users, client_as, client):
    assert client_as(users.viewer).get(new_url("persons")).status_code == 403
    assert client_as(users.viewer).post(new_url("persons"), person()).status_code == 403
    response = client.get(new_url("persons"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client_as(users.village).get("/entry/pets/new/").status_code == 404
    assert not Person.objects.filter(id_number=NEW).exists()
