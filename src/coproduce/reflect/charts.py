"""The geometry of the results charts, worked out on the server so they need no JavaScript and print in the PDF.

Round results in, plain numbers and words out; templates/reflect/results_chart_*.html draw the SVG. Sizes are in
the SVG's own units (its viewBox) and the browser scales the drawing to the page. Colour is never the only signal:
every dot carries its count, every RAG cell its word, every line its label, and each chart has a data table beside
it in the template.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.frameworks import Framework as FrameworkDefinition
from coproduce.frameworks import ScalePoint
from coproduce.reflect.selectors.results import (
    CellResult,
    History,
    RagCounts,
    RoundResults,
    Spread,
    number_text,
)

WIDTH = 720
LABELS = 210  # room for the row labels on the left
NOTE = 110  # room on the right for "2 don't know" and the like
LINE = 17  # one line of 14-unit text
INK = "#0b0c0c"
QUIET = "#505a5f"
BRAND = "#7a2e12"
# Axis labels are written out when every label is this short; otherwise the axis shows the numbers and the page
# lists what each number means.
SHORT_LABEL = 16


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    lines: tuple[str, ...]
    anchor: str = "middle"
    bold: bool = False
    colour: str = INK
    # Centred on y (row labels), or hanging down from a first line whose baseline is y (headings, cells, legends).
    middle: bool = True

    @property
    def first_y(self) -> float:
        if not self.middle:
            return self.y
        return round(self.y + 5 - (len(self.lines) - 1) * LINE / 2, 1)

    @property
    def svg(self) -> SafeString:
        """The <text> element. Built here rather than in a template include: a chart has dozens of them, and the
        words (people's perspectives, group and activity names) are escaped by format_html all the same."""
        spans = format_html_join(
            "",
            '<tspan x="{}" dy="{}">{}</tspan>',
            ((self.x, LINE if index else 0, line) for index, line in enumerate(self.lines)),
        )
        return format_html(
            '<text x="{}" y="{}" text-anchor="{}" font-size="14" font-weight="{}" fill="{}">{}</text>',
            self.x,
            self.first_y,
            self.anchor,
            "bold" if self.bold else "normal",
            self.colour,
            spans,
        )


@dataclass(frozen=True)
class Tick:
    x: float
    number: str
    label: Text | None
    axis_y: float

    @property
    def mark_end(self) -> float:
        return self.axis_y + 5

    @property
    def number_y(self) -> float:
        return self.axis_y + 19


def month_text(when: datetime) -> str:
    return date_format(timezone.localtime(when), "M Y")


def _wrap(text: str, width: int, most: int = 3) -> tuple[str, ...]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > most:
        lines = [*lines[: most - 1], textwrap.shorten(" ".join(lines[most - 1 :]), width, placeholder="…")]
    return tuple(lines)


@dataclass(frozen=True)
class Scale:
    """Where each point of the framework's scale sits along a horizontal axis from left to right."""

    points: tuple[ScalePoint, ...]
    left: float
    right: float

    @property
    def slot(self) -> float:
        return (self.right - self.left) / len(self.points)

    def x(self, value: float) -> float:
        return round(self.left + (value - self.points[0].value + 0.5) * self.slot, 1)

    def ticks(self, y: float) -> list[Tick]:
        spell_out = all(len(point.label) <= SHORT_LABEL for point in self.points)
        stagger = spell_out and self.slot < 8 * SHORT_LABEL
        ticks = []
        for index, point in enumerate(self.points):
            label = None
            if spell_out:
                label = Text(
                    self.x(point.value),
                    y + 2 * LINE - 1 + (LINE if stagger and index % 2 else 0),
                    (point.label,),
                    middle=False,
                )
            ticks.append(Tick(self.x(point.value), str(point.value), label, y))
        return ticks

    def axis_height(self) -> float:
        spell_out = all(len(point.label) <= SHORT_LABEL for point in self.points)
        if not spell_out:
            return LINE + 8
        return LINE * (3 if self.slot < 8 * SHORT_LABEL else 2) + 8


# Side by side: each perspective's answers on the scale.


@dataclass(frozen=True)
class Dot:
    x: float
    count: int


@dataclass(frozen=True)
class DotRow:
    label: Text
    y: float  # the centre line of the row's dots
    top: float
    dots: tuple[Dot, ...]
    median_x: float | None
    note: Text | None
    everyone: bool = False

    @property
    def count_y(self) -> float:
        return self.y + 5

    @property
    def median_marker(self) -> str:
        """A small downward triangle just above the dots, pointing at the median."""
        if self.median_x is None:
            return ""
        x, top = self.median_x, self.y - 21
        return f"{x - 6},{top} {x + 6},{top} {x},{top + 9}"


@dataclass(frozen=True)
class DotPlot:
    id: str
    title: str
    description: str
    width: int
    height: float
    left: float
    right: float
    axis_y: float
    rows: tuple[DotRow, ...]
    ticks: tuple[Tick, ...]
    divider_y: float | None
    legend: Text
    legend_marker: str


def _spread_words(spread: Spread, definition: FrameworkDefinition) -> str:
    if not spread.count:
        return _("no answers on the scale")
    parts = [f"{value} ({many})" for value, many in spread.counts()]
    return _("answers %(parts)s, median %(median)s") % {"parts": ", ".join(parts), "median": spread.median_text}


def dot_plot(cell: CellResult, definition: FrameworkDefinition) -> DotPlot:
    rows_in: list[tuple[str, Spread, bool]] = [(p.label, p.now, False) for p in cell.perspectives]
    rows_in.append((_("Everyone"), cell.everyone, True))
    row_height = 46
    top = 34  # room for the legend
    scale = Scale(definition.scale, LABELS, WIDTH - NOTE)
    rows = []
    for index, (label, spread, everyone) in enumerate(rows_in):
        row_top = top + index * row_height
        y = row_top + 28
        note = None
        if spread.dont_know:
            note = Text(
                WIDTH - NOTE + 12,
                y,
                (ngettext("%(n)s don't know", "%(n)s don't know", spread.dont_know) % {"n": spread.dont_know},),
                anchor="start",
                colour=QUIET,
            )
        elif not spread.count:
            note = Text(WIDTH - NOTE + 12, y, (_("no answers"),), anchor="start", colour=QUIET)
        rows.append(
            DotRow(
                label=Text(LABELS - 14, y, _wrap(label, 26, 2), anchor="end", bold=everyone),
                y=y,
                top=row_top,
                dots=tuple(Dot(scale.x(value), many) for value, many in spread.counts()),
                median_x=scale.x(spread.median) if spread.median is not None else None,
                note=note,
                everyone=everyone,
            )
        )
    axis_y = top + len(rows_in) * row_height + 4
    description = _(
        "Answers on a scale of %(low)s to %(high)s, one row for each perspective and a last row for everyone. "
    ) % {"low": definition.lowest, "high": definition.highest}
    description += " ".join(f"{label}: {_spread_words(spread, definition)}." for label, spread, _e in rows_in)
    if cell.differs:
        description += " " + " ".join(cell.differences)
    description += " " + _("The same figures are in the table below the chart.")
    return DotPlot(
        id=f"dots-{cell.number}",
        title=_("How each perspective answered: %(title)s") % {"title": cell.title},
        description=description,
        width=WIDTH,
        height=axis_y + scale.axis_height(),
        left=LABELS,
        right=WIDTH - NOTE,
        axis_y=axis_y,
        rows=tuple(rows),
        ticks=tuple(scale.ticks(axis_y)),
        divider_y=top + (len(rows_in) - 1) * row_height + 2 if len(rows_in) > 1 else None,
        legend=Text(
            30,
            16,
            (_("Each circle shows how many gave that answer. The triangle marks the median."),),
            anchor="start",
            colour=QUIET,
            middle=False,
        ),
        legend_marker="12,8 24,8 18,17",
    )


# The RAG grid: dimension by perspective.

RAG_FILL = {"red": "#f6d5d0", "amber": "#fde6c8", "green": "#d2ebdb", "mixed": "#ffffff", "": "#ffffff"}
RAG_EDGE = {"red": "#b21f0f", "amber": "#a84d00", "green": "#00703c", "mixed": QUIET, "": "#b1b4b6"}


@dataclass(frozen=True)
class RagCell:
    x: float
    y: float
    width: float
    height: float
    fill: str
    edge: str
    split: bool
    text: Text


@dataclass(frozen=True)
class RagGrid:
    id: str
    title: str
    description: str
    width: int
    height: float
    headers: tuple[Text, ...]
    labels: tuple[Text, ...]
    cells: tuple[RagCell, ...]


RAG_COLUMN_MIN = 116


def rag_grid(results: RoundResults) -> RagGrid:
    columns = [*(label for _value, label in results.perspectives), _("Everyone")]
    header_height = LINE * 2 + 14
    row_height = 76
    # Each cell must hold "Mostly amber" and "red and green" on a line: with many perspectives the chart widens
    # (it is drawn to fit the page, so its text gets smaller) rather than letting words spill over the edges.
    column_width = max((WIDTH - LABELS) / len(columns), RAG_COLUMN_MIN)
    width = round(LABELS + column_width * len(columns))
    headers = tuple(
        Text(
            LABELS + (index + 0.5) * column_width,
            18,
            _wrap(label, max(8, int(column_width / 8.5)), 2),
            bold=True,
            middle=False,
        )
        for index, label in enumerate(columns)
    )
    cells: list[RagCell] = []
    labels = []
    sentences = []
    for row, cell in enumerate(results.cells):
        y = header_height + row * row_height
        labels.append(Text(LABELS - 12, y + row_height / 2 - 4, _wrap(cell.title, 26, 3), anchor="end", bold=True))
        counts: list[RagCounts] = [p.rag for p in cell.perspectives] + [cell.rag]
        for column, rag in enumerate(counts):
            lines = [rag.mostly_text, rag.short_text if rag.total else ""]
            if rag.split:
                lines.append(_("red and green"))
            cells.append(
                RagCell(
                    x=round(LABELS + column * column_width + 3, 1),
                    y=y + 3,
                    width=round(column_width - 6, 1),
                    height=row_height - 6,
                    fill=RAG_FILL[rag.mostly],
                    edge=RAG_EDGE[rag.mostly],
                    split=rag.split,
                    text=Text(
                        round(LABELS + (column + 0.5) * column_width, 1),
                        y + 24,
                        tuple(line for line in lines if line),
                        middle=False,
                    ),
                )
            )
        sentences.append(f"{cell.title}: {cell.rag.words}.")
    return RagGrid(
        id="rag-grid",
        title=_("RED, AMBER and GREEN by perspective"),
        description=_("A grid with a row for each area and a column for each perspective, and one for everyone. ")
        + _("Each cell says which colour most people gave and how many gave each (R red, A amber, G green). ")
        + " ".join(sentences)
        + " "
        + _("The same figures are in the table below the chart."),
        width=width,
        height=header_height + len(results.cells) * row_height + 4,
        headers=headers,
        labels=tuple(labels),
        cells=tuple(cells),
    )


# Distance travelled: each dimension's median in the first round, the rounds in between, and now.


@dataclass(frozen=True)
class TravelRow:
    label: Text
    y: float
    first_x: float | None
    between_x: tuple[float, ...]
    now_x: float | None
    note: Text


@dataclass(frozen=True)
class DistanceChart:
    id: str
    title: str
    description: str
    width: int
    height: float
    left: float
    right: float
    axis_y: float
    rows: tuple[TravelRow, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[Text, ...]
    legend_y: float

    @property
    def legend_markers(self) -> tuple[float, ...]:
        return tuple(text.x - 12 for text in self.legend)


def distance_chart(history: History, definition: FrameworkDefinition) -> DistanceChart:
    top = 44
    row_height = 40
    scale = Scale(definition.scale, LABELS, WIDTH - NOTE)
    rows = []
    sentences = []
    for index, travelled in enumerate(history.rows):
        y = top + index * row_height + row_height / 2
        between = [m for m in travelled.medians[1:-1] if m is not None]
        rows.append(
            TravelRow(
                label=Text(LABELS - 14, y, _wrap(travelled.dimension.title, 26, 2), anchor="end"),
                y=y,
                first_x=scale.x(travelled.first) if travelled.first is not None else None,
                between_x=tuple(scale.x(m) for m in between),
                now_x=scale.x(travelled.now) if travelled.now is not None else None,
                note=Text(
                    WIDTH - NOTE + 12,
                    y,
                    (f"{number_text(travelled.first)} → {number_text(travelled.now)}",),
                    anchor="start",
                ),
            )
        )
        sentences.append(
            _("%(dimension)s: %(first)s in the first round, %(now)s now (%(change)s).")
            % {
                "dimension": travelled.dimension.title,
                "first": number_text(travelled.first),
                "now": number_text(travelled.now),
                "change": travelled.change_text,
            }
        )
    axis_y = top + len(history.rows) * row_height + 4
    first = history.first
    legend = (
        Text(
            LABELS + 18,
            18,
            (_("First round, %(date)s") % {"date": month_text(first.opened_at)},),
            "start",
            middle=False,
        ),
        Text(LABELS + 218, 18, (_("Rounds in between"),), "start", middle=False),
        Text(LABELS + 388, 18, (_("This round"),), "start", middle=False),
    )
    return DistanceChart(
        id="distance",
        title=_("Distance travelled: the median of each area, then and now"),
        description=_("For each area, the median answer in the first round, in the rounds in between and now. ")
        + " ".join(sentences)
        + " "
        + _("The same figures are in the table below the chart."),
        width=WIDTH,
        height=axis_y + scale.axis_height(),
        left=LABELS,
        right=WIDTH - NOTE,
        axis_y=axis_y,
        rows=tuple(rows),
        ticks=tuple(scale.ticks(axis_y)),
        legend=legend,
        legend_y=14,
    )


# The radar (star) chart: a rating framework's medians, the first round and the latest overlaid.


@dataclass(frozen=True)
class Spoke:
    x: float
    y: float
    label: Text


@dataclass(frozen=True)
class Polygon:
    points: str
    corners: tuple[tuple[float, float], ...]

    @property
    def squares(self) -> tuple[tuple[float, float], ...]:
        """Top-left corners of 9-unit squares centred on each corner: the first round's marker."""
        return tuple((round(x - 4.5, 1), round(y - 4.5, 1)) for x, y in self.corners)


@dataclass(frozen=True)
class RadarChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    cx: float
    cy: float
    spokes: tuple[Spoke, ...]
    rings: tuple[str, ...]
    ring_labels: tuple[Text, ...]
    first: Polygon | None
    latest: Polygon
    legend_y: float
    first_label: str
    latest_label: str

    @property
    def legend_text_y(self) -> float:
        return self.legend_y + 5

    @property
    def legend_square_y(self) -> float:
        return self.legend_y - 4.5


def radar_chart(history: History, definition: FrameworkDefinition) -> RadarChart:
    width, height = WIDTH, 560
    cx, cy, radius = WIDTH / 2, 262, 190
    count = len(history.rows)
    low, high = definition.lowest, definition.highest

    def point(index: int, value: float) -> tuple[float, float]:
        # The lowest point of the scale sits a little out from the centre, so low answers stay visible.
        share = 0.12 + 0.88 * (value - low) / (high - low) if high > low else 1
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return round(cx + radius * share * math.cos(angle), 1), round(cy + radius * share * math.sin(angle), 1)

    spokes = []
    for index, travelled in enumerate(history.rows):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        x, y = point(index, high)
        lx, ly = cx + (radius + 22) * math.cos(angle), cy + (radius + 22) * math.sin(angle)
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        lines = _wrap(travelled.dimension.title, 22, 3)
        # Labels above the chart grow upwards, those below grow downwards, those at the sides sit level.
        if math.sin(angle) < -0.3:
            ly -= (len(lines) - 1) * LINE
        elif math.sin(angle) > 0.3:
            ly += 10
        else:
            ly += 5 - (len(lines) - 1) * LINE / 2
        spokes.append(Spoke(x, y, Text(round(lx, 1), round(ly, 1), lines, anchor=anchor, middle=False)))
    rings = tuple(
        " ".join(f"{x},{y}" for x, y in (point(index, value) for index in range(count)))
        for value in range(low, high + 1)
    )
    # Beside the top spoke rather than on it, so the corners drawn on that spoke do not cover them.
    ring_labels = tuple(
        Text(cx - 6, point(0, value)[1], (str(value),), anchor="end", colour=QUIET) for value in range(low, high + 1)
    )

    def polygon(medians: Sequence[float | None]) -> Polygon:
        corners = tuple(point(index, m if m is not None else low) for index, m in enumerate(medians))
        return Polygon(" ".join(f"{x},{y}" for x, y in corners), corners)

    latest = polygon([row.now for row in history.rows])
    first = polygon([row.first for row in history.rows]) if history.has_earlier else None
    first_round = history.first
    first_label = _("First round (%(date)s)") % {"date": month_text(first_round.opened_at)}
    latest_label = _("This round")
    sentences = [
        _("%(dimension)s: %(now)s now") % {"dimension": row.dimension.title, "now": number_text(row.now)}
        + (_(", %(first)s in the first round") % {"first": number_text(row.first)} if history.has_earlier else "")
        + "."
        for row in history.rows
    ]
    intro = (
        _(
            "A star chart with a spoke for each area; further out is higher. The solid shape is this round; the dashed "
            "shape is the first round. "
        )
        if history.has_earlier
        else _(
            "A star chart with a spoke for each area; further out is higher. This is the first round, so there is "
            "no earlier shape to compare with yet. "
        )
    )
    return RadarChart(
        id="radar",
        title=_("Each area's median, first round and this round") if history.has_earlier else _("Each area's median"),
        description=intro + " ".join(sentences) + " " + _("The same figures are in the table below the chart."),
        width=width,
        height=height,
        cx=cx,
        cy=cy,
        spokes=tuple(spokes),
        rings=rings,
        ring_labels=ring_labels,
        first=first,
        latest=latest,
        legend_y=height - 22,
        first_label=first_label,
        latest_label=latest_label,
    )


# The readiness heatmap: group by area, where each group is now, where it needs to be, and the gap.

HEAT_FILL = ((0.5, "#ffffff"), (1.5, "#fbe6d4"), (2.5, "#f5c9a2"), (math.inf, "#ecaa73"))


@dataclass(frozen=True)
class HeatCell:
    x: float
    y: float
    width: float
    height: float
    fill: str
    text: Text


@dataclass(frozen=True)
class Heatmap:
    id: str
    title: str
    description: str
    width: int
    height: float
    headers: tuple[Text, ...]
    labels: tuple[Text, ...]
    cells: tuple[HeatCell, ...]


def heatmap(results: RoundResults) -> Heatmap:
    dimensions = results.framework.dimensions
    subjects = results.subjects
    header_height = LINE * 2 + 14
    row_height = 64
    column_width = (WIDTH - LABELS) / max(len(dimensions), 1)
    headers = tuple(
        Text(
            LABELS + (index + 0.5) * column_width,
            18,
            _wrap(d.title, max(8, int(column_width / 8)), 2),
            bold=True,
            middle=False,
        )
        for index, d in enumerate(dimensions)
    )
    labels, cells, sentences = [], [], []
    for row, subject in enumerate(subjects):
        y = header_height + row * row_height
        labels.append(Text(LABELS - 12, y + row_height / 2 + 4, _wrap(subject, 26, 2), anchor="end", bold=True))
        for column, dimension in enumerate(dimensions):
            cell = results.cell(dimension.key, subject)
            now = cell.everyone.median if cell else None
            need = cell.need.median if cell and cell.need else None
            gap = cell.gap if cell else None
            fill = next(colour for limit, colour in HEAT_FILL if (gap or 0) < limit)
            cells.append(
                HeatCell(
                    x=round(LABELS + column * column_width + 2, 1),
                    y=y + 2,
                    width=round(column_width - 4, 1),
                    height=row_height - 4,
                    fill=fill,
                    text=Text(
                        round(LABELS + (column + 0.5) * column_width, 1),
                        y + 26,
                        (
                            _("now %(now)s, need %(need)s") % {"now": number_text(now), "need": number_text(need)},
                            _("gap %(gap)s") % {"gap": cell.gap_text if cell else "–"},
                        ),
                        middle=False,
                    ),
                )
            )
            sentences.append(
                _("%(group)s, %(area)s: now %(now)s, needs to be %(need)s.")
                % {"group": subject, "area": dimension.title, "now": number_text(now), "need": number_text(need)}
            )
    return Heatmap(
        id="heatmap",
        title=_("Readiness: where each group is now and where it needs to be"),
        description=_(
            "A grid with a row for each group and a column for each area. Each cell gives the median of "
            "where the group is now, where it needs to be, and the gap between; darker cells have bigger "
            "gaps. "
        )
        + " ".join(sentences)
        + " "
        + _("The same figures are in the table below the chart."),
        width=WIDTH,
        height=header_height + len(subjects) * row_height + 4,
        headers=headers,
        labels=tuple(labels),
        cells=tuple(cells),
    )


# The ladder: each activity's median rung and the range of rungs people chose.


@dataclass(frozen=True)
class LadderRow:
    label: Text
    y: float
    low_x: float | None
    high_x: float | None
    median_x: float | None
    note: Text

    @property
    def bar_x(self) -> float | None:
        return self.low_x - 6 if self.low_x is not None else None

    @property
    def bar_width(self) -> float:
        if self.low_x is None or self.high_x is None:
            return 0
        return round(self.high_x - self.low_x + 12, 1)

    @property
    def bar_y(self) -> float:
        return self.y - 7


@dataclass(frozen=True)
class LadderChart:
    id: str
    title: str
    description: str
    width: int
    height: float
    left: float
    right: float
    axis_y: float
    rows: tuple[LadderRow, ...]
    ticks: tuple[Tick, ...]
    legend: Text
    legend_marker: str


def ladder_chart(results: RoundResults) -> LadderChart:
    definition = results.framework
    dimension = definition.dimensions[0]
    subjects = results.subjects
    top = 34
    row_height = 42
    scale = Scale(definition.scale, LABELS, WIDTH - NOTE)
    rows, sentences = [], []
    for index, subject in enumerate(subjects):
        cell = results.cell(dimension.key, subject)
        spread = cell.everyone if cell else Spread()
        y = top + index * row_height + row_height / 2
        median = spread.median
        point = definition.point(int(median)) if median is not None and float(median).is_integer() else None
        rows.append(
            LadderRow(
                label=Text(LABELS - 14, y, _wrap(subject, 26, 2), anchor="end"),
                y=y,
                low_x=scale.x(spread.lowest) if spread.lowest is not None else None,
                high_x=scale.x(spread.highest) if spread.highest is not None else None,
                median_x=scale.x(median) if median is not None else None,
                note=Text(
                    WIDTH - NOTE + 12,
                    y,
                    (point.label if point else number_text(median),),
                    anchor="start",
                ),
            )
        )
        sentences.append(
            _("%(activity)s: median rung %(median)s, from %(low)s to %(high)s.")
            % {
                "activity": subject,
                "median": number_text(median),
                "low": number_text(spread.lowest),
                "high": number_text(spread.highest),
            }
            if spread.count
            else _("%(activity)s: no answers yet.") % {"activity": subject}
        )
    axis_y = top + len(subjects) * row_height + 4
    return LadderChart(
        id="ladder",
        title=_("Where each activity sits on the ladder"),
        description=_(
            "For each activity, a bar from the lowest to the highest rung people chose, and a circle at the median. "
        )
        + " ".join(sentences)
        + " "
        + _("The same figures are in the table below the chart."),
        width=WIDTH,
        height=axis_y + scale.axis_height(),
        left=LABELS,
        right=WIDTH - NOTE,
        axis_y=axis_y,
        rows=tuple(rows),
        ticks=tuple(scale.ticks(axis_y)),
        legend=Text(
            12,
            16,
            (_("Each bar runs from the lowest rung people chose to the highest; the circle is the median."),),
            anchor="start",
            colour=QUIET,
            middle=False,
        ),
        legend_marker="",
    )


@dataclass(frozen=True)
class RoundCharts:
    dots: dict[int, DotPlot]
    rag: RagGrid | None
    distance: DistanceChart | None
    radar: RadarChart | None
    heatmap: Heatmap | None
    ladder: LadderChart | None


def round_charts(results: RoundResults) -> RoundCharts:
    """Every chart the results page and the PDF draw for a round; none when nobody has answered yet."""
    if not results.has_answers:
        return RoundCharts({}, None, None, None, None, None)
    definition = results.framework
    kind = definition.kind
    return RoundCharts(
        dots={cell.number: dot_plot(cell, definition) for cell in results.cells if cell.answered},
        rag=rag_grid(results) if results.shows_rag else None,
        distance=distance_chart(results.history, definition) if results.history.has_earlier else None,
        radar=radar_chart(results.history, definition) if results.shows_radar else None,
        heatmap=heatmap(results) if kind == "readiness" else None,
        ladder=ladder_chart(results) if kind == "ladder" else None,
    )
