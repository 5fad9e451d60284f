from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import translation

from core.charts import (
    BASELINE_DASH,
    MUTED,
    TARGET_DASH,
    bar_chart,
    format_euro,
    format_number,
    format_percent,
    grouped_bar_chart,
    trend_chart,
)


def test_bar_chart_is_accessible_svg_with_table_rows():
    with translation.override("de"):
        chart = bar_chart(
            title="Sektoren <&>",
            description="Verteilung",
            data=[("Verwaltung", 2), ("Wirtschaft", 1), ("Wissenschaft", 0)],
            value_label="Anzahl",
        )
    svg = ElementTree.fromstring(str(chart.svg))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    assert svg.find(f"{ns}title").text == "Sektoren <&>"
    assert svg.find(f"{ns}desc").text == "Verteilung"
    labels = [t.text for t in svg.iter(f"{ns}text")]
    assert "Verwaltung" in labels and "2 (66,7 %)" in labels
    assert [(r.label, r.value) for r in chart.rows] == [
        ("Verwaltung", 2),
        ("Wirtschaft", 1),
        ("Wissenschaft", 0),
    ]
    assert round(chart.rows[0].share, 1) == 66.7


def test_empty_chart_is_marked_empty():
    chart = bar_chart(title="t", description="d", data=[("a", 0)], value_label="n")
    assert chart.is_empty


SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg) -> list[str]:
    return [t.text for t in ElementTree.fromstring(str(svg)).iter(f"{SVG}text")]


def test_numbers_follow_the_language():
    with translation.override("de"):
        assert format_number(1234.5) == "1.234,5"
        assert format_number(1234) == "1.234"
        assert format_percent(12.345) == "12,3\N{NO-BREAK SPACE}%"
        assert format_euro(1234.5) == "1.234,50\N{NO-BREAK SPACE}€"
        assert format_number(None) == "\N{EN DASH}"
    with translation.override("en"):
        assert format_euro(1234.5) == "1,234.50\N{NO-BREAK SPACE}€"


def test_numbers_are_rounded_half_up_as_people_round():
    with translation.override("de"):
        # Floats by their written form: 12.35 is stored as 12.3499…, still written 12,4.
        assert format_number(12.35) == "12,4"
        assert format_number(12.95) == "13,0"
        assert format_number(Decimal("0.125"), decimals=2) == "0,13"
        assert format_euro(2.675) == "2,68\N{NO-BREAK SPACE}€"
        assert format_percent(Decimal("99.95")) == "100,0\N{NO-BREAK SPACE}%"
        assert format_number(-2.25) == "-2,3"
        assert format_number(float("nan")) == "\N{EN DASH}"


def test_trimmed_numbers_leave_out_zeros_at_the_end():
    with translation.override("de"):
        assert format_number(Decimal("1.50"), decimals=2) == "1,50"
        assert format_number(Decimal("1.50"), decimals=2, trim=True) == "1,5"
        assert format_number(Decimal("1000.25"), decimals=2, trim=True) == "1.000,25"
        assert format_number(Decimal("12.00"), decimals=2, trim=True) == "12"
        assert format_number(Decimal("12.04")) == "12,0"
        assert format_number(Decimal("12.04"), trim=True) == "12"
    with translation.override("en"):
        assert format_number(Decimal("1000.50"), decimals=2, trim=True) == "1,000.5"
        assert format_number(Decimal("1000.00"), decimals=2, trim=True) == "1,000"


def test_trend_chart_draws_actual_target_and_baseline_with_a_table():
    with translation.override("de"):
        chart = trend_chart(
            title="Vermittlungen <Trend>",
            description="Beschreibung",
            periods=["Q1 2025", "Q2 2025", "Q3 2025"],
            actual=[Decimal("10"), None, 1234.5],
            target=[12, 24, 36],
            statuses=["im Plan", "keine Daten", "gefährdet"],
            baseline=5,
            labels={"actual": "Freigegebener Wert"},
        )
    for svg in (chart.svg, chart.svg_compact):
        root = ElementTree.fromstring(str(svg))
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text == "Vermittlungen <Trend>"
        assert root.find(f"{SVG}desc").text == "Beschreibung"
        # Target and baseline are told apart by their dash patterns, not only by colour.
        dashes = {el.get("stroke-dasharray") for el in root.iter() if el.get("stroke-dasharray")}
        assert {TARGET_DASH, BASELINE_DASH} <= dashes
        # One point per approved value; the line breaks at the period without one.
        (points,) = [p for p in root.iter(f"{SVG}path") if p.get("class") == "chart__points"]
        assert points.get("d").count("M") == 2 and points.get("stroke-linecap") == "round"
        assert "var(" not in str(svg) and "<script" not in str(svg)
        assert root.get("font-family") == "sans-serif"
    texts = _texts(chart.svg)
    assert "Freigegebener Wert" in texts
    assert "Q1 2025" in texts and "Q3 2025" in texts
    assert chart.table.headers[1] == "Freigegebener Wert"
    assert chart.table.groups[0].rows == (
        ("Q1 2025", "10", "12", "im Plan"),
        ("Q2 2025", "\N{EN DASH}", "24", "keine Daten"),
        ("Q3 2025", "1.234,5", "36", "gefährdet"),
    )
    assert chart.table.body[0][1][0][1] == ("10", True)
    assert not chart.is_empty


