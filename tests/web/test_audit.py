"""The audit page: scoped by division, filtered, ID numbers masked unless permitted."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.conftest import VILLAGE_1, make_id
from tests.web.entry_support import edit_url, form_data, new_url, saved
from weijian.audit.models import Action, AuditEntry
from weijian.audit.services import audit_record
from weijian.divisions.models import Division
from weijian.register.models import Person

pytestmark = pytest.mark.django_db
URL = reverse("web:audit")


NEW = make_id("2001-07-09", 2, seq=7)


@pytest.fixture
def trail(full, users, client_as):
    """Through the forms: the village 1 cadre registers 刘芳 and changes 李娜's phone; the village 2
    cadre records a service of 赵敏. And an import from the command line, without a division."""
    client = client_as(users.village)
    saved(client.post(new_url("persons"), {"id_number": NEW, "name": "刘芳", "sex": "2", "birth_date": "2001-07-09",
                                           "village_code": VILLAGE_1}))
    wife = Person.objects.get(id_number=full.wife)
    data = form_data(client.get(edit_url("persons", wife.pk)))
    saved(client.post(edit_url("persons", wife.pk), {**data, "phone": "13800000000"}))
    saved(client_as(users.other).post(new_url("services"), {
        "id_number": full.woman, "service": "folic_acid", "date": "2024-03-01"}))
    audit_record(user=None, action=Action.IMPORT, model="interchange.ImportBatch", object_id=1,
                 summary="persons 人口.csv：5行")  # no division: superusers only
    return full


def summaries(response) -> list[str]:
    assert response.status_code == 200
    return [entry.summary for entry, *_ in response.context["rows"]]


def test_township_staff_read_their_divisions(trail, users, client_as):
    client = client_as(users.township)
    response = client.get(URL)
    assert summaries(response) == ["服务记录：赵敏 2024-03-01", "人员：李娜 1994-08-20", "人员：刘芳 2001-07-09"]
    entry, model, summary, changes = response.context["rows"][1]
    assert (entry.user, entry.action) == (users.village, Action.UPDATE)
    assert (model, changes) == ("人员", [("联系电话", "", "13800000000")])
    created = response.context["rows"][0][3]  # the service of 赵敏: keys and codes shown by name
    assert ("服务对象", "", "赵敏") in created and ("服务项目", "", "增补叶酸") in created
    assert ("村居", "", f"白鹤村（{trail.village_2}）") in created


def test_an_entry_without_a_division_is_for_superusers_only(trail, users, client_as, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="x-long-password-1")
    assert summaries(client_as(boss).get(URL))[0] == "persons 人口.csv：5行"
    assert "persons 人口.csv：5行" not in summaries(client_as(users.county).get(URL))


def test_a_township_of_another_county_sees_nothing_of_this_one(trail, client_as):
    from weijian.accounts.services import user_create

    other = Division.objects.create(code="511302102000", name="白塔镇", level="township",
                                    parent=Division.objects.get(code=trail.county))
    stranger = user_create(username="stranger", password="x-long-password-1", role="township",
                           division_codes=[other.code])
    assert summaries(client_as(stranger).get(URL)) == []


def test_filters_by_user_action_and_date(trail, users, client_as):
    client = client_as(users.township)
    assert summaries(client.get(URL, {"user": users.other.pk})) == ["服务记录：赵敏 2024-03-01"]
    assert summaries(client.get(URL, {"action": "update"})) == ["人员：李娜 1994-08-20"]
    assert summaries(client.get(URL, {"until": "2000-01-01"})) == []
    response = client.get(URL, {"since": "2000-02-30"})
    assert response.context["form"].errors["since"] and len(summaries(response)) == 3


def test_id_numbers_are_masked_unless_permitted_and_revealing_is_audited(trail, users, client_as):
    client = client_as(users.township)
    page = client.get(URL).content.decode()
    assert "<th>公民身份号码</th><td></td><td>511302********0146</td>" in page and NEW not in page
    assert AuditEntry.objects.get(summary="人员：刘芳 2001-07-09").after["id_number"] == NEW  # kept in full
    assert not AuditEntry.objects.filter(action=Action.REVEAL).exists()
    assert NEW not in client.get(URL, {"full": "1"}).content.decode()  # no permission: still masked
    users.township.user_permissions.add(Permission.objects.get(codename="view_full_id_number"))
    client = client_as(type(users.township).objects.get(pk=users.township.pk))
    assert NEW not in client.get(URL).content.decode()
    assert NEW in client.get(URL, {"full": "1"}).content.decode()
    reveal = AuditEntry.objects.get(action=Action.REVEAL)
    assert (reveal.user, reveal.division.code) == (users.township, trail.township)


def test_village_cadres_and_viewers_are_refused_anonymous_sent_to_login(trail, users, client_as, client):
    assert client_as(users.village).get(URL).status_code == 403
    assert client_as(users.viewer).get(URL).status_code == 403
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_entry_records_division_user_and_snapshots(trail, users):
    entry = AuditEntry.objects.get(action=Action.UPDATE)
    assert entry.division.code == VILLAGE_1
    assert entry.before["phone"] == "" and entry.after["phone"] == "13800000000"
    assert entry.before["id_number"] == trail.wife


def test_the_page_makes_as_many_queries_for_many_entries_as_for_few(trail, users, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from weijian.audit.services import audit_change
    from weijian.care.models import ServiceRecord

    client = client_as(users.township)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    few = queries()
    for record in ServiceRecord.objects.select_related("village"):
        audit_change(user=users.township, before=None, after=record, division=record.village)
    for person in Person.objects.select_related("village"):
        audit_change(user=users.village, before=person, after=person, division=person.village)
    assert AuditEntry.objects.count() > 12
    assert queries() == few <= 16
