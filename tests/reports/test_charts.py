"""The work summary's charts: PNGs of the agreed size, Chinese drawn in a CJK font, the bars and
lines where the data puts them, and a clear error where no CJK font is installed."""

from __future__ import annotations

import io
import warnings
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.image import imread

from weijian.reports import charts
from weijian.reports.charts import (
    AHEAD,
    BEHIND,
    FONT_VARIABLE,
    ChartError,
    births_by_month,
    births_by_month_figure,
    cjk_font,
    completion_by_village,
    completion_by_village_figure,
    png,
    sex_ratio_years,
    sex_ratio_years_figure,
)

VILLAGES = [("石堰村", Decimal("82.50")), ("白鹤村", Decimal("45.10")), ("青龙社区", None), ("黄桷垭村", Decimal("66.30"))]
YEARS = [("2021TJ", Decimal("104.50")), ("2022TJ", Decimal("109.80")), ("2023TJ", None), ("2024TJ", Decimal("98.25"))]
MONTHS = [("10月", 12), ("11月", 0), ("12月", None)]


def size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels of a PNG, decoded."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    height, width, _ = imread(io.BytesIO(data), format="png").shape
    return width, height


def missing_glyphs(draw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(warning.message) for warning in caught if "missing from" in str(warning.message)]


def texts(figure: Figure) -> list[str]:
    axes = figure.axes[0]
    return [text.get_text() for text in axes.texts]


@pytest.fixture
def fonts(monkeypatch):
    """cjk_font() searching afresh, over a copy of matplotlib's font list that the test may change."""
    monkeypatch.delenv(FONT_VARIABLE, raising=False)
    monkeypatch.setattr(font_manager.fontManager, "ttflist", list(font_manager.fontManager.ttflist))
    cjk_font.cache_clear()
    yield font_manager.fontManager
    cjk_font.cache_clear()


def without_cjk(manager, monkeypatch) -> None:
    """matplotlib knowing only its own fonts (DejaVu and the like), none with Chinese glyphs."""
    monkeypatch.setattr(manager, "ttflist", [entry for entry in manager.ttflist
                                             if entry.fname.startswith(matplotlib.get_data_path())])


def test_the_font_found_draws_chinese():
    path = font_manager.findfont(FontProperties(family=cjk_font()), fallback_to_default=False)
    font = font_manager.get_font(path)
    assert all(font.get_char_index(ord(char)) for char in "出生人口性别比住院分娩任务完成率序时进度黄桷垭村")
    if any("NotoSansCJK" in entry.fname for entry in font_manager.fontManager.ttflist):
        assert cjk_font().startswith("Noto Sans CJK")  # the sans face, not Noto Serif CJK


@pytest.mark.parametrize("draw", [
    lambda: births_by_month(MONTHS),
    lambda: completion_by_village(VILLAGES, Decimal("66.30"), "住院分娩任务完成率"),
    lambda: sex_ratio_years(YEARS),
    lambda: sex_ratio_years([]),
])
def test_no_glyph_is_missing(draw):
    assert missing_glyphs(draw) == []


def test_a_font_without_chinese_would_be_noticed():
    figure = Figure()
    figure.text(0.5, 0.5, "出生人口性别比", fontfamily="DejaVu Sans")
    assert missing_glyphs(lambda: png(figure))


def test_sizes_fit_an_a4_page():
    assert size(births_by_month(MONTHS)) == (1080, 576)
    assert size(sex_ratio_years(YEARS)) == (1080, 576)
    assert size(completion_by_village(VILLAGES, Decimal("66.30"), "住院分娩任务完成率")) == (1080, 576)
    forty = [(f"第{n}村", Decimal(n * 3)) for n in range(1, 41)]
    assert size(completion_by_village(forty, Decimal(50), "孕产妇系统管理任务完成率")) == (1080, 1674)  # 9.3 in
    assert size(completion_by_village(forty * 2, Decimal(50), "孕产妇系统管理任务完成率")) == (1080, 1674)


def test_no_data_is_said_at_the_usual_size():
    assert size(births_by_month([("1月", None)])) == (1080, 576)
    assert size(completion_by_village([], None, "住院分娩任务完成率")) == (1080, 576)
    assert texts(births_by_month_figure([])) == ["无数据"]
    assert texts(births_by_month_figure([("1月", None), ("2月", None)])) == ["无数据"]
    assert texts(completion_by_village_figure([("石堰村", None)], Decimal("50"), "住院分娩任务完成率")) == ["无数据"]
    assert texts(sex_ratio_years_figure([("2024TJ", None)])) == ["无数据"]
    figure = sex_ratio_years_figure([])
    assert figure.axes[0].get_title() == "出生人口性别比" and not figure.axes[0].lines


def test_births_bars_and_their_values():
    axes = births_by_month_figure(MONTHS).axes[0]
    assert [(bar.get_x() + bar.get_width() / 2, bar.get_height()) for bar in axes.patches] == [(0, 12), (1, 0)]
    assert texts(axes.figure) == ["12", "0"]  # December has not begun: no bar, no value
    assert [label.get_text() for label in axes.get_xticklabels()] == ["10月", "11月", "12月"]


