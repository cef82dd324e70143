"""The work summary's charts: plain data in, PNG bytes out, for docxtpl's InlineImage.

    births_by_month([("1月", 12), ("2月", 9), ("3月", None)])
    completion_by_village([("石堰村", Decimal("82.50")), ("白鹤村", None)], Decimal("66.30"), "住院分娩任务完成率")
    sex_ratio_years([("2023TJ", Decimal("105.20")), ("2024TJ", None)])

Each chart is WIDTH inches wide (15.2 cm, the body of an A4 portrait page) at DPI dots per
inch; insert it at that width, e.g. `InlineImage(doc, io.BytesIO(png), width=Inches(WIDTH))`.
A chart with no data at all is still drawn: its title over 无数据, at the usual size, so the
caller may insert it unconditionally (or test its own data first and leave the chart out).

Each chart is drawn on its own Figure with the Agg canvas, never through pyplot, whose global
state the threads of the web server would share. `*_figure` builds the Figure (the tests look
at its bars), `png` renders it. Every text is set in the CJK font `cjk_font()` finds installed;
without one the charts raise ChartError rather than print boxes for the Chinese.
"""

from __future__ import annotations

import functools
import io
import math
import os
from decimal import ROUND_HALF_UP, Decimal

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

Number = Decimal | float | int | None

DPI = 180
WIDTH = 6.0  # inches
HEIGHT = 3.2  # inches, except completion_by_village, which grows with its rows
ROW = 0.2  # inches for each bar of completion_by_village
ROWS_MARGIN = 1.3  # inches of completion_by_village around its bars: title, axis, legend
MAX_ROWS = 40  # bars of completion_by_village on one page; the rest are counted under the axis
COMPLETION_CAP = 150.0  # % where the completion axis stops; longer bars are cut, their value written
NORMAL_SEX_RATIO = (103, 107)
TITLE_SIZE, TEXT_SIZE, VALUE_SIZE = 11, 8.5, 7.5

BAR, AHEAD, BEHIND, PROGRESS = "#b0291e", "#5b8fc9", "#b0291e", "#1f2933"
LINE, BAND, OUT_OF_RANGE, GRID, MUTED = "#1d4ed8", "#dcefdc", "#b0291e", "#d9dee4", "#8a939c"
LABEL_BOX = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}  # over lines

FONT_VARIABLE = "WEIJIAN_CJK_FONT"
# Families with Chinese glyphs, sans (黑体-like) faces first. matplotlib before 3.10 lists a .ttc
# file by its first face only: Debian's fonts-noto-cjk then shows as "Noto Sans CJK JP".
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "思源黑体", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "SimHei", "黑体", "Microsoft YaHei", "微软雅黑", "DengXian", "等线", "PingFang SC",
    "Heiti SC", "Hiragino Sans GB", "Noto Sans CJK TC", "Noto Sans CJK HK", "Noto Sans CJK JP", "Noto Sans CJK KR",
    "Source Han Sans", "Droid Sans Fallback",
    "Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "思源宋体", "SimSun", "宋体", "NSimSun",
    "FangSong", "仿宋", "KaiTi", "楷体", "AR PL UMing CN", "AR PL UKai CN", "Noto Serif CJK TC", "Noto Serif CJK JP",
)
# A font must draw all of these: the Chinese the charts write themselves, and a few common names.
GLYPH_TEST = "出生人口性别比各月人数完成率低于达到序时进度正常范围超出无数据个单位未列女镇乡村社区年—–%（）0123456789"
NO_FONT = ("找不到含中文字形的字体，无法绘制统计图。请安装中文字体：Debian/Ubuntu 运行 "
           "sudo apt install fonts-noto-cjk；Windows 自带黑体、宋体，一般无需安装。"
           f"也可用环境变量 {FONT_VARIABLE} 指定字体文件（.ttf/.otf/.ttc）的路径。")


class ChartError(ValueError):
    """A chart cannot be drawn (no font with Chinese glyphs)."""


