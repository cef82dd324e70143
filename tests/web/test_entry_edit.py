"""Editing and deleting through the forms: the version check, scoping, the audit trail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import VILLAGE_1
from tests.web.entry_support import edit_url, field_errors, form_data, saved
from weijian.audit.models import Action, AuditEntry
from weijian.care.models import ServiceRecord
from weijian.register.models import Birth, Death, Person
from weijian.register.privacy import mask_id_number

pytestmark = pytest.mark.django_db

CONFLICT = "该记录已被他人修改"


def delete_url(kind: str, pk: int) -> str:
    return reverse("web:entry-delete", args=[kind, pk])


def test_an_edit_updates_the_record_and_audits_before_and_after(full, users, client_as):
    client = client_as(users.village)
    wife = Person.objects.get(id_number=full.wife)
    data = form_data(client.get(edit_url("persons", wife.pk)))
    assert (data["name"], data["village_code"], data["household_no"]) == ("李娜", VILLAGE_1, "SY-001")
    saved(client.post(edit_url("persons", wife.pk), {**data, "name": "李娜娜", "phone": "13800000000"}))
    wife.refresh_from_db()
    assert (wife.name, wife.phone, wife.id_number) == ("李娜娜", "13800000000", full.wife)
    entry = AuditEntry.objects.get(action=Action.UPDATE)
    assert (entry.user, entry.object_id, entry.division.code) == (users.village, str(wife.pk), VILLAGE_1)
    assert (entry.before["name"], entry.after["name"]) == ("李娜", "李娜娜")
    assert (entry.before["phone"], entry.after["phone"]) == ("", "13800000000")


def test_the_identifying_columns_cannot_be_changed(full, users, client_as):
    client = client_as(users.village)
    record = ServiceRecord.objects.get(service__code="folic_acid")
    data = form_data(client.get(edit_url("services", record.pk)))
    assert (data["id_number"], data["service"], data["date"]) == (mask_id_number(full.wife), "folic_acid", "2020-04-01")
    saved(client.post(edit_url("services", record.pk), {**data, "date": "2020-04-09", "result": "已服用"}))
    record.refresh_from_db()
    assert (record.date.isoformat(), record.result) == ("2020-04-01", "已服用")
    assert ServiceRecord.objects.count() == 4


def test_id_numbers_are_shown_masked_and_kept_unless_retyped(full, users, client_as):
    client = client_as(users.village)
    son = Person.objects.get(id_number=full.son)
    data = form_data(client.get(edit_url("persons", son.pk)))
    assert (data["id_number"], data["mother_id_number"]) == (mask_id_number(full.son), mask_id_number(full.wife))
    assert full.wife not in client.get(edit_url("persons", son.pk)).content.decode()
    saved(client.post(edit_url("persons", son.pk), {**data, "name": "张晓明"}))
    son.refresh_from_db()
    assert (son.name, son.id_number, son.mother.id_number, son.father.id_number) == (
        "张晓明", full.son, full.wife, full.husband)
    saved(client.post(edit_url("persons", son.pk), {**form_data(client.get(edit_url("persons", son.pk))),
                                                    "father_id_number": ""}))
    assert Person.objects.get(pk=son.pk).father is None


def test_a_births_child_is_audited_with_the_birth(full, users, client_as):
    client = client_as(users.village)
    birth = Birth.objects.get(child__id_number=full.daughter)
    data = form_data(client.get(edit_url("births", birth.pk)))
    saved(client.post(edit_url("births", birth.pk), {**data, "child_name": "张晓红", "birth_weight_g": "3300"}))
    entries = {e.model: e for e in AuditEntry.objects.filter(action=Action.UPDATE)}
    assert set(entries) == {"register.Birth", "register.Person"}
    assert (entries["register.Birth"].before["birth_weight_g"], entries["register.Birth"].after["birth_weight_g"]) == (
        3200, 3300)
    assert (entries["register.Person"].before["name"], entries["register.Person"].after["name"]) == ("张小红", "张晓红")
    assert entries["register.Person"].object_id == str(birth.child_id)


def test_an_edit_is_checked_by_the_import_rules(full, users, client_as):
    client = client_as(users.village)
    record = ServiceRecord.objects.get(service__code="folic_acid")
    data = form_data(client.get(edit_url("services", record.pk)))
    response = client.post(edit_url("services", record.pk), {**data, "value": "1e99"})
    assert field_errors(response)["value"] == ["数值过大：1e99（应小于10,000,000,000）"]
    assert ServiceRecord.objects.get(pk=record.pk).value is None
    assert not AuditEntry.objects.filter(action=Action.UPDATE).exists()


def test_the_second_of_two_concurrent_edits_is_refused(full, users, client_as):
    first, second = client_as(users.village), client_as(users.township)
    wife = Person.objects.get(id_number=full.wife)
    data_first = form_data(first.get(edit_url("persons", wife.pk)))
    data_second = form_data(second.get(edit_url("persons", wife.pk)))
    saved(first.post(edit_url("persons", wife.pk), {**data_first, "phone": "13811111111"}))
    response = second.post(edit_url("persons", wife.pk), {**data_second, "phone": "13922222222", "name": "李四"})
    errors = field_errors(response)["__all__"]
    assert len(errors) == 1 and errors[0].startswith(CONFLICT) and errors[0].endswith("请刷新后重新录入。")
    assert response.context["form"]["phone"].value() == "13922222222"  # kept for the user to re-enter
    wife.refresh_from_db()
    assert (wife.name, wife.phone) == ("李娜", "13811111111")
    assert AuditEntry.objects.filter(action=Action.UPDATE).count() == 1
    # Reloaded, the form carries the new version and the save goes through.
    saved(second.post(edit_url("persons", wife.pk), {**form_data(second.get(edit_url("persons", wife.pk))),
                                                     "phone": "13922222222"}))
    assert Person.objects.get(pk=wife.pk).phone == "13922222222"


def test_another_villages_record_is_404_a_viewer_403_anonymous_to_login(full, users, client_as, client):
    record = ServiceRecord.objects.get(service__code="folic_acid")  # 李娜, village 1
    for url in (edit_url("services", record.pk), delete_url("services", record.pk)):
        assert client_as(users.other).get(url).status_code == 404
        assert client_as(users.other).post(url, {"result": "x"}).status_code == 404
        assert client_as(users.viewer).get(url).status_code == 403
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client_as(users.village).get(edit_url("services", 999999)).status_code == 404
    assert ServiceRecord.objects.get(pk=record.pk).result == ""


def test_a_deletion_asks_first_then_is_audited(full, users, client_as):
    client = client_as(users.township)
    death = Death.objects.get(person__id_number=full.grandpa)
    page = client.get(delete_url("deaths", death.pk))
    assert "确定删除" in page.content.decode() and "死亡：王建国 2023-11-02" in page.content.decode()
    assert Death.objects.filter(pk=death.pk).exists()
    response = client.post(delete_url("deaths", death.pk), {"version": page.context["version"]})
    assert response.status_code == 302 and response["Location"] == reverse("web:entry")
    assert not Death.objects.filter(pk=death.pk).exists()
    assert Person.objects.get(id_number=full.grandpa).death_date is None
    entry = AuditEntry.objects.get(action=Action.DELETE)
    assert (entry.model, entry.object_id, entry.user, entry.after) == ("register.Death", str(death.pk), users.township,
                                                                       None)
    assert entry.before["death_date"] == "2023-11-02" and entry.before["cause"] == "I21.9"


def test_a_stale_deletion_is_refused_and_persons_are_not_deleted(full, users, client_as):
    client = client_as(users.village)
    record = ServiceRecord.objects.get(service__code="folic_acid")
    response = client.post(delete_url("services", record.pk), {"version": "2000-01-01T00:00:00+00:00"})
    assert response.status_code == 200 and response.context["error"].startswith(CONFLICT)
    assert ServiceRecord.objects.filter(pk=record.pk).exists()
    wife = Person.objects.get(id_number=full.wife)
    assert client.get(delete_url("persons", wife.pk)).status_code == 404


def test_the_index_lists_the_forms_and_my_changes(full, users, client_as):
    client = client_as(users.village)
    record = ServiceRecord.objects.get(service__code="folic_acid")
    saved(client.post(edit_url("services", record.pk), {**form_data(client.get(edit_url("services", record.pk))),
                                                        "result": "已服用"}))
    page = client.get(reverse("web:entry")).content.decode()
    assert "新增出生" in page and "新增服务记录" in page
    assert f'href="{edit_url("services", record.pk)}"' in page and "服务记录：李娜 2020-04-01" in page
    assert client_as(users.viewer).get(reverse("web:entry")).status_code == 403
