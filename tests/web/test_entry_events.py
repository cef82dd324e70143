"""The event and service forms: births, deaths, marriages, migrations, service records.

Each takes the import's rules: the reasons below are the import's own, shown next to the
field they concern.
"""

from __future__ import annotations

import pytest

from tests.conftest import VILLAGE_1, VILLAGE_2, make_id, wrong_check
from tests.web.entry_support import field_errors, new_url, saved
from weijian.audit.models import Action, AuditEntry
from weijian.care.models import ServiceRecord
from weijian.register.models import Birth, Death, Marriage, Migration, Person

pytestmark = pytest.mark.django_db

BABY = make_id("2024-02-10", 2, seq=3)
UNKNOWN = make_id("1980-01-01", 2, seq=11)


def birth(t, **more) -> dict:
    return {"mother_id_number": t.wife, "birth_date": "2024-02-10", "sex": "2", "child_id_number": BABY,
            "child_name": "张小雨", "father_id_number": t.husband, "birth_order": "1", "live_birth": "是",
            "birth_weight_g": "3150", "gestation_weeks": "39", "delivery_place": "hospital", **more}


def test_a_birth_enters_the_child_in_the_register(township, users, client_as):
    saved(client_as(users.village).post(new_url("births"), birth(township)))
    record = Birth.objects.select_related("child", "mother", "village").get()
    assert (record.child.id_number, record.child.name, record.mother.name, record.village.code) == (
        BABY, "张小雨", "李娜", VILLAGE_1)
    assert (record.parity, record.birth_weight_g, record.delivery_place) == (2, 3150, "hospital")  # after 张小明
    entry = AuditEntry.objects.get(action=Action.CREATE, model="register.Birth")
    assert (entry.object_id, entry.division.code, entry.summary) == (str(record.pk), VILLAGE_1, "出生：李娜 2024-02-10")
    assert entry.after["child_id"] == record.child_id and entry.before is None
    child = AuditEntry.objects.get(action=Action.CREATE, model="register.Person")  # the new child
    assert (child.object_id, child.after["id_number"], child.after["name"]) == (str(record.child_id), BABY, "张小雨")


@pytest.mark.parametrize("change, field, reason", [
    ({"child_id_number": wrong_check(BABY)}, "child_id_number", f"身份号码校验码错误：末位应为{BABY[17]}"),
    ({"sex": "1"}, "child_id_number", "婴儿身份号码表明性别为女，与性别“男”不一致"),
    ({"birth_date": "2024-02-30"}, "birth_date", "日期不存在：2024-02-30"),
    ({"mother_id_number": UNKNOWN}, "mother_id_number",
     f"母亲身份号码{UNKNOWN}在人口库中不存在：请先导入或登记该人员"),
    ({"mother_id_number": ""}, "mother_id_number", "必填项为空"),
    ({"birth_weight_g": "80"}, "birth_weight_g", "出生体重应在200–8000之间：80"),
    ({"birth_date": "2099-01-01", "child_id_number": ""}, "birth_date", "出生日期晚于今天"),
])
def test_birth_errors(township, users, client_as, change, field, reason):
    response = client_as(users.village).post(new_url("births"), birth(township, **change))
    assert field_errors(response)[field] == [reason]
    assert not Birth.objects.exists()
    assert not Person.objects.filter(id_number=BABY).exists()


def test_the_same_birth_twice_is_refused(township, users, client_as):
    client = client_as(users.village)
    saved(client.post(new_url("births"), birth(township)))
    response = client.post(new_url("births"), birth(township, child_name="张雨"))
    assert field_errors(response)["mother_id_number"] == [
        "该出生已登记（同一母亲、出生日期和胎序（或婴儿身份号码））：请在原记录上修改"]
    assert Person.objects.get(id_number=BABY).name == "张小雨"


def test_a_birth_to_a_mother_of_another_village_is_refused_as_if_unknown(township, users, client_as):
    response = client_as(users.village).post(new_url("births"), birth(
        township, mother_id_number=township.woman, father_id_number="", child_id_number=""))
    assert field_errors(response)["mother_id_number"] == [
        f"身份号码{township.woman}在人口库中不存在：请先导入或登记该人员"]
    assert not Birth.objects.exists()


def test_a_death_updates_the_person(township, users, client_as):
    row = {"id_number": township.husband, "death_date": "2024-05-01", "cause": "I21.9", "maternal_death": "否"}
    saved(client_as(users.village).post(new_url("deaths"), row))
    death = Death.objects.get()
    assert (death.person.id_number, death.cause, death.person.death_date.isoformat()) == (
        township.husband, "I21.9", "2024-05-01")
    person = AuditEntry.objects.get(action=Action.UPDATE, model="register.Person")
    assert (person.before["death_date"], person.after["death_date"]) == (None, "2024-05-01")
    assert AuditEntry.objects.get(action=Action.CREATE).model == "register.Death"


