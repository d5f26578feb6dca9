"""Bar charts drawn on the server as SVG geometry for a template: no JavaScript, no library.

The chart is a picture of a table that the page also shows, so it carries a <title> and <desc>
for screen readers and the numbers themselves stay in the table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 640
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 12, 48


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # a class in site.css: the colour lives in the stylesheet, not in the markup
    values: list[int]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int | float
    series: Series
    label: str


@dataclass
class Tick:
    y: float
    value: int


@dataclass
class BarChart:
    id: str
    title: str
    desc: str
    labels: Sequence[str | tuple[str, str]]
    series: list[Series]
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    # (x, first line, second line): a month under its bar, the year under January's.
    label_positions: list[tuple[float, str, str]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM
    right_edge: int = WIDTH - RIGHT
    label_y: float = HEIGHT - BOTTOM + 20


def nice_ceiling(value: float) -> int:
    """The axis top: the next 1, 2 or 5 times a power of ten at or above `value` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return int(step * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str | tuple[str, str]],
    series: list[Series],
) -> BarChart:
    chart = BarChart(id=chart_id, title=title, desc=desc, labels=labels, series=series)
    top = nice_ceiling(max((v for s in series for v in s.values), default=0))
    plot_height = chart.baseline - TOP
    plot_width = chart.right_edge - chart.left
    slot = plot_width / max(len(labels), 1)
    bar_width = slot * 0.8 / max(len(series), 1)
    # Every label while they fit (about 12 across), else every n-th: the table has them all.
    label_step = max(1, math.ceil(len(labels) / 12))
    for index, label in enumerate(labels):
        slot_x = chart.left + index * slot
        if index % label_step == 0:
            first, second = label if isinstance(label, tuple) else (label, "")
            chart.label_positions.append((round(slot_x + slot / 2, 1), first, second))
        for position, one in enumerate(series):
            value = one.values[index]
            height = plot_height * value / top
            chart.bars.append(
                Bar(
                    x=round(slot_x + slot * 0.1 + position * bar_width, 1),
                    y=round(chart.baseline - height, 1),
                    width=round(bar_width, 1),
                    height=round(height, 1),
                    value=value,
                    series=one,
                    label=" ".join(label) if isinstance(label, tuple) else label,
                )
            )
    # Ticks at 0, half and the top; whole numbers only, as the values are counts.
    for value in sorted({0, top // 2, top}):
        chart.ticks.append(
            Tick(y=round(chart.baseline - plot_height * value / top, 1), value=value)
        )
    return chart
