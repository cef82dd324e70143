"""Charts as inline SVG, drawn here: no JavaScript, no CDN, nothing fetched from outside.

    bar_chart([("10月", 12), ("11月", 9)], unit="人")
    line_chart([("2023TJ", 105.2), ("2024TJ", 108.1)], band=(103, 107))
    progress_bar(82.5, 66.3)

Each returns a SafeString; every label is escaped.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = int | float | Decimal | None
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 30
BAR, LINE, BAND, BAD, GRID = "#b0291e", "#1d4ed8", "#e7f5e8", "#9b1c1c", "#d9dee4"


def _top(values: list[float]) -> float:
    """A round upper bound of the axis, a little above the largest value."""
    highest = max([0, *values]) * 1.1 or 1
    step = 10 ** math.floor(math.log10(highest)) / 2
    return math.ceil(highest / step) * step


def _svg(width: int, height: int, title: str, parts: list[str], fixed: bool = False) -> SafeString:
    size = f'width="{width}" height="{height}"' if fixed else 'width="100%"'
    return mark_safe(
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" {size} '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )


def _axis(width: int, height: int, low: float, high: float, unit: str) -> list[str]:
    """Horizontal grid lines with their values at 0, ½ and the top of the axis."""
    parts = []
    for share in (0, 0.5, 1):
        y = height - BOTTOM - share * (height - TOP - BOTTOM)
        value = low + share * (high - low)
        parts.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
                     f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{value:g}</text>')
    parts.append(f'<text x="4" y="{TOP - 4}">{escape(unit)}</text>')
    return parts


def bar_chart(bars: list[tuple[str, Number]], *, unit: str = "", title: str = "", width: int = 560,
              height: int = 220) -> SafeString:
    """Vertical bars with their values on top; a None value draws no bar."""
    values = [float(v) for _, v in bars if v is not None]
    high = _top(values)
    slot = (width - LEFT - RIGHT) / max(len(bars), 1)
    plot = height - TOP - BOTTOM
    parts = _axis(width, height, 0, high, unit)
    for i, (label, value) in enumerate(bars):
        x = LEFT + i * slot
        parts.append(f'<text x="{x + slot / 2:.1f}" y="{height - 10}" text-anchor="middle">{escape(label)}</text>')
        if value is None:
            continue
        h = float(value) / high * plot
        y = height - BOTTOM - h
        parts.append(f'<rect x="{x + slot * .15:.1f}" y="{y:.1f}" width="{slot * .7:.1f}" height="{h:.1f}" '
                     f'fill="{BAR}"><title>{escape(label)}：{value}</title></rect>'
                     f'<text x="{x + slot / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{value}</text>')
    return _svg(width, height, title, parts)


def _range(values: list[float]) -> tuple[float, float]:
    """An axis from a multiple of 5 below the lowest value to one above the highest."""
    if not values:
        return 0, 5
    low, high = math.floor(min(values) * .95 / 5) * 5, math.ceil(max(values) * 1.05 / 5) * 5
    return low, max(high, low + 5)


def line_chart(points: list[tuple[str, Number]], *, band: tuple[float, float] | None = None, unit: str = "",
               title: str = "", width: int = 560, height: int = 220) -> SafeString:
    """A line through the points (a None value breaks it), over a shaded normal range `band`."""
    low, high = _range([float(v) for _, v in points if v is not None] + list(band or ()))
    slot = (width - LEFT - RIGHT) / max(len(points), 1)

    def y_of(value: float) -> float:
        return height - BOTTOM - (value - low) / (high - low) * (height - TOP - BOTTOM)

    shade = []
    if band:
        shade.append(f'<rect x="{LEFT}" y="{y_of(band[1]):.1f}" width="{width - LEFT - RIGHT}" '
                     f'height="{y_of(band[0]) - y_of(band[1]):.1f}" fill="{BAND}"/>')
    lines, dots, segment = [], [], []
    for i, (label, value) in enumerate([*points, ("", None)]):
        x = LEFT + (i + .5) * slot
        if value is None:
            if len(segment) > 1:
                lines.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{LINE}" stroke-width="2"/>')
            segment = []
        else:
            y = y_of(float(value))
            segment.append(f"{x:.1f},{y:.1f}")
            bad = band is not None and not band[0] <= float(value) <= band[1]
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAD if bad else LINE}">'
                        f'<title>{escape(label)}：{value}</title></circle>'
                        f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle">{value}</text>')
        if i < len(points):
            dots.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle">{escape(label)}</text>')
    return _svg(width, height, title, shade + _axis(width, height, low, high, unit) + lines + dots)


def progress_bar(completion: Number, time_progress: Number, *, width: int = 180, height: int = 16) -> SafeString:
    """Completion (%) as a bar, capped at 150 %, with a mark at the time elapsed (序时进度)."""
    scale = width / 150
    done = min(float(completion or 0), 150) * scale
    behind = completion is not None and time_progress is not None and completion < time_progress
    parts = [f'<rect width="{width}" height="{height}" fill="#eef1f4"/>',
             f'<rect width="{done:.1f}" height="{height}" fill="{BAD if behind else "#2f7d32"}"/>']
    if time_progress is not None:
        x = min(float(time_progress), 150) * scale
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height}" stroke="#1f2933" stroke-width="2"/>')
    title = f"完成 {completion}% / 序时进度 {time_progress}%"
    return _svg(width, height, title, parts, fixed=True)
