"""Server-rendered bar charts: geometry computed here, SVG written by a template
(insights/_chart.html, auto-escaped), so the same chart shows on the page and in the PDF, needs
no JavaScript (strict CSP) and costs a cheap phone nothing.

Bars are horizontal, each with its label above it and its value written after it: labels stay
readable at 360 px and nothing depends on colour. Every chart carries the table of its numbers.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format

WIDTH = 320  # viewBox units; the SVG scales to the column, capped by CSS
LABEL_ROW = 16  # a group's label line
BAR = 14
BAR_ROW = 20
SERIES_LABEL = 36  # room before a bar for its series label ("2024")
VALUE_ROOM = 92  # room after the longest bar for "100% (1.234)"


@dataclass
class Bar:
    series: str  # empty for a simple chart
    value: float
    text: str  # the value as written after the bar and in the table
    x: float = 0
    y: float = 0
    width: float = 0

    @property
    def text_x(self):
        return self.x + self.width + 4

    @property
    def text_y(self):
        return self.y + BAR - 3

    @property
    def series_y(self):
        return self.text_y


@dataclass
class Group:
    label: str
    bars: list
    y: float = 0

    @property
    def label_y(self):
        return self.y + LABEL_ROW - 4


@dataclass
class Chart:
    key: str  # html id
    title: str
    groups: list
    columns: list  # the table's header after the first column
    first_column: str
    note: str = ""
    height: float = 0
    empty: bool = False
    summary: str = field(default="")

    @property
    def rows(self):
        return [(g.label, [b.text for b in g.bars]) for g in self.groups]


def count_text(n) -> str:
    return number_format(n, force_grouping=True)


def percent_text(percent, part, whole) -> str:
    return f"{percent}% ({count_text(part)}/{count_text(whole)})"


def _layout(chart, maximum):
    has_series = any(b.series for g in chart.groups for b in g.bars)
    start = SERIES_LABEL if has_series else 0
    room = WIDTH - start - VALUE_ROOM
    y = 0
    for group in chart.groups:
        group.y = y
        y += LABEL_ROW
        for bar in group.bars:
            bar.x, bar.y = start, y
            bar.width = max(1.0, room * bar.value / maximum) if bar.value else 0
            y += BAR_ROW
        y += 6
    chart.height = max(y, 24)
    chart.empty = not chart.groups
    return chart


def bar_chart(key, title, rows, *, first_column, column, note="") -> Chart:
    """One bar per (label, count)."""
    groups = [Group(label, [Bar("", n, count_text(n))]) for label, n in rows]
    chart = Chart(key, title, groups, [column], first_column, note)
    chart.summary = "; ".join(f"{label}: {count_text(n)}" for label, n in rows)
    return _layout(chart, max([n for _l, n in rows] or [1]) or 1)


def percent_chart(key, title, rows, *, first_column, columns, note="") -> Chart:
    """Groups of percentage bars: rows are (label, [(series, percent, part, whole)]); bars are
    scaled to 100%. A simple chart passes one series with an empty name."""
    groups = [
        Group(
            label,
            [
                Bar(series, percent, percent_text(percent, part, whole))
                for series, percent, part, whole in items
            ],
        )
        for label, items in rows
    ]
    chart = Chart(key, title, groups, columns, first_column, note)
    chart.summary = "; ".join(
        f"{g.label}: " + ", ".join(f"{b.series} {b.value}%".strip() for b in g.bars) for g in groups
    )
    return _layout(chart, 100)
