"""`divisions`: the division tree."""

from __future__ import annotations

import pytest

from tests.conftest import (
    CITY,
    COUNTY,
    DIVISIONS_HEADER,
    DIVISIONS_ROWS,
    PROVINCE,
    TOWNSHIP,
    VILLAGE_1,
    VILLAGE_2,
    issues,
)
from weijian.divisions.models import Division


def tree():
    return list(Division.objects.order_by("code").values_list("code", "name", "level", "parent__code"))


EXPECTED_TREE = [
    (PROVINCE, "四川省", "province", None),
    (CITY, "南充市", "city", PROVINCE),
    (COUNTY, "顺庆区", "county", CITY),
    (TOWNSHIP, "青山镇", "township", COUNTY),
    (VILLAGE_1, "石堰村", "village", TOWNSHIP),
    (VILLAGE_2, "白鹤村", "village", TOWNSHIP),
]


def test_valid_file(db, load):
    result = load("divisions", DIVISIONS_HEADER, DIVISIONS_ROWS)
    assert result.ok and issues(result) == []
    assert (result.rows, result.created, result.updated) == (6, 6, 0)
    assert tree() == EXPECTED_TREE


def test_children_before_parents_and_english_levels(db, load):
    rows = [
        [VILLAGE_2, "白鹤村", "village", TOWNSHIP],
        [VILLAGE_1, "石堰村", "社区", TOWNSHIP],
        [TOWNSHIP, "青山镇", "镇", COUNTY],
        [COUNTY, "顺庆区", "区", CITY],
        [CITY, "南充市", "city", PROVINCE],
        [PROVINCE, "四川省", "province", ""],
    ]
    result = load("divisions", ["code", "name", "level", "parent_code"], rows)
    assert result.ok, issues(result)
    assert tree() == EXPECTED_TREE


def test_group_extends_a_village_code(db, load):
    rows = [*DIVISIONS_ROWS, [VILLAGE_1 + "001", "一组", "组", VILLAGE_1]]
    result = load("divisions", DIVISIONS_HEADER, rows)
    assert result.ok, issues(result)
    assert Division.objects.get(code=VILLAGE_1 + "001").parent.code == VILLAGE_1


def test_reimport_renames(divisions, load):
    result = load("divisions", DIVISIONS_HEADER, [[VILLAGE_2, "白鹤社区", "社区", TOWNSHIP]])
    assert result.ok and (result.created, result.updated) == (0, 1)
    assert Division.objects.get(code=VILLAGE_2).name == "白鹤社区"
    assert Division.objects.count() == 6


def test_missing_required_column(db, load):
    result = load("divisions", ["代码", "名称", "上级代码"], [[PROVINCE, "四川省", ""]])
    assert issues(result) == [(1, "级别", "", "缺少必填列“级别”（level）")]
    assert Division.objects.count() == 0


def test_bad_rows(db, load):
    rows = [
        *DIVISIONS_ROWS,
        ["51130210120", "短代码村", "村", TOWNSHIP],  # row 8: 11 digits
        ["511302101203", "三村", "乡镇", TOWNSHIP],  # row 9: unknown level
        ["511302101204", "四村", "村", "511302109000"],  # row 10: unknown parent
        ["511302101205", "五村", "村", ""],  # row 11: no parent
        ["511302101206", "六村", "村", VILLAGE_1],  # row 12: parent not above
    ]
    result = load("divisions", DIVISIONS_HEADER, rows)
    assert issues(result) == [
        (8, "代码", "51130210120", "区划代码应为12位数字（村民小组为15位）"),
        (9, "级别", "乡镇", "级别无法识别：乡镇（应为 省、市、县、乡、村、组）"),
        (10, "上级代码", "511302109000", "上级代码511302109000不存在"),
        (11, "上级代码", "", "除省级外须填写上级代码"),
        (12, "上级代码", VILLAGE_1, f"上级区划{VILLAGE_1}的级别不高于本级"),
    ]
    assert Division.objects.count() == 0


def test_duplicate_code(db, load):
    rows = [*DIVISIONS_ROWS, [VILLAGE_1, "石堰村", "村", TOWNSHIP]]
    result = load("divisions", DIVISIONS_HEADER, rows)
    assert issues(result) == [(8, "代码", VILLAGE_1, "与第6行重复（同一区划代码出现两次）")]
    assert Division.objects.count() == 0


def test_duplicate_code_in_a_later_chunk(db, load, settings):
    settings.WEIJIAN_IMPORT_CHUNK = 2
    rows = [*DIVISIONS_ROWS, [CITY, "南充市", "市", PROVINCE]]  # row 8, chunk 4; first at row 3, chunk 1
    result = load("divisions", DIVISIONS_HEADER, rows)
    assert issues(result) == [(8, "代码", CITY, "与第3行重复（同一区划代码出现两次）")]
    assert Division.objects.count() == 0


@pytest.mark.parametrize("chunk", [1, 2, 2000])
def test_chunk_size_does_not_change_the_outcome(db, load, settings, chunk):
    settings.WEIJIAN_IMPORT_CHUNK = chunk
    result = load("divisions", DIVISIONS_HEADER, list(reversed(DIVISIONS_ROWS)))
    assert result.ok, issues(result)
    assert tree() == EXPECTED_TREE
