"""Accessible SVG charts, rendered on the server for pages and PDF reports alike.

A chart is a `Chart` value: a title, a description, the SVG markup (with `<title>` and `<desc>`
and `role="img"`) and the rows of its table alternative. Templates show it with
`components/_chart.html`, which puts the table right under the picture.

Charts with several series (`trend_chart`, `grouped_bar_chart`) are a `SeriesChart` whose table
alternative is a `Table` of formatted text. Styling sits in SVG attributes (no CSS variables, no
script, generic font family), so the same markup works in WeasyPrint PDFs; a second, compact
SVG with fewer labels and larger text serves phones.
"""

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import count
from xml.sax.saxutils import escape

from django.utils.formats import get_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

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
        text = format_number(row.value)
        if row.share is not None:
            text += f" ({format_number(row.share)} %)"
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


# --- Number formats ------------------------------------------------------------------------

NO_VALUE = "\N{EN DASH}"


def format_number(
    value: float | Decimal | None, *, decimals: int = 1, suffix: str = "", trim: bool = False
) -> str:
    """A number in the active language's format: "1.234,5" in German; a dash for no value.

    Whole numbers show no decimals; `suffix` follows after a space ("12,5 %", "1.234,50 €").
    With `trim`, `decimals` is the most shown and zeros at the end are left out ("1,5" and
    "1,25" with two decimals), for measures that are not money.
    """
    if value is None:
        return NO_VALUE
    # Rounded half up in decimal, as people round (and Django's floatformat): 12,35 → 12,4;
    # a float is taken by its shortest written form, so 12.35 is 12,35 and not 12,3499….
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    if not number.is_finite():
        return NO_VALUE
    if number == number.to_integral_value() and decimals != 2:
        text = number_format(int(number), force_grouping=True)
    else:
        rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = number_format(rounded, decimal_pos=decimals, force_grouping=True)
        separator = get_format("DECIMAL_SEPARATOR")
        if trim and separator in text:
            text = text.rstrip("0").removesuffix(separator)
    return f"{text}\N{NO-BREAK SPACE}{suffix}" if suffix else text


def format_percent(value: float | Decimal | None) -> str:
    return format_number(value, suffix="%")


def format_euro(value: float | Decimal | None) -> str:
    """An amount of money: always two decimals, "1.234,50 €"."""
    return format_number(value, decimals=2, suffix="€")


# --- Table alternatives for charts with several series ---------------------------------------


@dataclass(frozen=True)
class TableGroup:
    """Rows of a table alternative under an optional group heading (e.g. a dimension)."""

    label: str
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Table:
    """A chart's table alternative: the first cell of each row is its heading; cells are text,
    already formatted. `numeric` marks the columns to align right."""

    headers: tuple[str, ...]
    groups: tuple[TableGroup, ...]
    numeric: tuple[bool, ...] = ()

    @property
    def columns(self) -> tuple[tuple[str, bool], ...]:
        numeric = self.numeric or (False,) * len(self.headers)
        return tuple(zip(self.headers, numeric, strict=True))

    @property
    def body(self) -> tuple[tuple[str, tuple[tuple[tuple[str, bool], ...], ...]], ...]:
        """(group label, rows of (cell, is numeric)) for templates."""
        numeric = [flag for _header, flag in self.columns]
        return tuple(
            (group.label, tuple(tuple(zip(row, numeric, strict=True)) for row in group.rows))
            for group in self.groups
        )


@dataclass(frozen=True)
class SeriesChart:
    """A chart with several series (trend) or groups (breakdown), shown with `table`.

    `svg` is laid out for wide screens and PDFs; `svg_compact` (optional) for phones, with
    fewer labels and larger text.
    """

    title: str
    description: str
    table: Table
    svg: SafeString = field(repr=False)
    svg_compact: SafeString | None = field(default=None, repr=False)
    kind: str = "series"
    is_empty: bool = False


FONT = 'font-family="sans-serif"'
INK = "#171a2b"
MUTED = "#4b5563"
GRID = "#d5d9e3"
# Series styles differ in dash pattern and marker as well as colour (WCAG 1.4.1).
ACTUAL_COLOUR, TARGET_COLOUR, BASELINE_COLOUR = PALETTE[0], PALETTE[1], MUTED
TARGET_DASH, BASELINE_DASH = "8 5", "2 4"


