"""The indicators page: the engine's table by village, its XLSX, and the records behind each value."""

from __future__ import annotations

from io import BytesIO

from tests.conftest import TOWNSHIP, VILLAGE_1, VILLAGE_2
from tests.web.reading import grant_full_id, reveals, sends_to_login
from weijian.divisions.models import Division
from weijian.indicators import engine
from weijian.periods import parse
from weijian.register.privacy import mask_id_number

RECORDS = "/indicators/records/?indicator=births&org={org}&period=2022TJ"


def cell(table, indicator_name: str, column: str):
    line = next(line for line in table["lines"] if line.name == indicator_name)
    return line.cells[table["columns"].index(column)]


def test_anonymous_is_sent_to_login(client, db):
    assert sends_to_login(client, "/indicators/")
    assert sends_to_login(client, RECORDS.format(org=TOWNSHIP))


def test_the_table_is_the_engines_by_village(full, users, client_as):
    response = client_as(users.township).get(f"/indicators/?period=2022TJ&org={TOWNSHIP}")
    table = response.context["table"]
    assert table["columns"] == ["青山镇", "石堰村", "白鹤村"]
    township = Division.objects.get(code=TOWNSHIP)
    by_village = {(r.org, r.indicator): r.value for r in engine.compute(parse("2022TJ"), township, by="village")}
    row, url = cell(table, "出生人数", "白鹤村")
    assert row.value == by_village[(VILLAGE_2, "births")] == 2
    assert cell(table, "出生人数", "青山镇")[0].value == 2
    assert cell(table, "户籍人口", "石堰村")[0].value == by_village[(VILLAGE_1, "population_registered")]
    assert url == f"/indicators/records/?indicator=births&org={VILLAGE_2}&period=2022TJ"
    assert url.replace("&", "&amp;") in response.content.decode()


def test_a_village_cadre_sees_their_village_only(full, users, client_as):
    c = client_as(users.village)
    assert c.get("/indicators/").context["table"]["columns"] == ["石堰村"]
    assert c.get(f"/indicators/?org={TOWNSHIP}").status_code == 404
    assert c.get(RECORDS.format(org=VILLAGE_2)).status_code == 404


def test_xlsx_download(full, users, client_as):
    from openpyxl import load_workbook

    response = client_as(users.township).get(f"/indicators/?period=2022TJ&org={TOWNSHIP}&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content))["指标"]
    header = [c.value for c in sheet[2]]
    births = header.index("出生人数（人）")
    values = {row[1].value: row[births].value for row in sheet.iter_rows(min_row=3)}
    assert values == {"青山镇": 2, "石堰村": 0, "白鹤村": 2}


def test_records_behind_a_value_are_masked(full, users, client_as):
    response = client_as(users.township).get(RECORDS.format(org=TOWNSHIP))
    records = list(response.context["page"])
    assert [(r.part, r.village, r.date.isoformat()) for r in records] == [
        ("numerator", VILLAGE_2, "2022-01-10"), ("numerator", VILLAGE_2, "2022-01-10")]
    text = response.content.decode()
    assert "显示完整身份证号" not in text


def test_full_numbers_need_the_permission_and_are_logged(full, users, client_as):
    url = "/indicators/records/?indicator=population_registered&org={org}&period=2022TJ".format(org=VILLAGE_1)
    plain = client_as(users.township).get(url + "&full=1").content.decode()
    assert full.wife not in plain and mask_id_number(full.wife) in plain
    assert reveals("indicators.records") == 0
    c = client_as(grant_full_id(users.township))
    assert "显示完整身份证号" in c.get(url).content.decode()
    assert full.wife in c.get(url + "&full=1").content.decode()
    assert reveals("indicators.records") == 1


def test_an_unknown_indicator_is_404(full, users, client_as):
    assert client_as(users.township).get("/indicators/records/?indicator=nope&org=" + TOWNSHIP).status_code == 404


def test_the_viewer_reads_the_indicators(full, users, client_as):
    assert client_as(users.viewer).get("/indicators/").status_code == 200


def test_work_activities_are_a_group_of_the_table(full, users, client_as):
    response = client_as(users.township).get(f"/indicators/?period=2020TJ&org={TOWNSHIP}")
    table = response.context["table"]
    groups = list(dict.fromkeys(line.group for line in table["lines"]))
    assert groups == ["人口与出生", "妇幼卫生", "服务任务", "数据质量", "工作活动"]
    # The township's own 12 meetings are in its column and in no village's.
    assert [cell(table, "召开例会", column)[0].value for column in table["columns"]] == [12, 0, 0]
    assert [cell(table, "举办培训班", column)[0].value for column in table["columns"]] == [3, 3, 0]
    assert '<tr class="group"><th colspan="5">工作活动</th></tr>' in response.content.decode()


def test_the_figures_behind_an_activity_with_their_amounts(full, users, client_as):
    url = f"/indicators/records/?indicator=trainings&org={TOWNSHIP}&period=2020TJ"
    c = client_as(grant_full_id(users.township))
    response = c.get(url)
    assert [(r.kind, r.name, r.village_name, r.amount) for r in response.context["page"]] == [
        ("汇总数据", "举办培训班（2020TJ）", "石堰村", 3)]
    text = response.content.decode()
    assert '<th class="num">数值</th>' in text and '<td class="num">3</td>' in text and "<th>项目</th>" in text
    assert "显示完整身份证号" not in text  # figures have no ID numbers to show
    c.get(url + "&full=1")
    assert reveals("indicators.records") == 0
    persons = client_as(users.township).get(RECORDS.format(org=TOWNSHIP)).content.decode()
    assert "数值</th>" not in persons and "<th>姓名</th>" in persons
