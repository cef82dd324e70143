"""`weijian indicators`, run in-process."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tests.indicators.builder import Register
from weijian.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    r = Register()
    mum = r.person("1990-01-01", 2, r.v1, id_number="51130219900101002X")
    r.birth(mum, "2020-03-03", 1)
    r.birth(mum, "2020-03-03", 2, order=2, parity=2, place="home")
    r.birth(r.person("1992-01-01", 2, r.v2), "2019-06-06", 1)
    r.target(r.township, "2020TJ", "institutional_delivery_rate", 90)
    return r


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["indicators", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_by_village_with_targets_and_comparison(r, capsys):
    code, out, _ = run(capsys, "--period", "2020TJ", "--org", r.township.code, "--indicator", "births",
                       "institutional_delivery_rate", "--compare", "--at", "2020-03-31")
    assert code == 0
    rows = {row["indicator"]: row for row in json.loads(out)}
    births, rate = rows["births"], rows["institutional_delivery_rate"]
    assert (births["org"], births["org_name"], births["period"]) == (r.township.code, "青山镇", "2020TJ")
    assert (births["numerator"], births["denominator"], births["value"]) == (2, None, 2)
    assert (births["previous_value"], births["change"]) == (1, 1)
    assert (rate["numerator"], rate["denominator"], rate["value"]) == (1, 2, 50.0)
    assert (rate["target"], rate["completion"], rate["time_progress"], rate["behind"]) == (90, 55.56, 50.0, False)


def test_by_village_lists_every_village(r, capsys):
    code, out, _ = run(capsys, "--period", "2020TJ", "--org", r.township.code, "--by", "village",
                       "--indicator", "births", "sex_ratio_at_birth")
    rows = {(row["org"], row["indicator"]): row["value"] for row in json.loads(out)}
    assert code == 0
    assert rows == {(r.v1.code, "births"): 2, (r.v1.code, "sex_ratio_at_birth"): 100.0,
                    (r.v2.code, "births"): 0, (r.v2.code, "sex_ratio_at_birth"): None}


def test_csv_and_xlsx(r, capsys, tmp_path):
    code, out, _ = run(capsys, "--period", "2020TJ", "--org", r.township.code, "--format", "csv", "--indicator",
                       "births", "stillbirths")
    lines = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [(line["indicator"], line["value"]) for line in lines] == [("births", "2"),
                                                                                     ("stillbirths", "0")]
    path = tmp_path / "indicators.xlsx"
    code, _, _ = run(capsys, "--period", "2020TJ", "--org", r.township.code, "--by", "village", "-o", str(path))
    assert code == 0
    sheet = load_workbook(path)["指标"]
    header = [cell.value for cell in sheet[2]]
    assert header[:4] == ["单位代码", "单位名称", "户籍人口（人）", "常住人口（人）"]
    births = header.index("出生人数（人）")
    assert [(row[0], row[1], row[births]) for row in sheet.iter_rows(min_row=3, values_only=True)] == [
        (r.v1.code, "石堰村", 2), (r.v2.code, "白鹤村", 0)]
    sex_ratio = header.index("出生人口性别比")
    assert sheet.cell(4, sex_ratio + 1).value == "—"


def test_records(r, capsys):
    code, out, _ = run(capsys, "--period", "2020TJ", "--org", r.township.code, "--records",
                       "institutional_delivery_rate")
    listed = json.loads(out)
    assert code == 0
    assert [(row["part"], row["id_number"]) for row in listed] == [
        ("numerator", "511302********002X"), ("denominator", "511302********002X"),
        ("denominator", "511302********002X")]


@pytest.mark.parametrize("args, message", [
    (["--period", "2020X", "--org", "511302101000"], "无法识别的期间“2020X”"),
    (["--period", "2020TJ", "--org", "999"], "单位代码不存在：999"),
    (["--period", "2020TJ", "--org", "511302101000", "--indicator", "nope"], "未知指标“nope”"),
    (["--period", "2020TJ", "--org", "511302101201", "--by", "township"], "无法按“乡”分组"),
    (["--period", "2020TJ", "--org", "511302101000", "--format", "xlsx"], "xlsx 需要用 -o 指定文件"),
])
def test_bad_requests_exit_2(r, capsys, args, message):
    code, _, err = run(capsys, *args)
    assert code == 2 and message in err