def _svg_open(*, uid: int, width: int, height: int, title: str, description: str, css: str):
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" {FONT} '
        f'aria-labelledby="chart-{uid}-title chart-{uid}-desc">',
        f'<title id="chart-{uid}-title">{escape(title)}</title>',
        f'<desc id="chart-{uid}-desc">{escape(description)}</desc>',
    ]


def _nice_step(span: float, ticks: int) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) for about `ticks` gridlines."""
    raw = span / max(ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _axis(
    values: Sequence[float], ticks: int = 4, value_range: tuple[float, float] | None = None
) -> tuple[float, float, list[float]]:
    """Lower and upper end of the value axis (from 0, or exactly `value_range`) and its
    gridlines."""
    top = max(values, default=0)
    bottom = min(0.0, min(values, default=0))
    if top <= bottom:
        top = bottom + 1
    step = _nice_step(top - bottom, ticks)
    upper = math.ceil(top / step) * step
    lower = math.floor(bottom / step) * step
    if value_range is not None:
        lower, upper = value_range
        step = _nice_step(upper - lower, ticks)
    lines, tick = [], lower
    while tick <= upper + step / 1000:
        lines.append(round(tick, 10))
        tick += step
    return lower, upper, lines


def _segments(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive points; a period without a value breaks the line."""
    runs, run = [], []
    for point in points:
        if point is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(point)
    if run:
        runs.append(run)
    return runs


def _polyline(run, *, colour: str, dash: str = "", width: float = 2.5) -> str:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="{width}"'
        f'{dashes} stroke-linejoin="round" stroke-linecap="round"/>'
    )


def _axis_label(fmt: Callable[[float], str], value: float) -> str:
    """A gridline's value as `fmt` writes it, without decimals that are all zeros ("100.000 €"
    rather than "100.000,00 €"): shorter labels, and a PDF renderer lays out each letter of
    an SVG text on its own."""
    label = fmt(value)
    if value != int(value):
        return label
    separator = get_format("DECIMAL_SEPARATOR")
    return re.sub(rf"{re.escape(separator)}0+(?=\D*$)", "", label)


def _legend_parts(labels: dict[str, str], *, baseline: bool, width: float, font: int) -> list:
    """A trend chart's legend: per series a line sample with its dash pattern and marker, then
    its name; entries wrap onto a second line where `width` ends."""
    entries = [
        ("actual", ACTUAL_COLOUR, "", True),
        ("target", TARGET_COLOUR, TARGET_DASH, False),
    ]
    if baseline:
        entries.append(("baseline", BASELINE_COLOUR, BASELINE_DASH, False))
    parts = []
    x, y = 0.0, font
    for key, colour, dash, marker in entries:
        text = labels[key]
        item_width = 36 + len(text) * font * 0.55 + 20
        if x and x + item_width > width:
            x, y = 0.0, y + font + 8
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x + 2:.1f}" y1="{y - font / 3:.1f}" x2="{x + 30:.1f}" '
            f'y2="{y - font / 3:.1f}" stroke="{colour}" stroke-width="2.5"{dashes}/>'
        )
        if marker:
            parts.append(
                f'<circle cx="{x + 16:.1f}" cy="{y - font / 3:.1f}" r="4" fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{x + 36:.1f}" y="{y:.1f}" font-size="{font}" fill="{INK}">'
            f"{escape(text)}</text>"
        )
        x += item_width
    return parts