@functools.cache
def cjk_font() -> str:
    """The family name of an installed font with Chinese glyphs: the file named by
    WEIJIAN_CJK_FONT (a .ttc by its first face), else the first of CJK_FAMILIES matplotlib
    knows, else any font file that has the glyphs, whether matplotlib lists it under another
    name or not at all (installed after matplotlib cached its list of the system's fonts)."""
    path = os.environ.get(FONT_VARIABLE)
    if path:
        if not os.path.isfile(path) or not _covers(path):
            raise ChartError(f"环境变量 {FONT_VARIABLE} 指定的字体 {path} 不存在或不含中文字形。")
        return _add(path)
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known and _covers(font_manager.findfont(FontProperties(family=family))):
            return family
    listed = [entry.fname for entry in font_manager.fontManager.ttflist]
    found = [path for path in dict.fromkeys([*listed, *font_manager.findSystemFonts()]) if _covers(path)]
    if not found:
        raise ChartError(NO_FONT)
    rank = {family: n for n, family in enumerate(CJK_FAMILIES)}
    families = {}  # family name (of a .ttc, its first face's) to the first file of it found
    for path in found:
        families.setdefault(font_manager.get_font(path).family_name, path)
    best = min(families, key=lambda family: rank.get(family, len(rank)))
    return best if best in known else _add(families[best])


def _covers(path: str) -> bool:
    """Whether the font at `path` has a glyph for every character of GLYPH_TEST. A "Last Resort"
    font (matplotlib ships one) has them all, each a box naming its Unicode block: refused."""
    try:
        font = font_manager.get_font(path)
    except (OSError, RuntimeError):  # an unreadable font file
        return False
    return not font.family_name.startswith("Last Resort") and all(font.get_char_index(ord(c)) for c in GLYPH_TEST)


def _add(path: str) -> str:
    font_manager.fontManager.addfont(path)
    return font_manager.get_font(path).family_name


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def births_by_month(months: list[tuple[str, int | None]], title: str = "各月出生人数") -> bytes:
    return png(births_by_month_figure(months, title))


def completion_by_village(rows: list[tuple[str, Number]], time_progress: Number, title: str) -> bytes:
    return png(completion_by_village_figure(rows, time_progress, title))


def sex_ratio_years(points: list[tuple[str, Number]], title: str = "出生人口性别比") -> bytes:
    return png(sex_ratio_years_figure(points, title))


def births_by_month_figure(months: list[tuple[str, int | None]], title: str = "各月出生人数") -> Figure:
    """A bar for each month with its births written on top; None (a month not begun) has no bar."""
    figure, axes = _chart(title)
    shown = [(n, births) for n, (_, births) in enumerate(months) if births is not None]
    if not shown:
        return _no_data(figure, axes)
    bars = axes.bar([n for n, _ in shown], [births for _, births in shown], width=0.65, color=BAR)
    axes.bar_label(bars, padding=2, fontsize=VALUE_SIZE, fontfamily=cjk_font())
    labels = [label for label, _ in months]
    crowded = sum(len(label) for label in labels) > 40
    axes.set_xticks(range(len(months)), labels, rotation=45 if crowded else 0, ha="right" if crowded else "center",
                    rotation_mode="anchor")
    axes.set_xlim(-0.6, len(months) - 0.4)
    axes.set_ylim(0, max(births for _, births in shown) * 1.15 or 1)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("出生人数（人）", fontfamily=cjk_font(), fontsize=TEXT_SIZE)
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    return figure