@pytest.mark.parametrize("change, field, reason", [
    ({"death_date": "1980-01-01"}, "death_date", "死亡日期早于出生日期1990-05-12"),
    ({"maternal_death": "是"}, "maternal_death", "孕产妇死亡只适用于女性"),
    ({"id_number": ""}, "id_number", "须填写死者身份号码；无身份号码的婴儿须填写母亲身份号码和婴儿出生日期"),
    ({"id_number": UNKNOWN}, "id_number", f"身份号码{UNKNOWN}在人口库中不存在"),
    ({"death_date": ""}, "death_date", "必填项为空"),
])
def test_death_errors(township, users, client_as, change, field, reason):
    row = {"id_number": township.husband, "death_date": "2024-05-01", **change}
    response = client_as(users.village).post(new_url("deaths"), row)
    assert field_errors(response)[field] == [reason]
    assert not Death.objects.exists()


def test_a_marriage_and_its_errors(township, users, client_as):
    client = client_as(users.village)
    row = {"id_number": township.husband, "spouse_id_number": township.wife, "event": "marriage",
           "date": "2018-10-01", "first_marriage": "是"}
    saved(client.post(new_url("marriages"), row))
    assert Marriage.objects.get().spouse.id_number == township.wife
    response = client.post(new_url("marriages"), {**row, "spouse_id_number": township.son, "date": "2020-01-01"})
    assert field_errors(response)["spouse_id_number"] == ["配偶与本人性别相同"]
    response = client.post(new_url("marriages"), {**row, "event": "订婚"})
    assert field_errors(response)["event"] == ["事件无法识别：订婚（应为 结婚、离婚）"]
    assert Marriage.objects.count() == 1


def test_a_migration_moves_the_residence(township, users, client_as):
    client = client_as(users.village)
    row = {"id_number": township.husband, "direction": "flow_out", "date": "2023-03-01", "place": "深圳",
           "reason": "务工"}
    saved(client.post(new_url("migrations"), row))
    assert Person.objects.get(id_number=township.husband).residence == "away"
    response = client.post(new_url("migrations"), {**row, "date": "1980-01-01"})
    assert field_errors(response)["date"] == ["日期早于本人出生日期1990-05-12"]
    assert Migration.objects.count() == 1


def service(t, **more) -> dict:
    return {"id_number": t.wife, "service": "folic_acid", "date": "2024-03-01", "provider": "青山镇卫生院", **more}


def test_a_service_record_takes_the_persons_village(township, users, client_as):
    saved(client_as(users.village).post(new_url("services"), service(township, value="90")))
    record = ServiceRecord.objects.select_related("service", "village").get()
    assert (record.service.code, str(record.value), record.village.code) == ("folic_acid", "90.00", VILLAGE_1)


@pytest.mark.parametrize("change, field, reason", [
    ({"service": "massage"}, "service", "服务项目“massage”不在服务目录中"),
    ({"service": ""}, "service", "必填项为空"),
    ({"date": "2024-13-01"}, "date", "日期不存在：2024-13-01"),
    ({"value": "abc"}, "value", "应为数值：abc"),
    ({"id_number": wrong_check(make_id("1994-08-20", 2))}, "id_number", "身份号码校验码错误：末位应为" +
     make_id("1994-08-20", 2)[17]),
    ({"village_code": VILLAGE_2}, "village_code", f"村居代码{VILLAGE_2}不在您负责的范围内"),
])
def test_service_errors(township, users, client_as, change, field, reason):
    response = client_as(users.village).post(new_url("services"), service(township, **change))
    assert field_errors(response)[field] == [reason]
    assert not ServiceRecord.objects.exists()


def test_the_same_service_twice_is_refused(township, users, client_as):
    client = client_as(users.village)
    saved(client.post(new_url("services"), service(township, result="正常")))
    response = client.post(new_url("services"), service(township, result="异常"))
    assert field_errors(response)["id_number"] == ["该服务记录已登记（同一人员、服务项目和日期）：请在原记录上修改"]
    assert ServiceRecord.objects.get().result == "正常"


def test_the_service_select_lists_the_catalog(township, users, client_as):
    page = client_as(users.village).get(new_url("services")).content.decode()
    assert '<option value="folic_acid">' in page