def test_trend_chart_without_values_is_empty_and_without_baseline_has_no_baseline_line():
    chart = trend_chart(
        title="t",
        description="d",
        periods=["a", "b"],
        actual=[None, None],
        target=[1, 2],
        statuses=["", ""],
    )
    assert chart.is_empty
    assert BASELINE_DASH not in str(chart.svg)


def test_trend_chart_thins_out_period_labels_that_would_overlap():
    periods = [f"Monat {i:02d} 2025" for i in range(1, 61)]
    chart = trend_chart(
        title="t",
        description="d",
        periods=periods,
        actual=list(range(60)),
        target=[None] * 60,
        statuses=[""] * 60,
    )
    shown = [t for t in _texts(chart.svg_compact) if t.startswith("Monat")]
    assert 1 < len(shown) < 10
    assert shown[-1] == "Monat 60 2025"
    assert len(chart.table.groups[0].rows) == 60


def _axis_labels(svg) -> list[str]:
    root = ElementTree.fromstring(str(svg))
    return [t.text for t in root.iter(f"{SVG}text") if t.get("fill") == MUTED]


def test_trend_chart_axis_keeps_to_a_fixed_value_range():
    series = {
        "title": "t",
        "description": "d",
        "periods": ["a", "b"],
        "actual": [3.2, 3.8],
        "target": [2.5, 3.0],
        "statuses": ["", ""],
    }
    # Without a range the axis starts at 0 and ends above the highest value.
    assert _axis_labels(trend_chart(**series).svg) == ["0", "1", "2", "3", "4"]
    chart = trend_chart(**series, value_range=(1, 5))
    assert _axis_labels(chart.svg) == ["1", "2", "3", "4", "5"]
    assert _axis_labels(chart.svg_compact) == ["1", "3", "5"]
    # The lowest gridline sits on the axis line at the bottom of the plot.
    root = ElementTree.fromstring(str(chart.svg))
    (grid,) = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#d5d9e3"]
    (axis,) = [line for line in root.iter(f"{SVG}line") if line.get("stroke") == MUTED]
    lowest = grid.get("d").split("H")[0]  # gridlines run from the lowest value up
    assert lowest.endswith(f" {axis.get('y1')}")


def test_trend_chart_needs_series_of_equal_length():
    with pytest.raises(ValueError):
        trend_chart(title="t", description="d", periods=["a"], actual=[], target=[], statuses=[])


def test_grouped_bar_chart_labels_every_bar_and_tables_each_group():
    with translation.override("de"):
        chart = grouped_bar_chart(
            title="Aufschlüsselung",
            description="Nach Geschlecht und Alter",
            groups=[
                ("Geschlecht", [("weiblich", 30), ("männlich", 10), ("keine Angabe", None)]),
                ("Alter", [("jung", 40)]),
            ],
            value_label="Personen",
        )
    texts = _texts(chart.svg)
    assert "Geschlecht" in texts and "Alter" in texts
    assert "30 (75\N{NO-BREAK SPACE}%)" in texts
    assert chart.table.headers == ("Kategorie", "Personen", "Anteil")
    assert [g.label for g in chart.table.groups] == ["Geschlecht", "Alter"]
    assert chart.table.groups[0].rows[2] == ("keine Angabe", "0", "0\N{NO-BREAK SPACE}%")
    compact = ElementTree.fromstring(str(chart.svg_compact))
    assert compact.get("viewBox").split()[2] == "360"
    assert not chart.is_empty


def test_grouped_bar_chart_of_percentages_has_no_shares():
    with translation.override("en"):
        chart = grouped_bar_chart(
            title="t",
            description="d",
            groups=[("Geschlecht", [("weiblich", 40.0), ("männlich", 20.0)])],
            value_label="%",
            fmt=format_percent,
            show_share=False,
        )
    assert chart.table.headers == ("Category", "%")
    assert chart.table.groups[0].rows[0] == ("weiblich", "40\N{NO-BREAK SPACE}%")


def test_chart_component_renders_series_chart_with_its_table():
    from django.template.loader import render_to_string

    chart = trend_chart(
        title="Trend", description="d", periods=["Q1"], actual=[1], target=[2], statuses=["ok"]
    )
    html = render_to_string("components/_chart.html", {"chart": chart})
    assert html.count('role="img"') == 2  # wide and compact
    assert '<th scope="row" class="kern-table__header">Q1</th>' in html
    assert "kern-table__cell--numeric" in html
