"""In the browser: upload a persons file, see its check, confirm, see it imported."""

import pytest

from tests.conftest import PERSONS_HEADER, VILLAGE_1, make_id, write_csv


@pytest.mark.browser
def test_upload_check_confirm(page, log_in, township, users, settings, tmp_path):
    from django.db import connection

    from weijian.register.models import Person

    settings.DATA_DIR = str(tmp_path / "data")
    # SQLite's in-memory test database locks whole tables across threads without waiting, so
    # there the check and the import run in the request; on PostgreSQL in the background pool,
    # and the page polls until they are done.
    settings.WEIJIAN_BACKGROUND_SYNC = connection.vendor == "sqlite"
    new = make_id("2003-04-05", 2, seq=9)
    path = write_csv(tmp_path / "新增人员.csv", PERSONS_HEADER, [
        [new, "陈小芳", "女", "2003-04-05", VILLAGE_1, "SY-010", "户主", "农村", "常住", "未婚", "", "", ""],
    ])
    log_in(users.township)
    page.goto("/imports/")
    page.select_option("select[name=kind]", "persons")
    page.set_input_files("input[name=file]", str(path))
    page.click("text=上传并检查")
    page.wait_for_selector("text=检查通过：共 1 行，没有错误。")  # the page polls until the check is done
    assert page.locator("h1").inner_text() == "人员：新增人员.csv"
    assert "陈小芳" in page.locator("table.preview").inner_text()
    assert not Person.objects.filter(id_number=new).exists()

    page.click("text=确认导入")
    page.wait_for_selector("text=导入完成：已写入 1 行（新增 1，更新 0）")
    assert Person.objects.get(id_number=new).village.code == VILLAGE_1