def trend_legend(*, labels: dict[str, str], title: str, width: int = 640) -> SafeString:
    """The legend of trend charts on its own, for a document that draws many charts without
    one each (the PDF report shows it once per chapter). `labels` names "actual", "target"
    and "baseline"."""
    font = 13
    parts = _svg_open(
        uid=next(_ids),
        width=width,
        height=font + 8,
        title=title,
        description=", ".join(labels[key] for key in ("actual", "target", "baseline")),
        css="chart--legend",
    )
    parts.extend(_legend_parts(labels, baseline=True, width=width * 2, font=font))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _trend_svg(
    *,
    title: str,
    description: str,
    periods: Sequence[str],
    actual: Sequence[float | None],
    target: Sequence[float | None],
    baseline: float | None,
    fmt: Callable[[float], str],
    labels: dict[str, str],
    width: int,
    height: int,
    font: int,
    compact: bool,
    legend: bool = True,
    value_range: tuple[float, float] | None = None,
) -> SafeString:
    uid = next(_ids)
    legend_height = (font * 2 + 8 if compact else font + 16) if legend else 0
    ticks = 3 if compact else 4
    left = max(
        len(_axis_label(fmt, v))
        for v in _axis([*_present(actual), *_present(target)], ticks, value_range)[2]
    ) * (font * 0.6)
    left = max(left + 12, 40)
    right, bottom = 16, font * 2 + 10
    top = legend_height + 12
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [*_present(actual), *_present(target)] + ([baseline] if baseline is not None else [])
    # The compact chart (phones, the PDF's small multiples) makes do with fewer gridlines.
    lower, upper, gridlines = _axis(known, ticks, value_range)

    def y_of(value: float) -> float:
        return top + plot_h - (value - lower) / (upper - lower) * plot_h

    count_ = len(periods)
    step = plot_w / count_ if count_ else plot_w

    def x_of(index: int) -> float:
        return left + step * (index + 0.5)

    parts = _svg_open(
        uid=uid,
        width=width,
        height=height,
        title=title,
        description=description,
        css="chart--trend chart--compact" if compact else "chart--trend chart--wide",
    )
    if legend:
        parts.extend(_legend_parts(labels, baseline=baseline is not None, width=width, font=font))
    # Gridlines (one path: every element costs a PDF renderer as much as a word) and their
    # values.
    grid = " ".join(f"M{left:.1f} {y_of(value):.1f}H{width - right}" for value in gridlines)
    parts.append(f'<path d="{grid}" stroke="{GRID}" stroke-width="1" fill="none"/>')
    for value in gridlines:
        parts.append(
            f'<text x="{left - 6:.1f}" y="{y_of(value) + font / 3:.1f}" text-anchor="end" '
            f'font-size="{font}" fill="{MUTED}">{escape(_axis_label(fmt, value))}</text>'
        )
    # Period labels: as many as fit without overlapping, always the last one.
    widest = max((len(p) for p in periods), default=1) * font * 0.55 + 8
    every = max(1, math.ceil(widest / step)) if step else 1
    for index, label in enumerate(periods):
        if index % every and index != count_ - 1:
            continue
        if index != count_ - 1 and count_ - 1 - index < every and (count_ - 1) % every:
            continue
        # A label that would run over an edge of the chart ends (or starts) at it instead.
        x, anchor, half = x_of(index), "middle", len(label) * font * 0.3
        if x + half > width:
            x, anchor = width - 2, "end"
        elif x - half < 0:
            x, anchor = 2, "start"
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + font + 6:.1f}" '
            f'text-anchor="{anchor}" font-size="{font}" fill="{INK}">{escape(label)}</text>'
        )
    if baseline is not None:
        by = y_of(baseline)
        parts.append(
            f'<line x1="{left:.1f}" y1="{by:.1f}" x2="{width - right}" y2="{by:.1f}" '
            f'stroke="{BASELINE_COLOUR}" stroke-width="2" stroke-dasharray="{BASELINE_DASH}"/>'
        )
    target_points = [(x_of(i), y_of(v)) if v is not None else None for i, v in enumerate(target)]
    for run in _segments(target_points):
        if len(run) == 1:
            x1, y1 = run[0]
            run = [(x1 - step / 3, y1), (x1 + step / 3, y1)]
        parts.append(_polyline(run, colour=TARGET_COLOUR, dash=TARGET_DASH))
    actual_points = [(x_of(i), y_of(v)) if v is not None else None for i, v in enumerate(actual)]
    for run in _segments(actual_points):
        if len(run) > 1:
            parts.append(_polyline(run, colour=ACTUAL_COLOUR, width=3))
    # A point per approved value, with a white ring: zero-length strokes with round caps, all
    # points in one path (a PDF renderer spends as much on an element as on a word).
    dots = "".join(f"M{x:.1f} {y:.1f}h0" for x, y in (p for p in actual_points if p is not None))
    if dots:
        parts.append(
            f'<path d="{dots}" stroke="#ffffff" stroke-width="12" stroke-linecap="round"/>'
            f'<path class="chart__points" d="{dots}" stroke="{ACTUAL_COLOUR}" stroke-width="9" '
            f'stroke-linecap="round"/>'
        )
    # The axis line last, so the lines do not cover it.
    parts.append(
        f'<line x1="{left:.1f}" y1="{top + plot_h:.1f}" x2="{width - right}" '
        f'y2="{top + plot_h:.1f}" stroke="{MUTED}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _cell(fmt: Callable[[float], str], value: float | None) -> str:
    return fmt(value) if value is not None else NO_VALUE


def _present(values: Sequence[float | None]) -> list[float]:
    return [float(v) for v in values if v is not None]


def trend_chart(
    *,
    title: str,
    description: str,
    periods: Sequence[str],
    actual: Sequence[float | Decimal | None],
    target: Sequence[float | Decimal | None],
    statuses: Sequence[str],
    baseline: float | Decimal | None = None,
    fmt: Callable[[float], str] = format_number,
    labels: dict[str, str] | None = None,
    width: int = 720,
    height: int = 300,
    legend: bool = True,
    value_range: tuple[float, float] | None = None,
) -> SeriesChart:
    """A line chart over time: the actual values as a solid line with points, the target as a
    dashed line and the baseline as a dotted horizontal line.

    `periods`, `actual`, `target` and `statuses` run in parallel, oldest first; None marks a
    period without a value (the line breaks there). `labels` names the series and table
    columns: keys "period", "actual", "target", "baseline", "status". Without `legend` the
    charts leave out their legend (for a document that shows `trend_legend` once for many).
    `value_range` (lowest, highest) fixes the value axis, e.g. to the ends of a rating scale,
    where it otherwise starts at 0 and ends above the highest value; every value, target and
    baseline must lie within it.
    """
    if not len(periods) == len(actual) == len(target) == len(statuses):
        raise ValueError("periods, actual, target and statuses must have the same length")
    labels = {
        "period": gettext("Period"),
        "actual": gettext("Actual value"),
        "target": gettext("Target"),
        "baseline": gettext("Baseline"),
        "status": gettext("Status"),
        **(labels or {}),
    }
    actual_f = [float(v) if v is not None else None for v in actual]
    target_f = [float(v) if v is not None else None for v in target]
    baseline_f = float(baseline) if baseline is not None else None
    common = {
        "title": title,
        "description": description,
        "periods": periods,
        "actual": actual_f,
        "target": target_f,
        "baseline": baseline_f,
        "fmt": fmt,
        "labels": labels,
        "legend": legend,
        "value_range": value_range,
    }
    table = Table(
        headers=(labels["period"], labels["actual"], labels["target"], labels["status"]),
        groups=(
            TableGroup(
                label="",
                rows=tuple(
                    (period, _cell(fmt, a), _cell(fmt, t), s)
                    for period, a, t, s in zip(periods, actual_f, target_f, statuses, strict=True)
                ),
            ),
        ),
        numeric=(False, True, True, False),
    )
    return SeriesChart(
        title=title,
        description=description,
        table=table,
        svg=_trend_svg(**common, width=width, height=height, font=13, compact=False),
        svg_compact=_trend_svg(**common, width=360, height=260, font=13, compact=True),
        kind="trend",
        is_empty=not _present(actual_f),
    )


def _grouped_svg(
    *,
    title: str,
    description: str,
    groups: Sequence[tuple[str, Sequence[tuple[str, float, float | None]]]],
    fmt: Callable[[float], str],
    width: int,
    label_width: int,
    font: int,
    compact: bool,
) -> SafeString:
    uid = next(_ids)
    bar_height, gap, heading = (20, 8, font + 14)
    value_width = font * 9
    plot_width = width - label_width - value_width
    maximum = max((value for _, rows in groups for _, value, _s in rows), default=0) or 1
    height = sum(heading + len(rows) * (bar_height + gap) for _, rows in groups) + gap
    if compact:
        height += sum(len(rows) * (font + 4) for _, rows in groups)
    parts = _svg_open(
        uid=uid,
        width=width,
        height=height,
        title=title,
        description=description,
        css="chart--grouped chart--compact" if compact else "chart--grouped chart--wide",
    )
    y = 0.0
    for group_label, rows in groups:
        y += heading
        parts.append(
            f'<text x="0" y="{y - 6:.1f}" font-size="{font}" font-weight="bold" '
            f'fill="{INK}">{escape(group_label)}</text>'
        )
        for index, (label, value, share) in enumerate(rows):
            colour = PALETTE[index % len(PALETTE)]
            text = fmt(value)
            if share is not None:
                text += f" ({format_percent(share)})"
            if compact:
                # Label above its bar, so the bar can use the whole width.
                parts.append(
                    f'<text x="0" y="{y + font:.1f}" font-size="{font}" fill="{INK}">'
                    f"{escape(label)}</text>"
                )
                y += font + 4
                bar_x = 0.0
                plot = width - value_width
            else:
                parts.append(
                    f'<text x="{label_width - 8}" y="{y + bar_height / 2 + font / 3:.1f}" '
                    f'text-anchor="end" font-size="{font}" fill="{INK}">{escape(label)}</text>'
                )
                bar_x, plot = float(label_width), plot_width
            bar = max(value / maximum * plot, 2 if value else 0)
            parts.append(
                f'<rect x="{bar_x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{bar_height}" '
                f'fill="{colour}" rx="2"/>'
                f'<text x="{bar_x + bar + 6:.1f}" y="{y + bar_height / 2 + font / 3:.1f}" '
                f'font-size="{font}" font-weight="bold" fill="{INK}">{escape(text)}</text>'
            )
            y += bar_height + gap
    parts.append("</svg>")
    return mark_safe("".join(parts))


def grouped_bar_chart(
    *,
    title: str,
    description: str,
    groups: Sequence[tuple[str, Sequence[tuple[str, float | Decimal | None]]]],
    value_label: str,
    fmt: Callable[[float], str] = format_number,
    show_share: bool = True,
    width: int = 640,
) -> SeriesChart:
    """Horizontal bars in groups, e.g. one group per breakdown dimension with a bar per
    category. Each bar carries its label and value (and its share of the group's total with
    `show_share`), so no colour has to be told apart. Categories without a value count as 0."""
    prepared = []
    for group_label, rows in groups:
        values = [(label, float(value or 0)) for label, value in rows]
        total = sum(value for _, value in values)
        prepared.append(
            (
                group_label,
                [
                    (label, value, (value / total * 100) if (show_share and total) else None)
                    for label, value in values
                ],
            )
        )
    headers = (gettext("Category"), value_label) + ((gettext("Share"),) if show_share else ())
    table = Table(
        headers=headers,
        groups=tuple(
            TableGroup(
                label=group_label,
                rows=tuple(
                    (label, fmt(value)) + ((_cell(format_percent, share),) if show_share else ())
                    for label, value, share in rows
                ),
            )
            for group_label, rows in prepared
        ),
        numeric=(False, True, True)[: len(headers)],
    )
    longest = max((len(label) for _, rows in prepared for label, *_ in rows), default=8)
    label_width = min(max(int(longest * 13 * 0.55) + 16, 96), width // 3)
    return SeriesChart(
        title=title,
        description=description,
        table=table,
        svg=_grouped_svg(
            title=title,
            description=description,
            groups=prepared,
            fmt=fmt,
            width=width,
            label_width=label_width,
            font=13,
            compact=False,
        ),
        svg_compact=_grouped_svg(
            title=title,
            description=description,
            groups=prepared,
            fmt=fmt,
            width=360,
            label_width=0,
            font=14,
            compact=True,
        ),
        kind="grouped",
        is_empty=not any(value for _, rows in prepared for _, value, _s in rows),
    )
