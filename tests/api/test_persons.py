"""GET/POST /api/v1/persons/ and GET /api/v1/persons/{id_number}/."""

from __future__ import annotations

import pytest

from tests.api.conftest import grant_full_id
from tests.conftest import VILLAGE_1, VILLAGE_2, make_id
from weijian.register.privacy import mask_id_number


def test_village_cadre_lists_only_their_village(api, township, users):
    body = api(users.village).get("/api/v1/persons/").json()
    assert body["count"] == 3 and body["next"] is None and body["previous"] is None
    assert [p["name"] for p in body["results"]] == ["张伟", "李娜", "张小明"]
    son = body["results"][2]
    assert son == {
        "id_number": mask_id_number(township.son), "name": "张小明", "sex": 1, "birth_date": "2019-06-01",
        "village_code": VILLAGE_1, "village_name": "石堰村", "household_no": "SY-001", "relation": "子",
        "hukou_type": "rural", "residence": "resident", "registered_here": True, "marital_status": "single",
        "first_marriage_date": None, "mother_id_number": mask_id_number(township.wife),
        "father_id_number": mask_id_number(township.husband), "disability_grade": None, "death_date": None,
        "phone": "",
    }


def test_township_filters_by_village_and_searches(api, township, users):
    client = api(users.township)
    assert client.get("/api/v1/persons/").json()["count"] == 5
    assert [p["name"] for p in client.get(f"/api/v1/persons/?village={VILLAGE_2}").json()["results"]] == \
        ["王建国", "赵敏"]
    assert [p["name"] for p in client.get("/api/v1/persons/?q=张").json()["results"]] == ["张伟", "张小明"]
    assert [p["name"] for p in client.get(f"/api/v1/persons/?q={township.woman}").json()["results"]] == ["赵敏"]
    assert client.get("/api/v1/persons/?q=BH-001").json()["results"][0]["name"] == "王建国"


def test_id_number_prefix_finds_nothing(api, township, users):
    """A prefix search would let masked digits be read back one by one."""
    assert api(users.township).get(f"/api/v1/persons/?q={township.woman[:12]}").json()["count"] == 0


def test_pages(api, township, users):
    body = api(users.township).get("/api/v1/persons/?page_size=2&page=2").json()
    assert body["count"] == 5 and [p["name"] for p in body["results"]] == ["张小明", "王建国"]
    assert body["next"].endswith("page=3&page_size=2") and "page_size=2" in body["previous"]


def test_other_village_gets_404_or_nothing(api, township, users):
    client = api(users.other)
    assert [p["name"] for p in client.get("/api/v1/persons/").json()["results"]] == ["王建国", "赵敏"]
    assert client.get(f"/api/v1/persons/?village={VILLAGE_1}").status_code == 404
    assert client.get(f"/api/v1/persons/?q={township.husband}").json()["count"] == 0
    assert client.get(f"/api/v1/persons/{township.husband}/").status_code == 404


def test_detail_for_the_owner(api, township, users):
    response = api(users.village, token=True).get(f"/api/v1/persons/{township.wife}/")
    assert response.status_code == 200
    assert response.json()["name"] == "李娜" and response.json()["id_number"] == mask_id_number(township.wife)
    assert api(users.village).get(f"/api/v1/persons/{make_id('2000-01-01', 1)}/").status_code == 404


def test_full_numbers_need_the_permission_and_are_logged(api, township, users):
    from weijian.audit.models import Action, AuditEntry

    assert api(users.township).get("/api/v1/persons/").json()["results"][0]["id_number"].count("*") == 8
    assert not AuditEntry.objects.filter(action=Action.REVEAL).exists()
    user = grant_full_id(users.township)
    client = api(user)
    persons = client.get("/api/v1/persons/").json()["results"]
    assert persons[2]["id_number"] == township.son and persons[2]["mother_id_number"] == township.wife
    assert client.get(f"/api/v1/persons/{township.son.lower()}/").json()["id_number"] == township.son
    entries = list(AuditEntry.objects.filter(action=Action.REVEAL).order_by("pk"))
    assert [(e.user, e.model) for e in entries] == [(user, "register.Person")] * 2
    assert entries[0].summary == "接口 GET /api/v1/persons/ 返回 5 条记录的完整身份证号"


def test_list_query_count_does_not_grow(api, township, users, django_assert_num_queries, load):
    from tests.conftest import PERSONS_HEADER

    client = api(users.village, token=True)
    client.get("/api/v1/persons/")  # warm up: content types, caches
    # token and user, profile, its divisions, count, page, the user's and the groups' permissions
    with django_assert_num_queries(7):
        assert client.get("/api/v1/persons/").json()["count"] == 3
    more = [[make_id("1980-01-01", 1, seq=n), f"村民{n}", "男", "1980-01-01", VILLAGE_1, f"SY-{n:03d}", "户主",
             "", "", "", "", township.wife, township.husband] for n in range(10, 40)]
    assert load("persons", PERSONS_HEADER, more).ok
    with django_assert_num_queries(7):
        assert client.get("/api/v1/persons/").json()["count"] == 33