def completion_by_village_figure(rows: list[tuple[str, Number]], time_progress: Number, title: str) -> Figure:
    """A horizontal bar of target completion (%) for each row, top to bottom in the order given,
    the bars below the time elapsed (序时进度, a dashed line) in BEHIND. None draws "—"."""
    shown = rows[:MAX_ROWS]
    values = [None if value is None else float(value) for _, value in shown]
    if all(value is None for value in values):
        return _no_data(*_chart(title))
    figure, axes = _chart(title, height=max(HEIGHT, ROWS_MARGIN + ROW * len(shown)))
    progress = None if time_progress is None else float(time_progress)
    right = min(COMPLETION_CAP, max([100.0, progress or 0, *(v for v in values if v is not None)]) * 1.12)
    drawn = [(n, value) for n, value in enumerate(values) if value is not None]
    colours = [BEHIND if progress is not None and value < progress else AHEAD for _, value in drawn]
    axes.barh([n for n, _ in drawn], [value for _, value in drawn], height=0.65, color=colours)
    for n, value in enumerate(values):
        _completion_label(axes, n, value, right)
    axes.set_yticks(range(len(shown)), [name for name, _ in shown])
    axes.set_ylim(len(shown) - 0.4, -0.6)  # the first row on top
    axes.set_xlim(0, right)
    hidden = len(rows) - len(shown)
    axes.set_xlabel("完成率（%）" + (f"　另有{hidden}个单位未列出" if hidden > 0 else ""),
                    fontfamily=cjk_font(), fontsize=TEXT_SIZE)
    axes.grid(axis="x", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    if progress is not None:
        axes.axvline(progress, color=PROGRESS, linestyle="--", linewidth=1.2)
        _legend(figure, [Patch(color=AHEAD, label="达到序时进度"), Patch(color=BEHIND, label="低于序时进度"),
                         Line2D([], [], color=PROGRESS, linestyle="--", label=f"序时进度 {_percent(progress)}")])
    return figure


def _completion_label(axes: Axes, row: int, value: float | None, right: float) -> None:
    """The value at the end of its bar, inside it when the bar is long or cut at the axis end."""
    inside = value is not None and value > right * 0.86
    axes.text(min(value, right) - right * 0.01 if inside else (value or 0) + right * 0.01, row,
              "—" if value is None else _percent(value), ha="right" if inside else "left", va="center",
              color="white" if inside else PROGRESS, fontsize=VALUE_SIZE, fontfamily=cjk_font(),
              bbox=None if inside else LABEL_BOX, zorder=3)


def sex_ratio_years_figure(points: list[tuple[str, Number]], title: str = "出生人口性别比") -> Figure:
    """A line through the years' ratios over the shaded normal range; a None year is a gap."""
    figure, axes = _chart(title)
    values = [math.nan if value is None else float(value) for _, value in points]
    given = [value for value in values if not math.isnan(value)]
    if not given:
        return _no_data(figure, axes)
    low, high = NORMAL_SEX_RATIO
    band = axes.axhspan(low, high, color=BAND, label=f"正常范围 {low}–{high}")
    line, = axes.plot(range(len(points)), values, color=LINE, marker="o", markersize=4, label="出生人口性别比")
    handles = [line, band]
    outside = [(n, value) for n, value in enumerate(values) if not math.isnan(value) and not low <= value <= high]
    if outside:
        handles.append(axes.scatter([n for n, _ in outside], [value for _, value in outside], s=30,
                                    color=OUT_OF_RANGE, zorder=3, label="超出正常范围"))
    for n, value in enumerate(values):
        if not math.isnan(value):
            axes.annotate(_decimal(value), (n, value), xytext=(0, 6), textcoords="offset points", ha="center",
                          fontsize=VALUE_SIZE, fontfamily=cjk_font(), bbox=LABEL_BOX)
    axes.set_xticks(range(len(points)), [label for label, _ in points])
    axes.set_xlim(-0.5, len(points) - 0.5)
    bottom, top = min(low, *given), max(high, *given)
    pad = max(2.0, (top - bottom) * 0.15)
    axes.set_ylim(bottom - pad, top + pad)
    axes.set_ylabel("性别比（女=100）", fontfamily=cjk_font(), fontsize=TEXT_SIZE)
    _legend(figure, handles)
    return figure


def _chart(title: str, height: float = HEIGHT) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title, fontfamily=cjk_font(), fontsize=TITLE_SIZE, fontweight="bold")
    axes.tick_params(labelfontfamily=cjk_font(), labelsize=TEXT_SIZE)
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _no_data(figure: Figure, axes: Axes) -> Figure:
    axes.set_axis_off()
    axes.text(0.5, 0.5, "无数据", transform=axes.transAxes, ha="center", va="center", color=MUTED, fontsize=14,
              fontfamily=cjk_font())
    return figure


def _legend(figure: Figure, handles: list) -> None:
    figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False,
                  prop={"family": cjk_font(), "size": TEXT_SIZE})


def _decimal(value: float) -> str:
    """One decimal, rounded half up like the engine (82.25 is 82.3, not the float's 82.2)."""
    return str(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _percent(value: float) -> str:
    return f"{_decimal(value)}%"
