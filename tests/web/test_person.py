"""The person page: family, timeline, scoping, and the logged reveal of the full ID number."""

from __future__ import annotations

from tests.web.reading import grant_full_id, reveals, sends_to_login
from weijian.audit.models import Action, AuditEntry
from weijian.register.models import Person
from weijian.register.privacy import mask_id_number


def url_of(number: str) -> str:
    return f"/register/persons/{Person.objects.get(id_number=number).pk}/"


def test_the_owner_sees_household_parents_children_and_timeline(full, users, client_as):
    response = client_as(users.village).get(url_of(full.wife))
    assert response.status_code == 200
    context = response.context
    assert {m.name for m in context["members"]} >= {"张伟", "李娜", "张小明"}
    assert [c.name for c in context["children"]] == ["张小明", "张小红"]
    timeline = [(e.date.isoformat(), e.kind) for e in context["timeline"]]
    assert timeline == [
        ("1994-08-20", "出生"), ("2018-10-01", "结婚"), ("2020-04-01", "增补叶酸"),
        ("2020-05-06", "孕前优生健康检查"), ("2021-03-15", "生育"), ("2023-05-01", "生育"),
    ]
    text = response.content.decode()
    assert mask_id_number(full.wife) in text and full.wife not in text


def test_a_childs_page_links_mother_and_father(full, users, client_as):
    context = client_as(users.village).get(url_of(full.son)).context
    assert (context["mother"].name, context["father"].name) == ("李娜", "张伟")


def test_a_death_and_a_move_are_on_the_timeline(full, users, client_as):
    grandpa = client_as(users.other).get(url_of(full.grandpa)).context["timeline"]
    assert [(e.date.isoformat(), e.kind) for e in grandpa][-1] == ("2023-11-02", "死亡")
    husband = client_as(users.village).get(url_of(full.husband)).context["timeline"]
    assert ("2022-03-01", "流出", "深圳，务工") in [(e.date.isoformat(), e.kind, e.text) for e in husband]


def test_another_villages_person_is_404(full, users, client_as):
    assert client_as(users.other).get(url_of(full.wife)).status_code == 404
    assert client_as(users.village).get(url_of(full.grandpa)).status_code == 404


def test_anonymous_is_sent_to_login(full, client):
    assert sends_to_login(client, url_of(full.wife))


def test_the_viewer_reads_the_page(full, users, client_as):
    assert client_as(users.viewer).get(url_of(full.wife)).status_code == 200


def test_without_the_permission_the_number_stays_masked(full, users, client_as):
    response = client_as(users.township).get(url_of(full.wife) + "?full=1")
    text = response.content.decode()
    assert full.wife not in text and "显示完整号码" not in text
    assert reveals("register.Person") == 0


def test_revealing_the_full_number_is_logged_each_time(full, users, client_as):
    c = client_as(grant_full_id(users.township))
    page = c.get(url_of(full.wife)).content.decode()
    assert "显示完整号码" in page and full.wife not in page
    for _ in range(2):
        assert full.wife in c.get(url_of(full.wife) + "?full=1").content.decode()
    entries = AuditEntry.objects.filter(action=Action.REVEAL)
    assert entries.count() == 2
    entry = entries.first()
    assert (entry.user, entry.division.code, entry.object_id) == (
        users.township, full.village_1, str(Person.objects.get(id_number=full.wife).pk))


def test_query_count(full, users, client_as, django_assert_max_num_queries):
    c, url = client_as(users.village), url_of(full.wife)
    # session, user, profile, its divisions, the person, the user's permissions (two), members,
    # children, births, marriages, migrations, services, and the session's renewal (three).
    with django_assert_max_num_queries(16):
        c.get(url)


def test_edit_links_only_for_those_who_may_change(full, users, client_as):
    from weijian.register.models import Birth, Person

    wife = Person.objects.get(id_number=full.wife)
    birth = Birth.objects.filter(mother=wife).order_by("birth_date").first()
    page = client_as(users.village).get(f"/register/persons/{wife.pk}/").content.decode()
    assert f'href="/entry/persons/{wife.pk}/"' in page
    assert f'href="/entry/births/{birth.pk}/"' in page
    viewer_page = client_as(users.viewer).get(f"/register/persons/{wife.pk}/").content.decode()
    assert "/entry/" not in viewer_page
