"""The work activities (工作活动): sums of the aggregate figures, by village and for the division."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.indicators.builder import Register, rows_by_code, values
from weijian.catalog import DATA_ELEMENTS
from weijian.cli import main
from weijian.divisions.models import Division, Level
from weijian.indicators.engine import records
from weijian.indicators.registry import BY_CODE, INDICATORS, TARGETABLE, group_of
from weijian.periods import parse

pytestmark = pytest.mark.django_db

ACTIVITIES = ["meetings", "trainings", "training_attendance"]


@pytest.fixture
def r():
    """Meetings in 2020TJ (2019-10-01 … 2020-09-30): 石堰村 4, 白鹤村 3, the township office's own
    12; around them figures before, after and across the period, and another township's."""
    r = Register()
    for period, value in (("201910", 1), ("202001", 2), ("202009", 1), ("201909", 5), ("202010", 7)):
        r.figure(r.v1, "meetings", period, value)
    r.figure(r.v2, "meetings", "202003", Decimal("3.00"))
    r.figure(r.v2, "meetings", "2020", 6)  # the calendar year reaches past 2020TJ
    r.figure(r.township, "meetings", "2020TJ", 12)
    r.figure(r.v1, "trainings", "202003", 1)
    r.figure(r.v1, "training_attendance", "202003", 25)
    other = Division.objects.create(code="511302102000", name="龙门镇", level=Level.TOWNSHIP, parent=r.county)
    r.other_village = r.village("511302102201", "龙门村", other)
    r.figure(r.other_village, "meetings", "202003", 100)
    r.other = other
    return r


def test_sums_by_village_and_for_the_township(r):
    got = values("2020TJ", r.township, *ACTIVITIES, by="village", total=True)
    assert got == {
        (r.township.code, "meetings"): 19, (r.township.code, "trainings"): 1,
        (r.township.code, "training_attendance"): 25,
        (r.v1.code, "meetings"): 4, (r.v1.code, "trainings"): 1, (r.v1.code, "training_attendance"): 25,
        (r.v2.code, "meetings"): 3, (r.v2.code, "trainings"): 0, (r.v2.code, "training_attendance"): 0,
    }
    # The township's own 12 are in its total and in no village's row; its own computation agrees.
    assert values("2020TJ", r.township, "meetings") == {"meetings": 19}
    assert values("2020TJ", r.v1, "meetings") == {"meetings": 4}


def test_another_township_and_the_county(r):
    assert values("2020TJ", r.other, "meetings") == {"meetings": 100}
    assert values("2020TJ", r.county, "meetings", by="township", total=True) == {
        (r.county.code, "meetings"): 119, (r.township.code, "meetings"): 19, (r.other.code, "meetings"): 100}


def test_a_figure_counts_in_the_periods_its_span_lies_within(r):
    assert values("2020", r.v2, "meetings") == {"meetings": 9}  # 202003 and the year 2020
    assert values("202003", r.township, "meetings") == {"meetings": 3}  # not the yearly 12
    assert values("2020TJ", r.v1, "meetings", compare=True) == {"meetings": 4}
    assert rows_by_code("2021TJ", r.v1, "meetings", compare=True)["meetings"].previous_value == 4


def test_a_count_is_whole_and_cents_are_kept_exact(r):
    row = rows_by_code("2020TJ", r.v2, "meetings")["meetings"]
    assert (row.numerator, row.value) == (3, 3) and row.value.as_tuple().exponent == 0  # 3.00 is 3
    r.figure(r.v1, "slogans", "202003", Decimal("0.10"))
    r.figure(r.v2, "slogans", "202003", Decimal("0.20"))
    r.figure(r.v1, "lectures", "202003", Decimal("2.50"))
    rows = rows_by_code("2020TJ", r.township, "slogans", "lectures")
    assert (rows["slogans"].numerator, rows["slogans"].value) == (Decimal("0.30"), 0)
    assert (rows["lectures"].numerator, rows["lectures"].value) == (Decimal("2.5"), 3)  # 四舍五入


def test_records_are_the_figures_with_their_amounts(r):
    listed = records("meetings", r.township, parse("2020TJ"))
    assert [(row.village, row.name, row.date.isoformat(), row.amount) for row in listed] == [
        (r.township.code, "召开例会（2020TJ）", "2019-10-01", 12),
        (r.v1.code, "召开例会（201910）", "2019-10-01", 1),
        (r.v1.code, "召开例会（202001）", "2020-01-01", 2),
        (r.v1.code, "召开例会（202009）", "2020-09-01", 1),
        (r.v2.code, "召开例会（202003）", "2020-03-01", 3),
    ]
    assert {(row.part, row.measure, row.sign, row.kind, row.id_number) for row in listed} == {
        ("numerator", "meetings", 1, "汇总数据", "")}
    assert sum(row.amount for row in listed) == values("2020TJ", r.township, "meetings")["meetings"]
    assert [row.amount for row in records("meetings", r.v2, parse("2020TJ"))] == [3]


def test_every_data_element_is_a_targetable_count(r):
    for item in DATA_ELEMENTS:
        info = BY_CODE[item.code]
        assert (info.name, info.unit, info.is_count, info.numerator) == (item.name, item.unit, True, item.code)
        assert item.code in TARGETABLE and group_of(item.code).name == "工作活动"
    assert len({info.name for info in INDICATORS}) == len(INDICATORS)  # a target may name its indicator in Chinese
    r.target(r.township, "2020TJ", "meetings", 38)
    row = rows_by_code("2020TJ", r.township, "meetings", at=parse("2020TJ").end)["meetings"]
    assert (row.value, row.target, row.completion, row.behind) == (19, 38, Decimal("50.00"), True)


def cli(capsys, *args) -> str:
    assert main(["indicators", *args]) == 0
    return capsys.readouterr().out


def test_cli_values_and_records(r, capsys, tmp_path):
    asked = ["--period", "2020TJ", "--org", r.township.code]
    rows = json.loads(cli(capsys, *asked, "--by", "village", "--indicator", "meetings"))
    assert [(row["org"], row["value"]) for row in rows] == [(r.v1.code, 4), (r.v2.code, 3)]
    listed = json.loads(cli(capsys, *asked, "--records", "meetings"))
    assert [(row["village"], row["name"], row["amount"]) for row in listed] == [
        (r.township.code, "召开例会（2020TJ）", 12), (r.v1.code, "召开例会（201910）", 1),
        (r.v1.code, "召开例会（202001）", 2), (r.v1.code, "召开例会（202009）", 1), (r.v2.code, "召开例会（202003）", 3)]
    path = tmp_path / "records.xlsx"
    assert main(["indicators", *asked, "--records", "meetings", "-o", str(path)]) == 0
    sheet = load_workbook(path)["明细"]
    header = [cell.value for cell in sheet[2]]
    assert (header[6], header[-1]) == ("项目", "数值")
    assert [(row[6], row[8], row[-1]) for row in sheet.iter_rows(min_row=3, values_only=True)] == [
        ("召开例会（2020TJ）", "青山镇", 12), ("召开例会（201910）", "石堰村", 1), ("召开例会（202001）", "石堰村", 2),
        ("召开例会（202009）", "石堰村", 1), ("召开例会（202003）", "白鹤村", 3)]
