"""Accessible SVG charts, rendered on the server for pages and PDF reports alike.

A chart is a `Chart` value: a title, a description, the SVG markup (with `<title>` and `<desc>`
and `role="img"`) and the rows of its table alternative. Templates show it with
`components/_chart.html`, which puts the table right under the picture.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

# Colours meet 3:1 against white (WCAG 1.4.11) and differ in lightness as well as hue.
PALETTE = ["#0b5394", "#b45309", "#15803d", "#7e22ce", "#be123c", "#0f766e", "#4b5563"]

_ids = count(1)


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: float
    share: float | None = None


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    value_label: str
    rows: tuple[ChartRow, ...]
    svg: SafeString = field(repr=False)

    @property
    def is_empty(self) -> bool:
        return not any(row.value for row in self.rows)


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(round(value, 1), decimal_pos=1, force_grouping=True)


def bar_chart(
    *,
    title: str,
    description: str,
    data: Sequence[tuple[str, float]],
    value_label: str,
    width: int = 560,
    show_share: bool = True,
) -> Chart:
    """A horizontal bar chart: one bar per (label, value), the value written at each bar."""
    total = sum(value for _, value in data) or 0
    rows = tuple(
        ChartRow(
            label=label,
            value=value,
            share=(value / total * 100) if (show_share and total) else None,
        )
        for label, value in data
    )
    bar_height, gap, label_width, value_width = 26, 10, 200, 90
    plot_width = width - label_width - value_width
    height = max(len(rows), 1) * (bar_height + gap) + gap
    maximum = max((row.value for row in rows), default=0) or 1
    uid = next(_ids)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="chart-{uid}-title chart-{uid}-desc">',
        f'<title id="chart-{uid}-title">{escape(title)}</title>',
        f'<desc id="chart-{uid}-desc">{escape(description)}</desc>',
    ]
    for index, row in enumerate(rows):
        y = gap + index * (bar_height + gap)
        bar = max(row.value / maximum * plot_width, 2 if row.value else 0)
        colour = PALETTE[index % len(PALETTE)]
        text = _fmt(row.value)
        if row.share is not None:
            text += f" ({_fmt(row.share)} %)"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height / 2}" text-anchor="end" '
            f'dominant-baseline="middle" class="chart-label">{escape(row.label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{bar_height}" '
            f'fill="{colour}" rx="2"/>'
            f'<text x="{label_width + bar + 6:.1f}" y="{y + bar_height / 2}" '
            f'dominant-baseline="middle" class="chart-value">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return Chart(
        title=title,
        description=description,
        value_label=value_label,
        rows=rows,
        svg=mark_safe("".join(parts)),
    )