# -- creating ----------------------------------------------------------------------------------
NEW = make_id("2001-02-03", 2, seq=9)


def new_person(**changes) -> dict:
    row = {"id_number": NEW, "name": "孙丽", "sex": "女", "birth_date": "2001-02-03", "village_code": VILLAGE_1,
           "household_no": "SY-001", "relation": "儿媳", "hukou_type": "rural", "marital_status": "初婚",
           "first_marriage_date": "2022-05-01"}
    row.update(changes)
    return {k: v for k, v in row.items() if v is not ...}


def test_cadre_creates_a_person_audited(api, township, users):
    from weijian.audit.models import Action, AuditEntry
    from weijian.register.models import Person

    response = api(users.village, token=True).post("/api/v1/persons/", new_person(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["id_number"], body["name"], body["sex"], body["household_no"], body["marital_status"]) == \
        (mask_id_number(NEW), "孙丽", 2, "SY-001", "first")
    person = Person.objects.get(id_number=NEW)
    assert (person.village.code, person.household.number, person.entered_by) == (VILLAGE_1, "SY-001", users.village)
    entry = AuditEntry.objects.get(action=Action.CREATE)
    assert (entry.user, entry.model, entry.object_id, entry.division.code) == \
        (users.village, "register.Person", str(person.pk), VILLAGE_1)
    assert entry.after["id_number"] == NEW and entry.before is None


def test_chinese_keys_are_accepted(api, township, users):
    row = {"公民身份号码": NEW, "姓名": "孙丽", "性别": 2, "出生日期": "2001-02-03", "村居代码": VILLAGE_1}
    assert api(users.village).post("/api/v1/persons/", row, format="json").status_code == 201


@pytest.mark.parametrize(("changes", "errors"), [
    ({"id_number": NEW[:17] + ("0" if NEW[17] != "0" else "1")},
     [("id_number", None, f"身份号码校验码错误：末位应为{NEW[17]}")]),
    ({"sex": "男"}, [("id_number", NEW, "身份号码表明性别为女，与性别“男”不一致")]),
    ({"name": ...}, [("name", "", "必填项为空")]),
    ({"birth_date": "2001-02-30"}, [("birth_date", "2001-02-30", None)]),
    ({"village_code": "511302101299"}, [("village_code", "511302101299", None)]),
    ({"mother_id_number": NEW}, [("mother_id_number", NEW, "母亲身份号码与本人相同")]),
    ({"nickname": "丽丽"}, [("nickname", "丽丽", "未知字段")]),
    ({"name": ["孙", "丽"]}, [("name", "['孙', '丽']", "应为文本、数字、是否值或 null")]),
])
def test_invalid_person_is_400_with_chinese_errors(api, township, users, changes, errors):
    from weijian.register.models import Person

    response = api(users.village).post("/api/v1/persons/", new_person(**changes), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == f"发现 {len(errors)} 处错误，未写入任何数据"
    got = [(e["row"], e["column"], e["value"], e["reason"]) for e in body["errors"]]
    for (row, column, value, reason), (want_column, want_value, want_reason) in zip(got, errors, strict=True):
        assert (row, column) == (1, want_column)
        assert want_value is None or value == want_value
        assert want_reason is None or reason == want_reason
        assert any("\u4e00" <= ch <= "\u9fff" for ch in reason)
    assert not Person.objects.filter(id_number=NEW).exists()


def test_existing_person_is_not_overwritten(api, township, users):
    from weijian.register.models import Person

    response = api(users.village).post("/api/v1/persons/", new_person(id_number=township.woman, sex=2,
                                                                      birth_date="1996-03-03"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["reason"] == "同一身份号码的记录已存在：新增不覆盖已有记录"
    woman = Person.objects.get(id_number=township.woman)
    assert (woman.name, woman.village.code) == ("赵敏", VILLAGE_2)


def test_viewer_cannot_post(api, township, users):
    response = api(users.viewer).post("/api/v1/persons/", new_person(), format="json")
    assert response.status_code == 403 and response.json()["detail"] == "您只有查看权限，不能新增记录"


def test_cadre_cannot_create_in_another_village(api, township, users):
    from weijian.audit.models import AuditEntry
    from weijian.register.models import Person

    response = api(users.other).post("/api/v1/persons/", new_person(), format="json")
    assert response.status_code == 404
    assert not Person.objects.filter(id_number=NEW).exists() and not AuditEntry.objects.exclude(action="import").exists()
