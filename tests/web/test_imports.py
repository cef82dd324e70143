"""Imports in the browser: upload → check (preview with every error) → confirm → import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import (
    DIVISIONS_HEADER,
    PERSONS_HEADER,
    TOWNSHIP,
    VILLAGE_1,
    VILLAGE_2,
    all_tables,
    make_id,
    wrong_check,
)
from tests.web.conftest import PASSWORD

OTHER_TOWNSHIP, OTHER_VILLAGE = "511302102000", "511302102201"


@pytest.fixture(autouse=True)
def sync_background(settings, tmp_path):
    settings.WEIJIAN_BACKGROUND_SYNC = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # Argon2 takes ~0.7 s a user
    settings.DATA_DIR = str(tmp_path / "data")


@pytest.fixture
def staff(township, users):
    return users


def csv_file(rows: list[list], header: list[str] = PERSONS_HEADER, name: str = "persons.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    text.write(",".join(header) + "\r\n")
    for row in rows:
        text.write(",".join(str(cell) for cell in row) + "\r\n")
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8"), content_type="text/csv")


def person(id_number: str, name: str, village: str = VILLAGE_1, household: str = "SY-009") -> list:
    sex = "男" if int(id_number[16]) % 2 else "女"
    birth = f"{id_number[6:10]}-{id_number[10:12]}-{id_number[12:14]}"
    return [id_number, name, sex, birth, village, household, "户主", "农村", "常住", "未婚", "", "", ""]


NEW_1, NEW_2 = make_id("2001-02-03", 1, seq=7), make_id("2002-03-04", 2, seq=8)


def upload(client, file, kind="persons"):
    return client.post(reverse("web:imports"), {"kind": kind, "file": file})


def latest_job():
    from weijian.interchange.models import UploadJob

    return UploadJob.objects.order_by("-pk").first()


def test_upload_preview_confirm_writes(staff, township, client_as):
    from weijian.audit.models import AuditEntry
    from weijian.register.models import Person

    client = client_as(staff.township)
    renamed = person(township.husband, "张伟伟", household="SY-001")
    response = upload(client, csv_file([person(NEW_1, "陈一"), person(NEW_2, "陈二"), renamed]))
    job = latest_job()
    assert response.status_code == 302 and response.url == reverse("web:import", args=[job.pk])
    assert (job.status, job.total, job.rows, job.created, job.updated, job.error_count) == ("checked", 3, 3, 2, 1, 0)
    assert Person.objects.count() == 5  # the check wrote nothing

    page = client.get(response.url).content.decode()
    assert "检查通过：共 3 行" in page and "确认导入" in page
    assert "陈一" in page and NEW_1 not in page and NEW_1[:6] + "********" + NEW_1[-4:] in page  # masked

    response = client.post(reverse("web:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created, job.updated) == ("done", 2, 1)
    assert Person.objects.get(id_number=NEW_2).name == "陈二"
    assert Person.objects.get(id_number=township.husband).name == "张伟伟"
    entry = AuditEntry.objects.get(action="import", user=staff.township)  # the fixtures imported too
    assert entry.user == staff.township and entry.division.code == TOWNSHIP and "新增2，更新1" in entry.summary
    assert "导入完成：已写入 3 行（新增 2，更新 1）" in client.get(response.url).content.decode()
    assert client.post(reverse("web:import_confirm", args=[job.pk])).status_code == 302  # no second import
    assert AuditEntry.objects.filter(action="import", user=staff.township).count() == 1


def test_every_error_is_shown_and_nothing_written(staff, client_as):
    client = client_as(staff.township)
    before = all_tables()
    bad_id = wrong_check(NEW_1)
    upload(client, csv_file([person(NEW_2, "陈二"), person(bad_id, "陈一"), person(NEW_2, "陈三")]))
    job = latest_job()
    assert job.status == "checked" and job.error_count == 2 and not job.can_confirm
    assert [(e[0], e[1], e[3]) for e in job.errors] == [
        (3, "公民身份号码", "身份号码校验码错误：末位应为" + NEW_1[17]),
        (4, "公民身份号码", "与第2行重复（同一身份号码出现两次）"),
    ]
    page = client.get(reverse("web:import", args=[job.pk])).content.decode()
    assert "发现 2 处错误，未写入任何数据" in page and "确认导入" not in page
    assert "身份号码校验码错误" in page and "与第2行重复" in page and bad_id not in page
    response = client.post(reverse("web:import_confirm", args=[job.pk]), follow=True)
    assert "请先处理检查发现的问题" in response.content.decode()
    assert all_tables() == before


def test_many_errors_are_paginated(staff, client_as):
    client = client_as(staff.township)
    rows = [person(make_id("1980-01-01", 1, seq=n), f"甲{n}", village="511302101299") for n in range(1, 151)]
    upload(client, csv_file(rows))
    job = latest_job()
    assert job.error_count == 150 and len(job.errors) == 150
    second = client.get(reverse("web:import", args=[job.pk]), {"page": 2}).content.decode()
    assert "第 2 / 2 页" in second and "<td class=\"num\">151</td>" in second
    assert "<td class=\"num\">101</td>" not in second.split("<table class=\"errors\">")[1].split("</table>")[0]


def test_bad_file_writes_nothing(staff, client_as):
    client = client_as(staff.township)
    before = all_tables()
    upload(client, SimpleUploadedFile("persons.xlsx", b"not a workbook", content_type="application/octet-stream"))
    job = latest_job()
    assert job.status == "checked" and job.error_count == 1 and "无法读取 XLSX 文件" in job.errors[0][3]
    upload(client, csv_file([person(NEW_1, "陈一")], header=["姓名", "村居代码"]))
    assert "缺少必填列“公民身份号码”" in latest_job().errors[0][3]
    response = upload(client, SimpleUploadedFile("persons.pdf", b"%PDF", content_type="application/pdf"))
    assert response.status_code == 200 and "不支持的文件类型“.pdf”" in response.content.decode()
    response = client.post(reverse("web:imports"), {"kind": ""})
    assert "请选择数据类别" in response.content.decode() and "请选择要上传的文件" in response.content.decode()
    assert all_tables() == before


@pytest.fixture
def other_township(staff, load):
    from weijian.accounts.services import user_create

    result = load("divisions", DIVISIONS_HEADER, [[OTHER_TOWNSHIP, "白云镇", "乡", "511302000000"],
                                                   [OTHER_VILLAGE, "红岩村", "村", OTHER_TOWNSHIP]])
    assert result.ok
    return user_create(username="baiyun", password=PASSWORD, role="township", division_codes=[OTHER_TOWNSHIP])


def test_another_townships_rows_are_refused(staff, township, other_township, client_as):
    from weijian.register.models import Person

    client = client_as(staff.township)
    upload(client, csv_file([person(NEW_1, "陈一"), person(NEW_2, "陈二", village=OTHER_VILLAGE)]))
    job = latest_job()
    assert job.error_count == 0 and not job.can_confirm
    assert job.message == ("文件中有不属于您负责范围的数据（511302102201红岩村），不能导入：请只上传本辖区的数据")
    page = client.get(reverse("web:import", args=[job.pk])).content.decode()
    assert "511302102201红岩村" in page and "确认导入" not in page
    client.post(reverse("web:import_confirm", args=[job.pk]))
    assert not Person.objects.filter(id_number__in=[NEW_1, NEW_2]).exists()

    # Staff of the other township may not move this township's person over to theirs.
    baiyun = client_as(other_township)
    upload(baiyun, csv_file([person(township.grandpa, "王建国", village=OTHER_VILLAGE)]))
    assert "511302101202白鹤村" in latest_job().message
    # nor record a death of a person of this township
    upload(baiyun, csv_file([[township.grandpa, "2024-01-02"]], header=["公民身份号码", "死亡日期"]), kind="deaths")
    assert "511302101202白鹤村" in latest_job().message


def test_jobs_are_scoped_to_the_uploaders_divisions(staff, other_township, client_as):
    client = client_as(staff.township)
    upload(client, csv_file([person(NEW_1, "陈一")]))
    job = latest_job()
    for url in ("web:import", "web:import_status"):
        assert client_as(other_township).get(reverse(url, args=[job.pk])).status_code == 404
    assert client_as(staff.county).get(reverse("web:import", args=[job.pk])).status_code == 200
    assert "persons.csv" not in client_as(other_township).get(reverse("web:imports")).content.decode()
    response = client_as(staff.county).post(reverse("web:import_confirm", args=[job.pk]), follow=True)
    assert "只有上传人可以确认导入" in response.content.decode()


def test_progress_endpoint(staff, client_as):
    from weijian.interchange import uploads

    client = client_as(staff.township)
    upload(client, csv_file([person(NEW_1, "陈一"), person(NEW_2, "陈二")]))
    job = latest_job()
    url = reverse("web:import_status", args=[job.pk])
    assert client.get(url).json() == {"status": "checked", "label": "检查完成", "running": False,
                                      "processed": 2, "total": 2, "errors": 0}
    job.status = "importing"
    job.save()
    uploads._tracker(job)(1)  # what the importer reports after each chunk
    try:
        assert client.get(url).json() | {} == {"status": "importing", "label": "正在导入", "running": True,
                                               "processed": 1, "total": 2, "errors": 0}
        assert "已处理 1 / 2 行" in client.get(reverse("web:import", args=[job.pk])).content.decode()
    finally:
        uploads._forget(job)


def test_importer_reports_progress_per_chunk(township, settings, tmp_path):
    from tests.conftest import write_csv
    from weijian.interchange.importer import import_file

    settings.WEIJIAN_IMPORT_CHUNK = 2
    rows = [person(make_id("1985-01-01", 1, seq=n), f"乙{n}") for n in range(1, 6)]
    seen = []
    result = import_file("persons", write_csv(tmp_path / "p.csv", PERSONS_HEADER, rows), dry_run=True,
                         progress=seen.append)
    assert result.ok and seen == [2, 4, 5]


@pytest.mark.parametrize("name", ["web:imports", "web:import", "web:import_status"])
def test_anonymous_is_sent_to_login(staff, client, name):
    url = reverse(name) if name == "web:imports" else reverse(name, args=[1])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_cadres_and_viewers_are_refused(staff, client_as):
    upload(client_as(staff.township), csv_file([person(NEW_1, "陈一")]))
    job = latest_job()
    for user in (staff.village, staff.viewer):
        client = client_as(user)
        assert client.get(reverse("web:imports")).status_code == 403
        assert upload(client, csv_file([person(NEW_2, "陈二")])).status_code == 403
        assert client.get(reverse("web:import", args=[job.pk])).status_code == 403
        assert client.post(reverse("web:import_confirm", args=[job.pk])).status_code == 403
    assert latest_job() == job
    assert "导入" not in [item["label"] for item in client_as(staff.village).get("/").context["nav"]]


def test_imports_list_queries_do_not_grow(staff, client_as, django_assert_max_num_queries):
    client = client_as(staff.township)
    for n in range(3):
        upload(client, csv_file([person(NEW_1, f"陈{n}")]))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("web:imports")).content.decode()
    assert page.count("persons.csv") == 3 and "<td>人员</td>" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the seeded catalogs for later tests
def test_a_real_background_thread(township, users, client_as, settings, monkeypatch):
    from weijian import background
    from weijian.register.models import Person

    settings.WEIJIAN_BACKGROUND_SYNC = False
    pending = []
    submit = background.submit
    monkeypatch.setattr(background, "submit", lambda task, *args: pending.append((task, args)))

    def run_in_worker():
        # The work is handed to the pool once the request is over, and the test waits for it
        # rather than polls: SQLite's in-memory test database locks whole tables across
        # threads without waiting (a file database in WAL mode waits).
        task, args = pending.pop()
        submit(task, *args).result(timeout=30)

    client = client_as(users.township)
    upload(client, csv_file([person(NEW_1, "陈一"), person(NEW_2, "陈二")]))
    job = latest_job()
    run_in_worker()
    status = client.get(reverse("web:import_status", args=[job.pk])).json()
    assert (status["status"], status["processed"], status["total"]) == ("checked", 2, 2)
    client.post(reverse("web:import_confirm", args=[job.pk]))
    run_in_worker()
    assert client.get(reverse("web:import_status", args=[job.pk])).json()["status"] == "done"
    assert set(Person.objects.filter(village__code=VILLAGE_1, id_number__in=[NEW_1, NEW_2])
               .values_list("name", flat=True)) == {"陈一", "陈二"}
    assert Person.objects.filter(village__code=VILLAGE_2).count() == 2
