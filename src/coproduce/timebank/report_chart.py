"""A bar chart's geometry, worked out on the server so the chart needs no JavaScript and prints in the PDF.

Plain Python in, plain numbers out; the template draws the SVG. Sizes are in the SVG's own units (the viewBox);
the browser scales the whole drawing to the width of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 300
LEFT = 56  # room for the hours on the axis
RIGHT = 12
TOP = 28  # room for the figure above the tallest bar
BOTTOM = 48  # room for two lines of label under each bar


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    centre: float
    label: str
    sublabel: str
    value_text: str
    value_y: float


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    right: int
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]

    @property
    def tick_x(self) -> int:
        return self.left - 8

    @property
    def label_y(self) -> float:
        return self.baseline + 18

    @property
    def sublabel_y(self) -> float:
        return self.baseline + 36


def _step(largest: float) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving at most five gridlines."""
    magnitude = 1
    while True:
        for multiple in (1, 2, 5):
            if largest / (multiple * magnitude) <= 5:
                return multiple * magnitude
        magnitude *= 10


def bar_chart(values: list[tuple[str, str, float, str]]) -> BarChart:
    """values: (label, second line of label or "", height in hours, figure to print above the bar)."""
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    largest = max((max(v[2], 0) for v in values), default=0)
    step = _step(largest) if largest > 0 else 1
    top = max(step, -(-largest // step) * step)
    slot = (WIDTH - LEFT - RIGHT) / max(len(values), 1)
    bar_width = slot * 0.64
    bars = []
    for index, (label, sublabel, hours, text) in enumerate(values):
        height = plot_height * max(hours, 0) / top
        x = LEFT + index * slot + (slot - bar_width) / 2
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(baseline - height, 1),
                width=round(bar_width, 1),
                height=round(height, 1),
                centre=round(x + bar_width / 2, 1),
                label=label,
                sublabel=sublabel,
                value_text=text,
                value_y=round(baseline - height - 6, 1),
            )
        )
    ticks = [
        Tick(y=round(baseline - plot_height * n * step / top, 1), text=f"{int(n * step):,}")
        for n in range(int(top // step) + 1)
    ]
    return BarChart(
        width=WIDTH, height=HEIGHT, left=LEFT, right=WIDTH - RIGHT, baseline=baseline, bars=bars, ticks=ticks
    )