def test_completion_below_the_time_progress_is_behind():
    axes = completion_by_village_figure(VILLAGES, Decimal("66.30"), "住院分娩任务完成率").axes[0]
    bars = [(round(bar.get_y() + bar.get_height() / 2), round(bar.get_width(), 2), to_hex(bar.get_facecolor()))
            for bar in axes.patches]
    # 黄桷垭村 exactly at the time progress is not behind; 青龙社区 (no target) has no bar
    assert bars == [(0, 82.5, AHEAD), (1, 45.1, BEHIND), (3, 66.3, AHEAD)]
    assert texts(axes.figure) == ["82.5%", "45.1%", "—", "66.3%"]
    assert [label.get_text() for label in axes.get_yticklabels()] == ["石堰村", "白鹤村", "青龙社区", "黄桷垭村"]
    assert axes.yaxis_inverted()  # the first row on top
    assert [list(line.get_xdata()) for line in axes.lines] == [[66.3, 66.3]]
    legend = axes.figure.legends[0]
    assert [text.get_text() for text in legend.get_texts()] == ["达到序时进度", "低于序时进度", "序时进度 66.3%"]


def test_completion_without_time_progress_has_no_line_and_none_behind():
    figure = completion_by_village_figure(VILLAGES, None, "住院分娩任务完成率")
    assert {to_hex(bar.get_facecolor()) for bar in figure.axes[0].patches} == {AHEAD}
    assert not figure.axes[0].lines and not figure.legends


def test_completion_beyond_the_axis_is_cut_with_its_value_inside():
    axes = completion_by_village_figure([("双河村", Decimal("180")), ("大湾村", Decimal("40"))], Decimal("50"),
                                        "住院分娩任务完成率").axes[0]
    assert axes.get_xlim() == (0, 150)
    inside, outside = axes.texts
    assert (inside.get_text(), inside.get_horizontalalignment(), inside.get_color()) == ("180.0%", "right", "white")
    assert (outside.get_text(), outside.get_horizontalalignment(), outside.get_position()) == ("40.0%", "left",
                                                                                              (41.5, 1))


def test_completion_of_many_villages_lists_forty_and_counts_the_rest():
    rows = [(f"第{n}村", Decimal(n)) for n in range(1, 46)]
    axes = completion_by_village_figure(rows, Decimal("20"), "住院分娩任务完成率").axes[0]
    assert [label.get_text() for label in axes.get_yticklabels()][-1] == "第40村" and len(axes.patches) == 40
    assert axes.get_xlabel() == "完成率（%）　另有5个单位未列出"


def test_sex_ratio_line_with_a_gap_over_the_normal_band():
    axes = sex_ratio_years_figure(YEARS).axes[0]
    line, = axes.lines
    assert [str(value) for value in line.get_ydata()] == ["104.5", "109.8", "nan", "98.25"]  # nan: no line across
    band = axes.patches[0].get_extents().transformed(axes.transData.inverted())
    assert (round(band.y0, 6), round(band.y1, 6)) == (103, 107)
    outside, = axes.collections
    assert [tuple(point) for point in outside.get_offsets()] == [(1, 109.8), (3, 98.25)]
    assert texts(axes.figure) == ["104.5", "109.8", "98.3"]  # 98.25 rounded half up, like the engine
    legend = axes.figure.legends[0]
    assert [text.get_text() for text in legend.get_texts()] == ["出生人口性别比", "正常范围 103–107", "超出正常范围"]
    assert [label.get_text() for label in axes.get_xticklabels()] == ["2021TJ", "2022TJ", "2023TJ", "2024TJ"]


def test_charts_drawn_in_threads_at_once_are_the_charts_drawn_alone():
    draws = [lambda: births_by_month(MONTHS), lambda: sex_ratio_years(YEARS),
             lambda: completion_by_village(VILLAGES, Decimal("66.30"), "住院分娩任务完成率")]
    alone = [draw() for draw in draws]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda n: draws[n % 3](), range(18)))
    assert together == alone * 6


def test_no_cjk_font_is_a_chart_error_saying_what_to_install(fonts, monkeypatch):
    without_cjk(fonts, monkeypatch)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [])
    with pytest.raises(ChartError, match="apt install fonts-noto-cjk"):
        cjk_font()
    with pytest.raises(ChartError, match="找不到含中文字形的字体"):
        births_by_month(MONTHS)


def test_a_font_installed_after_matplotlib_listed_its_fonts_is_found(fonts, monkeypatch):
    cjk_files = {entry.fname for entry in fonts.ttflist if charts._covers(entry.fname)}
    without_cjk(fonts, monkeypatch)
    family = cjk_font()
    added = [entry for entry in fonts.ttflist if entry.name == family]
    assert added and added[0].fname in cjk_files
    assert missing_glyphs(lambda: sex_ratio_years(YEARS)) == []


def test_a_listed_font_of_a_family_not_named_in_the_code_is_found(fonts, monkeypatch):
    monkeypatch.setattr(charts, "CJK_FAMILIES", ())
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [])
    listed = len(fonts.ttflist)
    family = cjk_font()
    assert len(fonts.ttflist) == listed  # taken as listed, not added again
    assert not family.startswith("Last Resort")  # matplotlib's own, a box for every character
    assert missing_glyphs(lambda: completion_by_village(VILLAGES, None, "住院分娩任务完成率")) == []


def test_the_font_named_by_the_environment(fonts, monkeypatch):
    path = str(font_manager.findfont(FontProperties(family=cjk_font())))  # a .ttc: its first face is taken
    cjk_font.cache_clear()
    without_cjk(fonts, monkeypatch)
    monkeypatch.setenv(FONT_VARIABLE, path)
    family = cjk_font()
    assert [entry.fname for entry in fonts.ttflist if entry.name == family][:1] == [path]
    assert missing_glyphs(lambda: births_by_month(MONTHS)) == []


def test_a_font_without_chinese_named_by_the_environment_is_refused(fonts, monkeypatch):
    monkeypatch.setenv(FONT_VARIABLE, font_manager.findfont(FontProperties(family="DejaVu Sans")))
    with pytest.raises(ChartError, match=FONT_VARIABLE):
        cjk_font()
