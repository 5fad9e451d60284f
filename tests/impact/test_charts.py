"""The charts of an indicator (`impact.charts`), shared by the indicator page and the reports."""

import datetime
from decimal import Decimal
from xml.etree import ElementTree

from django.utils import translation

from impact.charts import indicator_trend_chart, trend_labels, value_format
from impact.models import Indicator
from impact.progress import Figure, Kind, Status
from impact.selectors import PeriodProgress

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg) -> list[str]:
    return [t.text for t in ElementTree.fromstring(str(svg)).iter(f"{SVG}text")]


def _period(label: str, actual: Figure | None, target: str, status: str) -> PeriodProgress:
    day = datetime.date(2025, 1, 1)
    return PeriodProgress(
        start=day,
        end=day,
        label=label,
        period_id=None,
        is_locked=False,
        is_future=False,
        actual=actual,
        actual_to_date=actual,
        target=Decimal(target),
        target_to_date=Decimal(target),
        achievement=None,
        status=status,
        reported=0,
        expected=1,
    )


def test_values_are_written_as_percentages_euros_or_counts_with_the_unit_if_asked():
    percentage = Indicator(kind=Kind.PERCENTAGE, unit="Quote")
    amount = Indicator(kind=Kind.AMOUNT, unit="Euro")
    count = Indicator(kind=Kind.NUMBER, unit="Personen")
    with translation.override("de"):
        assert value_format(percentage, unit=True)(12.5) == "12,5\N{NO-BREAK SPACE}%"
        assert value_format(amount, unit=True)(1234.5) == "1.234,50\N{NO-BREAK SPACE}€"
        assert value_format(count, unit=True)(1234) == "1.234\N{NO-BREAK SPACE}Personen"
        assert value_format(count)(1234) == "1.234"
        assert value_format(Indicator(kind=Kind.NUMBER), unit=True)(1234) == "1.234"


def test_trend_chart_names_the_indicator_and_tables_each_period_with_its_status():
    indicator = Indicator(name="Vermittlungen", kind=Kind.NUMBER, unit="Personen")
    periods = [
        _period("Q1 2025", Figure(Decimal("40")), "50", Status.AT_RISK),
        _period("Q2 2025", None, "100", Status.NO_DATA),
    ]
    with translation.override("en"):
        chart = indicator_trend_chart(indicator, periods, baseline=Decimal("10"))
        labels = trend_labels()
    assert chart.title == "Trend: Vermittlungen"
    assert chart.description.endswith("in Personen.")
    assert chart.table.headers[1:3] == (labels["actual"], labels["target"])
    assert chart.table.groups[0].rows == (
        ("Q1 2025", "40", "50", str(Status.AT_RISK.label)),
        ("Q2 2025", "\N{EN DASH}", "100", str(Status.NO_DATA.label)),
    )
    assert labels["actual"] in _texts(chart.svg)


def test_trend_chart_without_legend_leaves_out_the_series_names_only():
    indicator = Indicator(name="Quote", kind=Kind.PERCENTAGE)
    periods = [_period("Q1 2025", Figure(Decimal("30")), "40", Status.ON_TRACK)]
    with translation.override("en"):
        full = indicator_trend_chart(indicator, periods, baseline=None)
        bare = indicator_trend_chart(indicator, periods, baseline=None, legend=False)
        labels = trend_labels()
    assert labels["actual"] not in _texts(bare.svg)
    assert (bare.title, bare.description, bare.table) == (full.title, full.description, full.table)
    assert bare.table.groups[0].rows[0][1] == "30\N{NO-BREAK SPACE}%"
